"""Cross-field and cross-file rules, in one place for the YAML loader and any importer.

Each check yields :class:`Issue` values (field path plus both messages); the caller adds
the file and line. Rules never raise.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from ..dates import Month
from ..formats import qty
from ..settings import Settings
from .content import check_content
from .fields import DATE, FREE_TEXT, MONTH, values_of_kind
from .limits import correction_dates, dated_records, deferral_ends
from .models import AdjustmentKind, FeedbackStatus, MilestoneResult, Project
from .names import Names
from .personal import find_personal, message
from .plan import deferral_at, effective_plan, parts_total, planned_at
from .roster import check_handovers

__all__ = ["Issue", "Registry", "check_fields", "check_project", "check_publication_date", "closest", "data_window",
           "filing_limit", "publication_window"]

Path_ = tuple[str | int, ...]

@dataclass(frozen=True)
class Issue:
    """A problem at a field path, not yet tied to a file."""

    path: Path_
    zh: str
    en: str


@dataclass(frozen=True)
class Registry:
    """The shared lists that projects refer to."""

    items: Mapping[int, object] | None
    units: Mapping[str, object] | None
    leaders: Mapping[str, object] | None
    districts: Mapping[str, object] | None
    """Each None when its file could not be read: references to it are then not checked."""

    @functools.cached_property
    def names(self) -> Names:
        """Every spelling (id, name, alias) of the lists that loaded, for resolving references
        (made once: every project's references are resolved against it)."""
        return Names.of({"items": self.items, "units": self.units, "leaders": self.leaders,
                         "districts": self.districts})


def closest(value: str, choices: Iterable[str]) -> str:
    """A ``（是否为 X？）`` hint with the closest existing spelling, or nothing."""
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return f"；是否应为 {match[0]}？ / did you mean {match[0]}?" if match else ""


def _ref(path: Path_, value: str, table: Mapping[str, object] | None, what_zh: str, what_en: str,
         file: str) -> Iterator[Issue]:
    if table is not None and value not in table:
        hint = closest(value, table)
        zh_hint, _, en_hint = hint.partition(" / ")
        yield Issue(path, f"{what_zh} {value!r} 不存在（见 data/{file}）{zh_hint}",
                    f"unknown {what_en} {value!r} (see data/{file}){(' ' + en_hint) if en_hint else ''}")


def _months(path: Path_, rows: Sequence[object], settings: Settings) -> Iterator[Issue]:
    """Months inside the year and strictly increasing."""
    previous: Month | None = None
    for i, row in enumerate(rows):
        month: Month = row.month  # type: ignore[attr-defined]
        if month.year != settings.year:
            yield Issue((*path, i, "month"), f"月份 {month} 不在 {settings.year} 年内",
                        f"month {month} is outside {settings.year}")
        if previous is not None and month <= previous:
            yield Issue((*path, i, "month"), f"月份 {month} 重复或未按先后顺序排列（前一条为 {previous}）",
                        f"month {month} repeats or is out of order (previous {previous})")
        previous = month


def _monotonic(path: Path_, rows: Sequence[object], attr: str, cap: float | None,
               cap_zh: str) -> Iterator[Issue]:
    previous = None
    for i, row in enumerate(rows):
        value = getattr(row, attr)
        if value is None:
            continue
        if previous is not None and value < previous:
            yield Issue((*path, i, attr), f"累计数不能减少：{value} 小于上月的 {previous}",
                        f"cumulative figures never decrease: {value} < previous {previous}")
        if cap is not None and value > cap:
            yield Issue((*path, i, attr), f"不能超过{cap_zh} {_num(cap)}，得到 {_num(value)}",
                        f"must be ≤ target {_num(cap)}, got {_num(value)}")
        previous = value


def _num(value: float | int | None) -> str:
    return qty(value)


def _presence(path: Path_, rows: Sequence[object], attr: str, numeric: bool,
              zh: str) -> Iterator[Issue]:
    for i, row in enumerate(rows):
        value = getattr(row, attr)
        if numeric and value is None:
            yield Issue((*path, i, attr), f"项目有数量目标，必须填写{zh}",
                        f"{attr} is required when the project has a numeric target")
        if not numeric and value is not None:
            yield Issue((*path, i, attr), f"项目没有数量目标，不应填写{zh}",
                        f"{attr} is only allowed when the project has a numeric target")


def _check_plan(p: Project, settings: Settings) -> Iterator[Issue]:
    yield from _months(("plan",), p.plan, settings)
    yield from _presence(("plan",), p.plan, "planned", p.numeric, "计划累计数 planned")
    yield from _monotonic(("plan",), p.plan, "planned", p.target, "全年目标")
    if p.numeric and p.plan and p.plan[-1].planned != p.target:
        yield Issue(("plan", len(p.plan) - 1, "planned"),
                    f"最后一个月的计划累计数应等于全年目标 {_num(p.target)}（任何项目均不允许调减）",
                    f"the last planned figure must equal the annual target {_num(p.target)}")


def _check_reports(p: Project, settings: Settings) -> Iterator[Issue]:
    yield from _months(("reports",), p.reports, settings)
    if not (p.numeric and p.parts):  # with parts, the figure may come from the parts' sum
        yield from _presence(("reports",), p.reports, "cumulative", p.numeric, "累计完成数 cumulative")
    # Over-delivery is reported as it happened: a cumulative figure may exceed the annual target.
    yield from _monotonic(("reports",), p.reports, "cumulative", None, "全年目标")
    for i, r in enumerate(p.reports):
        at = ("reports", i)
        if r.filed < r.month.first_day:
            yield Issue((*at, "filed"), f"报送日期 {r.filed} 早于所报月份 {r.month} 的开始",
                        f"filed {r.filed} before the month {r.month} began")
        if r.month > settings.as_of:
            yield Issue((*at, "month"), f"月份 {r.month} 晚于数据截止月 {settings.as_of}",
                        f"month {r.month} is after the as-of month {settings.as_of}")
        if p.numeric and r.milestone is not None:
            yield Issue((*at, "milestone"), "有数量目标的项目由累计数自动判断是否完成节点，不填 milestone",
                        "milestone is computed from cumulative for projects with a numeric target")
        if not p.numeric and r.milestone is None and r.completed is None:
            yield Issue((*at, "milestone"),
                        "没有数量目标的项目必须填写 milestone：met（完成）、exceeded（超额）或 missed（未完成）",
                        "milestone is required for projects without a numeric target: met, exceeded or missed")
        if r.completed is not None and r.completed > r.month.last_day:
            yield Issue((*at, "completed"), f"完成日期 {r.completed} 晚于所报月份 {r.month}",
                        f"completed {r.completed} is after the month reported {r.month}")
        if p.numeric and r.completed is not None and r.cumulative is not None and r.cumulative < p.target:  # type: ignore[operator]
            yield Issue((*at, "completed"), f"累计数 {_num(r.cumulative)} 未达到全年目标 {_num(p.target)}，不能填写完成日期",
                        "completed is set but cumulative is below the annual target")


def _check_behind(p: Project) -> Iterator[Issue]:
    """Reports behind plan must explain why and what changes (the plan requires it)."""
    for i, r in enumerate(p.reports):  # (``duban check --due`` lists these instead: see engine/due.py)
        behind = r.milestone == MilestoneResult.MISSED
        planned = planned_at(effective_plan(p), r.month)
        figure = r.cumulative if r.cumulative is not None else parts_total(p, r.month)
        if figure is not None and planned is not None and figure < planned:
            behind = True
        if behind and deferral_at(p, r.month) is None:
            for attr, zh in (("explanation", "未完成原因 explanation"), ("measures", "整改措施 measures")):
                if getattr(r, attr) is None:
                    yield Issue(("reports", i, attr), f"未完成节点目标时必须填写{zh}",
                                f"{attr} is required when the milestone was missed")


def _check_adjustments(p: Project, settings: Settings) -> Iterator[Issue]:
    for i, a in enumerate(p.adjustments):
        at = ("adjustments", i)
        if a.start.year != settings.year:
            yield Issue((*at, "from"), f"月份 {a.start} 不在 {settings.year} 年内", f"month {a.start} is outside {settings.year}")
        if a.approved > a.start.last_day:
            yield Issue((*at, "approved"), f"批准日期 {a.approved} 晚于调整起始月 {a.start}",
                        f"approved {a.approved} after the first adjusted month {a.start}")
        if a.kind == AdjustmentKind.ADJUST:
            if not a.plan:
                yield Issue((*at, "plan"), "调整节点目标必须给出调整后的计划 plan",
                            "an adjustment needs the replacement plan rows")
            if a.until is not None:
                yield Issue((*at, "until"), "只有暂缓实施（defer）可以填写 until", "until is only for deferrals")
            yield from _months((*at, "plan"), a.plan, settings)
            yield from _presence((*at, "plan"), a.plan, "planned", p.numeric, "计划累计数 planned")
            if a.plan and a.plan[0].month != a.start:
                yield Issue((*at, "plan", 0, "month"), f"调整后的计划应从起始月 {a.start} 开始，第一行为 {a.plan[0].month}",
                            f"the adjusted plan must start at from {a.start}, not {a.plan[0].month}")
            for j, row in enumerate(a.plan):
                if row.month < a.start:
                    yield Issue((*at, "plan", j, "month"), f"调整后的计划月份 {row.month} 早于起始月 {a.start}",
                                f"adjusted month {row.month} is before {a.start}")
        else:
            if a.plan:
                yield Issue((*at, "plan"), "暂缓实施（defer）不填写 plan", "a deferral has no plan rows")
            if a.until is not None and a.until < a.start:
                yield Issue((*at, "until"), f"暂缓截止月 {a.until} 早于起始月 {a.start}",
                            f"until {a.until} is before from {a.start}")
            yield from (Issue(*found) for found in deferral_ends(at, a.until, settings))
    if not p.adjustments:
        return
    eff = effective_plan(p)
    figures = [row.planned for row in eff if row.planned is not None]
    if any(b < a for a, b in itertools.pairwise(figures)):
        yield Issue(("adjustments",), "调整后的计划累计数不能逐月减少", "adjusted planned figures must never decrease")
    if p.numeric and eff and eff[-1].planned != p.target:
        yield Issue(("adjustments",), f"调整后最后一个月的计划累计数仍须等于全年目标 {_num(p.target)}（任何项目均不允许调减）",
                    f"after adjustment the last planned figure must still equal the target {_num(p.target)} (no scaling down)")


def _check_parts(p: Project, settings: Settings, reg: Registry) -> Iterator[Issue]:
    seen: set[str] = set()
    for i, part in enumerate(p.parts):
        at = ("parts", i)
        if part.id in seen:
            yield Issue((*at, "id"), f"分解任务编号 {part.id} 重复", f"duplicate part id {part.id}")
        seen.add(part.id)
        yield from _ref((*at, "unit"), part.unit, reg.units, "责任单位", "unit", "units.yaml")
        if part.district is not None:
            yield from _ref((*at, "district"), part.district, reg.districts, "区市县", "district", "districts.yaml")
        if p.numeric and part.target is None:
            yield Issue((*at, "target"), "项目有数量目标，分解任务也必须填写 target",
                        "target is required for parts of a project with a numeric target")
        if not p.numeric and part.target is not None:
            yield Issue((*at, "target"), "项目没有数量目标，分解任务也不应填写 target",
                        "parts of a project without a numeric target have no target")
        if not part.plan:
            yield Issue((*at, "plan"), "分解任务必须填写月度计划 plan", "a part needs its monthly plan")
        yield from _presence((*at, "plan"), part.plan, "planned", part.target is not None, "计划累计数 planned")
        yield from _presence((*at, "reports"), part.reports, "cumulative", part.target is not None, "累计完成数 cumulative")
        if part.target is None:
            for j, r in enumerate(part.reports):
                if r.milestone is None:
                    yield Issue((*at, "reports", j, "milestone"),
                                "没有数量目标的分解任务必须填写 milestone：met、exceeded 或 missed",
                                "milestone is required for parts without a numeric target")
        for j, r in enumerate(part.reports):
            if r.month > settings.as_of:
                yield Issue((*at, "reports", j, "month"), f"月份 {r.month} 晚于数据截止月 {settings.as_of}",
                            f"month {r.month} is after the as-of month {settings.as_of}")
        if part.target is not None and part.plan and part.plan[-1].planned is not None \
                and not math.isclose(part.plan[-1].planned, part.target):
            yield Issue((*at, "plan", len(part.plan) - 1, "planned"),
                        f"最后一个月的计划累计数应等于分解目标 {_num(part.target)}",
                        f"the last planned figure must equal the part's target {_num(part.target)}")
        yield from _months((*at, "plan"), part.plan, settings)
        yield from _months((*at, "reports"), part.reports, settings)
        yield from _monotonic((*at, "plan"), part.plan, "planned", part.target, "分解目标")
        yield from _monotonic((*at, "reports"), part.reports, "cumulative", None, "分解目标")
    if not (p.numeric and p.parts) or any(part.target is None for part in p.parts):
        return
    total = sum(part.target for part in p.parts)  # type: ignore[misc]
    if not math.isclose(total, p.target):  # type: ignore[arg-type]
        yield Issue(("parts",), f"各分解任务目标之和 {_num(total)} 不等于全年目标 {_num(p.target)}",
                    f"parts' targets add up to {_num(total)}, not the target {_num(p.target)}")
    for i, report in enumerate(p.reports):
        part_sum = parts_total(p, report.month)
        if report.cumulative is not None and part_sum is not None and not math.isclose(part_sum, report.cumulative):
            yield Issue(("reports", i, "cumulative"),
                        f"累计数 {_num(report.cumulative)} 与各分解任务之和 {_num(part_sum)} 不一致",
                        f"cumulative {_num(report.cumulative)} differs from the parts' sum {_num(part_sum)}")


def _check_records(p: Project, reg: Registry) -> Iterator[Issue]:
    for key in ("rectifications", "coordination"):
        seen: set[str] = set()
        for i, rec in enumerate(getattr(p, key)):
            if rec.id in seen:
                yield Issue((key, i, "id"), f"编号 {rec.id} 重复", f"duplicate id {rec.id}")
            seen.add(rec.id)
    for i, r in enumerate(p.rectifications):
        at = ("rectifications", i)
        yield from _ref((*at, "unit"), r.unit, reg.units, "责任单位", "unit", "units.yaml")
        if r.deadline < r.issued:
            yield Issue((*at, "deadline"), f"完成时限 {r.deadline} 早于下达日期 {r.issued}",
                        f"deadline {r.deadline} is before issued {r.issued}")
        if (r.reply is None) != (r.replied is None):
            yield Issue((*at, "replied"), "reply 与 replied 必须同时填写", "reply and replied go together")
        for attr in ("replied", "closed"):
            value = getattr(r, attr)
            if value is not None and value < r.issued:
                yield Issue((*at, attr), f"{attr} 日期 {value} 早于下达日期 {r.issued}",
                            f"{attr} {value} is before issued {r.issued}")
    for i, c in enumerate(p.coordination):
        for j, unit in enumerate(c.units):
            yield from _ref(("coordination", i, "units", j), unit, reg.units, "责任单位", "unit", "units.yaml")
        if (c.resolution is None) != (c.resolved is None):
            yield Issue(("coordination", i, "resolved"), "resolution 与 resolved 必须同时填写",
                        "resolution and resolved go together")
        if c.resolved is not None and c.resolved < c.raised:
            yield Issue(("coordination", i, "resolved"), f"解决日期 {c.resolved} 早于提出日期 {c.raised}",
                        f"resolved {c.resolved} is before raised {c.raised}")
    for i, f in enumerate(p.feedback):
        yield from _check_feedback(("feedback", i), f, reg)


def _check_feedback(at: Path_, f: object, reg: Registry) -> Iterator[Issue]:
    yield from _ref((*at, "unit"), f.unit, reg.units, "责任单位", "unit", "units.yaml")  # type: ignore[attr-defined]
    answered = f.status == FeedbackStatus.ANSWERED  # type: ignore[attr-defined]
    if answered and (f.reply is None or f.replied is None):  # type: ignore[attr-defined]
        yield Issue((*at, "reply"), "状态为已答复时必须填写 reply 和 replied", "answered feedback needs reply and replied")
    if not answered and f.reply is not None:  # type: ignore[attr-defined]
        yield Issue((*at, "status"), "已有答复内容，状态应为 answered（已答复）", "a reply is given, so status must be answered")
    for attr in ("forwarded", "replied"):
        value = getattr(f, attr)
        if value is not None and value < f.received:  # type: ignore[attr-defined]
            yield Issue((*at, attr), f"{attr} 日期 {value} 早于收到日期 {f.received}",  # type: ignore[attr-defined]
                        f"{attr} {value} is before received {f.received}")  # type: ignore[attr-defined]


def check_project(p: Project, settings: Settings, reg: Registry) -> list[Issue]:
    """Every rule for one project; an empty list means it is consistent."""
    issues: list[Issue] = []
    items = None if reg.items is None else {str(k): v for k, v in reg.items.items()}
    issues += _ref(("item",), str(p.item), items, "项", "item", "items.yaml")
    issues += _ref(("leader",), p.leader, reg.leaders, "责任领导", "leader", "leaders.yaml")
    issues += _ref(("lead_unit",), p.lead_unit, reg.units, "牵头单位", "lead unit", "units.yaml")
    for i, unit in enumerate(p.co_units):
        issues += _ref(("co_units", i), unit, reg.units, "责任单位", "unit", "units.yaml")
        if unit == p.lead_unit:
            issues.append(Issue(("co_units", i), "责任单位不应重复牵头单位", "co_units repeats the lead unit"))
    for i, d in enumerate(p.districts):
        issues += _ref(("districts", i), d, reg.districts, "区市县", "district", "districts.yaml")
    if p.target is not None and p.target <= 0:
        issues.append(Issue(("target",), "全年目标必须大于 0；没有数量目标请删除 target 和 measure",
                            "the annual target must be above 0; omit target and measure when there is none"))
    if (p.target is None) != (p.measure is None):
        issues.append(Issue(("measure",), "target 与 measure（计量单位）必须同时填写或同时省略",
                            "target and measure go together"))
    issues += _check_plan(p, settings)
    issues += _check_reports(p, settings)
    issues += _check_adjustments(p, settings)
    issues += _check_parts(p, settings, reg)
    if settings.require_reasons:
        issues += _check_behind(p)
    issues += _check_records(p, reg)
    issues += [Issue(path, zh, en) for path, zh, en in
               [*check_content(p, settings), *dated_records(p, settings), *correction_dates(p, settings),
                *check_handovers(p, reg.names)]]
    return issues



_EXPOSED_ONLY = ("found_by", "problem", "milestone_month", "responsible_unit", "responsible_post", "sanction",
                 "rectification")
_EXPOSED_REQUIRED = ("found_by", "problem", "responsible_unit", "responsible_post", "sanction", "rectification")


def check_case(case: object, folder_kind: str, projects: Mapping[str, object], reg: Registry,
               settings: Settings | None = None) -> list[Issue]:
    """Rules for a case's front matter (``content/cases/<kind>/<slug>.md``)."""
    c = case
    issues: list[Issue] = []
    if c.kind.value != folder_kind:  # type: ignore[attr-defined]
        issues.append(Issue(("kind",), f"kind 为 {c.kind.value}，但文件在 cases/{folder_kind}/ 中",  # type: ignore[attr-defined]
                            f"kind is {c.kind.value} but the file is in cases/{folder_kind}/"))  # type: ignore[attr-defined]
    for i, pid in enumerate(c.projects):  # type: ignore[attr-defined]
        issues += _ref(("projects", i), pid, projects, "项目", "project", "projects/")
    for i, unit in enumerate(c.units):  # type: ignore[attr-defined]
        issues += _ref(("units", i), unit, reg.units, "单位", "unit", "units.yaml")
    exposed = c.kind.value == "exposed"  # type: ignore[attr-defined]
    for name in _EXPOSED_REQUIRED if exposed else ():
        if getattr(c, name) is None:
            issues.append(Issue((name,), f"反面典型必须填写 {name}", f"{name} is required for an exposed case"))
    for name in () if exposed else _EXPOSED_ONLY:
        if getattr(c, name) is not None:
            issues.append(Issue((name,), f"{name} 只用于反面典型", f"{name} is only for exposed cases"))
    if c.responsible_unit is not None:  # type: ignore[attr-defined]
        issues += _ref(("responsible_unit",), c.responsible_unit, reg.units, "单位", "unit", "units.yaml")  # type: ignore[attr-defined]
    if c.named_person is not None and not c.named_officially:  # type: ignore[attr-defined]
        issues.append(Issue(("named_person",), "只有经官方点名通报的，才能公开姓名；否则请删除 named_person，只写职务",
                            "a name may be published only when officially named (named_officially: true); "
                            "otherwise give the post only"))
    for i, update in enumerate(c.updates):  # type: ignore[attr-defined]
        if update.date < c.date:  # type: ignore[attr-defined]
            issues.append(Issue(("updates", i, "date"), f"后续进展日期 {update.date} 早于案例日期 {c.date}",  # type: ignore[attr-defined]
                                f"update {update.date} is before the case date {c.date}"))  # type: ignore[attr-defined]
    return issues


def check_meeting(m: object, projects: Mapping[str, object], reg: Registry) -> list[Issue]:
    """Rules for a dispatch meeting."""
    issues = list(_ref(("leader",), m.leader, reg.leaders, "责任领导", "leader", "leaders.yaml"))  # type: ignore[attr-defined]
    for i, pid in enumerate(m.projects):  # type: ignore[attr-defined]
        issues += _ref(("projects", i), pid, projects, "项目", "project", "projects/")
    return issues


# ---------------------------------------------------------------- every field of a kind, in any model


def data_window(settings: Settings) -> tuple[date, date]:
    """The dates data may carry: from 1 January of the year to the as-of month's reporting deadline.

    Nothing dated later can have happened by the time the as-of month is reported. Deadlines are
    not events and may lie ahead; a report's filing date has its own bound (:func:`filing_limit`).
    """
    return date(settings.year, 1, 1), settings.deadline(settings.as_of)


def filing_limit(settings: Settings) -> date:
    """The latest filing date a report may carry: the end of the month after the as-of month. A
    report filed after its deadline is late (迟报), not impossible; one filed later than this
    cannot have reached the office by the time the as-of month's bulletin is published."""
    return settings.as_of.next().last_day


def publication_window(month: Month) -> tuple[date, date]:
    """When a month's bulletin may be published: from its last day to the end of the following month."""
    follow = month.next()
    return month.last_day, follow.last_day


def check_publication_date(month: Month, published: date) -> Issue | None:
    """A bulletin's publication date outside :func:`publication_window`, or None."""
    first, last = publication_window(month)
    if first <= published <= last:
        return None
    return Issue(("published",), f"{month} 月度通报的发布日期应在 {first} 至 {last} 之间（该月月底至次月底），得到 {published}",
                 f"the {month} bulletin must be published between {first} and {last}, got {published}")


def check_fields(obj: BaseModel, settings: Settings) -> list[Issue]:
    """Rules for every field of a kind, wherever it sits in ``obj``: no personal data in free
    text, dates inside :func:`data_window`, months inside the year."""
    issues = [Issue(at, *message(found)) for at, text in values_of_kind(obj, FREE_TEXT)
              if (found := find_personal(text)) is not None]
    first, last = data_window(settings)
    filed_by = filing_limit(settings)
    for at, day in values_of_kind(obj, DATE):
        if day < first:
            issues.append(Issue(at, f"日期 {day} 早于 {settings.year} 年", f"date {day} is before {settings.year}"))
        elif at[-1] == "filed" and day > filed_by:
            issues.append(Issue(at, f"报送日期 {day} 晚于 {filed_by}（数据截止月 {settings.as_of} 的次月底）",
                                f"filed {day}, after {filed_by} (the end of the month after the as-of month {settings.as_of})"))
        elif at[-1] != "filed" and day > last:
            issues.append(Issue(at, f"日期 {day} 晚于数据截止月 {settings.as_of} 的报送期限 {last}；请在 as_of 改到该月后再录入",
                                f"date {day} is after the reporting deadline {last} of the as-of month {settings.as_of}"))
    for at, month in values_of_kind(obj, MONTH):
        if month.year != settings.year:
            issues.append(Issue(at, f"月份 {month} 不在 {settings.year} 年内", f"month {month} is outside {settings.year}"))
    return issues
