"""The MkDocs adapter: options in, page specs out as virtual files. No business logic."""

from __future__ import annotations

import calendar
import html
import logging
import os
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .errors import DataError, DataErrors
from .fields import Month
from .models import Case
from .pages import PageSpec
from .pipeline import Output, build_output
from .sanitize import sanitize_html
from .settings import Settings
from .yamlio import decode_text

log = logging.getLogger("mkdocs.plugins.duban")


class DubanConfig(base.Config):
    """Options of the ``duban`` plugin in ``mkdocs.yml``."""

    data_dir = c.Type(str, default="data")
    """Data folder, relative to ``mkdocs.yml``."""
    year = c.Type(int)
    """Year of the list."""
    as_of = c.Type(str)
    """As-of month ``YYYY-MM``: statuses are computed up to it (never from the clock)."""
    drafts = c.Type(bool, default=True)
    """Show unpublished months as previews; set false for a production build."""
    first_month = c.Type(int, default=2)
    """First reporting month (the plan publishes from February)."""
    city = c.Type(str, default="大连市")
    """City name."""
    office = c.Type(str, default="")
    """Issuing office; default ``<city>人民政府督查考核办公室``."""
    sample = c.Type(bool, default=False)
    """Mark every page as sample data."""
    title = c.Type(str, default="")
    """Site title override."""
    warning_gap = c.Type((int, float), default=10)
    """Early-warning gap behind time-elapsed progress, in percentage points."""
    alert_gap = c.Type((int, float), default=30)
    """Serious-warning gap, in percentage points."""
    pace_months = c.Type(int, default=3)  # checked in on_config: 1..11
    """Months of recent pace used to project the year end."""
    pace_threshold = c.Type((int, float), default=95)
    """Warn when the projected year-end figure is below this % of the target."""


def _meta(spec: PageSpec) -> dict[str, object]:
    # MkDocs renders titles and meta without autoescape: escape here. Meta is set on the
    # page object, never written as YAML front matter that data could break out of.
    return {"title": html.escape(spec.title), "description": html.escape(spec.description), **spec.meta}


