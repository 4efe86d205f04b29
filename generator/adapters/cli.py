"""The ``duban`` command: build (atomic), check, serve, publish. An edge module, like the plugin."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from .store import MARKER, BuildLocked, lock, swap

__all__ = ["main"]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
if os.environ.get("DUBAN_ENGINE") == "properdocs":  # pragma: no cover - exercised in a subprocess by the tests
    # ProperDocs, the maintained fork of MkDocs 1.x, answers every ``mkdocs.*`` import from here on.
    import properdocs.replacement  # type: ignore[import-not-found]  # noqa: F401


def _load(config_file: str, **overrides: Any):  # type: ignore[no-untyped-def]
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    # Always strict: a warning (a broken link in content/, say) must stop a publishing build.
    cfg = load_config(config_file, strict=True, **overrides)
    if "duban" not in cfg.plugins:
        raise ConfigurationError(f"{config_file} 的 plugins 中没有 duban / the duban plugin is not enabled in {config_file}")
    return cfg


def _check_target(target: Path, cfg) -> None:  # type: ignore[no-untyped-def]
    """Refuse an output folder whose replacement would destroy sources or someone else's files."""
    from mkdocs.exceptions import ConfigurationError

    root = Path(cfg.config_file_path).resolve().parent
    docs = Path(cfg.docs_dir).resolve()
    for folder in (root, docs, (root / cfg.plugins["duban"].config.data_dir).resolve()):
        if target == folder or target in folder.parents:
            raise ConfigurationError(f"输出文件夹 {target} 会覆盖源文件 {folder} / the output folder would replace {folder}")
    if docs in target.parents:
        raise ConfigurationError(f"输出文件夹不能放在 {docs} 里 / the output folder must not be inside {docs}")
    if target.exists() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise ConfigurationError(f"输出文件夹 {target} 不是空的，也不是 duban 生成的网站，不会覆盖它 / "
                                 f"{target} is not empty and was not built by duban; refusing to replace it")


def _explain(exc: Exception) -> str:
    """What to add below MkDocs' own message (data errors were already listed above it)."""
    text = str(exc)
    if "BuildError" in text:
        return ""
    if "strict mode" in text:
        return ("\n以上 WARNING 多为手写页面（content/）中的链接或锚点失效，请按提示修改 / "
                f"the warnings above are usually broken links or anchors in content/ pages\n{text}")
    return f"\n{text}"


def build(config_file: str, site_dir: str | None) -> int:
    """Build into a temporary folder next to the site, then swap it in; never half a site."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    tmp: Path | None = None
    try:
        cfg = _load(config_file)
        target = Path(site_dir or cfg.site_dir).resolve()
        _check_target(target, cfg)
        target.parent.mkdir(parents=True, exist_ok=True)
        with lock(target):
            tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
            cfg.site_dir = str(tmp)  # the loaded config, not a second load (0.2 s)
            cfg.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
            mkdocs_build(cfg)
            # mkdtemp makes a 0700 folder; a web server running as another user must read the site.
            umask = os.umask(0)
            os.umask(umask)
            tmp.chmod(0o777 & ~umask)
            (tmp / MARKER).write_text("built by duban; this folder is replaced by the next `duban build`\n",
                                      encoding="utf-8")
            swap(tmp, target)
    except (MkDocsException, BuildLocked) as exc:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        print(f"构建失败，原网站未改动 / build failed, the published site is untouched{_explain(exc)}", file=sys.stderr)
        return 1
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    pages = sum(1 for _ in target.rglob("index.html"))
    print(f"已生成 {pages} 个页面 / built {pages} pages into {target}")
    return 0


def check(config_file: str) -> int:
    """Everything a build checks — data, editor pages, links — into a throwaway folder.

    Same messages as ``build``; the published site is not touched.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    with tempfile.TemporaryDirectory(prefix="duban-check-") as tmp:
        try:
            cfg = _load(config_file, site_dir=tmp)
            cfg.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
            mkdocs_build(cfg)
        except MkDocsException as exc:
            print(f"检查未通过 / check failed{_explain(exc)}", file=sys.stderr)
            return 1
        pages = sum(1 for _ in Path(tmp).rglob("index.html"))
    print(f"检查通过，可生成 {pages} 个页面 / check passed, {pages} pages")
    return 0


def publish(config_file: str, month_text: str, day: str | None, number: str | None, force: bool) -> int:
    """Freeze one month's bulletin as a snapshot under ``data/bulletins/``: the core computes
    the snapshot from the data, this command stores it."""
    from mkdocs.exceptions import MkDocsException

    from ..dates import Month
    from ..engine.bulletins import PublishRefused, make_snapshot
    from ..errors import DataErrors
    from ..pipeline import derive, load
    from .config import settings_from
    from .store import write_snapshot

    try:
        month = Month.parse(month_text)
    except ValueError:
        print(f"未发布 / not published: 月份应写作 YYYY-MM / month must be YYYY-MM, got {month_text!r}", file=sys.stderr)
        return 1
    try:
        published = date.fromisoformat(day) if day else date.today()
    except ValueError:
        print(f"未发布 / not published: 日期不存在或格式不对（应为 YYYY-MM-DD） / no such date: {day!r}", file=sys.stderr)
        return 1
    try:
        cfg = _load(config_file)
        settings = settings_from(cfg.plugins["duban"].config, cfg.config_file_path, cfg.docs_dir)
        snap = make_snapshot(derive(load(settings)).model, month, published, number, force)
        path = write_snapshot(settings.data_dir, snap)
    except DataErrors as exc:
        print(f"未发布 / not published:\n{exc.report()}", file=sys.stderr)
        return 1
    except (PublishRefused, MkDocsException) as exc:
        print(f"未发布 / not published:\n{exc}", file=sys.stderr)
        return 1
    shown = os.path.relpath(path, settings.project_root)
    print(f"已发布 {month} 月度通报，快照：{shown}（请提交到版本库） / published {month}: {shown}")
    return 0


