"""Fixture chain mirroring the pipeline (Lektor's ``tests/conftest.py``):
data dir → settings → dataset → model → output (page specs) → built site.

Builds run in-process through the ``duban`` command's own code (real MkDocs, strict); a
subprocess is started only where the process itself is under test (exit code, no
traceback, the atomic swap, the lock).
"""

from __future__ import annotations

import contextlib
import html
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import playwright.sync_api as playwright
import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from generator import DataErrors, Dataset, Month, Output, Settings, SiteModel, build_model, load_dataset  # noqa: E402
from generator.pipeline import derive, render  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
DATA = ROOT / "data"
DUBAN = [sys.executable, "-m", "generator"]


# ---------------------------------------------------------------- running duban


@dataclass(frozen=True)
class Result:
    """What a ``duban`` command returned and printed."""

    returncode: int
    stdout: str
    stderr: str


def duban(*args: str) -> Result:
    """Run the ``duban`` command in this process (same code path as the console script)."""
    from generator.adapters.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Result(code, out.getvalue(), err.getvalue())


def build_site(config: Path, site_dir: Path) -> Result:
    """The real ``duban build`` (MkDocs, strict, atomic swap) of ``config`` into ``site_dir``: the
    public site, up to the latest published bulletin."""
    return duban("-f", str(config), "build", "-d", str(site_dir))


def build_preview(config: Path, site_dir: Path) -> Result:
    """``duban build --preview``: months not yet published included, every page marked 预览，未发布."""
    return duban("-f", str(config), "build", "--preview", "-d", str(site_dir))


def publish(project: Path, month: str, *args: str) -> Result:
    """``duban publish MONTH … --yes`` on the project at ``project`` (no question asked)."""
    return duban("-f", str(project / "mkdocs.yml"), "publish", month, *args, "--yes")


def run_process(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``duban`` as a separate process: for exit codes, tracebacks, locks and swaps."""
    return subprocess.run([*DUBAN, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


# ---------------------------------------------------------------- reading what was built


def page(site: Path, url: str) -> str:
    """The HTML of the page at ``url`` (a directory URL) of a built site."""
    return (site / url / "index.html").read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    """Visible text, roughly: tags dropped, entities decoded, whitespace collapsed."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", markup)))


# ---------------------------------------------------------------- the mini fixture


def mini_settings(root: Path, as_of: str = "2022-03") -> Settings:
    """Settings of the mini fixture (as its mkdocs.yml sets them) for a copy at ``root``."""
    return Settings(year=2022, as_of=Month.parse(as_of), city="测试市", sample=True, data_dir=root / "data")


def data_errors(settings: Settings) -> list[str]:
    """The messages the load phase gives for ``settings``' data (it must fail)."""
    with pytest.raises(DataErrors) as info:
        load_dataset(settings)
    return [str(e) for e in info.value.errors]


def edit(root: Path, name: str, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in a fixture file; return the line where the new text starts."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A writable copy of the small fixture project (mkdocs.yml + data + content)."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    config = target / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../theme", str(ROOT / "theme")),
                      encoding="utf-8")
    return target


# ---------------------------------------------------------------- the sample, phase by phase


@pytest.fixture(scope="session")
def sample_settings() -> Settings:
    """The sample's settings, read from its mkdocs.yml by the adapter (so they cannot drift)."""
    from mkdocs.config import load_config

    from generator.adapters.config import settings_from

    cfg = load_config(str(ROOT / "mkdocs.yml"))
    return settings_from(cfg.plugins["duban"].config, cfg.config_file_path, cfg.docs_dir)


@pytest.fixture(scope="session")
def sample_data(sample_settings: Settings) -> Dataset:
    """The sample dataset, loaded and checked."""
    return load_dataset(sample_settings)


@pytest.fixture(scope="session")
def sample_model(sample_data: Dataset) -> SiteModel:
    """The sample's derived model."""
    return build_model(sample_data)


