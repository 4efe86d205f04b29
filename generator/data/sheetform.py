"""The reporting workbook's form (月度推进计划表，填报用): what each sheet holds, in one place.

``render/sheet.py`` writes workbooks in this form (``duban export-sheet``) and
``data/sheetread.py`` reads them back (``duban import-sheet``), so the two cannot drift. The
form is fixed, like the UK's one template per department: the same columns for every project,
found by their Chinese headers (a clerk may widen or reorder columns), identity in labelled
cells at the top of each sheet (a sheet copied into another workbook still says whose it is).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..dates import Month

__all__ = ["GUIDE_SHEET", "LABEL_PART", "LABEL_PROJECT", "LABEL_UNIT", "PART_COLUMNS", "PROJECT_COLUMNS", "Column",
           "as_date", "as_month", "as_number", "as_text", "month_cell", "sheet_title"]

GUIDE_SHEET = "填报说明"
"""The first sheet: who the workbook is for, how to fill it, what each status means."""
LABEL_UNIT = "填报单位"
"""Label (column A) of the cell naming the unit, on the guide sheet and on every data sheet."""
LABEL_PROJECT = "项目编号"
"""Label of the cell holding the project id on a data sheet."""
LABEL_PART = "分解任务编号"
"""Label of the cell holding the part id on a part's sheet."""
HEADER = "月份"
"""Column A's header of the monthly table: the row where it stands is the header row."""


@dataclass(frozen=True)
class Column:
    """One column of the monthly table."""

    key: str
    """The report field it fills (``cumulative`` …), or an informational key (``planned``, ``status``)."""
    header: str
    """Chinese header, as the clerk sees it; the importer finds the column by it."""
    kind: str
    """``month``, ``text``, ``number``, ``date``, ``result`` (milestone met / not met) or ``info``."""
    fill: bool
    """Filled by the unit (unlocked); otherwise locked and only shown."""
    width: int
    """Column width in characters."""
    tip: str = ""
    """Input message shown when the cell is selected."""


_MONTH = Column("month", HEADER, "month", False, 11)
_MILESTONE = Column("plan_milestone", "节点任务", "info", False, 30)
_PLANNED = Column("planned", "计划累计", "info", False, 11)
_CUMULATIVE = Column("cumulative", "累计完成", "number", True, 11,
                     "截至当月底的累计完成数量（只写数字，不写单位，不是百分比）")
_RESULT = Column("milestone", "节点完成情况", "result", True, 12, "从下拉列表选择：完成、超额或未完成")
_STATUS = Column("status", "状态（自动计算）", "info", False, 14)
_NOTE = Column("note", "说明", "info", False, 26)

PROJECT_COLUMNS: tuple[Column, ...] = (
    _MONTH, _MILESTONE, _PLANNED,
    Column("filed", "报送日期", "date", True, 12, "报送日期，如 2022-10-31"),
    _CUMULATIVE, _RESULT,
    Column("completed", "完成全年目标日期", "date", True, 13, "仅在完成全年目标的月份填写，如 2022-11-20"),
    Column("progress", "本月进展", "text", True, 40, "本月做了什么、完成了多少（客观、准确）"),
    Column("explanation", "未完成原因", "text", True, 28, "未完成节点目标时必填：为什么没有完成"),
    Column("measures", "整改措施", "text", True, 28, "未完成节点目标时必填：下一步怎么改"),
    _STATUS, _NOTE,
)
"""A project's sheet: one row per reporting month."""

PART_COLUMNS: tuple[Column, ...] = (_MONTH, _MILESTONE, _PLANNED, _CUMULATIVE, _RESULT, _STATUS, _NOTE)
"""A part's sheet (a district's or unit's share of a project): one row per reporting month."""

REPORT_FIELDS = ("month", "filed", "progress", "cumulative", "milestone", "completed", "explanation", "measures")
"""Key order of a report written by the importer (as in ``docs/data-format.md``)."""
PART_REPORT_FIELDS = ("month", "cumulative", "milestone")
"""Key order of a part's report."""

_BAD_TITLE = re.compile(r"[\[\]:*?/\\：]")
_NUMBER = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_MONTH_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")


def sheet_title(order: int, title: str, part: str | None = None) -> str:
    """A sheet name Excel accepts (at most 31 characters, none of ``[]:*?/\\``), unique by the order."""
    head = f"{order:02d}" + (f"-{part}" if part else "")
    return f"{head} {_BAD_TITLE.sub('', title)}"[:31].rstrip()


def month_cell(month: Month) -> str:
    """How a month is written in column A: ``2022年10月``."""
    return f"{month.year}年{month.month}月"


def as_month(value: Any) -> Month | None:
    """A month cell read back (``2022年10月``, ``2022-10`` or a date), or None."""
    if isinstance(value, datetime | date):
        return Month(value.year, value.month)
    if isinstance(value, str):
        found = _MONTH_TEXT.fullmatch(unicodedata.normalize("NFKC", value).strip())
        if found and 1 <= int(found.group(2)) <= 12:
            return Month(int(found.group(1)), int(found.group(2)))
    return None


def as_number(value: Any) -> tuple[Any, bool]:
    """A number cell read back: (value, converted). A number typed as text or in full-width digits
    (``"1200"``, ``"１２００"``) becomes the number, with ``converted`` set so the import can say so;
    anything else (``1.2万``, ``82.7%``) is returned as typed, for the field's own message."""
    if isinstance(value, float) and value.is_integer():
        return int(value), False
    if not isinstance(value, str):
        return value, False
    text = unicodedata.normalize("NFKC", value).strip()
    if _NUMBER.fullmatch(text):
        return (float(text) if "." in text else int(text)), True
    return value.strip(), False


def as_date(value: Any) -> Any:
    """A date cell read back: a date cell, ``2022-10-31``, ``2022/10/31`` or ``2022年10月31日``
    becomes ``YYYY-MM-DD`` text (the data's spelling); anything else is returned as typed."""
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, str):
        found = _DATE.fullmatch(unicodedata.normalize("NFKC", value).strip())
        if found:
            return f"{int(found.group(1)):04d}-{int(found.group(2)):02d}-{int(found.group(3)):02d}"
        return value.strip()
    return value


def as_text(value: Any) -> Any:
    """A text cell read back: trimmed text; a number or date typed in it becomes its text."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, datetime | date):
        return as_date(value)
    return value


def blank(value: Any) -> bool:
    """An empty cell (or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())
