"""The ``duban`` command: build (atomic), check, serve, publish, export-sheet, import-sheet. An edge
module, like the plugin."""

from __future__ import annotations

import argparse
import atexit
import errno
import logging
import os
import shutil
import sys
import tempfile
import threading
from datetime import date
from pathlib import Path
from typing import Any

from .store import LOCK_INSIDE, MARKER, BuildLocked, lock, own_entry, project_lock, swap, swap_contents

__all__ = ["main", "run"]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
if os.environ.get("DUBAN_ENGINE") == "properdocs":  # pragma: no cover - exercised in a subprocess by the tests
    # ProperDocs, the maintained fork of MkDocs 1.x, answers every ``mkdocs.*`` import from here on.
    import properdocs.replacement  # type: ignore[import-not-found]  # noqa: F401


def _load(config_file: str, **overrides: Any):  # type: ignore[no-untyped-def]
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    from .search import import_jieba

    import_jieba()  # before Material's search plugin imports it the slow way

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
    if target.exists() and not target.is_dir():
        raise ConfigurationError(f"输出路径 {target} 是一个文件，不是文件夹：请换一个输出文件夹，或先移走该文件 / "
                                 f"the output path {target} is a file, not a folder")
    if target.exists() and any(not own_entry(p.name) for p in target.iterdir()) and not (target / MARKER).is_file():
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


def _preview(cfg, preview: bool = True):  # type: ignore[no-untyped-def]
    """The same configuration, building a preview (months not yet published, marked 预览，未发布) or
    not. Always set: MkDocs keeps one plugin instance per process (the plugin has ``on_startup``)."""
    cfg.plugins["duban"].preview = preview
    return cfg



def _workspace(target: Path) -> tuple[Path, Path | None]:
    """Where to build and which lock file to hold: beside the site folder (then the whole folder
    is exchanged), or inside it when it cannot be renamed or its parent cannot be written (a
    mount point, a container volume: then its entries are exchanged)."""
    parent = target.parent
    if target.is_dir() and (os.path.ismount(target) or not os.access(parent, os.W_OK)):
        if not os.access(target, os.W_OK):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(target))
        return target, target / LOCK_INSIDE
    if not os.access(parent, os.W_OK):
        raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(parent))
    return parent, None


def _publishable(tmp: Path) -> None:
    # mkdtemp makes a 0700 folder; a web server running as another user must read the site.
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)
    (tmp / MARKER).write_text("built by duban; this folder is replaced by the next `duban build`\n", encoding="utf-8")


