"""The MkDocs adapter: options in, page specs out as virtual files. No business logic.

Each event does one job and delegates (mkdocs-gen-files' ``plugin.py``): ``on_config``
turns the options into core settings, ``on_files`` runs the core pipeline and adds its
pages, ``on_page_markdown`` sets every page's escaped metadata (and takes generated pages off
Markdown), ``on_page_context`` renders a generated page's HTML as it is written and indexes it
for search, ``on_post_page`` frees it, ``on_page_content`` sanitizes editors' pages,
``on_env`` fails the build on what sanitizing had to remove. The safety rules themselves live
in :mod:`generator.adapters.safety`. While serving, :mod:`.serving` reuses pages that did not
change.
"""

from __future__ import annotations

import calendar
import gc
import logging
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils.templates import TemplateContext

from ..data.loader import ReadCache
from ..errors import DataError, DataErrors
from ..pipeline import Output, build
from ..render.markup import Heading, Html
from ..render.pages import SITEMAP, AssetSpec, PageSpec, policy, sitemap_page, use_template_cache
from ..render.portal import portal_lines
from ..render.sanitize import sanitize_html
from ..render.sitemap import MapEntry
from ..settings import Settings
from .config import SITE_URL_UNSET, DubanConfig, settings_from
from .material import NavCache, Rendered, quick_theme_listing, valid_toggles
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
from .search import (
    add_entry,
    defer_segmentation,
    index_as_utf8,
    material_search,
    read_search_terms,
    segment_entries,
    skip_unindexed,
    template_cache,
)
from .serving import LiveCache, MadeCache, fast_polling, nav_fingerprint, with_unchanged_template
from .writer import MadeOnWrite, Writer, can_fork, rss_mib

log = logging.getLogger("mkdocs.plugins.duban")

__all__ = ["DubanPlugin"]

