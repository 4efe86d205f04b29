"""The ``duban`` command: build (atomic), check, serve. An edge module, like the plugin."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

__all__ = ["main"]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _load(config_file: str, **overrides: object):  # type: ignore[no-untyped-def]
    from mkdocs.config import load_config

    return load_config(config_file, **overrides)


def build(config_file: str, site_dir: str | None) -> int:
    """Build into a temporary folder next to the site, then swap it in; never half a site."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    try:
        cfg = _load(config_file)
        target = Path(site_dir or cfg.site_dir).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
        cfg = _load(config_file, site_dir=str(tmp))
        mkdocs_build(cfg)
    except MkDocsException as exc:
        if "tmp" in locals():
            shutil.rmtree(tmp, ignore_errors=True)
        detail = "" if "BuildError" in str(exc) else f"\n{exc}"  # the error itself was logged above
        print(f"构建失败，原网站未改动 / build failed, the published site is untouched{detail}", file=sys.stderr)
        return 1
    except BaseException:
        if "tmp" in locals():
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    # mkdtemp makes a 0700 folder; a web server running as another user must read the site.
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)
    _swap(tmp, target)
    pages = sum(1 for _ in target.rglob("index.html"))
    print(f"已生成 {pages} 个页面 / built {pages} pages into {target}")
    return 0


def _swap(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with two renames; the old copy is removed afterwards."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.replace(target, old / "site")
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def check(config_file: str) -> int:
    """Validate all data and render every generated page in memory, writing nothing.

    Hand-written pages under ``content/`` (their links, clashes with generated pages) are
    checked by ``build``, which runs MkDocs in strict mode.
    """
    from mkdocs.exceptions import MkDocsException

    from .errors import DataErrors
    from .pipeline import build_pages

    try:
        cfg = _load(config_file)
        plugin = cfg.plugins["duban"]
        plugin.on_config(cfg)
        pages = build_pages(plugin.settings)
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except MkDocsException as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"数据检查通过，可生成 {len(pages)} 个页面 / data OK, {len(pages)} generated pages")
    return 0


def serve(config_file: str, addr: str) -> int:
    """Preview with live reload (``mkdocs serve``)."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(config_file, dev_addr=addr, livereload=True)
    return 0


def _log_to_stderr() -> None:
    """Show MkDocs' warnings and errors (strict mode turns warnings into a failed build)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logger = logging.getLogger("mkdocs")
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
    s = sub.add_parser("serve", help="本地预览 / preview with live reload")
    s.add_argument("-a", "--dev-addr", default="127.0.0.1:8000")
    args = parser.parse_args(argv)
    if args.command == "build":
        return build(args.config_file, args.site_dir)
    if args.command == "check":
        return check(args.config_file)
    return serve(args.config_file, args.dev_addr)
