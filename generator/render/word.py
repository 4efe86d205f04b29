"""Bulletin documents for the office's other channels: a Word file in official-document
style (GB/T 9704-2012) and a WeChat-ready HTML fragment with inline styles.

Both are plain bytes/text, built from the same :class:`Bulletin` as the web page.

The Word file is written as WordprocessingML text directly. python-docx builds the parts that
never change (styles, page setup, the footer with page numbers, the table's header row) once
per process; every paragraph and table row of a bulletin is then a few string joins instead
of python-docx's object-per-run formatting (1.4 ms per table row, a third of the whole build
at 1,000 projects). The XML is the same python-docx wrote, element for element, so the file
shows exactly what it showed before (``tests/golden/mini`` holds its checksums).
"""

from __future__ import annotations

import functools
import html
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..data.loader import Dataset
from ..engine.bulletins import Bulletin, Correction
from ..formats import amount, qty, show
from .typography import join_lines

__all__ = ["bulletin_docx"]

# GB/T 9704-2012: A4, type area 156 × 225 mm; title 2号小标宋, body 3号仿宋, level-1
# headings 3号黑体, 22 lines of 28 characters (fixed 28 pt line spacing approximates it).
_TITLE_FONT, _BODY_FONT, _HEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体"
_SIZE_2, _SIZE_3, _SIZE_4, _SIZE_CELL = 22.0, 16.0, 14.0, 10.5  # points
_RED = "C00000"
_NUMERALS = "一二三四五六七八九十"
_HEADINGS = ("项目", "本月节点任务", "截至月底累计", "完成节点", "完成全年目标", "状态", "牵头单位")
_PLACEHOLDER = "DUBAN-PLACEHOLDER"


def _escape(text: str) -> str:
    """XML text content: ``&``, ``<`` and ``>`` escaped (as ``xml.sax.saxutils.escape``, which imports
    ``urllib.request`` and ``http.client``: 9 ms of every build)."""
    return html.escape(text, quote=False)


def _run(text: str, font: str, size: float, bold: bool = False, color: str | None = None) -> str:
    """One run (``w:r``) as python-docx writes it: fonts, bold, colour, size, then the text,
    tabs as ``w:tab`` and line breaks as ``w:br``."""
    props = (f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"/>'
             + ("<w:b/>" if bold else '<w:b w:val="0"/>')
             + (f'<w:color w:val="{color}"/>' if color else "") + f'<w:sz w:val="{round(size * 2)}"/>')
    content = []
    for piece in re.split(r"([\t\r\n])", text):
        if piece == "\t":
            content.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            content.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            content.append(f"<w:t{space}>{_escape(piece)}</w:t>")
    return f"<w:r><w:rPr>{props}</w:rPr>{''.join(content)}</w:r>"


def _para(text: str = "", font: str = _BODY_FONT, size: float = _SIZE_3, align: str | None = None,
          indent: bool = True, bold: bool = False, color: str | None = None, rule: bool = False) -> str:
    """One body paragraph: exact 28 pt lines, no space around, a two-character first-line indent."""
    props = '<w:spacing w:lineRule="exact" w:line="560" w:before="0" w:after="0"/>'
    if indent:
        props += '<w:ind w:firstLine="640"/>'  # two characters
    if align is not None:
        props += f'<w:jc w:val="{align}"/>'
    if rule:  # the red separator line under the issuing office (版头分隔线)
        props += f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" w:color="{_RED}"/></w:pBdr>'
    return f"<w:p><w:pPr>{props}</w:pPr>{_run(text, font, size, bold, color) if text else ''}</w:p>"


def _cell(text: str, font: str = _BODY_FONT, width: int | None = None, span: int | None = None) -> str:
    extra = f'<w:gridSpan w:val="{span}"/>' if span else ""
    return (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{extra}</w:tcPr>'
            f"<w:p>{_run(text, font, _SIZE_CELL)}</w:p></w:tc>")


def _fmt(value: float | int | None, unit: str | None = "") -> str:
    return "—" if value is None else f"{qty(value)}{unit or ''}"


