"""Coverage-guided fuzz target for editors' Markdown pages with front matter (atheris).

Each input is the bytes of a file in ``content/``. It goes the way the loader and the sanitizer
take it: decoding (UTF-8, NUL, size, CRLF), the front matter (strict YAML), validation as an
ordinary page's and as a case page's front matter, the personal-data scan of the body, and
Markdown to sanitized HTML. Any exception other than the project's own ``DataErrors`` is a
crash, and so is sanitized output that breaks a promise: a script element, an event handler,
a ``javascript:`` address, an id in the theme's namespace, an image or link to another host
without a scheme, an external link without ``rel``. Run (bounded) with:

    .venv/bin/pip install atheris
    .venv/bin/python tests/fuzz/fuzz_pages.py -runs=1000000 -max_len=4096 -timeout=10 tests/fuzz/pages-corpus

The corpus folder is seeded with the sample's hand-written pages, cases and prefaces on first run.
"""

from __future__ import annotations

import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from generator.data.editors import PageMeta, body_problems, front_matter
    from generator.data.loader import validate
    from generator.data.models import Case
    from generator.data.yamlio import YMap, decode_text
    from generator.errors import DataErrors
    from generator.render.sanitize import ID_PREFIX, Policy, _address, markdown_to_safe_html

_RESERVED = ("__", "md-", "duban-")
_POLICY = Policy(frozenset({"img.example.gov.cn"}))


class _Check(HTMLParser):
    """Fails on any tag or attribute the sanitized output must never hold."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag not in ("script", "style", "iframe", "object", "embed", "svg", "math", "form", "base"), tag
        values = dict(attrs)
        for name, value in attrs:
            value = value or ""
            assert not name.startswith("on") and name not in ("style", "srcdoc", "formaction"), name
            if name == "id":
                assert not value.lower().startswith(_RESERVED) or value.startswith(ID_PREFIX), value
            if name in ("href", "src"):
                kind, host = _address(value)
                assert kind != "protocol-relative", value
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), value
                if tag == "img":
                    assert kind == "relative" or host in _POLICY.image_hosts, value
                if tag == "a" and name == "href" and kind == "absolute":
                    assert values.get("rel") == "noopener noreferrer", attrs


def test_one_input(data: bytes) -> None:
    try:
        text = decode_text(data, "fuzz.md")
        raw, _ = front_matter("fuzz.md", text)
    except DataErrors:
        return
    raw = raw if raw is not None else YMap()
    for model in (PageMeta, Case):
        value, errors = validate(model, raw, "fuzz.md", raw)
        assert (value is None) == bool(errors)
    body_problems("fuzz.md", text)
    clean = markdown_to_safe_html(text, _POLICY)
    checker = _Check()
    checker.feed(clean.html)
    checker.close()


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    corpus = Path(__file__).with_name("pages-corpus")
    if not corpus.exists():
        corpus.mkdir()
        for path in sorted((root / "content").rglob("*.md")):
            shutil.copy(path, corpus / path.name)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
