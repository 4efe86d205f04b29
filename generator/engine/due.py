"""What is due on a given day (``duban check --due DATE``): per unit, the reports due and missing,
reports filed late, milestones missed without a written reason and measures, rectifications past
their deadline without a reply, and special reports due. The day is given, never the clock."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ..data.content import is_vacuous
from ..data.fields import LabeledEnum
from ..data.horizon import known_on
from ..data.loader import Dataset
from ..dates import Month
from .model import build_model
from .periods import SPECIAL_REPORT_DUE
from .status import Status

__all__ = ["DueItem", "DueKind", "DueList", "due_list"]


class DueKind(LabeledEnum):
    """What is due."""

    MISSING = ("missing", "应报未报（漏报）")
    LATE = ("late", "逾期报送（迟报）")
    NO_REASON = ("no_reason", "未完成节点目标但未写明原因和措施")
    NO_REPLY = ("no_reply", "整改逾期未答复")
    SPECIAL = ("special", "专项报告逾期未报送")
    SPECIAL_SOON = ("special_soon", "专项报告即将到期")

    @property
    def missing(self) -> bool:
        """Something due has not been delivered (the check then fails)."""
        return self not in (DueKind.LATE, DueKind.SPECIAL_SOON)


@dataclass(frozen=True)
class DueItem:
    """One thing due from one unit."""

    unit: str
    """Unit id."""
    unit_name: str
    kind: DueKind
    project: str
    """Project id ("" for special reports)."""
    title: str
    month: Month | None
    deadline: date
    detail: str


@dataclass(frozen=True)
class DueList:
    """Everything due on ``day``, by unit, with notes for the office."""

    day: date
    items: list[DueItem]
    notes: list[str]

    @property
    def missing(self) -> int:
        """Items due and not delivered."""
        return sum(1 for i in self.items if i.kind.missing)


def _reason_missing(text: str | None, min_length: int) -> bool:
    return text is None or is_vacuous(text, min_length)


def due_list(data: Dataset, day: date) -> DueList:
    """What is due on ``day``, from the whole data (published or not), as known on that day."""
    settings = data.settings
    due = [m for m in settings.months if settings.deadline(m) < day]  # on the deadline day itself, still in time
    notes = []
    through = max([settings.as_of, *due])
    if through > settings.as_of:
        notes.append(f"{through} 的报告在 {day} 已到报送期限，但数据截止月 as_of 为 {settings.as_of}：这些报告尚不能录入，"
                     f"请把 mkdocs.yml 中的 as_of 改为 \"{through}\" 后再录入")
    view = known_on(replace(data, settings=replace(settings, as_of=through)), day, through, filed_by=day)
    model = build_model(view)
    units = data.units
    items: list[DueItem] = []

    def add(unit: str, kind: DueKind, project: str, title: str, month: Month | None, deadline: date, detail: str) -> None:
        items.append(DueItem(unit, units[unit].name, kind, project, title, month, deadline, detail))

    for s in model.statuses:
        p = s.project
        for month in due:
            ms, deadline = s.at(month), settings.deadline(month)
            report = next((r for r in p.reports if r.month == month), None)
            if ms.status == Status.NOT_REPORTED and ms.backfilled is None:
                add(p.lead_unit, DueKind.MISSING, p.id, p.title, month, deadline, f"{month.label}进展应于 {deadline} 前报送")
            elif ms.late_days and month not in data.snapshots:
                add(p.lead_unit, DueKind.LATE, p.id, p.title, month, deadline,
                    f"{month.label}进展于 {ms.filed} 报送，逾期 {ms.late_days} 天")
            if report is not None and ms.status == Status.LAGGING and (
                    _reason_missing(report.explanation, settings.min_reason_length)
                    or _reason_missing(report.measures, settings.min_reason_length)):
                add(p.lead_unit, DueKind.NO_REASON, p.id, p.title, month, deadline,
                    f"{month.label}未完成节点目标，须书面说明原因和整改措施")
        for r in p.rectifications:
            if r.deadline < day and r.reply is None and r.closed is None:
                add(r.unit, DueKind.NO_REPLY, p.id, p.title, r.month, r.deadline,
                    f"{r.month.label}节点整改要求，完成时限 {r.deadline}，尚无答复")
    special = date(settings.year, *SPECIAL_REPORT_DUE)
    for unit in sorted({s.project.lead_unit for s in model.statuses} - set(view.special_reports)):
        if day >= special:
            add(unit, DueKind.SPECIAL, "", "年度专项报告", None, special, f"应于 {special} 前报送")
        elif day.month == 12:
            add(unit, DueKind.SPECIAL_SOON, "", "年度专项报告", None, special, f"应于 {special} 前报送")
    order = list(DueKind)
    items.sort(key=lambda i: (i.unit, order.index(i.kind), i.month or Month(settings.year, 12), i.project))
    return DueList(day, items, notes)