def serve(config_file: str, addr: str) -> int:
    """Preview with live reload (``mkdocs serve``)."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(config_file, dev_addr=addr, livereload=True)
    return 0


def bench(config_file: str, sizes: str, repeat: int, work: str | None, plain: bool, keep: bool,
          phase_size: int | None, serve_size: str | None = None) -> int:
    """``duban bench``: synthetic sites of N projects against plain MkDocs (see :mod:`.bench`)."""
    from . import bench as bench_module

    template = Path(config_file).resolve()
    folder = Path(work) if work else template.parent / ".bench"
    if serve_size is not None:
        config = (bench_module.copy_project(template, folder / "serve-sample") if serve_size == "sample"
                  else bench_module.prepare(folder, int(serve_size), template)[0])
        times = bench_module.serve_latency(config)
        print(f"duban serve, {serve_size}: save → changed page served in " + ", ".join(f"{t:.2f}" for t in times)
              + f" s (median {sorted(times)[len(times) // 2]:.2f} s)")
        return 0
    if phase_size is not None:
        config, _ = bench_module.prepare(folder, phase_size, template)
        rows = bench_module.phases(config, main)
        total = rows[-2][1]
        print(f"where the time goes, N = {phase_size} (inclusive CPU seconds; indented rows are inside the row above)")
        for label, seconds in rows:
            print(f"  {label:<52} {seconds:8.2f} s  {100 * seconds / total:5.1f} %")
        return 0
    try:
        counts = tuple(int(x) for x in sizes.split(","))
    except ValueError:
        print(f"--sizes 应为逗号分隔的整数 / --sizes must be comma-separated numbers, got {sizes!r}", file=sys.stderr)
        return 2
    bench_module.bench(template, folder, counts, repeat, plain, keep)
    return 0


class _Stderr(logging.Handler):
    """Writes to whatever ``sys.stderr`` is at the time (so in-process callers can capture it)."""

    def emit(self, record: logging.LogRecord) -> None:
        print(self.format(record), file=sys.stderr)


def _log_to_stderr() -> None:
    """Show MkDocs' warnings and errors (strict mode turns warnings into a failed build)."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _Stderr) for h in logger.handlers):
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``duban`` command."""
    _log_to_stderr()
    parser = argparse.ArgumentParser(prog="duban", description="公开挂牌督办网站生成工具 / Duban site generator")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="mkdocs.yml to use")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="生成网站 / build the site (atomically)")
    b.add_argument("-d", "--site-dir", help="output folder (default: site_dir of mkdocs.yml)")
    sub.add_parser("check", help="检查数据，不生成网站 / validate data without building")
    p = sub.add_parser("publish", help="发布月度通报（冻结快照） / publish a month's bulletin (freeze a snapshot)")
    p.add_argument("month", help="YYYY-MM")
    p.add_argument("--date", help="发布日期 YYYY-MM-DD（默认今天） / publication date (default: today)")
    p.add_argument("--number", help="文号，如 大督考办通报〔2022〕3号 / document number")
    p.add_argument("--force", action="store_true", help="覆盖已发布的快照 / overwrite a published snapshot")
    s = sub.add_parser("serve", help="本地预览 / preview with live reload")
    s.add_argument("-a", "--dev-addr", default="127.0.0.1:8000")
    m = sub.add_parser("bench", help="性能基准：合成数据对比 plain MkDocs / benchmark against plain MkDocs")
    m.add_argument("--sizes", default="35,1000,5000,10000", help="project counts, comma-separated")
    m.add_argument("--repeat", type=int, default=3, help="alternating runs per size (medians are printed)")
    m.add_argument("--work", help="folder for generated data and builds (default: .bench next to mkdocs.yml)")
    m.add_argument("--no-plain", dest="plain", action="store_false", help="skip the plain MkDocs baseline")
    m.add_argument("--keep", action="store_true", help="keep the built sites")
    m.add_argument("--phases", type=int, metavar="N", help="time one in-process build of N projects, phase by phase")
    m.add_argument("--serve", metavar="N|sample", help="time save → served page under duban serve (a copy of the "
                                                          "project, or N synthetic projects)")
    args = parser.parse_args(argv)
    if args.command == "build":
        return build(args.config_file, args.site_dir)
    if args.command == "check":
        return check(args.config_file)
    if args.command == "publish":
        return publish(args.config_file, args.month, args.date, args.number, args.force)
    if args.command == "bench":
        return bench(args.config_file, args.sizes, args.repeat, args.work, args.plain, args.keep, args.phases,
                     args.serve)
    return serve(args.config_file, args.dev_addr)
