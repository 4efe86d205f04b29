"""Page specs: every generated page as plain data (path, title, body, meta), and the other files.

Bodies are rendered here with an autoescaping Jinja environment, because MkDocs'
own theme environment does not autoescape. Titles stay plain text in the spec; the
MkDocs adapter escapes them before MkDocs sees them. Nothing here imports MkDocs, so
another writer (ProperDocs, Zensical, a plain HTML writer) can take the same specs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ..data.loader import display_path
from ..data.models import Case, CaseKind
from ..data.snapshots import snapshot_path
from ..engine.accountability import SCORE_BASE
from ..engine.bulletins import Bulletin
from ..engine.model import SiteModel
from ..engine.periods import SpecialReport, periods
from ..engine.status import HEADLINE_ORDER, RULES, Light, ProjectStatus, elapsed_percent
from ..errors import DataError
from ..formats import pct, qty, show
from ..settings import Settings
from . import oversight, views
from .chart import LIGHT_COLOURS, milestone_strip, plan_chart
from .sanitize import Policy, markdown_to_safe_html
from .word import bulletin_docx

__all__ = ["WECHAT_CSP", "AssetSpec", "CasePage", "PageSpec", "policy", "preface_problems", "render_assets", "render_case_pages",
           "render_pages"]


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
    """Data file the page is generated from, relative to the project root (for the edit link)."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Extra page metadata (e.g. search boost)."""


@dataclass(frozen=True)
class AssetSpec:
    """A generated file that is not a page (a .docx, an HTML fragment)."""

    path: str
    """Path in the site, e.g. ``bulletins/2022-03/2022-03.docx``."""
    content: bytes | str


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
    env.filters.update(qty=qty, pct=pct, lines=lines)
    env.globals.update(Light=Light, colours=LIGHT_COLOURS, RULES=RULES, HEADLINE_ORDER=HEADLINE_ORDER,
                       elapsed_percent=elapsed_percent, show=show)
    return env


_ENV = _environment()


def _render(template: str, path: str, view: object) -> str:
    depth = path.count("/") + (0 if path.endswith("index.md") else 1)
    text = _ENV.get_template(template).render(root="../" * depth, **views.context(view))
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
    desc = (f"截至 {settings.as_of_label}累计完成 {qty(cur.cumulative)}{p.measure}，"
            f"为全年目标 {qty(p.target)}{p.measure} 的 {pct(cur.percent_of_target)}；"
            "柱形为各月实际累计完成量，折线为计划累计数。逐月数字见月度推进计划表。")
    return Markup(plan_chart(s.months, float(p.target or 0), f"chart-{p.id}",  # noqa: S704 - numbers and escaped text only
                             f"{p.title}：计划与实际累计完成量", desc))


def _source(settings: Settings, path: Any) -> str:
    return display_path(path, settings.project_root)


def _bulletin_pages(model: SiteModel, bulletins: list[Bulletin]) -> list[PageSpec]:
    settings = model.data.settings
    pages = [PageSpec("bulletins/index.md", "月度通报",
                      _render("bulletins.md", "bulletins/index.md", views.BulletinsView(bulletins[::-1], settings)),
                      description=f"{settings.city}{settings.year}年重点民生实事项目月度通报")]
    for b in bulletins:
        path = f"bulletins/{b.month}.md"
        title = f"{b.month.year}年{b.month.month}月重点民生实事项目推进情况通报"
        body = _render("bulletin.md", path, views.bulletin_view(model, b))
        # The editor's preface is Markdown from content/: rendered and sanitized here, because
        # generated pages are not sanitized again (their values are escaped instead).
        preface = markdown_to_safe_html(b.preface, policy(settings)).html + "\n" if b.preface else ""
        body = body.replace("<!--preface-->\n", preface)
        pages.append(PageSpec(path, title + ("" if b.published else "（预览，未发布）"), body, description=b.headline,
                              source=_source(settings, snapshot_path(settings.data_dir, b.month)) if b.published else None))
    corrections = [c for b in bulletins for c in b.corrections]
    pages.append(PageSpec("bulletins/corrections.md", "更正说明",
                          _render("corrections.md", "bulletins/corrections.md", views.CorrectionsView(corrections)),
                          description="月度通报发布后的数据更正"))
    return pages


def _report_pages(model: SiteModel, specials: list[SpecialReport], built: set[Any]) -> list[PageSpec]:
    d = model.data
    pages = [PageSpec("reports/index.md", "季报、年报与专项报告",
                      _render("reports.md", "reports/index.md", views.reports_view(model, specials)),
                      description="重点民生实事项目季报、年报和牵头单位专项报告")]
    for period in periods(model):
        path = f"reports/{period.slug}.md"
        pages.append(PageSpec(path, f"{period.title}报告", _render("report.md", path, views.report_view(model, period, built)),
                              description=f"{period.title}重点民生实事项目推进情况报告"))
    for sr in specials:
        path = f"reports/special/{sr.unit}.md"
        name = d.units[sr.unit].name
        source = _source(d.settings, d.settings.data_dir / "special-reports" / f"{sr.unit}.yaml")
        pages.append(PageSpec(path, f"{name}专项报告", _render("special.md", path, views.SpecialView(sr, d, d.settings)),
                              description=f"{name}{d.settings.year}年重点民生实事专项报告",
                              source=source if sr.data else None))
    return pages


