"""Page specs: every generated page as plain data (path, title, body, meta), and the other files.

Bodies are rendered here with an autoescaping Jinja environment, because MkDocs'
own theme environment does not autoescape. Titles stay plain text in the spec; the
MkDocs adapter escapes them before MkDocs sees them. Nothing here imports MkDocs, so
another writer (ProperDocs, Zensical, a plain HTML writer) can take the same specs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ..data.loader import Dataset, display_path
from ..data.models import Case, CaseKind
from ..data.snapshots import Snapshot, snapshot_path
from ..dates import Month
from ..engine.accountability import SCORE_BASE
from ..engine.bulletins import Bulletin, Correction
from ..engine.model import SiteModel
from ..engine.oversight import inspection_entries, leader_records
from ..engine.periods import SpecialReport, periods, summarise
from ..engine.status import HEADLINE_ORDER, RULES, Light, ProjectStatus, elapsed_percent
from ..errors import DataError
from ..formats import amount, pct, qty, show
from ..settings import Settings
from . import districts, oversight, views
from .chart import LIGHT_COLOURS, milestone_strip, plan_chart
from .markup import Html, to_html
from .paging import Pager, chunk_groups, page_path, pagers, split, url_of
from .sanitize import Policy, markdown_to_safe_html
from .search import bulletin_text, project_text, unit_text
from .sitemap import MapEntry, accessibility_view, site_map
from .tables import label_cells
from .word import bulletin_docx

__all__ = ["SITEMAP", "WECHAT_CSP", "AssetSpec", "Body", "CasePage", "PageSpec", "policy", "preface_problems",
           "render_assets", "render_case_pages", "render_pages", "sitemap_page"]


@dataclass(frozen=True)
class Body:
    """A page body, rendered when it is asked for — when the page is written — and not kept:
    a site of 10,000 projects never holds every body at once."""

    template: str
    path: str
    view: Callable[[], object]
    """Makes the template's view object (built late too: a project's chart is part of it)."""
    inserts: tuple[tuple[str, str], ...] = ()
    """Text put in place of a marker after rendering (a bulletin's sanitized preface)."""

    def text(self) -> str:
        """The body: HTML blocks and ``## heading {: #id }`` lines (see :mod:`.markup`)."""
        text = _render_now(self.template, self.path, self.view())
        for old, new in self.inserts:
            text = text.replace(old, new)
        return text

    def replace(self, old: str, new: str) -> Body:
        """The same body with ``old`` replaced by ``new`` once it is rendered (as ``str.replace``)."""
        return replace(self, inserts=(*self.inserts, (old, new)))


@dataclass(frozen=True)
class PageSpec:
    """One generated page, independent of the site generator that will publish it."""

    path: str
    """Source path, e.g. ``projects/gas-safety.md``; its URL is ``projects/gas-safety/``."""
    title: str
    """Plain-text title (not escaped)."""
    content: Body | str
    """The body, rendered on demand (:attr:`body`, :meth:`html`)."""
    description: str = ""
    """Plain-text summary for the page's meta description."""
    source: str | None = None
    """Data file the page is generated from, relative to the project root (for the edit link)."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Extra page metadata (e.g. search boost)."""
    search: str = ""
    """Plain text the search index holds for this page besides its title and description
    (:mod:`.search`): what citizens search by, not every table cell."""
    search_page: bool = False
    """Index the page's whole text instead (small fixed pages such as the rules)."""

    @property
    def body(self) -> str:
        """Markdown whose data-bearing parts are raw HTML blocks, already escaped."""
        return self.content if isinstance(self.content, str) else self.content.text()

    def html(self) -> Html:
        """The body as HTML with its table of contents, without a Markdown parser (:mod:`.markup`)."""
        return to_html(self.body)


@dataclass(frozen=True)
class AssetSpec:
    """A generated file that is not a page (a .docx, an HTML fragment)."""

    path: str
    """Path in the site, e.g. ``bulletins/2022-03/2022-03.docx``."""
    content: bytes | str | Callable[[], bytes | str]
    """The content, or a function that makes it when the file is written (share images, feeds and
    embeds of a big list would otherwise all be held at once: gigabytes at 10,000 projects)."""

    def data(self) -> bytes | str:
        """The content, made now if it is made on demand (and not kept)."""
        return self.content() if callable(self.content) else self.content


@dataclass(frozen=True)
class CasePage:
    """What an editor's case page gets: an escaped title and the facts block above the article."""

    title: str
    """Plain-text title (not escaped)."""
    head: str
    """Escaped HTML block placed above the editor's Markdown."""


WECHAT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'"
"""The WeChat version is copied into WeChat's editor with its inline styles: it needs them, and no script at all."""


def lines(text: str | None) -> Markup:
    """Escape plain text and keep its line breaks (never a raw newline inside an HTML block)."""
    if text is None:
        return Markup("")
    return Markup("<br>").join(escape(line) for line in text.splitlines() if line.strip())


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.render", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=StrictUndefined, keep_trailing_newline=True,
    )
    env.filters.update(qty=qty, pct=pct, lines=lines, amount=amount)
    env.globals.update(Light=Light, colours=LIGHT_COLOURS, RULES=RULES, HEADLINE_ORDER=HEADLINE_ORDER,
                       elapsed_percent=elapsed_percent, show=show)
    return env


