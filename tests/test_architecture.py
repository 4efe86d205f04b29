"""The layout shows the pipeline, and the code keeps to it: imports only go down
(data → engine → render → pipeline → adapters), only the adapters import MkDocs, and
templates print decisions instead of making them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"
#: Rank of each top-level part of the package; a module may import only parts of lower or equal rank.
RANKS = {"errors": 0, "dates": 0, "formats": 0, "settings": 0, "data": 1, "engine": 2, "render": 3,
         "pipeline": 4, "adapters": 5, "__init__": 6, "__main__": 6}


def _modules(package: Path = PACKAGE) -> list[Path]:
    return sorted(package.rglob("*.py"))


def _part(path: Path, package: Path = PACKAGE) -> str:
    return path.relative_to(package).parts[0].removesuffix(".py")


def _imports(path: Path, package: Path = PACKAGE) -> list[str]:
    """Absolute names of everything ``path`` imports (relative imports resolved)."""
    parent = ["generator", *path.relative_to(package).parent.parts]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = parent[: len(parent) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            out += [target] if node.module else [f"{target}.{a.name}" for a in node.names]
    return out


def upward_imports(package: Path) -> list[str]:
    """Every import from a part of higher rank than the importing module's."""
    upward = []
    for path in _modules(package):
        own = RANKS[_part(path, package)]
        for name in _imports(path, package):
            parts = name.split(".")
            if parts[0] == "generator" and len(parts) > 1 and RANKS.get(parts[1], 0) > own:
                upward.append(f"{path.relative_to(package).as_posix()} imports {name}")
    return upward


def test_every_module_has_a_rank() -> None:
    assert sorted({_part(p) for p in _modules()}) == sorted(RANKS)


def test_imports_only_go_down_the_pipeline() -> None:
    assert upward_imports(PACKAGE) == []


def test_the_checker_finds_an_upward_import(tmp_path: Path) -> None:
    # The check above cannot pass vacuously: in a copy with one upward import, it is found.
    fake = tmp_path / "generator"
    (fake / "data").mkdir(parents=True)
    (fake / "engine").mkdir()
    (fake / "data" / "rules.py").write_text("from ..engine.status import Status\nfrom . import models\n", encoding="utf-8")
    (fake / "engine" / "status.py").write_text("from ..data import models\nfrom ..settings import Settings\n",
                                                encoding="utf-8")
    assert upward_imports(fake) == ["data/rules.py imports generator.engine.status"]


def test_only_the_adapters_import_mkdocs_and_nothing_imports_the_plugin() -> None:
    offenders, plugin_users = [], []
    for path in _modules():
        names = _imports(path)
        if _part(path) != "adapters" and any(n.split(".")[0] in ("mkdocs", "material") for n in names):
            offenders.append(str(path.relative_to(ROOT)))
        if any(n.startswith("generator.adapters.plugin") for n in names):
            plugin_users.append(str(path.relative_to(ROOT)))
    assert offenders == [] and plugin_users == []


# A template may print fields and test a prepared flag, but never compare against a status,
# role or kind, filter a list, or sum a column: those are decisions for the view objects.
DECISIONS = re.compile(r"selectattr|rejectattr|sum\(attribute|\.value\s*==|==\s*['\"]|Status\.|Role\.|\.kind\s*==|"
                       r"\|\s*string\s+in\b|\s(?:==|!=|<|>|<=|>=)\s")


def decisions(text: str) -> list[str]:
    """Template tags that decide rather than print."""
    return [tag for tag in re.findall(r"{%.*?%}|{{.*?}}", text) if DECISIONS.search(tag)]


def test_templates_make_no_decisions() -> None:
    found = [f"{path.name}: {tag}" for path in sorted((PACKAGE / "render" / "templates").iterdir())
             for tag in decisions(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_decision_check_can_fail() -> None:
    assert decisions('{% if ms.status == Status.COMPLETED %}x{% endif %}{{ rows|selectattr("role") }}{{ a.b }}') == [
        "{% if ms.status == Status.COMPLETED %}", '{{ rows|selectattr("role") }}']
