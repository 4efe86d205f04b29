"""``duban bench``: build synthetic sites of N projects and plain MkDocs side by side.

For each size the synthetic data (:mod:`.synthetic`) is generated once and cached under the
work folder. Duban (``duban build``) and the plain-MkDocs baseline (``mkdocs build`` of the
same projects as ordinary Markdown pages) then run alternately, each in a fresh process, and
the medians are printed: wall and CPU time, pages, pages per second, peak memory, output
size, the largest page, the search index (raw and gzip) and Duban's time per page divided by
plain MkDocs' time per page. ``--phases`` times one in-process build function by function.

Figures are only comparable on the same machine in the same run; ``docs/performance.md``
records the ones this project was measured with.
"""

from __future__ import annotations

import compileall
import gzip
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

__all__ = ["PHASES", "Measure", "Output", "bench", "measure_output", "phases"]

SIZES = (35, 1000, 5000, 10000)


@dataclass(frozen=True)
class Measure:
    """One build in its own process."""

    wall: float
    cpu: float
    rss_mib: float
    pss_mib: float


@dataclass(frozen=True)
class Output:
    """What a built site weighs."""

    pages: int
    total_bytes: int
    largest: tuple[int, str]
    """Size in bytes and path of the largest HTML file."""
    index_raw: int
    index_gzip: int
    index_escapes: int
    """``\\uXXXX`` escapes in the search index (0 when it is written as UTF-8)."""


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux' ``/proc/<pid>/task/<pid>/children``)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid, *(p for child in children for p in _tree(int(child)))]


def _pss_kib(pid: int) -> int:
    """Proportional set size: each page shared by n processes counts 1/n in each of them."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:  # gone, or not Linux
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
    return int(found.group(1)) if found else 0


class _TreeMemory(threading.Thread):
    """The peak of the summed PSS of a process and its children, sampled every 0.1 s: what a
    build that writes files in a second process (:mod:`.writer`) holds in memory in all. (Its
    ``ru_maxrss`` is that of the largest of them, and a page shared by both counts in each.)"""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):
            self.peak_kib = max(self.peak_kib, sum(_pss_kib(p) for p in _tree(self.pid)))


def _run(cmd: list[str], cwd: Path) -> Measure:
    """Run ``cmd`` and measure it from outside: wall clock, CPU (with its children's) and peak
    memory (RSS of the process or its largest child, and the sampled PSS of them all)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)  # noqa: S603
        memory = _TreeMemory(proc.pid)
        memory.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        memory.done.set()
        memory.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{err.read().decode('utf-8', 'replace')[-4000:]}")
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, memory.peak_kib / 1024)


def measure_output(site: Path) -> Output:
    """Pages (``index.html`` files, as ``duban build`` counts them: embed cards are files for other
    sites, not pages), bytes, the largest HTML file and the search index of a built site."""
    pages, total, largest = 0, 0, (0, "")
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if path.name == "index.html" and path.relative_to(site).parts[0] != "embed":
            pages += 1
        if path.suffix == ".html" and size > largest[0]:
            largest = (size, path.relative_to(site).as_posix())
    index = site / "search" / "search_index.json"
    raw = index.read_bytes() if index.is_file() else b""
    return Output(pages, total, largest, len(raw), len(gzip.compress(raw, 6, mtime=0)), raw.count(b"\\u"))


def _stamp(template: Path, n: int) -> str:
    from .synthetic import VERSION

    digest = hashlib.sha256(f"{n} {VERSION}".encode())
    digest.update(template.read_bytes())
    return digest.hexdigest()


def prepare(work: Path, n: int, template: Path) -> tuple[Path, Path]:
    """The synthetic site and its plain baseline for ``n`` projects (cached by the generator's source)."""
    from .plain import write_plain
    from .synthetic import write_site

    folder = work / f"n{n}"
    stamp = _stamp(template, n)
    duban_cfg, plain_cfg = folder / "duban" / "mkdocs.yml", folder / "plain" / "mkdocs.yml"
    if (folder / ".stamp").is_file() and (folder / ".stamp").read_text() == stamp and duban_cfg.is_file():
        return duban_cfg, plain_cfg
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    site = write_site(folder / "duban", n, template)
    write_plain(folder / "plain", site)
    (folder / ".stamp").write_text(stamp)
    print(f"  generated {n} projects in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return duban_cfg, plain_cfg


def _builds(duban_cfg: Path, plain_cfg: Path, out: Path, repeat: int, plain: bool) -> tuple[list[Measure], list[Measure]]:
    """Alternate Duban and plain MkDocs (D P, P D, D P …), each in a fresh process."""
    duban = [sys.executable, "-m", "generator", "-f", str(duban_cfg), "build", "-d", str(out / "duban")]
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain_cfg), "-d", str(out / "plain")]
    ours: list[Measure] = []
    theirs: list[Measure] = []
    for r in range(repeat):
        order = [(duban, ours), (mkdocs, theirs)] if r % 2 == 0 else [(mkdocs, theirs), (duban, ours)]
        for cmd, into in order:
            if into is theirs and not plain:
                continue
            into.append(_run(cmd, duban_cfg.parent))
    return ours, theirs


