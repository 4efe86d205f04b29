"""The plan in force: original monthly plan rows with approved adjustments applied."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..dates import Month
from .models import Adjustment, AdjustmentKind, PlanEntry, Project

__all__ = ["deferral_at", "effective_plan", "parts_total", "planned_at"]


class _Row(Protocol):
    @property
    def month(self) -> Month: ...
    @property
    def planned(self) -> float | int | None: ...
    @property
    def milestone(self) -> str | None: ...


def effective_plan(p: Project) -> list[PlanEntry]:
    """The plan with approved adjustments applied (original rows replaced from their month)."""
    rows = {row.month: row for row in p.plan}
    for adj in _in_order(p.adjustments):
        if adj.kind == AdjustmentKind.ADJUST:
            for row in adj.plan:
                rows[row.month] = row
    return [rows[m] for m in sorted(rows)]


def _in_order(adjustments: Sequence[Adjustment]) -> list[Adjustment]:
    """Later approvals override earlier ones, whatever order the file lists them in."""
    return sorted(adjustments, key=lambda a: (a.start, a.approved))


def row_at(plan: Sequence[_Row], month: Month) -> _Row | None:
    """The plan row in force at ``month``: the last one at or before it."""
    found = None
    for row in plan:
        if row.month <= month:
            found = row
    return found


def planned_at(plan: Sequence[_Row], month: Month) -> float | int | None:
    """Planned cumulative in force at ``month``, or None before the plan starts."""
    row = row_at(plan, month)
    return row.planned if row is not None else None


def deferral_at(p: Project, month: Month) -> Adjustment | None:
    """The approved deferral covering ``month``, if any."""
    for a in p.adjustments:
        if a.kind == AdjustmentKind.DEFER and a.start <= month and (a.until is None or month <= a.until):
            return a
    return None


def parts_total(p: Project, month: Month) -> float | None:
    """Sum of the parts' cumulative figures for ``month``; None unless every part reported one."""
    figures = [next((r.cumulative for r in part.reports if r.month == month), None) for part in p.parts]
    if not figures or None in figures:
        return None
    return sum(figures)  # type: ignore[arg-type]
