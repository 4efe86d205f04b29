"""Monthly bulletins (月度通报): computed from the status engine, frozen once published.

A published bulletin is a snapshot file ``data/bulletins/<yyyy-mm>.yaml`` holding every
figure the bulletin printed. Later builds render the bulletin from its snapshot and list,
as a correction (更正说明), every figure the current data now computes differently.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..data.fields import LabeledEnum, Line
from ..data.horizon import known_on
from ..data.loader import Dataset, display_path
from ..data.models import Case, CorrectionRecord
from ..data.rules import check_publication_date
from ..data.snapshots import BulletinRow, Chain, Snapshot, SnapshotCase, SnapshotConcealment, SnapshotRisk, snapshot_path
from ..dates import Month
from ..formats import qty
from .model import SiteModel, build_model
from .risks import year_end_risks
from .status import ProjectStatus, Status, StatusCount, headline, headline_counts

__all__ = [
    "Bulletin", "Change", "ChangeKind", "Correction", "Naming", "PublishRefused", "backfill", "build_bulletins",
    "changed_fields", "live_rows", "make_snapshot", "month_cases", "names", "relink",
]

#: Figures compared between a snapshot and the current data, with their Chinese names.
CORRECTED_FIELDS = {
    "target": "全年目标", "planned": "计划累计", "cumulative": "累计完成",
    "percent_of_milestone": "完成节点比例", "percent_of_target": "完成全年目标比例", "status": "状态",
}
#: Texts of the month's report compared the same way; shown as a before/after pair.
CORRECTED_TEXTS = {"progress": "进展情况", "explanation": "未完成原因", "measures": "整改措施"}


@dataclass(frozen=True)
class Correction:
    """A figure or text that changed after the bulletin was published, with the record of why."""

    month: Month
    project: str
    title: str
    field: str
    old: Any
    new: Any
    record: CorrectionRecord | None = None
    """The correction record (date, reason, who asked); the latest one for this project and month."""
    backfilled: date | None = None
    """The bulletin judged the month 漏报; the change is the report filed on this date (补报)."""

    @property
    def field_label(self) -> str:
        """Chinese name of the corrected figure."""
        if self.field.startswith("part:"):
            return f"分解任务 {self.field[5:]} 累计完成"
        return CORRECTED_FIELDS.get(self.field) or CORRECTED_TEXTS[self.field]

    @property
    def text(self) -> bool:
        """A text (shown as a before/after pair) rather than a figure."""
        return self.field in CORRECTED_TEXTS

    @property
    def when(self) -> date | None:
        """When it changed: the correction record's date, or the back-filed report's."""
        return self.backfilled or (self.record.date if self.record else None)

    @property
    def reason(self) -> str:
        """Why it changed."""
        if self.backfilled:
            return "补报（原通报判定漏报，保留）"
        return self.record.reason if self.record else "未写明"

    @property
    def requested_by(self) -> str:
        """Who asked for the change."""
        if self.backfilled:
            return "牵头单位补报"
        return self.record.requested_by if self.record else "—"

    @property
    def why(self) -> str:
        """The record in one line: date, reason, who asked (or the back-filed report)."""
        if self.backfilled:
            return f"{self.backfilled} 补报（原通报判定漏报，保留）"
        if self.record is None:
            return "未写明更正原因"
        r = self.record
        return f"{r.date} 更正，原因：{r.reason.rstrip('。')}，提出：{r.requested_by}"


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
    checksum: str | None = None
    """The published snapshot's fingerprint (SHA-256 of its canonical JSON); None for a preview."""
    chain: Chain | None = None
    """The published snapshot's link to the bulletin before it."""
    snapshot: Snapshot | None = None
    """The published snapshot (its canonical JSON, whose SHA-256 is ``checksum``, is published with
    the bulletin: made when that file is written, not held as text)."""

    @functools.cached_property
    def counts(self) -> list[StatusCount]:
        """Projects per status, in bulletin order."""
        return headline_counts(r.status for r in self.rows)

    @functools.cached_property
    def headline(self) -> str:
        """The opening sentence, in Dalian's wording."""
        return headline(self.month, self.counts)

    @functools.cached_property
    def behind(self) -> list[BulletinRow]:
        """Lagging projects (with their explanation and rectification)."""
        return [r for r in self.rows if r.status == Status.LAGGING]

    @functools.cached_property
    def unreported(self) -> list[BulletinRow]:
        """Projects that did not report this month (漏报)."""
        return [r for r in self.rows if r.status == Status.NOT_REPORTED]

    deadline: date | None = None
    """The month's reporting deadline."""
    concealments: list[SnapshotConcealment] = field(default_factory=list)
    """Suspected concealments this bulletin names (疑似瞒报)."""
    risks: list[SnapshotRisk] = field(default_factory=list)
    """Year-end risks (from September on)."""

    @functools.cached_property
    def late(self) -> list[BulletinRow]:
        """Projects whose report came after the deadline (迟报)."""
        return [r for r in self.rows if r.late_days]

    @functools.cached_property
    def named(self) -> list[Naming]:
        """The units this bulletin names for 漏报, 迟报 or 疑似瞒报 (对出现瞒报、漏报情况的单位予以通报)."""
        return names(self.rows, self.concealments)