def _median(runs: list[Measure], attr: str) -> float:
    return statistics.median(getattr(r, attr) for r in runs)


def _row(n: int, ours: list[Measure], theirs: list[Measure], site: Output, base: Output | None) -> str:
    wall, cpu, rss = _median(ours, "wall"), _median(ours, "cpu"), max(r.rss_mib for r in ours)
    pss = max(r.pss_mib for r in ours)
    cells = [f"{n:>6}", f"{site.pages:>6}", f"{wall:7.2f}", f"{cpu:7.2f}", f"{site.pages / wall:6.0f}", f"{rss:6.0f}",
             f"{pss:6.0f}",
             f"{site.total_bytes / 2**20:7.1f}", f"{site.largest[0] / 1024:7.0f} {site.largest[1]}",
             f"{site.index_raw / 2**20:6.2f}/{site.index_gzip / 2**20:5.2f}", f"{site.index_escapes:>7}"]
    if theirs and base is not None:
        pwall = _median(theirs, "wall")
        ratio = (wall / site.pages) / (pwall / base.pages)
        cells += [f"{base.pages:>6}", f"{pwall:7.2f}", f"{base.pages / pwall:6.0f}", f"{max(r.rss_mib for r in theirs):6.0f}",
                  f"{base.index_raw / 2**20:6.2f}/{base.index_gzip / 2**20:5.2f}", f"{ratio:5.2f}", f"{wall / pwall:5.2f}"]
    return " ".join(cells)


_HEADER = ("     N  pages  wall s   CPU s  pg/s  RSS MiB  PSS MiB  out MB  largest KB (page)  index MB raw/gz  \\u-escapes"
           " | plain: pages  wall s  pg/s  RSS MiB  index MB raw/gz  per-page ratio  wall ratio")


