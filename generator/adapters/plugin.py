"""The MkDocs adapter: options in, page specs out as virtual files. No business logic.

Each event does one job and delegates (mkdocs-gen-files' ``plugin.py``): ``on_config``
turns the options into core settings, ``on_files`` runs the core pipeline and adds its
pages, ``on_page_markdown`` sets every page's escaped metadata, ``on_page_content`` sanitizes
editors' pages, ``on_env`` fails the build on what sanitizing had to remove. The safety rules
themselves live in :mod:`generator.adapters.safety`.
"""

from __future__ import annotations

import calendar
import io
import logging
import os
from dataclasses import replace
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..data.yamlio import decode_text, read_bytes
from ..errors import DataError, DataErrors
from ..pipeline import Output, build
from ..render.pages import PageSpec, policy
from ..render.sanitize import sanitize_html
from ..settings import Settings
from .config import SITE_URL_UNSET, DubanConfig, settings_from
from .safety import (
    CSP_SCOPE,
    content_security_policy,
    editor_meta,
    file_problems,
    inline_script_hashes,
    page_meta,
    rendered_title,
    unlisted_scripts,
)

log = logging.getLogger("mkdocs.plugins.duban")

__all__ = ["DubanPlugin"]


class DubanPlugin(BasePlugin[DubanConfig]):  # type: ignore[type-var,valid-type]
    """Generates the project columns, unit pages, bulletins and reports from ``data/``."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.output: Output | None = None
        self.pages: dict[str, PageSpec] = {}
        self.refused: list[DataError] = []
        self.script_hashes: list[str] = []
        self.preview = False
        """Build a preview (months not yet published, marked 预览，未发布): set by ``duban build
        --preview``, and by ``mkdocs serve`` / ``duban serve`` (see :meth:`on_startup`)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """``serve`` previews; a plain ``mkdocs build`` stays public. (Having this event also keeps
        the plugin across ``mkdocs serve`` rebuilds, so the flag holds.)"""
        self.preview = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Read the options into core settings and watch the data folder."""
        if not config.use_directory_urls:
            raise PluginError("duban: use_directory_urls must stay true (column URLs are /projects/<id>/)")
        settings = settings_from(self.config, config.config_file_path, config.docs_dir)
        self.settings = settings = replace(settings, preview=self.preview, site_url=config.site_url or "")
        if not config.site_url:  # a warning fails a strict build: there `duban build` says it on stderr
            (log.info if config.strict else log.warning)(SITE_URL_UNSET)
        config.watch.append(str(settings.data_dir))
        config.extra.setdefault("scope", CSP_SCOPE)  # one inline script text on every page: one hash
        self.script_hashes = inline_script_hashes(config)
        config.extra["duban"] = {
            "sample": settings.sample, "office": settings.office, "city": settings.city, "preview": settings.preview,
            "as_of": settings.as_of_label, "csp": content_security_policy(config, settings.image_hosts),
            "years": _years(settings),
        }
        _load_search_terms(settings.data_dir / "search-terms.txt", settings.project_root)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Run the core pipeline, then add every page and file it made as a virtual file."""
        assert self.settings is not None
        try:
            self.output = output = build(self.settings)
        except DataErrors as exc:
            raise PluginError(exc.report()) from None
        # The public build shows the record up to the latest published bulletin: the footer's
        # "数据截至" says so, and MkDocs stamps the sitemap (and its gzip header) with that record's
        # date instead of the build date, so the same data builds byte-identical output.
        shown = output.derived.model.data.settings
        config.extra["duban"]["as_of"] = shown.as_of_label
        os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(shown.as_of_date.timetuple()))
        for src_uri in output.not_pages:
            file = files.get_file_from_path(src_uri)
            if file is not None:
                files.remove(file)
        self.pages = {spec.path: spec for spec in output.pages}
        docs_dir, root = Path(config.docs_dir).resolve(), self.settings.project_root
        generated = []
        for spec in output.pages:
            file = File.generated(config, spec.path, content=spec.body)
            if spec.source is not None:  # edit links open the data file the page comes from
                file.edit_uri = Path(os.path.relpath(root / spec.source, docs_dir)).as_posix()
            generated.append(file)
        generated += [File.generated(config, asset.path, content=asset.content) for asset in output.assets]
        problems = file_problems(files, generated, config, root)
        if problems:
            raise PluginError(DataErrors(problems).report())
        for file in generated:
            files.append(file)
        _add_guide(files, config, root)
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Every page's metadata, escaped: MkDocs' own reading of front matter is replaced."""
        assert self.output is not None
        src = page.file.src_uri
        spec = self.pages.get(src)
        case = self.output.case_pages.get(src)
        if spec is not None:
            page.meta = page_meta(spec.title, spec.description, spec.meta)
        elif case is not None:
            page.meta = page_meta(case.title, case.title)
            markdown = case.head + "\n\n" + markdown
        else:  # an ordinary hand-written page: only the front matter the core validated
            meta = self.output.derived.model.data.pages.get(src)
            page.meta = editor_meta(meta) if meta is not None else {}
        if self.settings is not None and self.settings.preview:
            page.meta["search"] = {"exclude": True}  # nothing from a preview enters the search index
        self._share(page)
        return markdown

    def _share(self, page: Page) -> None:
        """The sitemap's ``lastmod`` from the data, and what the theme's Open Graph and feed links need."""
        assert self.output is not None and self.settings is not None
        share = self.output.sharing.get(page.file.src_uri, self.output.share_default)
        if share is None:
            return
        page.update_date = share.updated.isoformat()
        image = self.settings.absolute(share.image) if self.settings.site_url else ""
        # Only paths and fixed labels: no data text reaches the theme through here.
        page.meta["duban"] = {"og_type": share.kind, "image": image,
                              "feeds": [{"label": f.label, "type": f.type, "href": f.href} for f in share.feeds]}

    def on_post_build(self, config: MkDocsConfig) -> None:
        """A preview has no sitemap: nothing from it may be announced to search engines (its search
        index is empty too, page by page, in :meth:`on_page_markdown`)."""
        if self.settings is not None and self.settings.preview:
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                (Path(config.site_dir) / name).unlink(missing_ok=True)

    def on_page_content(self, html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Sanitize hand-written pages (and case articles): editors' raw HTML never runs."""
        if page.file.src_uri in self.pages:
            return html_text  # generated: every value escaped at render time
        if "title" not in page.meta and page.title:  # taken from the first heading, once escaped
            page.meta["title"] = rendered_title(page.title)
        assert self.settings is not None
        clean = sanitize_html(html_text, policy(self.settings))
        name = Path(os.path.relpath(page.file.abs_src_path or page.file.src_uri, self.settings.project_root)).as_posix()
        self.refused += [DataError(name, None, (), zh, en) for zh, en in clean.refused]
        return clean.html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Warn (which fails the strict build) about inline scripts the policy would block."""
        unlisted = unlisted_scripts(output, self.script_hashes)
        if unlisted:
            log.warning(f"duban: {page.file.src_uri} 有 {unlisted} 段内联脚本不在内容安全策略允许之列，浏览器会拒绝执行；"
                        f"请把脚本移入 theme/ 下的 .js 文件 / {unlisted} inline script(s) the Content-Security-Policy does not "
                        "allow: browsers would refuse them; move the script into a .js file under theme/")
        return output

    def on_env(self, env, config: MkDocsConfig, files: Files):  # type: ignore[no-untyped-def]
        """Fail before any page is written when sanitizing removed images or addresses an editor wrote."""
        if self.refused:
            problems, self.refused = self.refused, []
            raise PluginError(DataErrors(problems).report())
        return env


GUIDE = "guide/index.md"
"""Where the editors' guide (``docs/editors-guide.md``, in Chinese) is published: ``/guide/``."""