_ENV = _environment()


def use_template_cache(cache: BytecodeCache) -> None:
    """Keep compiled page templates in ``cache`` (the caller owns where it writes)."""
    _ENV.bytecode_cache = cache


def _render(template: str, path: str, view: object) -> Body:
    """The page at ``path``: ``template`` with ``view``, rendered when the page is written."""
    return Body(template, path, lambda: view)


def _later(template: str, path: str, make_view: Callable[[], object]) -> Body:
    """As :func:`_render`, with the view itself built only when the page is written."""
    return Body(template, path, make_view)


def _render_now(template: str, path: str, view: object) -> str:
    depth = path.count("/") + (0 if path.endswith("index.md") else 1)
    text = label_cells(_ENV.get_template(template).render(root="../" * depth, **views.context(view)))
    # A blank line ends a raw HTML block in Markdown, so drop them all, and set the only
    # Markdown lines (section headings) apart with blank lines.
    out = []
    for line in text.splitlines():
        if line.startswith("#"):
            out += ["", line, ""]
        elif line.strip():
            out.append(line)
    return "\n".join(out) + "\n"


def _chart(s: ProjectStatus, settings: Settings) -> Markup:
    p = s.project
    cur = s.current
    if not p.numeric:
        done = sum(1 for m in s.months if m.due and m.status.base_light in (Light.GREEN, Light.BLUE))
        due = sum(1 for m in s.months if m.due)
        desc = (f"本项目无数量目标。截至 {settings.as_of_label}，{due} 个已到期月份中 {done} 个月完成或经批准调整节点任务；"
                f"当前状态：{cur.status.label}。逐月情况见月度推进计划表。")
        return Markup(milestone_strip(s.months, f"chart-{p.id}", f"{p.title}：逐月节点完成情况", desc))  # noqa: S704
    style = settings.quantity_style
    desc = (f"截至 {settings.as_of_label}累计完成 {amount(cur.cumulative, p.measure, style)}，"
            f"为全年目标 {amount(p.target, p.measure, style)}的 {pct(cur.percent_of_target)}；"
            "柱形为各月实际累计完成量，折线为计划累计数。逐月数字见月度推进计划表。")
    return Markup(plan_chart(s.months, float(p.target or 0), f"chart-{p.id}",  # noqa: S704 - numbers and escaped text only
                             f"{p.title}：计划与实际累计完成量", desc))


def _source(settings: Settings, path: Any) -> str:
    return display_path(path, settings.project_root)


def _paged(path: str, title: str, template: str, chunks: list[Any], make: Callable[[Any, Pager | None], object],
           rows: Callable[[Any], int] = len, **spec: Any) -> list[PageSpec]:
    """A listing on as many numbered pages as it has chunks (one page, as before, for one chunk).

    Later pages are left out of the search index: the first page stands for the listing."""
    out = []
    for chunk, pager in zip(chunks, pagers(path, [rows(c) for c in chunks]), strict=True):
        number = pager.number if pager else 1
        page = page_path(path, number)
        extra = {} if number == 1 else {"meta": {"search": {"exclude": True}}}
        out.append(PageSpec(page, title if number == 1 else f"{title}（第 {number} 页）",
                            _later(template, page, functools.partial(make, chunk, pager)), **{**spec, **extra}))
    return out


def _group_rows(chunk: list[tuple[Any, list[Any], bool]]) -> int:
    return sum(len(rows) for _, rows, _ in chunk)


def _bulletin_page(model: SiteModel, b: Bulletin, chunk: Any, pager: Pager | None) -> object:
    return views.bulletin_view(model, b, chunk if pager else None, pager)


def _cases_page(model: SiteModel, kind: CaseKind, rows: tuple[int, int], pager: Pager | None) -> object:
    return views.cases_view(model, kind, rows if pager else None, pager)