def bench(template: Path, work: Path, sizes: tuple[int, ...] = SIZES, repeat: int = 3, plain: bool = True,
          keep: bool = False) -> list[str]:
    """Run the benchmark; print and return one line per size."""
    template = template.resolve()
    work.mkdir(parents=True, exist_ok=True)
    # Installed packages (MkDocs, Material) come compiled; an editable install of this one does not,
    # and with PYTHONDONTWRITEBYTECODE set every build would compile it again (0.5 s).
    compileall.compile_dir(Path(__file__).resolve().parents[1], quiet=1)
    load = os.getloadavg()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"medians of {repeat} alternating runs")
    print(_HEADER)
    lines = []
    for n in sizes:
        duban_cfg, plain_cfg = prepare(work, n, template)
        out = Path(tempfile.mkdtemp(prefix=f"bench-{n}-", dir=work))
        try:
            ours, theirs = _builds(duban_cfg, plain_cfg, out, repeat, plain)
            line = _row(n, ours, theirs, measure_output(out / "duban"),
                        measure_output(out / "plain") if theirs else None)
        finally:
            if not keep:
                shutil.rmtree(out, ignore_errors=True)
        print(line, flush=True)
        lines.append(line)
    load = os.getloadavg()
    print(f"load afterwards {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return lines


# ---------------------------------------------------------------- where the time goes

PHASES: tuple[tuple[str, str, str], ...] = (
    ("imports and config", "generator.adapters.cli", "_load"),
    ("load: YAML, validation, rules", "generator.pipeline", "load"),
    ("derive: statuses, bulletins", "generator.pipeline", "derive"),
    ("render: page specs (all)", "generator.pipeline", "render"),
    ("  Duban templates (rendered in the render phase)", "generator.render.pages", "_render"),
    ("files: Word, feeds, calendars, images, open data", "mkdocs.structure.files", "Files.copy_static_files"),
    ("  Word bulletins", "generator.render.pages", "bulletin_docx"),
    ("Python-Markdown (Page.render)", "mkdocs.structure.pages", "Page.render"),
    ("pages: theme, search, write", "mkdocs.commands.build", "_build_page"),
    ("  Duban templates (rendered as each page is written)", "generator.render.pages", "_render_now"),
    ("  Duban HTML without Markdown", "generator.render.pages", "to_html"),
    ("  Duban search entries", "generator.adapters.plugin", "add_entry"),
    ("  Material search indexing", "material.plugins.search.plugin", "SearchIndex.add_entry_from_context"),
    ("search: jieba segmentation, after the pages", "generator.adapters.plugin", "segment_entries"),
    ("  jieba dictionary", "generator.adapters.search", "_teach_jieba"),
    ("search index written", "material.plugins.search.plugin", "SearchPlugin.on_post_build"),
)
"""(label, module, function or Class.method) whose inclusive time is measured; nested rows are indented."""


@contextmanager
def _timed(module: str, name: str, into: dict[str, float], label: str) -> Iterator[None]:
    try:
        owner: Any = import_module(module)
    except ImportError:
        yield
        return
    *path, attr = name.split(".")
    for part in path:
        owner = getattr(owner, part, None)
    original = getattr(owner, attr, None) if owner is not None else None
    if original is None:
        yield
        return
    depth = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        depth[0] += 1
        start = time.process_time()  # CPU, not wall: other processes on the machine do not count
        try:
            return original(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                into[label] = into.get(label, 0.0) + time.process_time() - start

    setattr(owner, attr, wrapper)
    try:
        yield
    finally:
        setattr(owner, attr, original)


def phases(config: Path, build: Callable[[list[str]], int]) -> list[tuple[str, float]]:
    """Build ``config`` in this process with :data:`PHASES` timed (CPU seconds); (label, seconds),
    then the total CPU and wall time. The build is told ``processes: 1``: the files the writer's
    second process would make (Word, feeds, images) are then made, and timed, here."""
    from contextlib import ExitStack

    text = config.read_text(encoding="utf-8")
    if "\n  - duban:\n" not in text:
        raise RuntimeError(f"{config}: no `  - duban:` plugin entry to give `processes: 1`")
    one = config.with_name("mkdocs-one-process.yml")
    one.write_text(text.replace("\n  - duban:\n", "\n  - duban:\n      processes: 1\n", 1), encoding="utf-8")
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        for label, module, name in PHASES:
            stack.enter_context(_timed(module, name, times, label))
        start = time.perf_counter()
        cpu = time.process_time()
        if build(["-f", str(one), "build", "-d", str(Path(tmp) / "site")]):
            raise RuntimeError("the build failed")
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return [(label, times[label]) for label, _, _ in PHASES if label in times] + [("total (CPU)", cpu), ("total (wall)", wall)]


# ---------------------------------------------------------------- the edit loop under `duban serve`


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str | None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local server
            return response.read().decode("utf-8")  # type: ignore[no-any-return]
    except (urllib.error.URLError, OSError):
        return None


def copy_project(config: Path, into: Path) -> Path:
    """A copy of the project of ``config`` (data, content, mkdocs.yml pointed at its theme)."""
    from .synthetic import _config, copy_guide

    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    for name in ("data", "content"):
        if (config.parent / name).is_dir():
            shutil.copytree(config.parent / name, into / name)
    copy_guide(config, into)
    (into / "mkdocs.yml").write_text(_config(config, into, rename=False), encoding="utf-8")
    return into / "mkdocs.yml"


def serve_latency(config: Path, rounds: int = 5) -> list[float]:
    """Seconds from saving a project file to ``duban serve`` serving the changed column, ``rounds`` times.

    Measured from outside, as a reader sees it: the save, MkDocs noticing it (its watcher polls
    every 0.5 s), the rebuild, and the page served with the new title.
    """
    port = _free_port()
    project = sorted((config.parent / "data" / "projects").glob("*.yaml"))[0]
    # `mkdocs serve` serves the site under its site_url's path (/2022/ for the sample).
    site_url = re.search(r"^site_url:\s*(\S+)", config.read_text(encoding="utf-8"), re.M)
    mount = urllib.parse.urlsplit(site_url.group(1)).path.rstrip("/") if site_url else ""
    url = f"http://127.0.0.1:{port}{mount}/projects/{project.stem}/"
    original = project.read_text(encoding="utf-8")
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen([sys.executable, "-m", "generator", "-f", str(config), "serve", "-a", f"127.0.0.1:{port}"],  # noqa: S603
                                cwd=config.parent, stdout=log, stderr=log, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        try:
            deadline = time.monotonic() + 600
            while _get(url) is None:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"duban serve did not start:\n{log.read().decode('utf-8', 'replace')[-3000:]}")
                time.sleep(0.2)
            times = []
            for i in range(rounds):
                marker = f"改后标题{i}"
                project.write_text(original.replace("\ntitle: ", f"\ntitle: {marker}", 1), encoding="utf-8")
                start = time.perf_counter()
                while marker not in (_get(url) or ""):
                    if time.perf_counter() - start > 120:
                        raise RuntimeError("the change never showed")
                    time.sleep(0.01)
                times.append(time.perf_counter() - start)
                time.sleep(1.0)  # let the watcher settle before the next save
            return times
        finally:
            project.write_text(original, encoding="utf-8")
            proc.terminate()
            proc.wait(timeout=30)
