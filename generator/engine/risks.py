"""Year-end risks (年底完成风险): 当年必须完成, so from September on the projects that may not be
finished by December are listed on the home page and in every bulletin."""

from __future__ import annotations

from dataclasses import dataclass

from ..dates import Month
from ..formats import qty
from .status import ProjectStatus, Status

__all__ = ["RISKS_FROM", "RISK_RULES", "Risk", "year_end_risks"]

RISKS_FROM = 9
"""Year-end risks are listed from this month on (September)."""

RISK_RULES = [
    "经市政府同意暂缓实施的项目；",
    "经市政府同意调整节点目标的项目；",
    "有数量目标、尚未完成的项目，剩余工作量平均到年底前每个月，超过了该项目此前完成最多的一个月。",
]
"""The rule, as the 统计口径 page states it (evaluated by :func:`year_end_risks`)."""


@dataclass(frozen=True)
class Risk:
    """A project at risk of missing the annual target by December, and why."""

    project: ProjectStatus
    reason: str


def _best_month(s: ProjectStatus, month: Month, first_month: int) -> float:
    """The most the project completed in one month so far (a gap between reports is spread evenly)."""
    best, last_figure, last_month = 0.0, 0.0, first_month - 1
    for ms in s.months:
        if ms.month > month or ms.filed is None or ms.cumulative is None:
            continue
        best = max(best, (ms.cumulative - last_figure) / (ms.month.month - last_month))
        last_figure, last_month = ms.cumulative, ms.month.month
    return best


def _reasons(s: ProjectStatus, month: Month, first_month: int) -> list[str]:
    p, ms = s.project, s.at(month)
    reasons = [f"经市政府同意{a.kind.label}（自 {a.start.label}起{f'至 {a.until.label}' if a.until else ''}）"
               for a in p.adjustments]
    if p.numeric and p.target is not None:
        remaining = p.target - (ms.cumulative or 0)
        left = 12 - month.month
        best = _best_month(s, month, first_month)
        if remaining > 0 and (left == 0 or remaining / left > best):
            per = f"需月均完成 {qty(round(remaining / left, 1))}{p.measure}" if left else "已无剩余月份"
            reasons.append(f"尚差 {qty(remaining)}{p.measure}，{per}，此前单月最多完成 {qty(round(best, 1))}{p.measure}")
    return reasons


def year_end_risks(statuses: list[ProjectStatus], month: Month, first_month: int) -> list[Risk]:
    """Projects not yet completed in ``month`` (from September on) that risk missing the year-end target."""
    if month.month < RISKS_FROM:
        return []
    out = []
    for s in statuses:
        ms = s.at(month)
        if not ms.due or ms.status == Status.COMPLETED:
            continue
        reasons = _reasons(s, month, first_month)
        if reasons:
            out.append(Risk(s, "；".join(reasons)))
    return out
