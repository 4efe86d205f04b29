"""Coverage-guided fuzz target for the strict YAML loader and the project model (atheris).

Any input must end in a parsed mapping, a validated project, or the project's own
``DataErrors`` — never another exception. Run (bounded) with:

    .venv/bin/pip install atheris
    .venv/bin/python tests/fuzz/fuzz_loader.py -runs=200000 -max_len=2048 tests/fuzz/corpus

The corpus folder is seeded with the sample project files on first run.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from generator.data.loader import validate
    from generator.data.models import Project
    from generator.data.yamlio import parse_yaml
    from generator.errors import DataErrors


def test_one_input(data: bytes) -> None:
    try:
        raw = parse_yaml(data, "fuzz.yaml")
    except DataErrors:
        return
    project, errors = validate(Project, raw, "fuzz.yaml", raw)
    assert (project is None) == bool(errors)


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    corpus = Path(__file__).with_name("corpus")
    if not corpus.exists():
        corpus.mkdir()
        for path in sorted((root / "data" / "projects").glob("*.yaml"))[:10]:
            shutil.copy(path, corpus / path.name)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
