"""Corrections as records: a published figure or text may change only with a written record.

Every difference between a published bulletin and what the data computes now must be covered by
an entry in the project's ``corrections`` (month, date, reason, requested_by); a back-filled
report of a month the bulletin judged 漏报 is its own record (its filing date). Anything else is
an error that names the project file and the line of the changed value.
"""

from __future__ import annotations

from ..data.models import Project
from ..data.yamlio import line_of
from ..dates import Month
from ..errors import DataError
from ..formats import show
from .bulletins import CORRECTED_FIELDS, CORRECTED_TEXTS, backfill, changed_fields, live_rows
from .model import SiteModel

__all__ = ["unrecorded_changes"]

_REPORT_FIELDS = {"cumulative", *CORRECTED_TEXTS}


def _path(p: Project, month: Month, name: str) -> tuple[str | int, ...]:
    """Where in the project file the changed value is written."""
    if name == "target":
        return ("target",)
    if name == "planned":
        rows = [i for i, row in enumerate(p.plan) if row.month <= month]
        return ("plan", rows[-1], "planned") if rows else ("plan",)
    if name.startswith("part:"):
        i = next((i for i, part in enumerate(p.parts) if part.id == name[5:]), None)
        if i is None:
            return ("parts",)
        j = next((j for j, r in enumerate(p.parts[i].reports) if r.month == month), None)
        return ("parts", i, "reports") if j is None else ("parts", i, "reports", j, "cumulative")
    i = next((i for i, r in enumerate(p.reports) if r.month == month), None)
    if i is None:
        return ("reports",)
    return ("reports", i, name if name in _REPORT_FIELDS else "cumulative" if p.numeric else "milestone")


def _label(name: str) -> str:
    if name.startswith("part:"):
        return f"分解任务 {name[5:]} 累计完成"
    return CORRECTED_FIELDS.get(name) or CORRECTED_TEXTS[name]


def unrecorded_changes(model: SiteModel) -> list[DataError]:
    """Published values changed without a correction record, and records for unpublished months."""
    data = model.data
    by_id = {p.id: p for p in data.projects}
    errors: list[DataError] = []
    for month, snap in sorted(data.snapshots.items()):
        now = {r.project: r for r in live_rows(model, month)}
        for old in snap.rows:
            new, p = now.get(old.project), by_id.get(old.project)
            if new is None or p is None or backfill(old, new) or any(r.month == month for r in p.corrections):
                continue
            changes = changed_fields(old, new)
            if not changes:
                continue
            # A part's figure is where a rolled-up project figure was changed: name that line.
            name, before, after = next((c for c in changes if c[0].startswith("part:")), changes[0])
            shown = "（文字有改动）" if name in CORRECTED_TEXTS else f"（原为 {show(name, before)}，现为 {show(name, after)}）"
            path = _path(p, month, name)
            errors.append(DataError(
                p.source, line_of(data.raw(p), path), path,
                f"{month} 月度通报已发布，其中本项目的{_label(name)}已改动{shown}：请在 corrections 中写明 month: {month}、"
                "更正日期 date、原因 reason 和提出方 requested_by",
                f"the {month} bulletin is published and its {name} has changed; add a corrections entry "
                f"(month: {month}, date, reason, requested_by)"))
    for p in data.projects:
        for i, record in enumerate(p.corrections):
            if record.month not in data.snapshots:
                path = ("corrections", i, "month")
                errors.append(DataError(p.source, line_of(data.raw(p), path), path,
                                        f"{record.month} 的月度通报尚未发布，无需更正记录",
                                        f"the {record.month} bulletin is not published: nothing to correct"))
    return errors
