"""What the ``duban`` command prints for the office: the due list (``check --due``) as text and as
CSV, and the summary ``publish`` shows before it asks for confirmation."""

from __future__ import annotations

import csv
import io
from itertools import groupby

from ..data.snapshots import Snapshot
from ..engine.bulletins import names
from ..engine.due import DueList
from ..engine.status import headline, headline_counts

__all__ = ["due_csv", "due_text", "publish_summary"]

_CSV_HEAD = ["单位编号", "单位", "事项", "项目编号", "项目", "月份", "期限", "说明"]


def due_text(due: DueList) -> str:
    """The due list as plain Chinese text, unit by unit."""
    lines = [f"截至 {due.day} 的应办事项（按单位） / due on {due.day}, by unit:"]
    lines += [f"注意：{note}" for note in due.notes]
    if not due.items:
        lines.append("没有到期未办的事项 / nothing due")
    for (_, name), items in groupby(due.items, key=lambda i: (i.unit, i.unit_name)):
        lines.append(f"\n{name}")
        for i in items:
            month = f"{i.month.year}年{i.month.month}月" if i.month else ""
            lines.append(f"  - {i.kind.label}：{i.title}{month and ' ' + month}：{i.detail}")
    counts: dict[str, int] = {}
    for i in due.items:
        counts[i.kind.label] = counts.get(i.kind.label, 0) + 1
    summary = "，".join(f"{label} {n} 项" for label, n in counts.items())
    lines.append(f"\n合计：{summary or '无'}；其中到期未办 {due.missing} 项 / {due.missing} item(s) due and missing")
    return "\n".join(lines) + "\n"


def due_csv(due: DueList) -> bytes:
    """The due list as CSV (UTF-8 with BOM, so that Excel opens it correctly), for sending to the units."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_CSV_HEAD)
    for i in due.items:
        writer.writerow([i.unit, i.unit_name, i.kind.label, i.project, i.title, str(i.month or ""), str(i.deadline), i.detail])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def publish_summary(snap: Snapshot) -> str:
    """What the bulletin will say, for the office to confirm before it is sealed."""
    title = f"{snap.month.year}年{snap.month.month}月重点民生实事项目推进情况通报"
    lines = [f"即将发布并封存：{title}（发布日期 {snap.published}{f'，{snap.number}' if snap.number else ''}）",
             headline(snap.month, headline_counts(r.status for r in snap.rows))]
    named = names(snap.rows, list(snap.concealments or []))
    if named:
        lines.append("将在通报中点名（对出现瞒报、漏报情况的单位予以通报），发布后不可撤销：")
        lines += [f"  - {n.kind}：{n.unit}（{n.title}）：{n.detail}" for n in named]
    else:
        lines.append("本期没有因漏报、迟报或疑似瞒报被点名的单位。")
    if snap.risks:
        lines.append("年底完成风险：" + "、".join(r.title for r in snap.risks))
    return "\n".join(lines)
