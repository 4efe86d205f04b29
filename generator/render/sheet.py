"""The reporting workbook for one unit (``duban export-sheet``): bytes of an ``.xlsx`` file.

One sheet per project the unit leads and per part it carries, in the form of
``data/sheetform.py``: the monthly plan, the reports so far, the month to report highlighted and
ready to fill. Cells the unit fills are unlocked and validated (dropdowns, numbers, dates);
everything else is locked. The first sheet says, in Chinese, how to fill it in. The importer
(``data/sheetread.py``) reads the same form back.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..data.content import whole
from ..data.models import MilestoneResult, Part, PartReport, Project, Report
from ..data.sheetform import (
    GUIDE_SHEET,
    LABEL_PART,
    LABEL_PROJECT,
    LABEL_UNIT,
    PART_COLUMNS,
    PROJECT_COLUMNS,
    Column,
    month_cell,
    sheet_title,
)
from ..dates import Month
from ..engine.model import SiteModel
from ..engine.status import RULES, MonthStatus, ProjectStatus
from ..formats import qty

__all__ = ["SheetRefused", "unit_sheets", "workbook"]

_LOCKED = PatternFill("solid", fgColor="F2F2F2")
_FILL = PatternFill("solid", fgColor="FFFFFF")
_DUE = PatternFill("solid", fgColor="FFF2CC")
_HEAD = PatternFill("solid", fgColor="C00000")
_THIN = Side(style="thin", color="BFBFBF")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_OPEN = Protection(locked=False)


class SheetRefused(Exception):
    """The unit has nothing to report (it leads no project and carries no part)."""


def unit_sheets(model: SiteModel, unit: str) -> list[tuple[ProjectStatus, Part | None]]:
    """What the unit reports: each project it leads, then each part it carries, in list order."""
    out: list[tuple[ProjectStatus, Part | None]] = []
    for s in model.statuses:
        if s.project.lead_unit == unit:
            out.append((s, None))
        out += [(s, part) for part in s.project.parts if part.unit == unit]
    return out


def workbook(model: SiteModel, unit: str, month: Month) -> bytes:
    """The workbook for ``unit`` to report ``month`` (and any earlier month not yet published)."""
    data = model.data
    sheets = unit_sheets(model, unit)
    if not sheets:
        raise SheetRefused(f"{data.units[unit].name}（{unit}）不牵头任何项目，也没有分解任务，无需填报 / "
                           f"{unit} leads no project and carries no part")
    wb = Workbook()
    _guide(wb.active, model, unit, month, sheets)
    for status, part in sheets:
        ws = wb.create_sheet(sheet_title(status.project.order, status.project.title, part.id if part else None))
        _data_sheet(ws, model, unit, month, status, part)
    # A fixed timestamp: the same data exports the same workbook contents.
    stamp = datetime(month.year, month.month, 1)
    wb.properties.creator = data.settings.office
    wb.properties.created = wb.properties.modified = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- the guide sheet


def _guide(ws: Worksheet, model: SiteModel, unit: str, month: Month,
           sheets: Sequence[tuple[ProjectStatus, Part | None]]) -> None:
    settings = model.data.settings
    ws.title = GUIDE_SHEET
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 100
    ws["A1"] = f"{settings.city}{settings.year}年重点民生实事 月度推进计划表（填报用）"
    ws["A1"].font = Font(bold=True, size=14)
    rows: list[tuple[str, str]] = [
        (LABEL_UNIT, model.data.units[unit].name),
        ("单位编号", unit),
        ("报送月份", month_cell(month)),
        ("数据截至", f"{month_cell(settings.as_of)}底"),
        ("下发单位", settings.office),
    ]
    line = 3
    for label, value in rows:
        ws.cell(line, 1, label).font = Font(bold=True)
        ws.cell(line, 2, value)
        line += 1
    line = _paragraphs(ws, line + 1, "本工作簿的工作表", [
        f"{sheet_title(s.project.order, s.project.title, p.id if p else None)}："
        + (f"{s.project.title}（本单位牵头）" if p is None else f"{s.project.title} 的分解任务（{p.id}）")
        for s, p in sheets])
    line = _paragraphs(ws, line + 1, "怎样填写", [
        f"每个工作表是一个项目（或本单位承担的一项分解任务），每行是一个月。黄色的一行是本次要报送的 {month_cell(month)}。",
        "只填白色和黄色的格子；灰色的格子（月份、节点任务、计划累计、状态、说明）不能修改，已发布月度通报的月份整行锁定。",
        "报送日期：写成 2022-10-31 这样的日期。累计完成：截至当月底的累计数量，只写数字，不写单位、不写“万”、不是百分比"
        "（1.2万户写 12000）。",
        "没有数量目标的项目不填累计完成，在“节点完成情况”下拉列表中选择完成、超额或未完成。",
        "未完成节点目标时，“未完成原因”和“整改措施”必须写清楚，不能只写“无”“同上”。",
        "完成全年目标的那个月，在“完成全年目标日期”写完成的日期。",
        "已发布月份的数字如需更正，请书面说明原因，由督考办办理更正（网站会公开更正记录）。",
        "填好后保存为 .xlsx 文件（不要改成 .xls 或 .csv），发回督考办。督考办导入时会逐格检查，"
        "有问题会告诉您是哪个工作表、第几行、哪一列，以及怎样改。",
    ], numbered=True)
    _paragraphs(ws, line + 1, "状态说明（网站按以下规则自动判断，先符合哪条就是哪种状态）",
                [f"{rule.status.label}：{rule.text}" for rule in RULES])
    ws.protection.sheet = True


def _paragraphs(ws: Worksheet, line: int, title: str, items: Sequence[str], numbered: bool = False) -> int:
    ws.cell(line, 1, title).font = Font(bold=True)
    for i, text in enumerate(items, start=1):
        line += 1
        if numbered:
            ws.cell(line, 1, f"{i}.")
        cell = ws.cell(line, 2, text)
        cell.alignment = _WRAP
    return line + 1


# ---------------------------------------------------------------- a project's or part's sheet


def _data_sheet(ws: Worksheet, model: SiteModel, unit: str, month: Month, status: ProjectStatus,
                part: Part | None) -> None:
    p, data = status.project, model.data
    columns = PART_COLUMNS if part else PROJECT_COLUMNS
    numeric = (part.target is not None) if part else p.numeric
    ws["A1"] = f"{p.title}" + (f"（分解任务 {part.id}）" if part else "") + f" · 项目序号 {p.order}"
    ws["A1"].font = Font(bold=True, size=13)
    facts: list[tuple[str, str]] = [(LABEL_PROJECT, p.id)]
    if part:
        facts.append((LABEL_PART, part.id))
    target = part.target if part else p.target
    facts += [
        (LABEL_UNIT, data.units[unit].name),
        ("全年目标" if not part else "分解目标",
         f"{qty(target)} {p.measure}" if numeric else "无数量目标（按节点任务考核）"),
        ("牵头单位", data.units[p.lead_unit].name),
        ("责任领导", f"{data.leaders[p.leader].name}（{data.leaders[p.leader].post}）"),
        ("负责处室", f"{p.division}；工作人员：" + "、".join(f"{st.name}（{st.post}）" for st in p.staff)
         + (f"；联络员：{p.contact.name}（{p.contact.post}）" if p.contact else "")),
        ("填写提示", f"白色格子由单位填写，灰色格子不能修改；黄色一行是本次报送的 {month_cell(month)}。"
                     + ("累计完成写截至月底的累计数量（只写数字），不是当月数，也不是百分比。" if numeric
                        else "在“节点完成情况”中选择完成、超额或未完成。")),
    ]
    for i, (label, value) in enumerate(facts, start=2):
        ws.cell(i, 1, label).font = Font(bold=True)
        ws.cell(i, 2, value)
    head = len(facts) + 3
    for c, col in enumerate(columns, start=1):
        cell = ws.cell(head, c, col.header)
        cell.font, cell.fill, cell.border = Font(bold=True, color="FFFFFF"), _HEAD, _BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(c)].width = col.width
    published = set(data.snapshots)
    months = data.settings.months
    for r, m in enumerate(months, start=head + 1):
        ms = (_part_status(status, part).at(m)) if part else status.at(m)
        report = _report(p, part, m)
        editable = m not in published and m <= month
        values = _row_values(p, part, ms, report, m, month, m in published)
        for c, col in enumerate(columns, start=1):
            cell = ws.cell(r, c, values.get(col.key))
            cell.border, cell.alignment = _BOX, _WRAP
            if col.kind == "date":
                cell.number_format = "yyyy-mm-dd"
            opened = editable and col.fill and _applies(col, numeric)
            cell.fill = (_DUE if m == month else _FILL) if opened else _LOCKED
            if opened:
                cell.protection = _OPEN
    _validations(ws, columns, head + 1, head + len(months), numeric, whole(p), data.settings.year)
    ws.freeze_panes = ws.cell(head + 1, 2)
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False  # widths may change, contents not
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _applies(col: Column, numeric: bool) -> bool:
    """Numbers for projects with a target; the met/not met dropdown for those without."""
    if col.key == "cumulative":
        return numeric
    if col.key == "milestone":
        return not numeric
    return True


def _part_status(status: ProjectStatus, part: Part):  # type: ignore[no-untyped-def]
    return next(ps for ps in status.parts if ps.part.id == part.id)


def _report(p: Project, part: Part | None, month: Month) -> Report | PartReport | None:
    reports: Sequence[Report | PartReport] = part.reports if part else p.reports
    return next((r for r in reports if r.month == month), None)


def _row_values(p: Project, part: Part | None, ms: MonthStatus, report: Report | PartReport | None,
                m: Month, month: Month, published: bool) -> dict[str, object]:
    values: dict[str, object] = {"month": month_cell(m), "plan_milestone": ms.milestone or "", "planned": ms.planned,
                                 "status": ms.status.short if ms.due else ""}
    if report is not None:
        values.update({key: _cell(getattr(report, key, None)) for key in
                       ("filed", "progress", "cumulative", "milestone", "completed", "explanation", "measures")})
    if published:
        values["note"] = "已发布月度通报：如需更正，请书面说明原因，由督考办办理"
    elif m == month:
        values["note"] = "本次报送" if report is None else "本次报送（已有报告，可修改）"
    elif m > month:
        values["note"] = "未到报送期"
    elif report is None and ms.due:
        values["note"] = "未报送：请补报"
    if part is None and p.parts and report is not None and report.cumulative is None and ms.cumulative is not None:
        values["note"] = f"{values.get('note', '')}；累计完成可不填，按各分解任务合计 {qty(ms.cumulative)}".lstrip("；")
    return values


def _cell(value: object) -> object:
    if isinstance(value, MilestoneResult):
        return value.label
    return value


def _validations(ws: Worksheet, columns: Sequence[Column], first: int, last: int, numeric: bool, whole: bool,
                 year: int) -> None:
    for c, col in enumerate(columns, start=1):
        if not col.fill or not _applies(col, numeric):
            continue
        rng = f"{get_column_letter(c)}{first}:{get_column_letter(c)}{last}"
        dv = _validation(col, whole, year)
        dv.promptTitle, dv.prompt = col.header, col.tip
        dv.showInputMessage = bool(col.tip)
        ws.add_data_validation(dv)
        dv.add(rng)


def _validation(col: Column, whole: bool, year: int) -> DataValidation:
    if col.kind == "result":
        labels = ",".join(m.label for m in MilestoneResult)
        return DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True, showErrorMessage=True,
                              errorTitle=col.header, error="请从下拉列表中选择：完成、超额或未完成")
    if col.kind == "number":
        return DataValidation(type="whole" if whole else "decimal", operator="greaterThanOrEqual", formula1="0",
                              allow_blank=True, showErrorMessage=True, errorTitle=col.header,
                              error="请填写累计数量（不小于 0 的数字" + ("，整数" if whole else "")
                              + "），不写单位，不是百分比")
    if col.kind == "date":
        return DataValidation(type="date", operator="between", formula1=f"DATE({year},1,1)",
                              formula2=f"DATE({year + 1},1,31)", allow_blank=True, showErrorMessage=True,
                              errorTitle=col.header, error=f"请填写 {year} 年内的日期，如 {year}-10-31")
    return DataValidation(type="textLength", operator="lessThanOrEqual", formula1="5000", allow_blank=True,
                          showErrorMessage=True, errorTitle=col.header, error="文字过长（最多 5000 字）")