def build(config_file: str, site_dir: str | None, preview: bool = False) -> int:
    """Build into a temporary folder on the site's file system, then swap it in; never half a site."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    tmp: Path | None = None
    try:
        cfg = _load(config_file)
        target = Path(site_dir or cfg.site_dir).resolve()
        _check_target(target, cfg)
        target.parent.mkdir(parents=True, exist_ok=True)
        folder, lock_file = _workspace(target)
        with project_lock(Path(cfg.config_file_path).resolve().parent, exclusive=False), lock(target, lock_file):
            inside = folder == target
            tmp = Path(tempfile.mkdtemp(prefix=".duban-building-" if inside else f".{target.name}.building-", dir=folder))
            cfg.site_dir = str(tmp)  # the loaded config, not a second load (0.2 s)
            cfg.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
            built = _preview(cfg, preview)
            mkdocs_build(built)
            _publishable(tmp)
            if inside:
                swap_contents(tmp, target)
            else:
                swap(tmp, target)
    except (MkDocsException, BuildLocked, OSError) as exc:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        reason = _explain(exc) if not isinstance(exc, OSError) else "\n" + os_message(exc)
        print(f"构建失败，原网站未改动 / build failed, the published site is untouched{reason}", file=sys.stderr)
        return 1
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    pages = _pages(target)
    if not built.site_url:
        from .config import SITE_URL_UNSET

        print(f"警告 / WARNING: {SITE_URL_UNSET}", file=sys.stderr)
    for notice in getattr(built.plugins.get("duban"), "notices", []):
        print(f"提示 / NOTE: {notice}", file=sys.stderr)
    kind = "预览（未发布）" if preview else ""
    print(f"已生成{kind} {pages} 个页面 / built {pages} {'preview ' if preview else ''}pages into {target}")
    return 0


def _pages(site: Path) -> int:
    """Pages built (embed cards are files for other sites, not pages of this one). os.walk, not
    Path.rglob: over the 27,000 folders of a 10,000-project site, 0.5 s against 1.5 s."""
    count = 0
    for folder, subfolders, names in os.walk(site):
        if folder == str(site) and "embed" in subfolders:
            subfolders.remove("embed")
        count += "index.html" in names
    return count


_ERRNO = {
    errno.ENOSPC: ("磁盘空间已满", "no space left on the disk"),
    errno.EDQUOT: ("磁盘配额已用完", "disk quota exceeded"),
    errno.EROFS: ("文件系统是只读的", "the file system is read-only"),
    errno.EACCES: ("没有写入权限", "permission denied"),
    errno.EPERM: ("没有权限", "operation not permitted"),
    errno.EBUSY: ("文件夹正被占用（可能是挂载点）", "the folder is busy (a mount point?)"),
    errno.ENOTDIR: ("路径中有一段是文件而不是文件夹", "a part of the path is a file, not a folder"),
    errno.EISDIR: ("应为文件，却是文件夹", "a folder where a file is expected"),
}


def os_message(exc: OSError) -> str:
    """A failure of the file system in words an operator can act on, naming the path."""
    zh, en = _ERRNO.get(exc.errno or 0, (exc.strerror or str(exc), exc.strerror or str(exc)))
    where = exc.filename if exc.filename is not None else ""
    return f"{zh}：{where} / {en}: {where}" if where else f"{zh} / {en}"


def check(config_file: str) -> int:
    """Everything a build checks — data, editor pages, links — for the public build and the
    preview, each into a throwaway folder. Same messages as ``build``; the published site is not touched.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    counts = []
    stale: list[str] = []
    try:
        for preview in (False, True):
            with tempfile.TemporaryDirectory(prefix="duban-check-") as tmp:
                try:
                    cfg = _load(config_file, site_dir=tmp)
                    cfg.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
                    mkdocs_build(_preview(cfg, preview))
                except MkDocsException as exc:
                    print(f"检查未通过{'（预览）' if preview else ''} / check failed{_explain(exc)}", file=sys.stderr)
                    return 1
                counts.append(_pages(Path(tmp)))
                if not preview:
                    data_dir = Path(cfg.config_file_path).resolve().parent / cfg.plugins["duban"].config.data_dir
                    stale = _stale_schemas(Path(tmp), data_dir)
    except OSError as exc:  # the throwaway folder: a full or read-only temporary disk
        print(f"检查未完成 / check could not run\n{os_message(exc)}", file=sys.stderr)
        return 1
    print(f"检查通过，可生成 {counts[0]} 个页面（预览 {counts[1]} 个） / "
          f"check passed, {counts[0]} pages ({counts[1]} in preview)")
    if stale:
        print(f"提示：{', '.join(stale)} 与当前数据不一致（编辑器的自动补全会缺少新的名称），请运行 duban schema / "
              "the editors' schemas are out of date: run duban schema")
    return 0


def _stale_schemas(site: Path, data_dir: Path) -> list[str]:
    """Schemas in ``data/schema/`` that differ from the ones just built (a shared list changed since)."""
    folder = data_dir / "schema"
    built = site / "data" / "schema"
    if not folder.is_dir() or not built.is_dir():
        return []
    return [f"data/schema/{p.name}" for p in sorted(built.glob("*.json"))
            if not (folder / p.name).is_file() or (folder / p.name).read_bytes() != p.read_bytes()]


def _settings(config_file: str, **changes: Any):  # type: ignore[no-untyped-def]
    """The core's settings from ``mkdocs.yml`` (with ``changes``), without building anything."""
    from dataclasses import replace

    from .config import settings_from

    cfg = _load(config_file)
    return replace(settings_from(cfg.plugins["duban"].config, cfg.config_file_path, cfg.docs_dir), **changes)