def _accountability_pages(model: SiteModel) -> list[PageSpec]:
    pages = [
        PageSpec("rectifications/index.md", "整改",
                 _render("rectifications.md", "rectifications/index.md", views.rectifications_view(model)),
                 description="整改要求、完成时限和销号情况"),
        PageSpec("coordination/index.md", "协调解决台账",
                 _render("coordination.md", "coordination/index.md", views.coordination_view(model)),
                 description="跨区域、跨部门问题的协调解决情况"),
        PageSpec("feedback/index.md", "市民意见建议",
                 _render("feedback.md", "feedback/index.md", views.feedback_view(model)),
                 description="市民意见建议的办理和答复情况"),
    ]
    for kind in CaseKind:
        path = f"cases/{kind.value}/index.md"
        view = views.cases_view(model, kind)
        pages.append(PageSpec(path, view.heading, _render("cases.md", path, view), description=view.heading))
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


def _oversight_pages(model: SiteModel) -> list[PageSpec]:
    settings = model.data.settings
    leaders_yaml = _source(settings, settings.data_dir / "leaders.yaml")
    pages = [
        PageSpec("inspections/index.md", "督查检查",
                 _render("inspections.md", "inspections/index.md", oversight.inspections_view(model)),
                 description="现场督查、“四不两直”暗访、发现的问题和发出的预警"),
        PageSpec("leaders/index.md", "责任领导", _render("leaders.md", "leaders/index.md", oversight.leaders_view(model)),
                 description="各责任领导负责的项目和调度会"),
    ]
    for view in oversight.leader_views(model):
        path = f"leaders/{view.r.leader.id}.md"
        pages.append(PageSpec(path, f"{view.r.leader.name}（{view.r.leader.post}）", _render("leader.md", path, view),
                              description=f"责任领导{view.r.leader.name}负责的重点民生实事项目和调度会",
                              source=leaders_yaml))
    return pages


def render_case_pages(model: SiteModel) -> dict[str, CasePage]:
    """For each editor's case page (by its path inside the content folder): title and facts block."""
    out = {}
    for case in model.cases:
        path = f"cases/{case.kind.value}/{case.slug}.md"
        out[path] = CasePage(case.title, _render("case_head.html", path, views.case_head_view(model, case)))
    return out


def render_assets(model: SiteModel, bulletins: list[Bulletin]) -> list[AssetSpec]:
    """Each bulletin as a Word document and as a WeChat-ready HTML page (same content as the page);
    each published one also as the canonical JSON of its snapshot, whose SHA-256 is its fingerprint."""
    d = model.data
    assets = []
    for b in bulletins:
        assets.append(AssetSpec(f"bulletins/{b.month}/{b.month}.docx", bulletin_docx(b, d)))
        if b.canonical is not None:  # exactly the text the fingerprint is the SHA-256 of
            assets.append(AssetSpec(f"bulletins/{b.month}/{b.month}.json", b.canonical.encode("utf-8")))
        preface = markdown_to_safe_html(b.preface, policy(d.settings)).html if b.preface else ""
        view = views.WechatView(b, d.units, d.settings, preface)
        assets.append(AssetSpec(f"bulletins/{b.month}/wechat.html",
                                _ENV.get_template("wechat.html").render(csp=WECHAT_CSP, **views.context(view))))
    return assets


def render_pages(model: SiteModel, bulletins: list[Bulletin], specials: list[SpecialReport]) -> list[PageSpec]:
    """Every generated page, in a stable order."""
    d = model.data
    settings = d.settings
    pages = [
        PageSpec("index.md", settings.site_title, _render("home.md", "index.md", views.home_view(model, bulletins)),
                 description=model.overview.headline),
        PageSpec("projects/index.md", "项目专栏", _render("projects.md", "projects/index.md", views.projects_view(model)),
                 description=f"{settings.city}{settings.year}年重点民生实事全部项目专栏"),
        PageSpec("units/index.md", "责任单位", _render("units.md", "units/index.md", views.units_view(model)),
                 description="各责任单位承担的项目及进展"),
        PageSpec("rules.md", "统计口径", _render("rules.md", "rules.md", views.rules_view(settings)),
                 description="项目状态、报送期限、预警、考评记分和已发布判定的规则"),
    ]
    corrections = [c for b in bulletins for c in b.corrections]
    for s in model.statuses:
        path = f"projects/{s.project.id}.md"
        view = views.project_view(model, s, corrections, _chart(s, settings))
        pages.append(PageSpec(path, s.project.title, _render("project.md", path, view), description=s.project.summary,
                              source=s.project.source))
    pages += _bulletin_pages(model, bulletins)
    pages += _report_pages(model, specials, {b.month for b in bulletins})
    pages += _accountability_pages(model)
    pages += _oversight_pages(model)
    units_yaml = _source(settings, settings.data_dir / "units.yaml")
    for unit in model.units:
        path = f"units/{unit.id}.md"
        pages.append(PageSpec(path, unit.name, _render("unit.md", path, views.unit_view(model, unit.id, SCORE_BASE)),
                              description=f"{unit.name}承担的重点民生实事项目及进展", source=units_yaml))
    return pages


def case_title(case: Case) -> str:
    """The plain-text title of a case page."""
    return case.title
