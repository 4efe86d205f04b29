"""Page specs: every generated page as plain data (path, title, body, meta).

Bodies are rendered here with an autoescaping Jinja environment, because MkDocs'
own theme environment does not autoescape. Titles stay plain text in the spec; the
MkDocs adapter escapes them before MkDocs sees them. Nothing here imports MkDocs, so
another writer (a folder dump for Hugo, say) can take the same specs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from .accountability import SCORE_BASE, SCORING, FeedbackStats, RectState, coordination_days, feedback_stats
from .bulletins import Bulletin, Correction, SnapshotCase, snapshot_path
from .chart import LIGHT_COLOURS, milestone_strip, plan_chart
from .documents import bulletin_docx
from .fields import Month
from .formats import pct, qty, show
from .models import Case, CaseKind, FeedbackStatus, FeedbackType
from .reports import SpecialReport, periods, summarise
from .sanitize import markdown_to_safe_html
from .settings import Settings
from .site import SiteModel
from .status import HEADLINE_ORDER, RULES, Light, ProjectStatus, Status, elapsed_percent

__all__ = ["AssetSpec", "PageSpec", "render_assets", "render_pages"]


@dataclass(frozen=True)
class PageSpec:
    """One generated page, independent of the site generator that will publish it."""

    path: str
    """Source path, e.g. ``projects/gas-safety.md``; its URL is ``projects/gas-safety/``."""
    title: str
    """Plain-text title (not escaped)."""
    body: str
    """Markdown whose data-bearing parts are raw HTML blocks, already escaped."""
    description: str = ""
    """Plain-text summary for the page's meta description."""
    source: str | None = None
    """Data file the page is generated from (for the edit link)."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Extra page metadata (e.g. search boost)."""


@dataclass(frozen=True)
class AssetSpec:
    """A generated file that is not a page (a .docx, an HTML fragment)."""

    path: str
    """Path in the site, e.g. ``bulletins/2022-03/2022-03.docx``."""
    content: bytes | str


def lines(text: str | None) -> Markup:
    """Escape plain text and keep its line breaks (never a raw newline inside an HTML block)."""
    if text is None:
        return Markup("")
    return Markup("<br>").join(escape(line) for line in text.splitlines() if line.strip())


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=StrictUndefined, keep_trailing_newline=True,
    )
    env.filters.update(qty=qty, pct=pct, lines=lines)
    env.globals.update(Status=Status, Light=Light, colours=LIGHT_COLOURS, RULES=RULES,
                       HEADLINE_ORDER=HEADLINE_ORDER, elapsed_percent=elapsed_percent, show=show)
    return env


_ENV = _environment()


def _render(template: str, path: str, **context: Any) -> str:
    depth = path.count("/") + (0 if path.endswith("index.md") else 1)
    root = "../" * depth
    text = _ENV.get_template(template).render(root=root, **context)
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
        done = sum(1 for m in s.months if m.due and m.status.base_light.value in ("green", "blue"))
        due = sum(1 for m in s.months if m.due)
        desc = (f"本项目无数量目标。截至 {settings.as_of.month} 月底，{due} 个已到期月份中 {done} 个月完成或经批准调整节点任务；"
                f"当前状态：{cur.status.label}。逐月情况见月度推进计划表。")
        return Markup(milestone_strip(s.months, f"chart-{p.id}", f"{p.title}：逐月节点完成情况", desc))  # noqa: S704
    desc = (f"截至 {settings.as_of.month} 月底累计完成 {qty(cur.cumulative)}{p.measure}，"
            f"为全年目标 {qty(p.target)}{p.measure} 的 {pct(cur.percent_of_target)}；"
            "柱形为各月实际累计完成量，折线为计划累计数。逐月数字见月度推进计划表。")
    return Markup(plan_chart(s.months, float(p.target or 0), f"chart-{p.id}",  # noqa: S704 - numbers and escaped text only
                             f"{p.title}：计划与实际累计完成量", desc))


def _project_page(model: SiteModel, s: ProjectStatus, corrections: list[Correction]) -> PageSpec:
    p, d = s.project, model.data
    path = f"projects/{p.id}.md"
    body = _render("project.md", path, s=s, p=p, d=d, settings=d.settings, chart=_chart(s, d.settings),
                   item=d.items[p.item], cur=s.current, corrections=[c for c in corrections if c.project == p.id],
                   rects={v.order.id: v for v in model.rectifications if v.project is s},
                   cases=[c for c in model.cases if p.id in c.projects],
                   found=[x for x in model.discrepancies if x.project is s],
                   meetings=[m for m in d.meetings if p.id in m.projects])
    return PageSpec(path, p.title, body, description=p.summary, source=p.source)


