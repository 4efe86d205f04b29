"""Bulletin documents for the office's other channels: a Word file in official-document
style (GB/T 9704-2012) and a WeChat-ready HTML fragment with inline styles.

Both are plain bytes/text, built from the same :class:`Bulletin` as the web page.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..data.loader import Dataset
from ..engine.bulletins import Bulletin, Correction
from ..formats import qty, show

__all__ = ["bulletin_docx"]

# GB/T 9704-2012: A4, type area 156 × 225 mm; title 2号小标宋, body 3号仿宋, level-1
# headings 3号黑体, 22 lines of 28 characters (fixed 28 pt line spacing approximates it).
_TITLE_FONT, _BODY_FONT, _HEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体"
_SIZE_2, _SIZE_3, _SIZE_4 = Pt(22), Pt(16), Pt(14)
_RED = RGBColor(0xC0, 0x00, 0x00)
_NUMERALS = "一二三四五六七八九十"


def _run(paragraph, text: str, font: str, size: Pt, bold: bool = False, color: RGBColor | None = None) -> None:  # type: ignore[no-untyped-def]
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _para(doc, text: str = "", font: str = _BODY_FONT, size: Pt = _SIZE_3, align=None, indent: bool = True,  # type: ignore[no-untyped-def]
          bold: bool = False, color: RGBColor | None = None):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters
    if align is not None:
        p.alignment = align
    if text:
        _run(p, text, font, size, bold, color)
    return p


def _fmt(value: float | int | None, unit: str | None = "") -> str:
    return "—" if value is None else f"{qty(value)}{unit or ''}"


def _page_numbers(section) -> None:  # type: ignore[no-untyped-def]
    """GB/T 9704 page numbers: "— 1 —" at the foot of every page (4号 宋体, a PAGE field)."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "— ", "宋体", _SIZE_4)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p._p.append(field)
    _run(p, " —", "宋体", _SIZE_4)


def _red_rule(paragraph) -> None:  # type: ignore[no-untyped-def]
    """The red separator line under the issuing office (版头分隔线), as a paragraph border."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "4"), ("w:color", "C00000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _plain_lines(markdown_text: str) -> list[str]:
    """An editor's Markdown preface as plain lines for the Word file."""
    lines = []
    for line in markdown_text.splitlines():
        line = line.strip()
        if not line or line.startswith("!!!"):
            continue
        lines.append(re.sub(r"[*_`#>]+", "", line))
    return lines


def _correction(c: Correction) -> str:
    if c.text:
        return f"{c.title}{c.field_label}原文“{c.old or '（未报送）'}”，现为“{c.new or '（删除）'}”（{c.why}）"
    return f"{c.title}{c.field_label}原为{show(c.field, c.old)}，现为{show(c.field, c.new)}（{c.why}）"