@dataclass(frozen=True)
class Naming:
    """A unit a bulletin names, and for what."""

    kind: str
    """漏报, 迟报 or 疑似瞒报."""
    unit: str
    """Unit name as published."""
    project: str
    title: str
    detail: str


def names(rows: list[BulletinRow], concealments: list[SnapshotConcealment]) -> list[Naming]:
    """Units named for 漏报, 迟报 and 疑似瞒报, in that order."""
    out = [Naming("漏报", r.lead_unit_name or r.lead_unit, r.project, r.title, "未按期报送本月进展")
           for r in rows if r.status == Status.NOT_REPORTED]
    out += [Naming("迟报", r.lead_unit_name or r.lead_unit, r.project, r.title, f"{r.filed} 报送，逾期 {r.late_days} 天")
            for r in rows if r.late_days]
    out += [Naming("疑似瞒报", c.lead_unit_name, c.project, c.title,
                   f"{c.month.month} 月报送累计 {qty(c.reported)}，{c.inspected} 督查现场核实 {qty(c.observed)}")
            for c in concealments]
    return out


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
        progress=report.progress if report else None, filed=report.filed if report else None,
        late_days=ms.late_days,
    )


def live_rows(model: SiteModel, month: Month) -> list[BulletinRow]:
    """Every project's line for ``month``, computed from the current data."""
    return [_row(model.data, s, month) for s in model.statuses]


def changed_fields(old: BulletinRow, new: BulletinRow) -> list[tuple[str, Any, Any]]:
    """(field, published, now) for every figure and text that differs from the published row."""
    out = [(name, getattr(old, name), getattr(new, name)) for name in CORRECTED_FIELDS
           if getattr(old, name) != getattr(new, name)]
    # Snapshots older than the filing record hold no report text: nothing to compare.
    if old.filed is not None or old.progress is not None or old.status == Status.NOT_REPORTED:
        out += [(name, getattr(old, name), getattr(new, name)) for name in CORRECTED_TEXTS
                if getattr(old, name) != getattr(new, name)]
    out += [(f"part:{part}", before, new.parts.get(part)) for part, before in sorted(old.parts.items())
            if before != new.parts.get(part)]
    return out


def backfill(old: BulletinRow, new: BulletinRow) -> date | None:
    """The filing date when a month the bulletin judged 漏报 has been reported since (补报)."""
    return new.filed if old.status == Status.NOT_REPORTED and new.filed is not None else None