def check_due(config_file: str, day_text: str, csv_path: str | None) -> int:
    """What is due on a given day, per unit (``check --due DATE``); exit 1 when anything due is missing."""
    from mkdocs.exceptions import MkDocsException

    from ..engine.due import due_list
    from ..errors import DataErrors
    from ..pipeline import load
    from ..render.console import due_csv, due_text

    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        print(f"日期不存在或格式不对（应为 YYYY-MM-DD） / no such date: {day_text!r}", file=sys.stderr)
        return 2
    try:
        # Reports behind plan without a reason are listed as due here, not refused.
        due = due_list(load(_settings(config_file, preview=True, require_reasons=False)), day)
    except DataErrors as exc:
        print(f"检查未通过 / check failed:\n{exc.report()}", file=sys.stderr)
        return 1
    except MkDocsException as exc:
        print(f"检查未通过 / check failed:\n{exc}", file=sys.stderr)
        return 1
    print(due_text(due), end="")
    if csv_path:
        Path(csv_path).write_bytes(due_csv(due))
        print(f"已写入 CSV / written: {csv_path}")
    return 1 if due.missing else 0


def _confirmed() -> bool:
    """The office's answer to "确认发布？"; no answer (no terminal, end of input) is no."""
    print("确认发布？输入 y 确认，其他任意键取消 / publish? [y/N] ", end="", flush=True)
    try:
        answer = input()
    except (EOFError, OSError):
        answer = ""
    return answer.strip().lower() in ("y", "yes", "是")