def _unit_page(model: SiteModel, unit_id: str) -> PageSpec:
    unit = model.data.units[unit_id]
    path = f"units/{unit_id}.md"
    d = model.data
    body = _render("unit.md", path, unit=unit, roles=model.roles[unit_id], d=d, settings=d.settings,
                   card=model.scorecards.get(unit_id), scoring=SCORING, base=SCORE_BASE,
                   rects=[v for v in model.rectifications if v.order.unit == unit_id],
                   cases=[c for c in model.cases if unit_id in c.units or c.responsible_unit == unit_id],
                   found=[x for x in model.discrepancies if x.project.project.lead_unit == unit_id],
                   feedback=[(s, f) for s, f in model.feedback if f.unit == unit_id])
    return PageSpec(path, unit.name, body, description=f"{unit.name}承担的重点民生实事项目及进展",
                    source=str(model.data.settings.data_dir / "units.yaml"))


def _bulletin_pages(model: SiteModel, bulletins: list[Bulletin], prefaces: dict[Month, str]) -> list[PageSpec]:
    d = model.data
    items = [d.items[k] for k in sorted(d.items)]
    pages = [PageSpec("bulletins/index.md", "月度通报",
                      _render("bulletins.md", "bulletins/index.md", bulletins=bulletins, settings=d.settings),
                      description=f"{d.settings.city}{d.settings.year}年重点民生实事项目月度通报")]
    for b in bulletins:
        path = f"bulletins/{b.month}.md"
        title = f"{b.month.year}年{b.month.month}月重点民生实事项目推进情况通报"
        body = _render("bulletin.md", path, b=b, items=items, units=d.units, settings=d.settings,
                       cases=bulletin_cases(model, b))
        # The editor's preface is Markdown from content/: rendered and sanitized here, because
        # generated pages are not sanitized again (their values are escaped instead). A
        # published bulletin keeps the preface it was published with.
        text = b.preface if b.published else prefaces.get(b.month)
        preface = markdown_to_safe_html(text) + "\n" if text else ""
        body = body.replace("<!--preface-->\n", preface)
        pages.append(PageSpec(path, title + ("" if b.published else "（预览）"), body,
                              description=b.headline,
                              source=str(snapshot_path(d.settings.data_dir, b.month)) if b.published else None))
    corrections = [c for b in bulletins for c in b.corrections]
    pages.append(PageSpec("bulletins/corrections.md", "更正说明",
                          _render("corrections.md", "bulletins/corrections.md", corrections=corrections),
                          description="月度通报发布后的数据更正"))
    return pages


def _report_pages(model: SiteModel, specials: list[SpecialReport], built: set[str]) -> list[PageSpec]:
    d = model.data
    items = [d.items[k] for k in sorted(d.items)]
    by_id = {p.id: p for p in d.projects}
    found = periods(model)
    pages = [PageSpec("reports/index.md", "季报、年报与专项报告",
                      _render("reports.md", "reports/index.md", periods=found, specials=specials, d=d,
                              settings=d.settings),
                      description="重点民生实事项目季报、年报和牵头单位专项报告")]
    for period in found:
        path = f"reports/{period.slug}.md"
        summary = summarise(model, period)
        pages.append(PageSpec(path, f"{period.title}报告",
                              _render("report.md", path, r=summary, items=items, d=d, d_projects=by_id,
                                      settings=d.settings, bulletin_months=built),
                              description=f"{period.title}重点民生实事项目推进情况报告"))
    for sr in specials:
        path = f"reports/special/{sr.unit}.md"
        source = d.settings.data_dir / "special-reports" / f"{sr.unit}.yaml"
        pages.append(PageSpec(path, f"{d.units[sr.unit].name}专项报告",
                              _render("special.md", path, sr=sr, d=d, d_projects=by_id, settings=d.settings),
                              description=f"{d.units[sr.unit].name}{d.settings.year}年重点民生实事专项报告",
                              source=str(source) if sr.data else None))
    return pages