def _bulletin_pages(model: SiteModel, bulletins: list[Bulletin]) -> tuple[list[PageSpec], dict[tuple[Month, str], str]]:
    """The bulletin index, each bulletin (on numbered pages when long) and the corrections; also
    the page of every project row not on its bulletin's first page (for links from reports)."""
    settings = model.data.settings
    pages = [PageSpec("bulletins/index.md", "月度通报",
                      _render("bulletins.md", "bulletins/index.md", views.BulletinsView(bulletins[::-1], settings)),
                      description=f"{settings.city}{settings.year}年重点民生实事项目月度通报")]
    row_pages: dict[tuple[Month, str], str] = {}
    for b in bulletins:
        path = f"bulletins/{b.month}.md"
        title = f"{b.month.year}年{b.month.month}月重点民生实事项目推进情况通报"
        chunks = chunk_groups(views.bulletin_groups(model, b), settings.page_size)
        for number, chunk in enumerate(chunks[1:], start=2):
            row_pages.update({(b.month, r.project): url_of(page_path(path, number)) for _, rows, _ in chunk for r in rows})
        specs = _paged(path, title + ("" if b.published else "（预览，未发布）"), "bulletin.md", chunks,
                       functools.partial(_bulletin_page, model, b),
                       _group_rows, description=b.headline, search=bulletin_text(b),
                       source=_source(settings, snapshot_path(settings.data_dir, b.month)) if b.published else None)
        # The editor's preface is Markdown from content/: rendered and sanitized here, because
        # generated pages are not sanitized again (their values are escaped instead).
        preface = markdown_to_safe_html(b.preface, policy(settings)).html + "\n" if b.preface else ""
        body = specs[0].content
        assert isinstance(body, Body)
        pages += [replace(specs[0], content=body.replace("<!--preface-->\n", preface)), *specs[1:]]
    corrections = [c for b in bulletins for c in b.corrections]
    pages.append(PageSpec("bulletins/corrections.md", "更正说明",
                          _render("corrections.md", "bulletins/corrections.md", views.CorrectionsView(corrections)),
                          description="月度通报发布后的数据更正"))
    return pages, row_pages


def _report_pages(model: SiteModel, specials: list[SpecialReport], built: set[Any],
                  row_pages: dict[tuple[Month, str], str]) -> list[PageSpec]:
    d = model.data
    pages = _paged("reports/index.md", "季报、年报与专项报告", "reports.md", split(specials, d.settings.page_size),
                   lambda rows, pager: views.reports_view(model, rows, pager),
                   description="重点民生实事项目季报、年报和牵头单位专项报告")
    for period in periods(model):
        path = f"reports/{period.slug}.md"
        summary = summarise(model, period)
        chunks = chunk_groups(views.report_groups(model, period, built, summary, row_pages), d.settings.page_size)
        pages += _paged(path, f"{period.title}报告", "report.md", chunks,
                        functools.partial(views.report_view, model, period, built, summary),
                        _group_rows, description=f"{period.title}重点民生实事项目推进情况报告")
    for sr in specials:
        path = f"reports/special/{sr.unit}.md"
        name = d.units[sr.unit].name
        source = _source(d.settings, d.settings.data_dir / "special-reports" / f"{sr.unit}.yaml")
        pages.append(PageSpec(path, f"{name}专项报告", _render("special.md", path, views.SpecialView(sr, d, d.settings)),
                              description=f"{name}{d.settings.year}年重点民生实事专项报告",
                              source=source if sr.data else None, search=sr.data.summary if sr.data else ""))
    return pages


def _accountability_pages(model: SiteModel) -> list[PageSpec]:
    size = model.data.settings.page_size
    pages = _paged("rectifications/index.md", "整改", "rectifications.md", split(model.rectifications, size),
                   lambda rows, pager: views.rectifications_view(model, rows if pager else None, pager),
                   description="整改要求、完成时限和销号情况")
    sections = [(sec, sec.rows) for sec in views.coordination_sections(model)]
    pages += _paged("coordination/index.md", "协调解决台账", "coordination.md", chunk_groups(sections, size),
                    lambda chunk, pager: views.coordination_view(model, chunk if pager else None, pager), _group_rows,
                    description="跨区域、跨部门问题的协调解决情况")
    pages += _paged("feedback/index.md", "市民意见建议", "feedback.md", split(model.feedback, size),
                    lambda rows, pager: views.feedback_view(model, rows if pager else None, pager),
                    description="市民意见建议的办理和答复情况")
    for kind in CaseKind:
        count = sum(1 for c in model.cases if c.kind == kind)
        heading = views.cases_view(model, kind, (0, 0)).heading
        ranges = [(start, min(start + size, count)) for start in range(0, count, size)] or [(0, 0)]
        pages += _paged(f"cases/{kind.value}/index.md", heading, "cases.md", ranges,
                        functools.partial(_cases_page, model, kind),
                        lambda r: r[1] - r[0], description=heading)
    return pages