def _corrections(snap: Snapshot, live: list[BulletinRow], records: dict[str, list[CorrectionRecord]]) -> list[Correction]:
    now = {r.project: r for r in live}
    out = []
    for old in snap.rows:
        new = now.get(old.project)
        if new is None:
            continue
        mine = sorted((r for r in records.get(old.project, []) if r.month == snap.month), key=lambda r: r.date)
        for name, before, after in changed_fields(old, new):
            out.append(Correction(snap.month, old.project, old.title, name, before, after,
                                  record=mine[-1] if mine else None, backfilled=backfill(old, new)))
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

    Published months come from their snapshots; later months are live drafts, built only in a
    preview (``Settings.preview``).
    """
    data = model.data
    snapshots = data.snapshots
    months = [m for m in data.settings.due_months if m in snapshots or data.settings.preview]
    records = {p.id: list(p.corrections) for p in data.projects}
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
            corrections=_corrections(snap, live, records) if snap else [],
            changes=_changes(previous_rows, rows) if previous_rows else [],
            previous=months[i - 1] if i else None, next=months[i + 1] if i + 1 < len(months) else None,
            deadline=snap.deadline if snap else data.settings.deadline(month),
            concealments=list(snap.concealments or []) if snap else live_concealments(model),
            risks=list(snap.risks or []) if snap else live_risks(model, month),
            checksum=snap.checksum if snap else None, chain=snap.chain if snap else None,
            snapshot=snap,
        ))
        previous_rows = rows
    return bulletins


def live_concealments(model: SiteModel) -> list[SnapshotConcealment]:
    """Suspected concealments the data shows that no published bulletin has named yet."""
    d = model.data
    return [SnapshotConcealment(project=x.project.project.id, title=x.project.project.title,
                                lead_unit=x.project.project.lead_unit,
                                lead_unit_name=d.units[x.project.project.lead_unit].name, inspected=x.inspected,
                                month=x.month, reported=x.reported, observed=x.observed)
            for x in model.discrepancies if x.sealed_in is None]


def live_risks(model: SiteModel, month: Month) -> list[SnapshotRisk]:
    """Year-end risks in ``month``, as a bulletin lists them."""
    units = model.data.units
    return [SnapshotRisk(project=r.project.project.id, title=r.project.project.title,
                         lead_unit=r.project.project.lead_unit, lead_unit_name=units[r.project.project.lead_unit].name,
                         reason=r.reason)
            for r in year_end_risks(model.statuses, month, model.data.settings.first_month)]


class PublishRefused(Exception):
    """Publishing was refused (already published, month not due, date before the deadline, a gap)."""


def _refuse(model: SiteModel, month: Month, published: date, replace: bool) -> None:
    settings = model.data.settings
    if month not in settings.due_months:
        raise PublishRefused(f"{month} 不是可发布的月份（{settings.due_months[0]} 至 {settings.as_of}） / "
                             f"{month} is not a reporting month up to the as-of month")
    if month in model.data.snapshots and not replace:
        shown = display_path(snapshot_path(settings.data_dir, month), settings.project_root)
        raise PublishRefused(f"{shown} 已发布，不能重复发布；如确需重新发布（将覆盖原快照），请加 --force / "
                             f"{month} is already published; use --force to overwrite the snapshot")
    refused = check_publication_date(month, published)
    if refused is not None:
        raise PublishRefused(f"{refused.zh} / {refused.en}")
    gaps = [m for m in settings.due_months if m < month and m not in model.data.snapshots]
    if gaps and not replace:
        shown = "、".join(str(m) for m in gaps)
        raise PublishRefused(f"{shown} 的月度通报尚未发布，不能跳过；请先按月份顺序发布，如确需跳过请加 --force / "
                             f"earlier months are not published ({', '.join(str(m) for m in gaps)}); publish them "
                             "first, or use --force")
    deadline = settings.deadline(month)
    if published < deadline:
        raise PublishRefused(f"发布日期 {published} 早于 {month} 的报送期限 {deadline}：此时发布会把尚未到期的单位计为漏报 / "
                             f"publication date {published} is before the reporting deadline {deadline}")


def _number(number: str | None) -> str | None:
    """The document number, checked like any one-line text field."""
    if number is None:
        return None
    try:
        return TypeAdapter(Line).validate_python(number)
    except ValidationError as exc:
        ctx = exc.errors()[0].get("ctx") or {}
        raise PublishRefused(f"文号（--number）：{ctx.get('zh', exc)} / document number: {ctx.get('en', exc)}") from None


def _chain(model: SiteModel, month: Month) -> Chain:
    """The new snapshot's link: the latest bulletin published before it, and the one it replaces."""
    earlier = [m for m in sorted(model.data.snapshots) if m < month]
    before = model.data.snapshots[earlier[-1]] if earlier else None
    replaced = model.data.snapshots.get(month)
    return Chain(previous=before.month if before else None, previous_checksum=before.checksum if before else None,
                 replaces=replaced.checksum if replaced else None)


def make_snapshot(model: SiteModel, month: Month, published: date, number: str | None = None,
                  replace: bool = False) -> Snapshot:
    """The sealed snapshot of ``month``'s bulletin, as ``duban publish`` writes it.

    Refuses a month that is not due, a date outside the month after it
    (:func:`~generator.data.rules.publication_window`) or before its reporting deadline, and
    (unless ``replace``) a month already published or one with an earlier month still
    unpublished. Judges each unit on what was known on ``published``: a report filed later counts
    as not reported (it will show as 补报). The snapshot is linked to the latest bulletin
    published before it (and, when it replaces one, names the checksum it replaces). Writes
    nothing: storing the snapshot is the caller's job.
    """
    _refuse(model, month, published, replace)
    number = _number(number)
    known = build_model(known_on(model.data, published, month, filed_by=published, snapshots_before=month))
    snap = Snapshot(month=month, published=published, number=number, preface=_current_preface(model.data, month),
                    cases=month_cases(known.cases, month), rows=live_rows(known, month),
                    deadline=model.data.settings.deadline(month), concealments=live_concealments(known),
                    risks=live_risks(known, month), chain=_chain(model, month))
    return snap.sealed()


def relink(snapshots: dict[Month, Snapshot], new: Snapshot) -> list[Snapshot]:
    """The published months after ``new`` (a republished month), each linked again to the one
    before it: their content stays exactly as published, their checksums change with the link."""
    out: list[Snapshot] = []
    before = new
    for month in sorted(m for m in snapshots if m > new.month):
        old = snapshots[month]
        chain = (old.chain or Chain()).model_copy(update={"previous": before.month, "previous_checksum": before.checksum})
        before = old.model_copy(update={"chain": chain}).sealed()
        out.append(before)
    return out
