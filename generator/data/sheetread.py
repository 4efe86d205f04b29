"""Reading a filled reporting workbook (``duban import-sheet``): cells in, rows of values out.

A workbook in the form of ``data/sheetform.py`` is read into a :class:`Filing`: whose it is
(the unit named on its sheets, resolved like any reference in the data), which project or part
each sheet reports, and for every month row the values of the cells the unit fills, with the
cell each value came from. Nothing is judged here except the workbook's own shape and
identity; :mod:`sheetimport` compares the rows with the data and validates them with the loader's
rules.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..dates import Month
from .models import Part, Project
from .names import Names
from .sheetform import (
    GUIDE_SHEET,
    HEADER,
    LABEL_PART,
    LABEL_PROJECT,
    LABEL_UNIT,
    PART_COLUMNS,
    PROJECT_COLUMNS,
    Column,
    as_date,
    as_month,
    as_number,
    as_text,
    blank,
    month_cell,
)

__all__ = ["Cell", "Filing", "Row", "SheetProblem", "read_workbook"]

_LABEL_ROWS = 20
"""Identity labels and the header row are looked for in the first rows only."""


@dataclass(frozen=True)
class Cell:
    """Where a value stands: sheet, 1-based row and column (None for a whole row), and the header."""

    sheet: str
    row: int
    column: int | None = None
    header: str = ""

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”第 {self.row} 行"
        if self.column is not None:
            where += f" {get_column_letter(self.column)} 列" + (f"（{self.header}）" if self.header else "")
        return where


@dataclass(frozen=True)
class SheetProblem:
    """One problem with a workbook: the file, the cell where known, both messages."""

    file: str
    cell: Cell | None
    zh: str
    en: str

    def __str__(self) -> str:
        where = f"{self.file} {self.cell}" if self.cell else self.file
        return f"{where}：{self.zh} / {self.en}"


@dataclass(frozen=True)
class Row:
    """One month's row of a project's or part's sheet."""

    project: str
    part: str | None
    month: Month
    at: Cell
    """The row (column None)."""
    values: dict[str, Any]
    """Every filled column's value as the data would hold it (None when the cell is empty)."""
    cells: dict[str, Cell]
    """Where each value came from, by field."""
    locked: dict[str, Any]
    """The locked columns as found (``planned``), to notice a plan changed behind the office's back."""


@dataclass
class Filing:
    """A workbook as read: its unit, its rows, and what was wrong with its shape."""

    file: str
    unit: str | None = None
    unit_cell: Cell | None = None
    rows: list[Row] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Things the clerk should know that are not errors (a number typed as text was read as a number)."""
    sheets: list[str] = field(default_factory=list)
    """The workbook's sheets in order, so problems can be listed sheet by sheet."""

    def in_order(self, problems: list[SheetProblem]) -> list[SheetProblem]:
        """``problems`` sheet by sheet, row by row, as the clerk goes through the workbook."""
        def key(p: SheetProblem) -> tuple[int, int, int]:
            if p.cell is None:
                return (-1, 0, 0)
            sheet = self.sheets.index(p.cell.sheet) if p.cell.sheet in self.sheets else len(self.sheets)
            return (sheet, p.cell.row, p.cell.column or 0)
        return sorted(problems, key=key)

    def problem(self, cell: Cell | None, zh: str, en: str) -> None:
        """Record a problem."""
        self.problems.append(SheetProblem(self.file, cell, zh, en))


