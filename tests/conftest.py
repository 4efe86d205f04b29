"""Fixture chain mirroring the pipeline: data dir → settings → dataset → model → built site."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import playwright.sync_api as playwright
import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
DUBAN = [sys.executable, "-m", "generator"]


def build_site(config: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run the real ``duban build`` (MkDocs, strict) in the config's folder."""
    return subprocess.run([*DUBAN, "-f", str(config), "build", "-d", str(site_dir)], cwd=config.parent,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded sample dataset, built once for the session."""
    site = tmp_path_factory.mktemp("sample") / "site"
    result = build_site(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A writable copy of the small fixture project (mkdocs.yml + data + content)."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    config = target / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../theme", str(ROOT / "theme")),
                      encoding="utf-8")
    return target


# ---------------------------------------------------------------- real browser (one per session)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def server(sample_site: Path) -> Iterator[str]:
    """The sample site on a local HTTP server."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(sample_site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make test`, which installs it with apt-get")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