def policy(settings: Settings) -> Policy:
    """What editors' HTML may point to on this site."""
    return Policy(frozenset(settings.image_hosts))


def preface_problems(model: SiteModel) -> list[DataError]:
    """What sanitizing removed from the prefaces not yet published (foreign images,
    protocol-relative addresses), naming the preface file — in every build, so that the editor
    hears of it before the month is published. Published prefaces are sanitized the same way but
    not reported: they are the sealed record."""
    d = model.data
    out = []
    for month, preface in sorted(d.prefaces.items()):
        if month in d.snapshots:
            continue
        name = display_path(d.settings.content_dir / preface.page, d.settings.project_root)  # type: ignore[operator]
        out += [DataError(name, None, (), zh, en) for zh, en in markdown_to_safe_html(preface.text, policy(d.settings)).refused]
    return out


def _district_pages(model: SiteModel) -> list[PageSpec]:
    """The district index and a page per district; searching a district's name finds its page first."""
    settings = model.data.settings
    source = _source(settings, settings.data_dir / "districts.yaml")
    pages = []
    per_district = districts.district_views(model)
    for view in per_district:
        path = f"districts/{view.district.id}.md"
        words = [view.district.name, *view.district.aliases, *(s.project.title for s in view.projects)]
        pages.append(PageSpec(path, view.district.name, _render("district.md", path, view),
                              description=f"{settings.city}{settings.year}年涉及{view.district.name}的重点民生实事项目和分解任务",
                              source=source, search=" ".join(words), meta={"search": {"boost": DISTRICT_BOOST}}))
    rows = split(districts.district_rows(per_district), settings.page_size)
    index = _paged("districts/index.md", "区市县", "districts.md", rows,
                   lambda rows, pager: districts.districts_view(model, per_district, rows if pager else None, pager),
                   description="按区市县查看重点民生实事项目和分解任务", source=source)
    return [*index, *pages]


DISTRICT_BOOST = 10
"""Search boost of a district's page: its name, searched, finds the page before any project."""
SITEMAP = "sitemap.md"
"""Where the 网站地图 is published (``/sitemap/``; the search engines' map stays ``/sitemap.xml``)."""


def sitemap_page(model: SiteModel, bulletins: list[Bulletin], nav: list[MapEntry]) -> PageSpec:
    """The 网站地图 page, from the site's navigation (the adapter hands it over) and its generated pages."""
    return PageSpec(SITEMAP, "网站地图", _render("sitemap.md", SITEMAP, site_map(model, bulletins, nav)),
                    description=f"{model.data.settings.site_title}全部栏目和页面", meta={"search": {"exclude": True}})


def _reader_pages(model: SiteModel, bulletins: list[Bulletin]) -> list[PageSpec]:
    settings = model.data.settings
    return [sitemap_page(model, bulletins, []),
            PageSpec("accessibility.md", "无障碍声明",
                     _render("accessibility.md", "accessibility.md", accessibility_view(settings)),
                     description="本站遵循的无障碍标准、提供的适老模式等功能和反映问题的方式", search_page=True)]


def _oversight_pages(model: SiteModel) -> list[PageSpec]:
    settings = model.data.settings
    leaders_yaml = _source(settings, settings.data_dir / "leaders.yaml")
    size = settings.page_size
    inspections, records = inspection_entries(model), leader_records(model)
    pages = _paged("inspections/index.md", "督查检查", "inspections.md", split(inspections, size),
                   lambda rows, pager: oversight.inspections_view(model, inspections, rows if pager else None, pager),
                   description="现场督查、“四不两直”暗访、发现的问题和发出的预警")
    pages += _paged("leaders/index.md", "责任领导", "leaders.md", split(records, size),
                    lambda rows, pager: oversight.leaders_view(model, records, rows if pager else None, pager),
                    description="各责任领导负责的项目和调度会")
    for view in oversight.leader_views(model):
        path = f"leaders/{view.r.leader.id}.md"
        pages.append(PageSpec(path, f"{view.r.leader.name}（{view.r.leader.post}）", _render("leader.md", path, view),
                              description=f"责任领导{view.r.leader.name}负责的重点民生实事项目和调度会",
                              source=leaders_yaml))
    return pages