def read_workbook(path: Path, name: str, names: Names, projects: Mapping[str, Project],
                  unit: str | None = None) -> Filing:
    """Read the workbook at ``path`` (``name`` is how messages call it). ``unit``, when given, is the
    unit the office expects the workbook from."""
    filing = Filing(name)
    try:
        wb = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        filing.problem(None, "无法打开这个文件：请用 Excel 或 WPS 另存为 .xlsx 格式（不是 .xls、.et 或 .csv）",
                       f"cannot open the file as an .xlsx workbook ({type(exc).__name__})")
        return filing
    if GUIDE_SHEET not in wb.sheetnames:
        filing.problem(None, f"这不是 duban export-sheet 导出的填报表：缺少“{GUIDE_SHEET}”工作表，请用督考办下发的填报表填写",
                       f"not a workbook exported by duban export-sheet: the sheet {GUIDE_SHEET!r} is missing")
        return filing
    filing.sheets = list(wb.sheetnames)
    guide = wb[GUIDE_SHEET]
    filing.unit, filing.unit_cell = _unit(filing, guide, names)
    if filing.unit is not None and unit is not None and filing.unit != unit:
        shown = names.labels["units"]
        filing.problem(filing.unit_cell, f"这份填报表是 {shown[filing.unit]}（{filing.unit}）的，不是 {shown[unit]}（{unit}）的",
                       f"this workbook belongs to {filing.unit}, not to {unit}")
    for ws in wb.worksheets:
        if ws.title != GUIDE_SHEET:
            _sheet(filing, ws, names, projects)
    return filing


def _labels(ws: Worksheet) -> dict[str, tuple[Any, Cell]]:
    found: dict[str, tuple[Any, Cell]] = {}
    for r in range(1, min(ws.max_row, _LABEL_ROWS) + 1):
        label = ws.cell(r, 1).value
        if isinstance(label, str) and label.strip() in (LABEL_UNIT, LABEL_PROJECT, LABEL_PART):
            found[label.strip()] = (ws.cell(r, 2).value, Cell(ws.title, r, 2, label.strip()))
    return found


def _unit(filing: Filing, ws: Worksheet, names: Names) -> tuple[str | None, Cell | None]:
    value, cell = _labels(ws).get(LABEL_UNIT, (None, Cell(ws.title, 3, 2, LABEL_UNIT)))
    if blank(value):
        filing.problem(cell, "没有填写填报单位", "the reporting unit is missing")
        return None, cell
    found = names.lookup("units", str(value))
    if found is None:
        hint_zh, hint_en = names.hint("units", str(value).strip())
        filing.problem(cell, f"填报单位“{value}”不在 units.yaml 中{hint_zh}", f"unknown unit {value!r}{hint_en}")
    return found, cell


def _sheet(filing: Filing, ws: Worksheet, names: Names, projects: Mapping[str, Project]) -> None:
    labels = _labels(ws)
    if LABEL_PROJECT not in labels:
        filing.notes.append(f"工作表“{ws.title}”不是填报用的项目表（没有“{LABEL_PROJECT}”），已跳过")
        return
    value, cell = labels[LABEL_PROJECT]
    project = projects.get(str(value).strip()) if not blank(value) else None
    if project is None:
        filing.problem(cell, f"项目编号“{value}”不存在：这个工作表不是由当前数据导出的，请向督考办索取新的填报表",
                       f"unknown project {value!r}")
        return
    part = _part(filing, labels, project)
    if part is False:
        return
    if not _responsible(filing, labels, ws, names, project, part):  # type: ignore[arg-type]
        return
    _rows(filing, ws, project, part)  # type: ignore[arg-type]


def _part(filing: Filing, labels: Mapping[str, tuple[Any, Cell]], project: Project) -> Part | None | bool:
    if LABEL_PART not in labels:
        return None
    value, cell = labels[LABEL_PART]
    part = next((p for p in project.parts if p.id == str(value).strip()), None)
    if part is None:
        filing.problem(cell, f"项目“{project.title}”没有编号为“{value}”的分解任务，请向督考办索取新的填报表",
                       f"project {project.id} has no part {value!r}")
        return False
    return part