def _add_guide(files: Files, config: MkDocsConfig, root: Path) -> None:
    """Publish the editors' guide and its screenshots (``docs/images/editors-guide/``), when the
    project has one. Its image links are relative, so they resolve in ``docs/`` and on the site."""
    guide = root / "docs" / "editors-guide.md"
    if files.get_file_from_path(GUIDE) is not None:
        return
    if not guide.is_file():
        if GUIDE in str(config.nav or ""):
            raise PluginError(f"duban: 导航中有“填报指南”（{GUIDE}），但缺少 docs/editors-guide.md：请把 docs/ 文件夹一起复制，"
                              "或从 mkdocs.yml 的 nav 中删去这一行 / the nav lists the editors' guide but docs/editors-guide.md "
                              "is missing")
        return
    files.append(File.generated(config, GUIDE, content=guide.read_text(encoding="utf-8")))
    for image in sorted((guide.parent / "images" / "editors-guide").glob("*.png")):
        files.append(File.generated(config, f"guide/images/editors-guide/{image.name}", content=image.read_bytes()))


def _years(settings: Settings) -> list[dict[str, object]]:
    """The header's year switcher: this year and the sibling sites beside it (``../<year>/``)."""
    if not settings.other_years:
        return []
    years = sorted({settings.year, *settings.other_years}, reverse=True)
    return [{"year": y, "href": "" if y == settings.year else f"../{y}/", "current": y == settings.year} for y in years]


def _load_search_terms(path: Path, root: Path) -> None:
    """Teach jieba (used by Material's search) the project's domain words."""
    if not path.exists() and not path.is_symlink():
        return
    try:  # read with the data rules: a link or a pipe here is an error, never followed or waited on
        name = Path(os.path.relpath(path, root)).as_posix()
        terms = decode_text(read_bytes(path, name), name)
    except DataErrors as exc:
        raise PluginError(exc.report()) from None
    try:
        import jieba  # type: ignore[import-untyped]
    except ImportError:  # search still works, with coarser Chinese segmentation
        log.warning("duban: jieba is not installed; Chinese search segmentation is off")
        return
    jieba.setLogLevel(logging.WARNING)
    jieba.load_userdict(io.BytesIO(terms.encode("utf-8")))
