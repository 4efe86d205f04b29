"""Monthly bulletins (月度通报): computed from the status engine, frozen once published.

A published bulletin is a snapshot file ``data/bulletins/<yyyy-mm>.yaml`` holding every
figure the bulletin printed. Later builds render the bulletin from its snapshot and list,
as a correction (更正说明), every figure the current data now computes differently.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from .errors import DataError, DataErrors
from .fields import Day, Month, MonthField, Quantity, Slug, Text
from .loader import Dataset, display_path
from .site import SiteModel
from .status import Light, ProjectStatus, Status, headline, headline_counts
from .yamlio import line_of, load_yaml

__all__ = [
    "Bulletin", "BulletinRow", "Change", "Correction", "PublishError", "Snapshot", "build_bulletins", "live_rows",
    "check_not_scaled_down", "load_snapshots", "publish", "snapshot_path",
]

#: Figures compared between a snapshot and the current data, with their Chinese names.
CORRECTED_FIELDS = {
    "target": "全年目标", "planned": "计划累计", "cumulative": "累计完成",
    "percent_of_milestone": "完成节点比例", "percent_of_target": "完成全年目标比例", "status": "状态",
}


def _enum(kind: type) -> Any:
    return Annotated[kind, BeforeValidator(lambda v: kind(v) if isinstance(v, str) else v)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class BulletinRow(_Frozen):
    """One project's line in a bulletin: everything the bulletin prints about it."""

    project: Slug
    order: int
    item: int
    item_title: Text | None = None
    title: Text
    lead_unit: Slug
    lead_unit_name: Text | None = None
    measure: Text | None = None
    target: Quantity | None = None
    milestone: Text | None = None
    planned: Quantity | None = None
    cumulative: Quantity | None = None
    percent_of_milestone: Quantity | None = None
    percent_of_target: Quantity | None = None
    status: _enum(Status)  # type: ignore[valid-type]
    light: _enum(Light)  # type: ignore[valid-type]
    warning: Text | None = None
    explanation: Text | None = None
    measures: Text | None = None
    rectification: Text | None = None
    deadline: Day | None = None
    parts: dict[str, Quantity] = {}
    """Cumulative figure of each part (task decomposition), by part id."""


class SnapshotCase(_Frozen):
    """A case the published bulletin listed."""

    slug: Slug
    kind: Text
    kind_label: Text
    date: Day
    title: Text


class Snapshot(_Frozen):
    """A published bulletin as stored in ``data/bulletins/<yyyy-mm>.yaml``."""

    month: MonthField
    published: Day
    number: Text | None = None
    preface: str | None = None
    """The editor's preface as published (Markdown)."""
    cases: list[SnapshotCase] = []
    """The month's cases as published."""
    rows: list[BulletinRow]
    checksum: str = ""
    """SHA-256 of everything above: a hand-edited snapshot is refused."""

    def digest(self) -> str:
        """The checksum this snapshot's content should carry."""
        body = self.model_dump(mode="json", exclude={"checksum"}, exclude_none=True)
        return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


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


@dataclass(frozen=True)
class Change:
    """A project whose state changed since the previous bulletin."""

    kind: str
    """完成全年目标 (newly completed), 新增滞后 (newly lagging) or 恢复正常 (recovered)."""
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
    """Published bulletins: the preface as published (live ones take the current preface)."""
    cases: list[SnapshotCase] | None = None
    """Published bulletins: the cases as published (None: take the current cases of the month)."""
    corrections: list[Correction] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    previous: Month | None = None
    next: Month | None = None

    @property
    def counts(self) -> list[tuple[Status, int]]:
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


def snapshot_path(data_dir: Path, month: Month) -> Path:
    """Where the snapshot of ``month`` lives."""
    return data_dir / "bulletins" / f"{month}.yaml"


def load_snapshots(data_dir: Path, year: int) -> dict[Month, Snapshot]:
    """Every published snapshot; a damaged or hand-edited file is a DataError naming it."""
    folder = data_dir / "bulletins"
    if not folder.is_dir():
        return {}
    errors: list[DataError] = []
    out: dict[Month, Snapshot] = {}
    for path in sorted(folder.glob("*.yaml")):
        name = display_path(path)
        try:
            raw = load_yaml(path, name)
            snap = Snapshot.model_validate(raw)
        except DataErrors as exc:
            errors += exc.errors
            continue
        except ValidationError as exc:
            errors += [DataError(name, line_of(raw, tuple(e["loc"])), tuple(e["loc"]),
                                 "通报快照已损坏或被手工修改，请从版本库恢复，或用 duban publish --force 重新发布",
                                 f"snapshot damaged or edited by hand ({e['msg']}); restore it from version control "
                                 "or republish with duban publish --force") for e in exc.errors()]
            continue
        if snap.checksum != snap.digest():
            errors.append(DataError(name, raw.lines.get("checksum"), ("checksum",),
                                    "通报快照在发布后被手工修改过（校验码不符）。请从版本库恢复原文件；"
                                    "数据更正请改项目文件，网站会自动显示更正说明",
                                    "the snapshot was edited after publication (checksum mismatch); restore it from "
                                    "version control and correct the project file instead"))
            continue
        if path.stem != str(snap.month) or snap.month.year != year:
            errors.append(DataError(name, raw.lines.get("month"), ("month",),
                                    f"快照月份 {snap.month} 与文件名不符或不在 {year} 年",
                                    f"snapshot month {snap.month} does not match the file name or year {year}"))
            continue
        out[snap.month] = snap
    if errors:
        raise DataErrors(errors)
    return out