@dataclass(frozen=True)
class _Skeleton:
    """The parts of a bulletin document that do not depend on the bulletin (made by python-docx)."""

    parts: list[tuple[str, bytes]]
    head: str
    """``word/document.xml`` up to and including ``<w:body>``."""
    table: str
    """The table with its header row, without ``</w:tbl>``."""
    column: int
    """Width of one column (twips)."""
    tail: str
    """``word/document.xml`` from the section properties to the end."""
    core: str
    """``docProps/core.xml`` with placeholders for the title, author and dates."""


@functools.cache
def _skeleton() -> _Skeleton:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    def run(paragraph, text: str, font: str, size: float) -> None:  # type: ignore[no-untyped-def]
        r = paragraph.add_run(text)
        r.font.name, r.font.size, r.font.bold = font, Pt(size), False
        r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # GB/T 9704 page numbers: "— 1 —" at the foot of every page (4号 宋体, a PAGE field).
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(p, "— ", "宋体", _SIZE_4)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number, digit = OxmlElement("w:r"), OxmlElement("w:t")
    digit.text = "1"
    number.append(digit)
    field.append(number)
    p._p.append(field)
    run(p, " —", "宋体", _SIZE_4)
    table = doc.add_table(rows=1, cols=len(_HEADINGS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, _HEADINGS, strict=True):
        run(cell.paragraphs[0], text, _HEADING_FONT, _SIZE_CELL)
    stamp = datetime(2000, 1, 1, tzinfo=UTC)
    props = doc.core_properties
    props.created = props.modified = props.last_printed = stamp
    props.title = props.author = props.last_modified_by = _PLACEHOLDER
    props.revision = 1
    out = io.BytesIO()
    doc.save(out)
    archive = zipfile.ZipFile(out)
    parts = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    xml = dict(parts)["word/document.xml"].decode("utf-8")
    body, tbl, end, sect = xml.index("<w:body>") + 8, xml.index("<w:tbl>"), xml.index("</w:tbl>"), xml.index("<w:sectPr")
    column = int(re.search(r'<w:gridCol w:w="(\d+)"/>', xml).group(1))  # type: ignore[union-attr]
    return _Skeleton(parts, xml[:body], xml[tbl:end], column, xml[sect:], dict(parts)["docProps/core.xml"].decode("utf-8"))


def _table(b: Bulletin, data: Dataset, skeleton: _Skeleton) -> Iterator[str]:
    """The table of every project: the header row, then per item a merged row and its projects."""
    width = skeleton.column
    yield skeleton.table
    by_item: dict[int, list[Any]] = {}
    for r in b.rows:
        by_item.setdefault(r.item, []).append(r)
    for item in sorted(by_item):
        item_rows = by_item[item]
        title = item_rows[0].item_title or data.items[item].title
        yield f"<w:tr>{_cell(f'第{item}项 {title}', _HEADING_FONT, width * len(_HEADINGS), len(_HEADINGS))}</w:tr>"
        for r in item_rows:
            values = (f"{r.order}. {r.title}", r.milestone or "—", _fmt(r.cumulative, r.measure),
                      _fmt(r.percent_of_milestone, "%"), _fmt(r.percent_of_target, "%"), r.status.label,
                      r.lead_unit_name or data.units[r.lead_unit].name)
            yield "<w:tr>" + "".join(_cell(text, width=width) for text in values) + "</w:tr>"
    yield "</w:tbl>"


def _plain_lines(markdown_text: str) -> list[str]:
    """An editor's Markdown preface as plain paragraphs for the Word file: a blank line ends a
    paragraph, and a line that only wraps one is joined to it (no space between Chinese
    characters: :func:`~generator.render.typography.join_lines`)."""
    paragraphs: list[list[str]] = [[]]
    for line in markdown_text.splitlines():
        line = line.strip()
        if not line or line.startswith("!!!"):
            paragraphs.append([])
            continue
        paragraphs[-1].append(re.sub(r"[*_`#>]+", "", line).strip())
    return [text for text in (join_lines(p) for p in paragraphs) if text]


def _correction(c: Correction) -> str:
    if c.text:
        return f"{c.title}{c.field_label}原文“{c.old or '（未报送）'}”，现为“{c.new or '（删除）'}”（{c.why}）"
    return f"{c.title}{c.field_label}原为{show(c.field, c.old)}，现为{show(c.field, c.new)}（{c.why}）"


def _sections(b: Bulletin, data: Dataset) -> list[tuple[str, list[str]]]:
    """The numbered sections before the table: (heading, paragraphs); add a section here."""
    sections: list[tuple[str, list[str]]] = []
    if b.behind or b.unreported:
        lines = []
        for r in b.behind:
            unit = (r.lead_unit_name or data.units[r.lead_unit].name)
            style = data.settings.quantity_style
            figure = (f"截至{b.month.month}月底累计完成{amount(r.cumulative, r.measure, style)}，"
                      f"计划{amount(r.planned, r.measure, style)}"
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
    return sections


def _body(b: Bulletin, data: Dataset, skeleton: _Skeleton) -> Iterator[str]:
    """``word/document.xml``: every paragraph and the table, in order, piece by piece."""
    settings = data.settings
    yield skeleton.head
    out = [_para(settings.office, _TITLE_FONT, 26, "center", False, color=_RED),
           _para(b.number or "", _BODY_FONT, _SIZE_3, "center", False, rule=True), _para(),
           _para(f"关于{b.month.year}年{b.month.month}月重点民生实事项目推进情况的通报", _TITLE_FONT, _SIZE_2, "center", False),
           _para()]
    if not b.published:
        out.append(_para("（预览，未发布）", _BODY_FONT, _SIZE_3, "center", False, bold=True))
    if settings.sample:
        out.append(_para("（示例数据，不代表实际情况）", _BODY_FONT, _SIZE_3, "center", False, bold=True))
    if b.preface:
        out += [_para(line) for line in _plain_lines(b.preface)]
    if b.corrections:
        out.append(_para("更正说明：" + "；".join(_correction(c) for c in b.corrections) + "。", bold=True))
    out.append(_para(b.headline))
    sections = _sections(b, data)
    for i, (heading, lines) in enumerate(sections):
        out.append(_para(f"{_NUMERALS[i]}、{heading}", _HEADING_FONT, _SIZE_3))
        out += [_para(line) for line in lines]
    out.append(_para(f"{_NUMERALS[len(sections)]}、各项目完成情况", _HEADING_FONT, _SIZE_3))
    yield from out
    yield from _table(b, data, skeleton)
    when = b.published or b.month.last_day
    yield _para()
    yield _para(settings.office, align="right", indent=False)
    yield _para(f"{when.year}年{when.month}月{when.day}日", align="right", indent=False)
    yield skeleton.tail


def bulletin_docx(b: Bulletin, data: Dataset) -> bytes:
    """The bulletin as a .docx in the customary official-document layout; byte-stable."""
    skeleton = _skeleton()
    when = b.published or b.month.last_day
    stamp = datetime(when.year, when.month, when.day, tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    title = f"{b.month.year}年{b.month.month}月重点民生实事项目推进情况通报"
    core = (skeleton.core.replace(f"<dc:title>{_PLACEHOLDER}</dc:title>", f"<dc:title>{_escape(title)}</dc:title>")
            .replace(_PLACEHOLDER, _escape(data.settings.office)).replace("2000-01-01T00:00:00Z", stamp))
    parts: dict[str, Iterable[str] | bytes] = {"word/document.xml": _body(b, data, skeleton),
                                               "docProps/core.xml": core.encode("utf-8")}
    return _stable_zip([(name, parts.get(name, blob)) for name, blob in skeleton.parts],
                       (when.year, when.month, when.day, 0, 0, 0))


def _stable_zip(parts: list[tuple[str, Iterable[str] | bytes]], date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """The zip with fixed entry times, so the same bulletin gives the same bytes. A part given as
    text pieces is compressed as it comes (a 10,000-row table is never one string)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, blob in parts:
            entry = zipfile.ZipInfo(name, date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            if isinstance(blob, bytes):
                dst.writestr(entry, blob)
                continue
            with dst.open(entry, "w") as member:
                for piece in blob:
                    member.write(piece.encode("utf-8"))
    return out.getvalue()