def _accountability_pages(model: SiteModel) -> list[PageSpec]:
    d = model.data
    settings = d.settings
    by_id = {p.id: p for p in d.projects}
    units_in = sorted({v.order.unit for v in model.rectifications} | {f.unit for _, f in model.feedback})
    unit_options = [(u, d.units[u].name) for u in units_in]
    counts = [(state, sum(1 for v in model.rectifications if v.state == state)) for state in RectState]
    today = settings.as_of_date
    coordination = [(s, c, coordination_days(c, today)) for s in model.statuses for c in s.project.coordination]
    coordination.sort(key=lambda row: (row[1].raised, row[0].project.order))
    stats = [feedback_stats(settings, [f for _, f in model.feedback if f.unit == u])
             for u in sorted({f.unit for _, f in model.feedback})]
    pages = [
        PageSpec("rectifications/index.md", "整改",
                 _render("rectifications.md", "rectifications/index.md", model=model, d=d, settings=settings,
                         counts=counts, states=[(s.value, s.label) for s in RectState], unit_options=unit_options),
                 description="整改要求、完成时限和销号情况"),
        PageSpec("coordination/index.md", "协调解决台账",
                 _render("coordination.md", "coordination/index.md", d=d, settings=settings,
                         open_items=[r for r in coordination if r[1].resolved is None],
                         resolved_items=[r for r in coordination if r[1].resolved is not None]),
                 description="跨区域、跨部门问题的协调解决情况"),
        PageSpec("feedback/index.md", "市民意见建议",
                 _render("feedback.md", "feedback/index.md", model=model, d=d, settings=settings, stats=stats,
                         min_items=FeedbackStats.MIN_ITEMS, unit_options=unit_options,
                         status_options=[(s.value, s.label) for s in FeedbackStatus],
                         type_options=[(t.value, t.label) for t in FeedbackType]),
                 description="市民意见建议的办理和答复情况"),
    ]
    for kind in CaseKind:
        cases = [c for c in model.cases if c.kind == kind]
        path = f"cases/{kind.value}/index.md"
        units = sorted({u for c in cases for u in (*c.units, *([c.responsible_unit] if c.responsible_unit else []))})
        case_items = {c.slug: sorted({by_id[p].item for p in c.projects}) for c in cases}
        heading = "好经验好做法" if kind == CaseKind.PRAISE else "反面典型曝光"
        intro = ("宣传推广各单位推进重点民生实事的好经验、好做法。" if kind == CaseKind.PRAISE else
                 "公开曝光不作为、慢作为等反面典型，写明发现方式、问题、责任单位和职务、处理及整改情况。")
        pages.append(PageSpec(path, heading,
                              _render("cases.md", path, cases=cases, kind=kind.value, heading=heading, intro=intro,
                                      d=d, d_projects=by_id, case_items=case_items,
                                      unit_options=[(u, d.units[u].name) for u in units],
                                      item_options=[(i, f"第 {i} 项 {d.items[i].title}")
                                                    for i in sorted({i for v in case_items.values() for i in v})]),
                              description=heading))
    return pages


def render_case_head(model: SiteModel, case: Case) -> str:
    """The facts block placed above an editor's case article (escaped, one HTML block)."""
    d = model.data
    path = f"cases/{case.kind.value}/{case.slug}.md"
    return _render("case_head.html", path, c=case, d=d, d_projects={p.id: p for p in d.projects})


def bulletin_cases(model: SiteModel, b: Bulletin) -> list[Any]:
    """The cases a bulletin lists: frozen in a published one, the month's current ones otherwise."""
    if b.cases is not None:
        return list(b.cases)
    return [SnapshotCase(slug=c.slug, kind=c.kind.value, kind_label=c.kind.label, date=c.date, title=c.title)
            for c in model.cases if (c.date.year, c.date.month) == (b.month.year, b.month.month)]


def render_assets(model: SiteModel, bulletins: list[Bulletin], prefaces: dict[Month, str] | None = None
                  ) -> list[AssetSpec]:
    """Each bulletin as a Word document and as a WeChat-ready HTML page (same content as the page)."""
    d = model.data
    assets = []
    for b in bulletins:
        preface = b.preface if b.published else (prefaces or {}).get(b.month)
        cases = bulletin_cases(model, b)
        assets.append(AssetSpec(f"bulletins/{b.month}/{b.month}.docx", bulletin_docx(b, d, preface, cases)))
        html = _ENV.get_template("wechat.html").render(b=b, units=d.units, settings=d.settings, cases=cases,
                                                       preface=markdown_to_safe_html(preface) if preface else "")
        assets.append(AssetSpec(f"bulletins/{b.month}/wechat.html", html))
    return assets


def render_pages(model: SiteModel, bulletins: list[Bulletin] | None = None,
                 specials: list[SpecialReport] | None = None, prefaces: dict[Month, str] | None = None) -> list[PageSpec]:
    """Every generated page, in a stable order."""
    d = model.data
    settings = d.settings
    bulletins = bulletins or []
    latest = next((b for b in reversed(bulletins) if b.published), bulletins[-1] if bulletins else None)
    common = {"model": model, "d": d, "settings": settings, "ov": model.overview, "latest": latest}
    pages = [
        PageSpec("index.md", settings.site_title, _render("home.md", "index.md", **common),
                 description=model.overview.headline),
        PageSpec("projects/index.md", "项目专栏", _render("projects.md", "projects/index.md", **common),
                 description=f"{settings.city}{settings.year}年重点民生实事全部项目专栏"),
        PageSpec("units/index.md", "责任单位", _render("units.md", "units/index.md", **common),
                 description="各责任单位承担的项目及进展"),
        PageSpec("rules.md", "统计口径", _render("rules.md", "rules.md", **common),
                 description="项目状态、序时进度和预警的计算规则"),
    ]
    corrections = [c for b in bulletins for c in b.corrections]
    pages += [_project_page(model, s, corrections) for s in model.statuses]
    pages += _bulletin_pages(model, bulletins, prefaces or {})
    pages += _report_pages(model, specials or [], {str(b.month) for b in bulletins})
    pages += _accountability_pages(model)
    pages += [_unit_page(model, unit.id) for unit in model.units]
    return pages
