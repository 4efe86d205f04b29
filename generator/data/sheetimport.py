"""Importing a filled workbook: compare its rows with the data, then check the result with the
loader's own rules before anything is written.

:func:`plan_import` decides, for one :class:`~.sheetread.Filing`, which reports are new or
changed, refuses changes to months already published in a bulletin (unless the office passes a
:class:`Correction`, which is recorded in the project's ``corrections:``), produces the new text
of each project file (``yamledit``), reads that text back with the strict loader, validates it
with the same model and rules as every data file, and names the sheet, row and column of every
problem. The adapter writes the texts only when there is none.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..dates import Month
from ..errors import DataError, DataErrors
from .loader import Dataset, validate
from .models import MilestoneResult, Part, PartReport, Project, Report
from .plan import effective_plan, planned_at
from .rules import check_project
from .sheetform import PART_REPORT_FIELDS, REPORT_FIELDS, month_cell
from .sheetread import Cell, Filing, Row, SheetProblem
from .yamledit import Edit, apply_edits
from .yamlio import parse_yaml

__all__ = ["Change", "Correction", "ImportPlan", "plan_import"]


@dataclass(frozen=True)
class Correction:
    """The office's leave to change months already published: why, when, at whose request."""

    reason: str
    date: date
    requested_by: str | None = None
    """Default: the unit whose workbook it is."""


@dataclass(frozen=True)
class Change:
    """A report added or changed by the workbook."""

    row: Row
    values: dict[str, Any]
    """Fields set (None: removed)."""
    new: bool
    published: bool
    """The month was already published: this is a correction."""

    def describe(self, projects: dict[str, Project]) -> str:
        """``燃气安全提升工程 2022年10月：新增报告`` and the like."""
        p = projects[self.row.project]
        what = "新增报告" if self.new else "修改" + "、".join(self.row.cells[k].header for k in self.values)
        part = f"（分解任务 {self.row.part}）" if self.row.part else ""
        return f"{p.title}{part} {month_cell(self.row.month)}：{what}" + ("（更正已发布月份）" if self.published else "")


@dataclass
class ImportPlan:
    """What importing one workbook would do."""

    filing: Filing
    changes: list[Change] = field(default_factory=list)
    texts: dict[Path, bytes] = field(default_factory=dict)
    """New content of each project file that changes (its BOM and line endings kept)."""
    problems: list[SheetProblem] = field(default_factory=list)


def plan_import(filing: Filing, data: Dataset, correction: Correction | None = None) -> ImportPlan:
    """Everything importing ``filing`` into ``data`` would change, or the problems that stop it."""
    plan = ImportPlan(filing, problems=list(filing.problems))
    projects = {p.id: p for p in data.projects}
    for row in filing.rows:  # every sheet and row is checked, so the clerk gets every problem at once
        change = _compare(plan, row, projects[row.project], data, correction)
        if change is not None:
            plan.changes.append(change)
    by_project: dict[str, list[Change]] = defaultdict(list)
    for change in plan.changes:
        by_project[change.row.project].append(change)
    for pid, changes in by_project.items():
        _rewrite(plan, projects[pid], changes, data, correction)
    if plan.problems:  # a workbook with any problem changes nothing
        plan.texts.clear()
        plan.problems = filing.in_order(plan.problems)
    return plan


# ---------------------------------------------------------------- comparing a row with the data


def _existing(p: Project, part: Part | None, month: Month) -> Report | PartReport | None:
    reports: Iterable[Report | PartReport] = part.reports if part else p.reports
    return next((r for r in reports if r.month == month), None)


def _differs(key: str, new: Any, old: Any) -> bool:
    if new is None or old is None:
        return (new is None) != (old is None)
    if key == "milestone":
        return _result(new) != old.value
    if isinstance(old, date):
        return new != old.isoformat()
    if isinstance(old, int | float):
        return isinstance(new, bool) or not isinstance(new, int | float) or not math.isclose(new, old)
    return new != old


def _result(value: Any) -> Any:
    """The code of a milestone result written as code or label; anything else as typed."""
    for member in MilestoneResult:
        if value in (member.value, member.label):
            return member.value
    return value


def _compare(plan: ImportPlan, row: Row, p: Project, data: Dataset, correction: Correction | None) -> Change | None:
    part = next(x for x in p.parts if x.id == row.part) if row.part else None
    _check_plan(plan, row, p, part)
    old = _existing(p, part, row.month)
    diff = {k: v for k, v in row.values.items() if _differs(k, v, getattr(old, k, None) if old else None)}
    if old is None and all(v is None for v in row.values.values()):
        return None
    if old is not None and all(v is None for v in row.values.values()):
        plan.filing.notes.append(f"{row.at}：整行为空，{month_cell(row.month)}已有的报告保留不变")
        return None
    if not diff:
        return None
    published = row.month in data.snapshots
    if published and correction is None:
        key = next(iter(diff))
        before = getattr(old, key, None) if old else None
        shown = before.label if isinstance(before, MilestoneResult) else before
        plan.problems.append(SheetProblem(
            plan.filing.file, row.cells[key],
            f"{month_cell(row.month)}已发布月度通报，不能直接修改（原为 {_show(shown)}，表中为 {_show(diff[key])}）。"
            "如确需更正，请书面说明原因，由督考办用 duban import-sheet --correction \"原因\" 导入",
            f"{row.month} was published in a bulletin and cannot be changed here (was {shown!r}, now {diff[key]!r}); "
            "the office imports corrections with --correction REASON"))
        return None
    values = {k: (_result(v) if k == "milestone" else v) for k, v in diff.items()}
    return Change(row, values, old is None, published)


