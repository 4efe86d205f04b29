"""Monthly bulletins (月度通报): computed from the status engine, frozen once published.

A published bulletin is a snapshot file ``data/bulletins/<yyyy-mm>.yaml`` holding every
figure the bulletin printed. Later builds render the bulletin from its snapshot and list,
as a correction (更正说明), every figure the current data now computes differently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..data.fields import LabeledEnum
from ..data.loader import Dataset, display_path
from ..data.models import Case
from ..data.snapshots import BulletinRow, Snapshot, SnapshotCase, snapshot_path
from ..dates import Month
from .model import SiteModel
from .status import ProjectStatus, Status, StatusCount, headline, headline_counts

__all__ = [
    "Bulletin", "Change", "ChangeKind", "Correction", "PublishRefused", "build_bulletins", "live_rows",
    "make_snapshot", "month_cases",
]

#: Figures compared between a snapshot and the current data, with their Chinese names.
CORRECTED_FIELDS = {
    "target": "全年目标", "planned": "计划累计", "cumulative": "累计完成",
    "percent_of_milestone": "完成节点比例", "percent_of_target": "完成全年目标比例", "status": "状态",
}


@dataclass(frozen=True)
class Correction:
    """A figure that changed after the bulletin was published."""

    month: Month
    project: str
    title: str
    field: str
    old: Any
    new: Any

    @property
    def field_label(self) -> str:
        """Chinese name of the corrected figure."""
        if self.field.startswith("part:"):
            return f"分解任务 {self.field[5:]} 累计完成"
        return CORRECTED_FIELDS[self.field]


class ChangeKind(LabeledEnum):
    """How a project's state changed since the previous bulletin."""

    COMPLETED = ("completed", "完成全年目标")
    NEWLY_BEHIND = ("newly_behind", "新增滞后或未报送")
    RECOVERED = ("recovered", "恢复正常")


@dataclass(frozen=True)
class Change:
    """A project whose state changed since the previous bulletin."""

    kind: ChangeKind
    row: BulletinRow
    before: Status


@dataclass(frozen=True)
class Bulletin:
    """One month's bulletin, published (from its snapshot) or a live preview."""

    month: Month
    rows: list[BulletinRow]
    published: date | None = None
    number: str | None = None
    preface: str | None = None
    """The editor's preface (Markdown): as published, or the current one for a preview."""
    cases: list[SnapshotCase] = field(default_factory=list)
    """The month's cases: as published, or the current ones for a preview."""
    corrections: list[Correction] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    previous: Month | None = None
    next: Month | None = None

    @property
    def counts(self) -> list[StatusCount]:
        """Projects per status, in bulletin order."""
        return headline_counts(r.status for r in self.rows)

    @property
    def headline(self) -> str:
        """The opening sentence, in Dalian's wording."""
        return headline(self.month, self.counts)

    @property
    def behind(self) -> list[BulletinRow]:
        """Lagging projects (with their explanation and rectification)."""
        return [r for r in self.rows if r.status == Status.LAGGING]

    @property
    def unreported(self) -> list[BulletinRow]:
        """Projects that did not report this month (漏报)."""
        return [r for r in self.rows if r.status == Status.NOT_REPORTED]


def _row(data: Dataset, s: ProjectStatus, month: Month) -> BulletinRow:
    p = s.project
    ms = s.at(month)
    report = next((r for r in p.reports if r.month == month), None)
    order = next((r for r in sorted(p.rectifications, key=lambda r: r.issued) if r.month == month), None)
    return BulletinRow(
        project=p.id, order=p.order, item=p.item, item_title=data.items[p.item].title, title=p.title,
        lead_unit=p.lead_unit, lead_unit_name=data.units[p.lead_unit].name, measure=p.measure,
        target=p.target, milestone=ms.milestone, planned=ms.planned if p.numeric else None,
        cumulative=ms.cumulative if p.numeric else None, percent_of_milestone=ms.percent_of_milestone,
        percent_of_target=ms.percent_of_target, status=ms.status, light=ms.light,
        warning="；".join(ms.warning.reasons) if ms.warning else None,
        explanation=report.explanation if report else None, measures=report.measures if report else None,
        rectification=order.requirement if order else None, deadline=order.deadline if order else None,
        parts={ps.part.id: c for ps in s.parts if (c := ps.at(month).cumulative) is not None},
    )