def check_not_scaled_down(data: Dataset, snapshots: dict[Month, Snapshot]) -> list[DataError]:
    """No published project may be dropped or have its annual target lowered (任何项目均不允许调减)."""
    errors: list[DataError] = []
    projects = {p.id: p for p in data.projects}
    seen: set[tuple[str, str]] = set()
    for month, snap in sorted(snapshots.items()):
        bulletin = display_path(snapshot_path(data.settings.data_dir, month))
        for row in snap.rows:
            p = projects.get(row.project)
            if p is None:
                if ("dropped", row.project) not in seen:
                    seen.add(("dropped", row.project))
                    errors.append(DataError(bulletin, None, ("rows",),
                                            f"项目 {row.project} 已在 {month} 月度通报中公开，不得删除（任何项目均不允许调减）",
                                            f"project {row.project} was published in the {month} bulletin "
                                            "and may not be dropped"))
                continue
            if row.target is not None and (p.target is None or p.target < row.target) and ("target", p.id) not in seen:
                seen.add(("target", p.id))
                errors.append(DataError(p.source, None, ("target",),
                                        f"全年目标不得调减：{bulletin}（{month} 月度通报）公布为 {row.target}，现为 {p.target}",
                                        f"the annual target may not be lowered: published {row.target} in "
                                        f"{bulletin}, now {p.target}"))
    return errors


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
            out.append(Change("完成全年目标", row, prev))
        elif row.status in (Status.LAGGING, Status.NOT_REPORTED) and prev not in (Status.LAGGING, Status.NOT_REPORTED):
            out.append(Change("新增滞后或未报送", row, prev))
        elif prev in (Status.LAGGING, Status.NOT_REPORTED) and row.status not in (Status.LAGGING, Status.NOT_REPORTED):
            out.append(Change("恢复正常", row, prev))
    return out


def build_bulletins(model: SiteModel, snapshots: dict[Month, Snapshot], drafts: bool = True) -> list[Bulletin]:
    """Bulletins from the first reporting month to the as-of month, oldest first.

    Published months come from their snapshots; later months are live previews, left out
    when ``drafts`` is false.
    """
    settings = model.data.settings
    months = [m for m in settings.due_months if m in snapshots or drafts]
    bulletins: list[Bulletin] = []
    previous_rows: list[BulletinRow] = []
    for i, month in enumerate(months):
        live = live_rows(model, month)
        snap = snapshots.get(month)
        rows = snap.rows if snap else live
        bulletins.append(Bulletin(
            month=month, rows=sorted(rows, key=lambda r: r.order),
            published=snap.published if snap else None, number=snap.number if snap else None,
            preface=snap.preface if snap else None, cases=list(snap.cases) if snap else None,
            corrections=_corrections(snap, live) if snap else [],
            changes=_changes(previous_rows, rows) if previous_rows else [],
            previous=months[i - 1] if i else None, next=months[i + 1] if i + 1 < len(months) else None,
        ))
        previous_rows = rows
    return bulletins


class PublishError(Exception):
    """Publishing was refused (already published, month not due)."""


def publish(model: SiteModel, month: Month, published: date, number: str | None = None,
            force: bool = False, preface: str | None = None) -> Path:
    """Write the snapshot of ``month``'s bulletin; refuse to overwrite unless ``force``."""
    settings = model.data.settings
    if month not in settings.due_months:
        raise PublishError(f"{month} 不是可发布的月份（{settings.due_months[0]} 至 {settings.as_of}） / "
                           f"{month} is not a reporting month up to the as-of month")
    path = snapshot_path(settings.data_dir, month)
    if path.exists() and not force:
        raise PublishError(f"{display_path(path)} 已发布，不能重复发布；如确需重新发布（将覆盖原快照），请加 --force / "
                           f"{month} is already published; use --force to overwrite the snapshot")
    if published < month.last_day:
        raise PublishError(f"发布日期 {published} 早于 {month} 月底 / publication date before the month ended")
    cases = [SnapshotCase(slug=c.slug, kind=c.kind.value, kind_label=c.kind.label, date=c.date, title=c.title)
             for c in model.cases if (c.date.year, c.date.month) == (month.year, month.month)]
    snap = Snapshot(month=month, published=published, number=number, preface=preface, cases=cases,
                    rows=live_rows(model, month))
    snap = snap.model_copy(update={"checksum": snap.digest()})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_dump(snap), encoding="utf-8")
    return path


def _dump(snap: Snapshot) -> str:
    data = snap.model_dump(mode="json", exclude_none=True)
    header = (f"# {snap.month} 月度通报快照：由 duban publish 生成，记录发布时公布的全部数字。\n"
              "# 请勿手工修改；数据更正请改项目文件，网站会自动显示更正说明。\n"
              "# Snapshot written by `duban publish`; do not edit by hand.\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