def publish(config_file: str, month_text: str, day: str | None, number: str | None, force: bool,
            yes: bool = False) -> int:
    """Freeze one month's bulletin as a snapshot under ``data/bulletins/``: the core computes
    the snapshot from the data, this command shows what it will say, asks, and stores it — as a
    transaction, under the project lock, never leaving a partial file behind."""
    from mkdocs.exceptions import MkDocsException

    from ..dates import Month
    from ..engine.bulletins import PublishRefused, make_snapshot, relink
    from ..errors import DataErrors
    from ..pipeline import derive, load
    from ..render.console import publish_summary
    from .store import SnapshotExists, write_snapshot

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
    written: list[Path] = []
    try:
        settings = _settings(config_file, preview=True)  # publishing judges all the data, not the public view
        replacing = month if force else None
        shown_snap = None
        if not yes:  # ask before taking the lock: a builder waiting for an answer must not hold up builds
            shown_snap = make_snapshot(derive(load(settings, replacing)).model, month, published, number, force)
            print(publish_summary(shown_snap))
            if not _confirmed():
                print("未发布 / not published: 未确认 / not confirmed", file=sys.stderr)
                return 1
        with project_lock(settings.project_root, exclusive=True):
            model = derive(load(settings, replacing)).model
            snap = make_snapshot(model, month, published, number, force)
            if yes:
                print(publish_summary(snap))
            elif shown_snap is None or snap.checksum != shown_snap.checksum:
                raise PublishRefused("确认期间数据或已发布的通报有变化，本次未发布；请重新运行 duban publish / "
                                     "the data changed while you confirmed; nothing was published, run publish again")
            written.append(write_snapshot(settings.data_dir, snap, replace=force))
            # A republished month changes its checksum: the months after it are linked to it again.
            for later in relink(model.data.snapshots, snap) if force else []:
                written.append(write_snapshot(settings.data_dir, later, replace=True))
    except DataErrors as exc:
        print(f"未发布 / not published:\n{exc.report()}", file=sys.stderr)
        return 1
    except SnapshotExists as exc:
        print(f"未发布 / not published: {exc.args[0]} 刚被另一个 duban publish 写入；请检查后再决定是否 --force / "
              "another publish wrote this month first", file=sys.stderr)
        return 1
    except (PublishRefused, MkDocsException, BuildLocked) as exc:
        print(f"未发布 / not published:\n{exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        done = "；已写入：" + "、".join(str(p) for p in written) if written else "，没有写入任何文件"
        print(f"未发布 / not published: {os_message(exc)}{done} / nothing was left half-written", file=sys.stderr)
        return 1
    shown = os.path.relpath(written[0], settings.project_root)
    print(f"已发布 {month} 月度通报，快照：{shown}，指纹 {snap.checksum}。请立即备份数据文件夹（用版本库的请提交），"
          f"做法见填报指南第六节 / published {month}: {shown}; back up the data folder (or commit it) now")
    for path in written[1:]:
        print(f"已重新链接 / relinked: {os.path.relpath(path, settings.project_root)}（内容不变，指纹已变 / content unchanged, "
              "new fingerprint）")
    return 0


def nginx(config_file: str, site_dir: str | None, listen: str, server_name: str) -> int:
    """Print the nginx ``server`` block that serves the built site with its security headers."""
    from mkdocs.exceptions import MkDocsException

    from .config import settings_from
    from .webserver import nginx_server

    try:
        cfg = _load(config_file)
        settings = settings_from(cfg.plugins["duban"].config, cfg.config_file_path, cfg.docs_dir)
    except MkDocsException as exc:
        print(f"无法生成 nginx 配置 / cannot write the nginx configuration{_explain(exc)}", file=sys.stderr)
        return 1
    print(nginx_server(cfg, settings.image_hosts, str(Path(site_dir or cfg.site_dir).resolve()), listen, server_name), end="")
    return 0


PREVIEW_BYTES_PER_PROJECT = 1 << 20
"""Room a preview is given in memory per project (a built site of 1,000 synthetic projects is 305 MB)."""
MEMORY_FOLDER = Path("/dev/shm")  # noqa: S108 - a folder of its own is made inside it (mkdtemp)


def preview_folder(projects: int, memory: Path = MEMORY_FOLDER) -> str | None:
    """Where ``duban serve`` writes its preview: in memory (``/dev/shm``) when the machine has one
    with room for the site, else MkDocs' choice (the temp folder). A rebuild rewrites every file
    of the site, and creating a file on this project's build machine's disk takes 0.47 ms against
    0.012 ms in memory: 0.2 s of every rebuild of the sample."""
    try:
        free = shutil.disk_usage(memory).free
    except OSError:
        return None
    if not os.access(memory, os.W_OK) or free < (projects + 256) * PREVIEW_BYTES_PER_PROJECT:
        return None
    return str(memory)


def serve(config_file: str, addr: str) -> int:
    """Preview with live reload (``mkdocs serve``), written in memory where there is room."""
    import functools
    import types

    import mkdocs.commands.serve as serve_module

    cfg = _load(config_file)
    data_dir = cfg.plugins["duban"].config.data_dir
    folder = Path(cfg.config_file_path).parent / data_dir / "projects"
    place = preview_folder(sum(1 for _ in folder.glob("*.yaml")) if folder.is_dir() else 0)
    if place is not None:  # MkDocs makes its preview folder with tempfile.mkdtemp and removes it on exit
        serve_module.tempfile = types.SimpleNamespace(mkdtemp=functools.partial(tempfile.mkdtemp, dir=place))  # type: ignore[assignment]
    serve_module.serve(config_file, dev_addr=addr, livereload=True)
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
    b.add_argument("--preview", action="store_true",
                   help="预览：包括尚未发布的月份，每页标注“预览，未发布” / preview unpublished months")
    c = sub.add_parser("check", help="检查数据，不生成网站 / validate data without building")
    c.add_argument("--due", metavar="YYYY-MM-DD",
                   help="列出该日各单位应报未报、迟报等事项 / list what is due on that day, per unit")
    c.add_argument("--csv", metavar="FILE", help="同时写入 CSV 文件（与 --due 同用） / also write the list as CSV")
    p = sub.add_parser("publish", help="发布月度通报（冻结快照） / publish a month's bulletin (freeze a snapshot)")
    p.add_argument("month", help="YYYY-MM")
    p.add_argument("--date", help="发布日期 YYYY-MM-DD（默认今天） / publication date (default: today)")
    p.add_argument("--number", help="文号，如 大督考办通报〔2022〕3号 / document number")
    p.add_argument("--force", action="store_true",
                   help="覆盖已发布的快照，或跳过未发布的月份 / overwrite a snapshot, or skip an unpublished month")
    p.add_argument("--yes", action="store_true", help="不询问，直接发布（用于脚本） / do not ask for confirmation")
    n = sub.add_parser("nginx", help="输出 nginx 配置（含安全响应头） / print the nginx server block (security headers)")
    n.add_argument("-d", "--site-dir", help="the built site's folder on the server (default: site_dir of mkdocs.yml)")
    n.add_argument("--listen", default="80", help="nginx listen address (default 80)")
    n.add_argument("--server-name", default="_", help="nginx server_name (default _)")
    e = sub.add_parser("export-sheet", help="导出单位的月度填报表（.xlsx） / export a unit's reporting workbook")
    e.add_argument("unit", nargs="*", help="单位编号、全称或简称 / unit id, name or alias")
    e.add_argument("--all", action="store_true", help="每个有填报任务的单位各导出一份 / one workbook per reporting unit")
    e.add_argument("--month", help="报送月份 YYYY-MM（默认 as_of） / month to report (default: as_of)")
    e.add_argument("-o", "--output", help="输出文件夹（或一个 .xlsx 文件名） / output folder or .xlsx file")
    i = sub.add_parser("import-sheet", help="导入填好的填报表 / import filled reporting workbooks")
    i.add_argument("files", nargs="+", help=".xlsx 文件 / workbooks")
    i.add_argument("--unit", help="只接受这个单位的填报表 / accept workbooks of this unit only")
    i.add_argument("--correction", metavar="REASON", help="更正已发布月份，写明原因 / correct published months, with the reason")
    i.add_argument("--date", help="更正日期 YYYY-MM-DD（默认今天） / date of the correction (default: today)")
    i.add_argument("--requested-by", help="更正提出方（默认填报单位） / who asked for the correction (default: the unit)")
    i.add_argument("--dry-run", action="store_true", help="只检查，不写入 / check only, write nothing")
    sub.add_parser("schema", help="把数据文件的 JSON Schema 写入 data/schema/ / write the data files' JSON Schemas")
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
        return build(args.config_file, args.site_dir, args.preview)
    if args.command == "check":
        if args.due:
            return check_due(args.config_file, args.due, args.csv)
        if args.csv:
            parser.error("--csv 需与 --due 同用 / --csv goes with --due")
        return check(args.config_file)
    if args.command == "export-sheet":
        from .sheets import export_sheets

        return export_sheets(args.config_file, args.unit, args.all, args.month, args.output)
    if args.command == "import-sheet":
        from .sheets import import_sheets

        return import_sheets(args.config_file, args.files, args.unit, args.correction, args.date, args.requested_by,
                             args.dry_run)
    if args.command == "schema":
        from .sheets import write_schemas

        return write_schemas(args.config_file)
    if args.command == "publish":
        return publish(args.config_file, args.month, args.date, args.number, args.force, args.yes)
    if args.command == "nginx":
        return nginx(args.config_file, args.site_dir, args.listen, args.server_name)
    if args.command == "bench":
        return bench(args.config_file, args.sizes, args.repeat, args.work, args.plain, args.keep, args.phases,
                     args.serve)
    return serve(args.config_file, args.dev_addr)


def run() -> None:
    """The console script (and ``python -m generator``): :func:`main`, then leave without tearing
    the interpreter down.

    When a build is done, its last 0.12–0.18 s went to freeing, one by one, the objects of every
    module imported (MkDocs, Material, pydantic, jieba's tables) at interpreter shutdown, after
    every file was written and the site swapped in. Here the exit does what matters of that
    shutdown itself — the ``atexit`` callbacks (temporary folders, logging's flush), then stdout
    and stderr — and ends the process with the same exit code. An exception that escapes
    :func:`main` (a bug: its traceback must show) and a command that left threads running take
    Python's ordinary exit. In-process callers (the tests) call :func:`main`, which returns."""
    code = main()
    if threading.active_count() > 1:  # a thread's work would be cut short: let Python join it
        raise SystemExit(code)
    atexit._run_exitfuncs()  # what Python would run at exit, logging.shutdown among them
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: Python's own exit would fail the same way
        code = code or 120
    os._exit(code)