def _responsible(filing: Filing, labels: Mapping[str, tuple[Any, Cell]], ws: Worksheet, names: Names,
                 project: Project, part: Part | None) -> bool:
    """The sheet's unit is the workbook's, and that unit leads the project (or carries the part)."""
    value, cell = labels.get(LABEL_UNIT, (None, Cell(ws.title, 3, 2, LABEL_UNIT)))
    unit = names.lookup("units", str(value)) if not blank(value) else None
    shown = names.labels["units"]
    if filing.unit is not None and unit != filing.unit:
        filing.problem(cell, f"本工作表的填报单位“{value}”与工作簿的填报单位 {shown[filing.unit]} 不一致："
                             "不要把别的单位的工作表复制进来",
                       f"this sheet's unit {value!r} differs from the workbook's unit {filing.unit}")
        return False
    if unit is None:
        return False
    owner = part.unit if part else project.lead_unit
    if unit != owner:
        what = f"分解任务 {part.id}" if part else "项目"
        role = "承担单位" if part else "牵头单位"
        filing.problem(cell, f"{shown[unit]}不是项目“{project.title}”{what}的{role}（{role}是 {shown[owner]}），不能报送本项目",
                       f"{unit} is not the {'unit of part ' + part.id if part else 'lead unit'} of {project.id} "
                       f"({owner} is)")
        return False
    return True


def _header(ws: Worksheet) -> int | None:
    for r in range(1, min(ws.max_row, _LABEL_ROWS + 5) + 1):
        value = ws.cell(r, 1).value
        if isinstance(value, str) and value.strip() == HEADER:
            return r
    return None


def _rows(filing: Filing, ws: Worksheet, project: Project, part: Part | None) -> None:
    head = _header(ws)
    if head is None:
        filing.problem(Cell(ws.title, 1), f"找不到月度表的表头（A 列写着“{HEADER}”的那一行），请不要删改表头",
                       "the header row of the monthly table is missing")
        return
    columns = PART_COLUMNS if part else PROJECT_COLUMNS
    found = {str(ws.cell(head, c).value or "").strip(): c for c in range(1, ws.max_column + 1)}
    where: dict[str, tuple[int, Column]] = {}
    for col in columns:
        if col.header in found:
            where[col.key] = (found[col.header], col)
        elif col.fill:
            filing.problem(Cell(ws.title, head), f"表头缺少“{col.header}”列，请不要删改表头",
                           f"the column {col.header!r} is missing from the header row")
    if any(col.fill and col.key not in where for col in columns):
        return
    seen: set[Month] = set()
    for r in range(head + 1, ws.max_row + 1):
        raw = ws.cell(r, 1).value
        if blank(raw):
            continue
        month = as_month(raw)
        if month is None or month in seen:
            filing.problem(Cell(ws.title, r, 1, HEADER),
                           f"月份“{raw}”无法识别或重复，应为“{month_cell(Month(2022, 10))}”这样的写法，请不要修改月份列",
                           f"month {raw!r} is not a month or repeats")
            continue
        seen.add(month)
        filing.rows.append(_row(filing, ws, r, project, part, month, where))


def _row(filing: Filing, ws: Worksheet, r: int, project: Project, part: Part | None, month: Month,
         where: Mapping[str, tuple[int, Column]]) -> Row:
    values: dict[str, Any] = {}
    cells: dict[str, Cell] = {}
    locked: dict[str, Any] = {}
    for key, (c, col) in where.items():
        cell = cells[key] = Cell(ws.title, r, c, col.header)
        value = ws.cell(r, c).value
        if not col.fill:
            if key == "planned":
                locked[key] = None if blank(value) else as_number(value)[0]
            continue
        values[key] = None if blank(value) else _convert(filing, cell, col, value)
    return Row(project.id, part.id if part else None, month, Cell(ws.title, r), values, cells, locked)


def _convert(filing: Filing, cell: Cell, col: Column, value: Any) -> Any:
    """A cell's value as the data would hold it; typed mistakes are kept for the field's own message."""
    if col.kind == "number":
        number, converted = as_number(value)
        if converted:
            filing.notes.append(f"{cell}：文字“{value}”按数字 {number} 导入")
        return number
    if col.kind == "date":
        return as_date(value)
    return as_text(value)