def _show(value: Any) -> str:
    return "空白" if value is None else f"“{value}”"


def _check_plan(plan: ImportPlan, row: Row, p: Project, part: Part | None) -> None:
    """The locked planned figure is the plan in force: a different one means an edited or stale sheet."""
    if "planned" not in row.locked:
        return
    sheet = row.locked["planned"]
    current = planned_at(part.plan, row.month) if part else planned_at(effective_plan(p), row.month)
    same = (sheet is None and current is None) or (
        isinstance(sheet, int | float) and current is not None and math.isclose(sheet, current))
    if not same:
        plan.problems.append(SheetProblem(
            plan.filing.file, row.cells.get("planned", row.at),
            f"计划累计不能在填报表中修改（当前计划为 {_show(current)}，表中为 {_show(sheet)}）；"
            "如果计划已经批准调整，请向督考办索取新导出的填报表",
            f"the planned figure cannot be changed in the workbook (plan {current!r}, sheet {sheet!r})"))


# ---------------------------------------------------------------- the new file, read back


def _rewrite(plan: ImportPlan, p: Project, changes: list[Change], data: Dataset, correction: Correction | None) -> None:
    path = data.settings.project_root / p.source
    raw_bytes = path.read_bytes()
    # Keep the file's own conventions: a UTF-8 BOM and Windows line endings stay as they were.
    bom = b"\xef\xbb\xbf" if raw_bytes.startswith(b"\xef\xbb\xbf") else b""
    crlf = b"\r\n" in raw_bytes
    old_text = raw_bytes[len(bom):].decode("utf-8").replace("\r\n", "\n")
    edits = [Edit(c.row.part, str(c.row.month), c.values, PART_REPORT_FIELDS if c.row.part else REPORT_FIELDS)
             for c in changes]
    records = []
    if correction is not None:
        unit = data.units[plan.filing.unit].name if plan.filing.unit else ""
        for month in sorted({c.row.month for c in changes if c.published}):
            records.append({"month": str(month), "date": correction.date.isoformat(), "reason": correction.reason,
                            "requested_by": correction.requested_by or unit})
    text = apply_edits(old_text, edits, records)
    rows = {(r.project, r.part, r.month): r for r in plan.filing.rows if r.project == p.id}
    problems = _verify(plan.filing.file, p, text, data, rows)
    if problems:
        plan.problems += problems
    else:
        plan.texts[path] = bom + (text.replace("\n", "\r\n") if crlf else text).encode("utf-8")


def _verify(file: str, p: Project, text: str, data: Dataset, rows: dict[tuple[str, str | None, Month], Row]
            ) -> list[SheetProblem]:
    """Read the new text with the strict loader and check it with the loader's model and rules."""
    try:
        raw = parse_yaml(text.encode("utf-8"), p.source)
    except DataErrors as exc:  # pragma: no cover - the writer always writes valid YAML
        return [SheetProblem(file, None, e.zh, e.en) for e in exc.errors]
    registry = data.registry
    model, errors = validate(Project, raw, p.source, raw, names=registry.names)
    if model is not None:
        model = model.model_copy(update={"id": p.id, "source": p.source})
        errors += [DataError(p.source, None, i.path, i.zh, i.en) for i in check_project(model, data.settings, registry)]
    return [SheetProblem(file, _cell_of(raw, e.path, p, rows), e.zh, e.en) for e in errors]


def _cell_of(raw: Any, path: tuple[str | int, ...], p: Project,
             rows: dict[tuple[str, str | None, Month], Row]) -> Cell | None:
    """The sheet cell behind a field path of the new file (the row when the field has no column)."""
    part: str | None = None
    at = path
    if len(at) >= 4 and at[0] == "parts" and at[2] == "reports" and isinstance(at[1], int):
        part = str(raw["parts"][at[1]]["id"])
        at, owner = at[2:], raw["parts"][at[1]]
    else:
        owner = raw
    if len(at) < 2 or at[0] != "reports" or not isinstance(at[1], int):
        return None
    try:
        month = Month.parse(owner["reports"][at[1]]["month"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    row = rows.get((p.id, part, month))
    if row is None:
        return None
    return row.cells.get(str(at[2]), row.at) if len(at) >= 3 else row.at