class DubanPlugin(BasePlugin[DubanConfig]):
    """Generates the project columns, unit pages and overviews from ``data/``."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.pages: dict[str, PageSpec] = {}
        self.case_heads: dict[str, tuple[Case, str]] = {}
        self.output: Output | None = None
        self.prefaces: dict[Month, str] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Read the options into core settings and watch the data folder."""
        root = Path(config.config_file_path or ".").resolve().parent
        if not config.use_directory_urls:
            raise PluginError("duban: use_directory_urls must stay true (column URLs are /projects/<id>/)")
        try:
            as_of = Month.parse(self.config.as_of)
        except Exception:
            raise PluginError(f"duban: as_of 应写作 YYYY-MM（如 \"2022-09\"），得到 {self.config.as_of!r} / "
                              "as_of must be YYYY-MM") from None
        if as_of.year != self.config.year:
            raise PluginError(f"duban: as_of {as_of} 不在 year {self.config.year} 年内 / as_of is outside year")
        if not 1 <= self.config.pace_months <= 11:
            raise PluginError("duban: pace_months 应为 1 到 11 / pace_months must be 1..11")
        if not 1 <= self.config.first_month <= as_of.month:
            raise PluginError(f"duban: first_month 应在 1 到 as_of 的月份之间 / first_month must be 1..{as_of.month}")
        self.settings = Settings(
            year=self.config.year, as_of=as_of, city=self.config.city,
            office=self.config.office or f"{self.config.city}人民政府督查考核办公室",
            sample=self.config.sample, title=self.config.title,
            warning_gap=float(self.config.warning_gap), alert_gap=float(self.config.alert_gap),
            first_month=self.config.first_month, drafts=self.config.drafts, pace_months=self.config.pace_months,
            pace_threshold=float(self.config.pace_threshold), data_dir=root / self.config.data_dir,
        )
        config.watch.append(str(self.settings.data_dir))
        # MkDocs stamps the sitemap (and its gzip header) with the build date; make that the
        # data's as-of date so the same data builds byte-identical output.
        last_day = as_of.last_day
        os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(last_day.timetuple()))
        config.extra["duban"] = {
            "sample": self.settings.sample, "office": self.settings.office, "city": self.settings.city,
            "as_of": f"{as_of.year} 年 {as_of.month} 月底",
        }
        _load_search_terms(self.settings.data_dir / "search-terms.txt")
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Load, derive and render, then add every page as a virtual file."""
        assert self.settings is not None
        problems, texts = _read_editor_pages(files)
        prefaces = _take_prefaces(files, texts, problems)
        cases = [(uri, _shown(files, uri), text) for uri, text in texts.items() if CASE_PAGE.fullmatch(uri)]
        try:
            output = build_output(self.settings, prefaces, cases)
        except DataErrors as exc:
            raise PluginError(DataErrors([*problems, *exc.errors]).report()) from None
        if problems:
            raise PluginError(DataErrors(problems).report())
        self.pages = {spec.path: spec for spec in output.pages}
        self.output, self.prefaces = output, prefaces
        self.case_heads = output.case_heads
        docs_dir = Path(config.docs_dir)
        repo_root = Path(config.config_file_path or ".").resolve().parent
        for spec in output.pages:
            if files.get_file_from_path(spec.path) is not None:
                raise PluginError(f"duban: {config.docs_dir}/{spec.path} 与自动生成的页面冲突 / "
                                  "conflicts with a generated page; rename or remove it")
            file = File.generated(config, spec.path, content=spec.body)
            file.edit_uri = _edit_uri(spec, docs_dir, repo_root)
            files.append(file)
        for asset in output.assets:
            files.append(File.generated(config, asset.path, content=asset.content))
        return files


    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Give generated pages their (escaped) title and description."""
        spec = self.pages.get(page.file.src_uri)
        if spec is not None:
            page.meta = _meta(spec)
        case = self.case_heads.get(page.file.src_uri)
        if case is not None:
            front, head = case
            # Front matter is editors' text: MkDocs would show it unescaped, so replace it.
            page.meta = {"title": html.escape(front.title), "description": html.escape(front.title)}
            return head + "\n\n" + markdown
        return markdown

    def on_page_content(self, html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Sanitize hand-written pages (and case articles): editors' raw HTML never runs."""
        if page.file.src_uri in self.pages:
            return html_text  # generated: every value escaped at render time
        return sanitize_html(html_text)


CASE_PAGE = re.compile(r"cases/(praise|exposed)/(?!index\.md$)[^/]+\.md")
"""Editors' case pages: ``content/cases/<kind>/<slug>.md``."""
PREFACES = "bulletins/prefaces/"
"""Editors' bulletin prefaces live in ``content/bulletins/prefaces/<yyyy-mm>.md``."""


def _shown(files: Files, src_uri: str) -> str:
    file = files.get_file_from_path(src_uri)
    return os.path.relpath(file.abs_src_path) if file is not None and file.abs_src_path else src_uri


def _read_editor_pages(files: Files) -> tuple[list[DataError], dict[str, str]]:
    """Every hand-written Markdown page, decoded with the same checks as data files (UTF-8 …)."""
    problems: list[DataError] = []
    texts: dict[str, str] = {}
    for file in files:
        if file.generated_by or not file.src_uri.endswith(".md") or not file.abs_src_path:
            continue
        try:
            texts[file.src_uri] = decode_text(Path(file.abs_src_path).read_bytes(), os.path.relpath(file.abs_src_path))
        except DataErrors as exc:
            problems += exc.errors
    return problems, texts


def _take_prefaces(files: Files, texts: dict[str, str], problems: list[DataError]) -> dict[Month, str]:
    """Remove the preface files from the site (they are not pages) and return their Markdown."""
    prefaces: dict[Month, str] = {}
    for file in [f for f in files if f.src_uri.startswith(PREFACES) and f.src_uri.endswith(".md")]:
        files.remove(file)
        stem = file.src_uri[len(PREFACES):-3]
        try:
            month = Month.parse(stem)
        except Exception:
            problems.append(DataError(os.path.relpath(file.abs_src_path or stem),
                                      None, (), "通报前言的文件名应为 YYYY-MM.md（如 2022-08.md）",
                                      "preface files are named YYYY-MM.md"))
            continue
        if file.src_uri in texts:
            prefaces[month] = texts[file.src_uri]
    return prefaces


def _edit_uri(spec: PageSpec, docs_dir: Path, repo_root: Path) -> str | None:
    """The data file's path relative to ``docs_dir``, so edit links open the YAML."""
    if spec.source is None:
        return None
    source = Path(spec.source)
    source = source if source.is_absolute() else (Path.cwd() / source)
    return Path(os.path.relpath(source.resolve(), docs_dir.resolve())).as_posix()


def _load_search_terms(path: Path) -> None:
    """Teach jieba (used by Material's search) the project's domain words."""
    if not path.is_file():
        return
    try:
        import jieba  # type: ignore[import-untyped]
    except ImportError:  # search still works, with coarser Chinese segmentation
        log.warning("duban: jieba is not installed; Chinese search segmentation is off")
        return
    jieba.setLogLevel(logging.WARNING)
    jieba.load_userdict(str(path))