def render_case_pages(model: SiteModel) -> dict[str, CasePage]:
    """For each editor's case page (by its path inside the content folder): title and facts block."""
    out = {}
    projects = {p.id: p for p in model.data.projects}
    for case in model.cases:
        path = f"cases/{case.kind.value}/{case.slug}.md"
        out[path] = CasePage(case.title, _render_now("case_head.html", path, views.case_head_view(model, case, projects)))
    return out


def _canonical(snapshot: Snapshot) -> bytes:
    return snapshot.canonical().encode("utf-8")


def _wechat(b: Bulletin, d: Dataset) -> str:
    preface = markdown_to_safe_html(b.preface, policy(d.settings)).html if b.preface else ""
    view = views.wechat_view(b, d.units, d.settings, preface)
    return _ENV.get_template("wechat.html").render(csp=WECHAT_CSP, **views.context(view))


def render_assets(model: SiteModel, bulletins: list[Bulletin]) -> list[AssetSpec]:
    """Each bulletin as a Word document and as a WeChat-ready HTML page (same content as the page);
    each published one also as the canonical JSON of its snapshot, whose SHA-256 is its fingerprint.
    All are made when written (by the writer's second process, off the pages' path)."""
    d = model.data
    assets = []
    for b in bulletins:
        assets.append(AssetSpec(f"bulletins/{b.month}/{b.month}.docx", functools.partial(bulletin_docx, b, d)))
        if b.snapshot is not None:  # exactly the text the fingerprint is the SHA-256 of
            assets.append(AssetSpec(f"bulletins/{b.month}/{b.month}.json", functools.partial(_canonical, b.snapshot)))
        assets.append(AssetSpec(f"bulletins/{b.month}/wechat.html", functools.partial(_wechat, b, d)))
    return assets


def render_pages(model: SiteModel, bulletins: list[Bulletin], specials: list[SpecialReport]) -> list[PageSpec]:
    """Every generated page, in a stable order."""
    d = model.data
    settings = d.settings
    chunks = chunk_groups(views.item_pages(model), settings.page_size)

    def items(chunk: list[tuple[Any, list[ProjectStatus], bool]], pager: Pager | None) -> list[views.ItemPage] | None:
        return [views.ItemPage(item, projects, cont) for item, projects, cont in chunk] if pager else None

    pages = _paged("index.md", settings.site_title, "home.md", chunks,
                   lambda chunk, pager: views.home_view(model, bulletins, items(chunk, pager), pager), _group_rows,
                   description=model.overview.headline)
    pages += _paged("projects/index.md", "项目专栏", "projects.md", chunks,
                    lambda chunk, pager: views.projects_view(model, items(chunk, pager), pager), _group_rows,
                    description=f"{settings.city}{settings.year}年重点民生实事全部项目专栏")
    pages += _paged("units/index.md", "责任单位", "units.md", split(model.units, settings.page_size),
                    lambda units, pager: views.units_view(model, units if pager else None, pager),
                    description="各责任单位承担的项目及进展")
    pages.append(PageSpec("rules.md", "统计口径", _render("rules.md", "rules.md", views.rules_view(settings)),
                          description="项目状态、报送期限、预警、考评记分和已发布判定的规则", search_page=True))
    corrections: dict[str, list[Correction]] = {}
    for c in (c for b in bulletins for c in b.corrections):
        corrections.setdefault(c.project, []).append(c)
    bulletin_pages, row_pages = _bulletin_pages(model, bulletins)
    for s in model.statuses:
        path = f"projects/{s.project.id}.md"

        def view(s: ProjectStatus = s) -> object:
            return views.project_view(model, s, corrections.get(s.project.id, []), _chart(s, settings), row_pages)

        pages.append(PageSpec(path, s.project.title, _later("project.md", path, view), description=s.project.summary,
                              source=s.project.source, search=project_text(model, s)))
    pages += bulletin_pages
    pages += _report_pages(model, specials, {b.month for b in bulletins}, row_pages)
    pages += _accountability_pages(model)
    pages += _oversight_pages(model)
    pages += _district_pages(model)
    pages += _reader_pages(model, bulletins)
    units_yaml = _source(settings, settings.data_dir / "units.yaml")
    for unit in model.units:
        path = f"units/{unit.id}.md"
        pages.append(PageSpec(path, unit.name, _later("unit.md", path, functools.partial(views.unit_view, model, unit.id,
                                                                                         SCORE_BASE)),
                              description=f"{unit.name}承担的重点民生实事项目及进展", source=units_yaml,
                              search=unit_text(model, unit.id)))
    return pages


def case_title(case: Case) -> str:
    """The plain-text title of a case page."""
    return case.title
