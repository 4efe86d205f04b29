"""The sealed record: what published bulletins said about each unit stands for good.

Later data adds to the record and never subtracts from it:

* a month a bulletin judged 漏报 or behind plan keeps that judgment whatever the data says now;
  a report filed afterwards shows as 补报 with its date, a corrected figure as a note;
* a month a bulletin judged met can still become behind plan when its figure is corrected
  down (the correction adds a judgment);
* a 迟报 a bulletin recorded stays, whatever the filing date says now;
* a suspected concealment (疑似瞒报) a bulletin named stays, marked 已更正 once the figure is
  corrected down to what the inspection counted.

Months after the latest published bulletin are judged on the current data alone.
"""

from __future__ import annotations

from dataclasses import replace

from ..data.snapshots import BulletinRow, Snapshot
from ..dates import Month
from ..settings import Settings
from .accountability import Discrepancy, discrepancies
from .status import MonthStatus, ProjectStatus, Status

__all__ = ["REVISIONS", "concealments", "reporting_rules", "seal"]

REVISIONS = [
    "已发布通报判定的漏报、未完成节点目标（滞后）、迟报和疑似瞒报永久保留在单位的记录和考评记分中，不因之后补报或更正数据而消除。",
    "通报判定漏报的月份，之后报送的进展显示为“补报”并注明补报日期，漏报扣分保留；补报不再另计迟报。",
    "通报判定滞后的月份，之后更正的数字照常显示，但该月仍计为滞后；通报判定完成节点的月份，数字更正后低于计划的，增计滞后。",
    "通报点名的疑似瞒报，之后将数字更正为核实数的，标注“已更正”和更正日期，瞒报扣分保留。",
    "考评记分按已发布通报的判定，加上最新一期通报之后各月（预览中的当月）按当前数据的判定计算。",
]
"""How the record treats later data, as the 统计口径 page states it (the rules of :func:`seal`)."""


def reporting_rules(settings: Settings) -> list[str]:
    """How each month's report is judged (报送期限, 迟报, 漏报, 补报), as the 统计口径 page states it."""
    own = "；".join(f"{m.year}年{m.month}月报告的期限为 {d}" for m, d in settings.report_deadlines)
    return [
        f"报送期限：每月报告应于次月 {settings.report_grace_days} 日（即当月最后一天后 {settings.report_grace_days} 天）前报送"
        + (f"；{own}" if own else "") + "。",
        "按时报送：报送日期不晚于报送期限。",
        "迟报：报送日期晚于报送期限，注明逾期天数；迟报在考评中扣分。",
        "漏报：月度通报发布时仍未报送（报送日期晚于通报发布日期的，也按漏报判定）；漏报在通报中点名并扣分。",
        "补报：通报判定漏报之后才报送的报告，其数字照常显示并注明补报日期，漏报判定和扣分保留。",
        "月度通报不得在报送期限之前发布，否则会把尚未到期的单位计为漏报。",
    ]


def _sealed_month(ms: MonthStatus, row: BulletinRow) -> MonthStatus:
    """One month under the judgment a published bulletin made of it."""
    if row.filed is not None:
        late = row.late_days  # sealed: a later change of the filing date changes nothing
    elif row.status == Status.NOT_REPORTED:
        late = None
    else:
        late = ms.late_days  # a snapshot older than the filing record: judged on the data
    if row.status.behind and ms.status != row.status:
        if row.status == Status.NOT_REPORTED and ms.filed is not None:
            # Judged 漏报 and reported since: a back-filled report (补报), not also a late one.
            return replace(ms, status=row.status, light=row.status.base_light, backfilled=ms.filed, late_days=None)
        return replace(ms, status=row.status, light=row.status.base_light, corrected=ms.status, late_days=late)
    return replace(ms, late_days=late)


def seal(statuses: list[ProjectStatus], snapshots: dict[Month, Snapshot]) -> list[ProjectStatus]:
    """Every project's months with the judgments of the published bulletins applied."""
    rows = {(m, r.project): r for m, snap in snapshots.items() for r in snap.rows}
    out = []
    for s in statuses:
        months = [_sealed_month(ms, rows[ms.month, s.project.id]) if (ms.month, s.project.id) in rows else ms
                  for ms in s.months]
        out.append(replace(s, months=months))
    return out


def concealments(statuses: list[ProjectStatus], snapshots: dict[Month, Snapshot]) -> list[Discrepancy]:
    """Suspected concealments: every one a published bulletin named (corrected or not), then those
    the current data shows that no bulletin has named yet."""
    by_id = {s.project.id: s for s in statuses}
    live = {d.key: d for d in discrepancies(statuses)}
    out: list[Discrepancy] = []
    seen: set[object] = set()
    for month, snap in sorted(snapshots.items()):
        for c in snap.concealments or []:
            s = by_id.get(c.project)
            key = (c.project, c.inspected, c.month)
            if s is None or key in seen:
                continue
            seen.add(key)
            report = next((r for r in s.project.reports if r.month == c.month), None)
            now = report.cumulative if report is not None else None
            corrected = now is not None and now <= c.observed
            fixes = [r.date for r in s.project.corrections if r.month == c.month]
            inspection = next((i for i in s.project.inspections if (i.date, i.month) == (c.inspected, c.month)), None)
            out.append(Discrepancy(s, inspection, c.inspected, c.month, c.reported, c.observed, sealed_in=month,
                                   corrected=corrected, corrected_on=max(fixes) if corrected and fixes else None))
    out += [d for key, d in live.items() if key not in seen]
    return out