_NEVER = 10**9
"""A third garbage-collection threshold no build reaches: no full collection (:meth:`DubanPlugin.on_files`)."""


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
        self.serving = False
        self.live = LiveCache()
        self.made = MadeCache()
        self.reads: ReadCache | None = None
        """While serving, the data files' readings, kept from one rebuild to the next."""
        self.nav = ""
        self.anchored: set[str] = set()
        self.search: Any | None = None
        self.search_terms: str | None = None
        self.search_words: list[str] = []
        """What jieba learns before the entries are segmented: ``data/search-terms.txt``, district names."""
        self.writer: Writer | None = None
        self.notices: list[str] = []
        """What the operator should know about the last build (``duban build`` prints them)."""
        self.base_mib = 0.0
        """This process' memory when the build started (what the second process would not copy)."""
        self.sidebars: NavCache | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """``serve`` previews; a plain ``mkdocs build`` stays public. (Having this event also keeps
        the plugin across ``mkdocs serve`` rebuilds, so the flag holds.)"""
        self.serving = self.preview = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Read the options into core settings and watch the data folder."""
        if not config.use_directory_urls:
            raise PluginError("duban: use_directory_urls must stay true (column URLs are /projects/<id>/)")
        self.base_mib, self.notices = rss_mib(), []
        settings = settings_from(self.config, config.config_file_path, config.docs_dir)
        settings = replace(settings, preview=self.preview, site_url=config.site_url or "")
        if not config.site_url:  # a warning fails a strict build: there `duban build` says it on stderr
            (log.info if config.strict else log.warning)(SITE_URL_UNSET)
        if self.serving:  # a saved change should show at once: Word and WeChat files wait for `duban build`
            settings = replace(settings, documents=False)
            self.live.start(config)
            self.made.start()
            self.reads = self.reads or ReadCache()
        else:  # MkDocs keeps this plugin object for the process: nothing of a served build is reused
            self.live, self.made, self.reads = LiveCache(), MadeCache(), None
        self.settings = settings
        quick_theme_listing(config, remember=self.serving)
        use_template_cache(template_cache())
        config.watch.append(str(settings.data_dir))
        config.extra.setdefault("scope", CSP_SCOPE)  # one inline script text on every page: one hash
        self.script_hashes = inline_script_hashes(config)
        config.extra["duban"] = {
            "sample": settings.sample, "office": settings.office, "city": settings.city, "preview": settings.preview,
            "as_of": settings.as_of_label,
            "csp": content_security_policy(config, settings.image_hosts, hashes=self.script_hashes),
            "portal": portal_lines(settings),
            "years": _years(settings),
        }
        self.search_terms = read_search_terms(settings.data_dir / "search-terms.txt", settings.project_root)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Run the core pipeline, then add every page and file it made as a virtual file."""
        assert self.settings is not None
        # The dataset and page specs live until the build ends, and a full garbage collection walks
        # every object alive: while they are made only young objects are collected (at 5,000
        # projects 19 full collections during load, derive and render took 6.3 s, each longer than
        # the one before; with none there the peak memory was the same), and once they
        # are made they are frozen out of every later collection (3 % of a 1,000-project build).
        # `duban serve` rebuilds in one process and skips both; on_post_build unfreezes.
        thresholds = gc.get_threshold()
        if not self.serving:
            gc.set_threshold(thresholds[0], thresholds[1], _NEVER)
        try:
            self.output = output = build(self.settings, self.reads)
        except DataErrors as exc:
            raise PluginError(exc.report()) from None
        finally:
            gc.set_threshold(*thresholds)
        if not self.serving:
            gc.freeze()
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
        self.search_words = [d.name for d in output.derived.model.data.districts.values()]
        self.search = search = material_search(config)
        if search is not None:
            index_as_utf8(search)
            defer_segmentation(search)
            skip_unindexed(config, search, lambda page: page.file.src_uri in self.pages)
        docs_dir, root = Path(config.docs_dir).resolve(), self.settings.project_root
        generated = []
        for spec in output.pages:
            file = File.generated(config, spec.path, content="")  # the body is rendered when the page is written
            if spec.source is not None:  # edit links open the data file the page comes from
                file.edit_uri = Path(os.path.relpath(root / spec.source, docs_dir)).as_posix()
            generated.append(file)
        made = self.made.wrap if self.serving else None
        generated += [_asset_file(config, asset, made) for asset in output.assets]
        problems = file_problems(files, generated, config, root)
        if problems:
            raise PluginError(DataErrors(problems).report())
        for file in generated:
            files.append(file)
        if not self.serving and self.settings.processes > 1 and can_fork():
            written = [file for file in generated if isinstance(file, MadeOnWrite)]
            self.writer = Writer(written, self.settings.memory_budget, self.base_mib)
        # The files hold what makes them now, and each lets go of it once written (MadeOnWrite).
        self.output = replace(output, assets=[])
        _add_guide(files, config, root)
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Give the 网站地图 the navigation's sections; while serving, note the navigation (a page
        that is reused must show the same one). The sidebars of this navigation start empty."""
        self.sidebars = NavCache(nav, config)
        if self.serving:
            self.nav = nav_fingerprint(nav)
        if self.output is not None and SITEMAP in self.pages:
            derived = self.output.derived
            self.pages[SITEMAP] = sitemap_page(derived.model, derived.bulletins, _map_entries(nav.items))
        return nav

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Every page's metadata, escaped: MkDocs' own reading of front matter is replaced."""
        assert self.output is not None
        src = page.file.src_uri
        spec = self.pages.get(src)
        case = self.output.case_pages.get(src)
        if spec is not None:
            page.meta = page_meta(spec.title, spec.description, spec.meta)
            _without_markdown(page)
            if self.serving:
                self.live.prepare(page, spec, self.nav)
        elif case is not None:
            page.meta = page_meta(case.title, case.title)
        else:  # an ordinary hand-written page: only the front matter the core validated
            meta = self.output.derived.model.data.pages.get(src)
            page.meta = editor_meta(meta) if meta is not None else {}
        if self.settings is not None and self.settings.preview:
            page.meta["search"] = {"exclude": True}  # nothing from a preview enters the search index
        self._share(page)
        return markdown

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Notice saved files sooner (see :mod:`.serving`)."""
        fast_polling(server)
        return server

    @event_priority(50)  # before Material's search plugin reads the page
    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        """Render a generated page's body now, as it is written, and index what citizens search
        (nothing from a preview)."""
        spec = self.pages.get(page.file.src_uri)
        if spec is not None:
            _fill(page, self.live.html(spec.path) or spec.html(), spec.path in self.anchored)
            context["duban_output"] = self.live.previous(spec.path) if self.serving else None  # type: ignore[typeddict-unknown-key]
            if self.search is not None and not spec.search_page and not (self.settings and self.settings.preview):
                add_entry(self.search, page, spec)
        return context


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

    @event_priority(100)  # before Material's search plugin writes the index, and any plugin looks at the files
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Let go of the dataset (a public build is done with it), segment the search entries with
        jieba, wait for the files written by a second process (and fail as it failed). A preview
        has no sitemap: nothing from it may be announced to search engines (its search index is
        empty too, page by page, in :meth:`on_page_markdown`)."""
        gc.unfreeze()  # frozen in on_files: a second build in this process (duban check) may free this one
        if not self.serving:  # a served rebuild compares with this one (:mod:`.serving`)
            self.output, self.pages, self.sidebars = None, {}, None
        if self.search is not None and self.search.search_index.entries:
            segment_entries(self.search, self.search_terms, self.search_words, eager=self.serving)
        writer, self.writer = self.writer, None  # (taken only now: should segmenting fail, on_build_error stops it)
        if writer is not None:
            writer.wait()
            if writer.note:
                self.notices.append(writer.note)
        if self.settings is not None and self.settings.preview:
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                (Path(config.site_dir) / name).unlink(missing_ok=True)

    def on_build_error(self, *, error: Exception) -> None:
        """The build failed: stop the second process, whose files will not be published."""
        writer, self.writer = self.writer, None
        if writer is not None:
            writer.stop()
        gc.unfreeze()

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
        return _with_case_head(self.output, page, clean.html)

    @event_priority(-100)  # after every other plugin has seen the page
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Warn (which fails the strict build) about inline scripts the policy would block; then
        free the page's body: a big site never holds every body at once."""
        unlisted = unlisted_scripts(output, self.script_hashes)
        if unlisted:
            log.warning(f"duban: {page.file.src_uri} 有 {unlisted} 段内联脚本不在内容安全策略允许之列，浏览器会拒绝执行；"
                        f"请把脚本移入 theme/ 下的 .js 文件 / {unlisted} inline script(s) the Content-Security-Policy does not "
                        "allow: browsers would refuse them; move the script into a .js file under theme/")
        output = valid_toggles(output)
        if self.serving:
            self.live.remember(page.file.src_uri, output)
        page.content = None
        page.toc = TableOfContents([])
        return output

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """Theme pages that are not documents (``404.html``) get the same valid toggles."""
        return valid_toggles(output_content)

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Fail before any page is written when sanitizing removed images or addresses an editor
        wrote; keep the theme's compiled templates between builds (Jinja's own per-user cache);
        note which pages hand-written pages link into with an ``#anchor`` (MkDocs checks those);
        give the theme this build's shared sidebars and parts (:mod:`.material`)."""
        if self.refused:
            problems, self.refused = self.refused, []
            raise PluginError(DataErrors(problems).report())
        self.anchored = _anchored(files)
        env.bytecode_cache = template_cache()
        env.globals["duban_nav"] = self.sidebars
        env.globals["duban_parts"] = Rendered()
        return with_unchanged_template(env) if self.serving else env


