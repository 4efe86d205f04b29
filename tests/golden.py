"""Golden files at two scales (Pelican's ``tests/output/basic``).

* ``golden/mini/``: every page spec and text asset the core renders for the mini fixture,
  one file per spec (title, description, source and meta in a header, then the body).
* ``golden/sample/``: the built sample site's pages, normalised to what the reader gets
  from the data (``<title>``, the meta description, the article) plus the list of files.

``make golden`` (``python tests/golden.py``) rewrites both; a change to them is a change
in what the site publishes, reviewed in the diff like any other.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
ROOT = HERE.parent
MINI = HERE / "fixtures" / "mini"

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_DESCRIPTION = re.compile(r'<meta name="description" content="(.*?)">', re.S)


def spec_files(pages: Iterable[object], assets: Iterable[object]) -> dict[str, str]:
    """Golden text per page spec (``<path>``) and text asset (``<path>``); binary assets as a digest."""
    out: dict[str, str] = {}
    for spec in pages:
        head = {"title": spec.title, "description": spec.description, "source": spec.source,  # type: ignore[attr-defined]
                "meta": spec.meta}  # type: ignore[attr-defined]
        out[spec.path] = json.dumps(head, ensure_ascii=False, sort_keys=True, indent=1) + "\n---\n" + spec.body  # type: ignore[attr-defined]
    for asset in assets:
        content = asset.data()  # type: ignore[attr-defined]
        if asset.path.startswith("assets/share/"):  # type: ignore[attr-defined]
            # Share images: their bytes follow Pillow's, libjpeg's and the font's versions, not only the data.
            out[asset.path + ".txt"] = "JPEG, drawn at build time (not compared byte for byte)\n"  # type: ignore[attr-defined]
        elif isinstance(content, bytes):
            out[asset.path + ".sha256"] = hashlib.sha256(content).hexdigest() + "\n"  # type: ignore[attr-defined]
        else:
            out[asset.path] = content  # type: ignore[attr-defined]
    return out


def site_files(site: Path) -> dict[str, str]:
    """Golden text per built page: title, description and article; plus ``files.txt``."""
    out: dict[str, str] = {}
    names = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    out["files.txt"] = "\n".join(n for n in names if n != ".duban-site") + "\n"
    for name in names:
        if not name.endswith(".html") or "/wechat.html" in name:
            continue
        text = (site / name).read_text(encoding="utf-8")
        article = _ARTICLE.search(text)
        title = _TITLE.search(text)
        description = _DESCRIPTION.search(text)
        out[name] = (f"title: {title.group(1) if title else ''}\n"
                     f"description: {description.group(1) if description else ''}\n---\n"
                     f"{article.group(1).strip() if article else ''}\n")
    return out


def mini_specs() -> dict[str, str]:
    """The mini fixture's page specs, rendered by the core alone (no MkDocs)."""
    from generator import Month, Settings, build

    # A preview: nothing is published in the mini fixture, so the public build would show no month at all.
    output = build(Settings(year=2022, as_of=Month(2022, 3), city="测试市", sample=True, data_dir=MINI / "data", preview=True))
    return spec_files(output.pages, output.assets)


def compare(expected_dir: Path, actual: dict[str, str]) -> list[str]:
    """Names of golden files that differ, are missing or are new."""
    expected = {p.relative_to(expected_dir).as_posix(): p.read_text(encoding="utf-8")
                for p in expected_dir.rglob("*") if p.is_file()}
    return sorted(name for name in expected.keys() | actual.keys() if expected.get(name) != actual.get(name))


def write(folder: Path, files: dict[str, str]) -> None:
    """Replace ``folder`` with ``files``."""
    shutil.rmtree(folder, ignore_errors=True)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main() -> int:
    """Rewrite both golden folders from the current code."""
    import subprocess
    import tempfile

    write(GOLDEN / "mini", mini_specs())
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        result = subprocess.run([sys.executable, "-m", "generator", "build", "-d", str(site)], cwd=ROOT,
                                capture_output=True, text=True)
        if result.returncode:
            print(result.stderr, file=sys.stderr)
            return 1
        write(GOLDEN / "sample", site_files(site))
    print(f"golden files written under {GOLDEN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