def bulletin_docx(b: Bulletin, data: Dataset) -> bytes:
    """The bulletin as a .docx in the customary official-document layout; byte-stable."""
    settings = data.settings
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_numbers(section)
    _para(doc, settings.office, _TITLE_FONT, Pt(26), WD_ALIGN_PARAGRAPH.CENTER, False, color=_RED)
    rule = _para(doc, b.number or "", _BODY_FONT, _SIZE_3, WD_ALIGN_PARAGRAPH.CENTER, False)
    _red_rule(rule)
    _para(doc)
    _para(doc, f"关于{b.month.year}年{b.month.month}月重点民生实事项目推进情况的通报", _TITLE_FONT, _SIZE_2,
          WD_ALIGN_PARAGRAPH.CENTER, False)
    _para(doc)
    if not b.published:
        _para(doc, "（预览，未发布）", _BODY_FONT, _SIZE_3, WD_ALIGN_PARAGRAPH.CENTER, False, bold=True)
    if settings.sample:
        _para(doc, "（示例数据，不代表实际情况）", _BODY_FONT, _SIZE_3, WD_ALIGN_PARAGRAPH.CENTER, False, bold=True)
    if b.preface:
        for line in _plain_lines(b.preface):
            _para(doc, line)
    if b.corrections:
        _para(doc, "更正说明：" + "；".join(_correction(c) for c in b.corrections) + "。", bold=True)
    _para(doc, b.headline)
    sections: list[tuple[str, list[str]]] = []
    if b.behind or b.unreported:
        lines = []
        for r in b.behind:
            unit = (r.lead_unit_name or data.units[r.lead_unit].name)
            figure = (f"截至{b.month.month}月底累计完成{_fmt(r.cumulative, r.measure)}，计划{_fmt(r.planned, r.measure)}"
                      if r.target is not None else f"未完成本月节点任务“{r.milestone or '—'}”")
            line = f"{r.title}（牵头单位：{unit}）：{figure}。"
            if r.explanation:
                line += f"原因：{r.explanation}"
            if r.measures:
                line += f"整改措施：{r.measures}"
            if r.rectification:
                line += f"整改要求：{r.rectification}（完成时限：{r.deadline.year}年{r.deadline.month}月{r.deadline.day}日）。"  # type: ignore[union-attr]
            lines.append(line)
        lines += [f"{r.title}：牵头单位{r.lead_unit_name or data.units[r.lead_unit].name}未按时报送本月进展。"
                  for r in b.unreported]
        sections.append(("未完成节点目标的项目", lines))
    if b.named:
        sections.append(("对出现瞒报、漏报情况的单位予以通报",
                         [f"{n.kind}：{n.unit}（{n.title}）：{n.detail}。" for n in b.named]))
    if b.risks:
        sections.append(("年底完成风险", [f"{r.title}（{r.lead_unit_name}）：{r.reason}。" for r in b.risks]))
    if b.changes:
        sections.append(("与上月相比", [f"{c.kind.label}：{c.row.title}（上月{c.before.label}，本月{c.row.status.label}）。"
                                      for c in b.changes]))
    if b.cases:
        sections.append(("本月典型案例", [f"{c.kind_label}：{c.title}（{c.date.month}月{c.date.day}日）。" for c in b.cases]))
    for i, (heading, lines) in enumerate(sections):
        _para(doc, f"{_NUMERALS[i]}、{heading}", _HEADING_FONT, _SIZE_3)
        for line in lines:
            _para(doc, line)
    _para(doc, f"{_NUMERALS[len(sections)]}、各项目完成情况", _HEADING_FONT, _SIZE_3)
    headings = ("项目", "本月节点任务", "截至月底累计", "完成节点", "完成全年目标", "状态", "牵头单位")
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        _run(cell.paragraphs[0], text, _HEADING_FONT, Pt(10.5))
    for item in sorted({r.item for r in b.rows}):
        rows = [r for r in b.rows if r.item == item]
        title = rows[0].item_title or data.items[item].title
        merged = table.add_row().cells
        merged[0].merge(merged[-1])
        _run(merged[0].paragraphs[0], f"第{item}项 {title}", _HEADING_FONT, Pt(10.5))
        for r in rows:
            values = (f"{r.order}. {r.title}", r.milestone or "—", _fmt(r.cumulative, r.measure),
                      _fmt(r.percent_of_milestone, "%"), _fmt(r.percent_of_target, "%"), r.status.label,
                      r.lead_unit_name or data.units[r.lead_unit].name)
            for cell, text in zip(table.add_row().cells, values, strict=True):
                _run(cell.paragraphs[0], text, _BODY_FONT, Pt(10.5))
    _para(doc)
    _para(doc, settings.office, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    when = b.published or b.month.last_day
    _para(doc, f"{when.year}年{when.month}月{when.day}日", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    stamp = datetime(when.year, when.month, when.day, tzinfo=UTC)
    doc.core_properties.created = doc.core_properties.modified = stamp
    doc.core_properties.last_printed = stamp
    doc.core_properties.title = f"{b.month.year}年{b.month.month}月重点民生实事项目推进情况通报"
    doc.core_properties.author = doc.core_properties.last_modified_by = settings.office
    doc.core_properties.revision = 1
    out = io.BytesIO()
    doc.save(out)
    return _stable_zip(out.getvalue(), (when.year, when.month, when.day, 0, 0, 0))


def _stable_zip(blob: bytes, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """Rewrite the zip with fixed entry times, so the same bulletin gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