Wrap = Callable[[str, Callable[[], bytes | str]], Callable[[], bytes | str]]


def _asset_file(config: MkDocsConfig, asset: AssetSpec, wrap: Wrap | None = None) -> File:
    """The file of ``asset``; ``wrap`` (while serving) may answer a made-on-write file from the
    previous rebuild."""
    if not callable(asset.content):
        return File.generated(config, asset.path, content=asset.content)
    file = MadeOnWrite.generated(config, asset.path, content=b"")
    assert isinstance(file, MadeOnWrite)
    file.make = wrap(asset.path, asset.content) if wrap else asset.content
    return file


def _with_case_head(output: Output | None, page: Page, html_text: str) -> str:
    """A case page's facts block (escaped HTML from the core) above the editor's article: added
    as HTML, after the article is sanitized, rather than handed to Markdown to read back."""
    case = output.case_pages.get(page.file.src_uri) if output else None
    return html_text if case is None else f"{case.head}\n{html_text}"


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


def _map_entries(items: list[Any]) -> list[MapEntry]:
    """The navigation as plain site-map entries (a section has no address of its own)."""
    out = []
    for item in items:
        if isinstance(item, Page):
            out.append(MapEntry(str(item.title or ""), item.url))
        elif getattr(item, "children", None) is not None:
            out.append(MapEntry(str(item.title or ""), "", _map_entries(item.children), linked=False))
    return out


def _without_markdown(page: Page) -> None:
    """A generated page is not parsed as Markdown: its HTML comes from the core when it is written."""
    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = ""  # filled in on_page_context, just before the theme renders the page

    setattr(page, "render", render)  # noqa: B010 - replaces the method on this one page object


def _toc(headings: list[Heading]) -> list[AnchorLink]:
    links = []
    for h in headings:
        link = AnchorLink(h.title, h.id, h.level)
        link.children = _toc(h.children)
        links.append(link)
    return links


def _anchored(files: Files) -> set[str]:
    """Pages that a Markdown page links to with an anchor (``projects/gas-safety.md#plan``)."""
    return {target.src_uri for file in files.documentation_pages() if file.page is not None
            for target in (file.page.links_to_anchors or {})}


def _fill(page: Page, body: Html, anchored: bool) -> None:
    """What MkDocs' Markdown rendering would have set on the page. The page's ids are kept only
    where a hand-written page links to one of them (MkDocs checks those links at the end)."""
    page.content = body.content
    page.toc = TableOfContents(_toc(body.toc))
    page.present_anchor_ids = set(body.ids) if anchored else None


def _years(settings: Settings) -> list[dict[str, object]]:
    """The header's year switcher: this year and the sibling sites beside it (``../<year>/``)."""
    if not settings.other_years:
        return []
    years = sorted({settings.year, *settings.other_years}, reverse=True)
    return [{"year": y, "href": "" if y == settings.year else f"../{y}/", "current": y == settings.year} for y in years]