def live_rows(model: SiteModel, month: Month) -> list[BulletinRow]:
    """Every project's line for ``month``, computed from the current data."""
    return [_row(model.data, s, month) for s in model.statuses]


def _corrections(snap: Snapshot, live: list[BulletinRow]) -> list[Correction]:
    now = {r.project: r for r in live}
    out = []
    for old in snap.rows:
        new = now.get(old.project)
        if new is None:
            continue
        for name in CORRECTED_FIELDS:
            before, after = getattr(old, name), getattr(new, name)
            if before != after:
                out.append(Correction(snap.month, old.project, old.title, name, before, after))
        for part, before in sorted(old.parts.items()):
            after = new.parts.get(part)
            if before != after:
                out.append(Correction(snap.month, old.project, old.title, f"part:{part}", before, after))
    return out


def _changes(before: list[BulletinRow], after: list[BulletinRow]) -> list[Change]:
    was = {r.project: r.status for r in before}
    out = []
    for row in after:
        prev = was.get(row.project)
        if prev is None or prev == row.status:
            continue
        if row.status == Status.COMPLETED:
            out.append(Change(ChangeKind.COMPLETED, row, prev))
        elif row.status.behind and not prev.behind:
            out.append(Change(ChangeKind.NEWLY_BEHIND, row, prev))
        elif prev.behind and not row.status.behind:
            out.append(Change(ChangeKind.RECOVERED, row, prev))
    return out


def month_cases(cases: list[Case], month: Month) -> list[SnapshotCase]:
    """The cases dated in ``month``, as a bulletin lists them."""
    return [SnapshotCase(slug=c.slug, kind=c.kind.value, kind_label=c.kind.label, date=c.date, title=c.title)
            for c in cases if (c.date.year, c.date.month) == (month.year, month.month)]


def _current_preface(data: Dataset, month: Month) -> str | None:
    preface = data.prefaces.get(month)
    return preface.text if preface else None


def build_bulletins(model: SiteModel) -> list[Bulletin]:
    """Bulletins from the first reporting month to the as-of month, oldest first.

    Published months come from their snapshots; later months are live previews, left out
    when the ``drafts`` option is false.
    """
    data = model.data
    snapshots = data.snapshots
    months = [m for m in data.settings.due_months if m in snapshots or data.settings.drafts]
    bulletins: list[Bulletin] = []
    previous_rows: list[BulletinRow] = []
    for i, month in enumerate(months):
        live = live_rows(model, month)
        snap = snapshots.get(month)
        rows = snap.rows if snap else live
        bulletins.append(Bulletin(
            month=month, rows=sorted(rows, key=lambda r: r.order),
            published=snap.published if snap else None, number=snap.number if snap else None,
            preface=snap.preface if snap else _current_preface(data, month),
            cases=list(snap.cases) if snap else month_cases(model.cases, month),
            corrections=_corrections(snap, live) if snap else [],
            changes=_changes(previous_rows, rows) if previous_rows else [],
            previous=months[i - 1] if i else None, next=months[i + 1] if i + 1 < len(months) else None,
        ))
        previous_rows = rows
    return bulletins


class PublishRefused(Exception):
    """Publishing was refused (already published, month not due, date before the month ended)."""


def make_snapshot(model: SiteModel, month: Month, published: date, number: str | None = None,
                  replace: bool = False) -> Snapshot:
    """The sealed snapshot of ``month``'s bulletin, as ``duban publish`` writes it.

    Refuses a month that is not due, a date before the month ended, and (unless ``replace``)
    a month already published. Writes nothing: storing the snapshot is the caller's job.
    """
    settings = model.data.settings
    if month not in settings.due_months:
        raise PublishRefused(f"{month} 不是可发布的月份（{settings.due_months[0]} 至 {settings.as_of}） / "
                             f"{month} is not a reporting month up to the as-of month")
    if month in model.data.snapshots and not replace:
        shown = display_path(snapshot_path(settings.data_dir, month), settings.project_root)
        raise PublishRefused(f"{shown} 已发布，不能重复发布；如确需重新发布（将覆盖原快照），请加 --force / "
                             f"{month} is already published; use --force to overwrite the snapshot")
    if published < month.last_day:
        raise PublishRefused(f"发布日期 {published} 早于 {month} 月底 / publication date before the month ended")
    snap = Snapshot(month=month, published=published, number=number, preface=_current_preface(model.data, month),
                    cases=month_cases(model.cases, month), rows=live_rows(model, month))
    return snap.model_copy(update={"checksum": snap.digest()})