@pytest.fixture(scope="session")
def sample_output(sample_data: Dataset) -> Output:
    """The sample's page specs and files, as the core renders them."""
    return render(derive(sample_data))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded sample dataset, built once for the session with the real ``duban build``."""
    site = tmp_path_factory.mktemp("sample") / "site"
    result = build_site(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def sample_preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built as a preview (``duban build --preview``): September, not yet published, included."""
    site = tmp_path_factory.mktemp("preview") / "site"
    result = build_preview(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site


# ---------------------------------------------------------------- what the suite keeps for people to look at

ARTIFACTS = ROOT / "test-artifacts"
"""Screenshots of every page type, Lighthouse reports and the Nu HTML checker's findings, written by
the suite on every run (``test-artifacts/``; not committed)."""
NODE_TOOLS = ROOT / "node_modules"
"""Lighthouse, vnu-jar and axe-core, installed by ``make test`` with ``npm ci`` from package-lock.json."""


def artifacts(name: str) -> Path:
    """The folder ``test-artifacts/<name>/``, made empty for this run."""
    folder = ARTIFACTS / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def node_tool(*parts: str) -> Path:
    """A file of the pinned Node tools; fails with the set-up command when they are missing."""
    path = NODE_TOOLS.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make test`, which installs the Node tools with `npm ci`")
    return path


# ---------------------------------------------------------------- real browser (one per session)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


NGINX = "/usr/sbin/nginx"
_NGINX_CONF = """worker_processes 1;
{user}error_log {tmp}/error.log warn;
pid {tmp}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{server}
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve_folder(folder: Path, config: Path) -> Iterator[str]:
    """``folder`` served by Debian's nginx with the server block ``duban nginx`` prints for
    ``config`` (its Content-Security-Policy and other headers); yields the base URL."""
    if not Path(NGINX).exists():
        pytest.fail("Debian's nginx is missing: run `make test`, which installs it with apt-get")
    port = _free_port()
    result = duban("-f", str(config), "nginx", "-d", str(folder), "--listen", f"127.0.0.1:{port}")
    assert result.returncode == 0, result.stderr
    with tempfile.TemporaryDirectory(prefix="duban-nginx-") as tmp:
        conf = Path(tmp) / "nginx.conf"
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's private folders
        conf.write_text(_NGINX_CONF.format(user=user, tmp=tmp, server=result.stdout), encoding="utf-8")
        proc = subprocess.Popen([NGINX, "-p", tmp, "-c", str(conf), "-g", "daemon off;"],  # noqa: S603
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"nginx did not start: {proc.stderr.read() if proc.stderr else ''}")
                    time.sleep(0.05)
            mount = re.search(r"^    location \^~ (/\S*/) \{$", result.stdout, re.M)  # under site_url's path
            yield f"http://127.0.0.1:{port}{mount.group(1) if mount else '/'}"
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def server(sample_site: Path) -> Iterator[str]:
    """The sample site served by nginx with the security headers the docs give portals."""
    with serve_folder(sample_site, ROOT / "mkdocs.yml") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make test`, which installs it with apt-get")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


# ---------------------------------------------------------------- what a page must never do

_WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`));
"""


@dataclass
class Watched:
    """Everything a page did that it must never do: dialogs, requests to other hosts, CSP violations."""

    page: object
    dialogs: list[str]
    foreign: list[str]
    violations: list[str]

    def collect(self) -> None:
        """Add the violations the page reported so far (call before leaving it)."""
        with contextlib.suppress(playwright.Error):
            self.violations += [f"{self.page.url}: {v}" for v in self.page.evaluate("window.__csp || []")]  # type: ignore[attr-defined]


def watched_page(context: object, base_url: str) -> Watched:
    """A page of ``context`` that records dialogs, requests to hosts other than ``base_url``'s and
    Content-Security-Policy violations (events and the console's reports)."""
    own = urlsplit(base_url).netloc
    pg = context.new_page()  # type: ignore[attr-defined]
    watched = Watched(pg, [], [], [])
    pg.add_init_script(_WATCH_CSP)
    pg.on("dialog", lambda d: (watched.dialogs.append(f"{pg.url}: {d.message}"), d.dismiss()))
    pg.on("request", lambda r: None if urlsplit(r.url).netloc == own or r.url.startswith(("data:", "about:"))
          else watched.foreign.append(r.url))
    pg.on("console", lambda m: watched.violations.append(f"{pg.url}: {m.text}")
          if "Content Security Policy" in m.text else None)
    return watched
