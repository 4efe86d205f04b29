"""Tables that read on a phone: every data cell carries its column's name.

On a narrow screen the stylesheet (``theme/assets/duban.css``, "Tables on phones") shows each row
of a ``duban-table`` as a card: the row's name first (the project, unit, month …), its status
right after it, then every other cell with its column's name before it (``data-label``), so that
a citizen reads a project and its status without swiping sideways. On a wide screen the table is
unchanged.

The labels are added to the rendered body once, here, from each table's own header row, so no
template repeats its headers and a new table gets cards without anyone remembering to.
"""

from __future__ import annotations

import html
import re

__all__ = ["NAME_HEADERS", "label_cells"]

NAME_HEADERS = ("项目", "分解任务", "单位", "责任领导", "月份", "通报", "编号", "计分项", "牵头单位", "区市县")
"""Column headers that name a row: the leftmost of them is the card's title."""
STATUS_MARK = "状态"
"""A column whose header contains this word is the row's status: shown right after the name."""

_TABLE = re.compile(r'(<table class="duban-table[^"]*"[^>]*>)(.*?)(</table>)', re.S)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_HEAD_CELL = re.compile(r"<th\b([^>]*)>(.*?)</th>", re.S)
_CELL_OR_ROW = re.compile(r"<(td|th|tr)\b([^>]*)>")
_SPAN = re.compile(r'colspan="(\d+)"')
_TAG = re.compile(r"<[^>]+>")


def _headers(head: str) -> list[str]:
    """The header texts, one per column (a header spanning columns is repeated)."""
    out: list[str] = []
    for attrs, inner in _HEAD_CELL.findall(head):
        text = " ".join(html.unescape(_TAG.sub("", inner)).split())
        span = _SPAN.search(attrs)
        out += [text] * (int(span.group(1)) if span else 1)
    return out


def _roles(headers: list[str]) -> dict[int, str]:
    roles = {}
    name = next((i for i, h in enumerate(headers) if h in NAME_HEADERS), 0)
    roles[name] = "duban-cell-name"
    if name > 0:
        roles[0] = "duban-cell-lead"  # a 序号 before the name stays beside it
    for i, h in enumerate(headers):
        if STATUS_MARK in h and i not in roles:
            roles[i] = "duban-cell-status"
    return roles


def _label_table(m: re.Match[str]) -> str:
    opening, inner, closing = m.groups()
    head = _HEAD.search(inner)
    if head is None:
        return m.group(0)
    headers = _headers(head.group(1))
    roles = _roles(headers)
    labels = [f' data-label="{html.escape(h, quote=True)}"' if h else "" for h in headers]
    column = 0

    def cell(c: re.Match[str]) -> str:  # one pass over the body's rows and cells; a row restarts the count
        nonlocal column
        tag, attrs = c.group(1), c.group(2)
        if tag == "tr":
            column = 0
            return c.group(0)
        span = _SPAN.search(attrs) if "colspan" in attrs else None
        index, column = column, column + (int(span.group(1)) if span else 1)
        if index >= len(headers) or "data-label" in attrs:
            return c.group(0)
        extra, role = labels[index], roles.get(index)
        if role is not None:
            if 'class="' in attrs:
                attrs = attrs.replace('class="', f'class="{role} ', 1)
            else:
                extra += f' class="{role}"'
        return f"<{tag}{attrs}{extra}>"

    body_start = head.end()
    return opening + inner[:body_start] + _CELL_OR_ROW.sub(cell, inner[body_start:]) + closing


def label_cells(body: str) -> str:
    """``body`` with each ``duban-table`` data cell labelled with its column's header."""
    if "duban-table" not in body:
        return body
    return _TABLE.sub(_label_table, body)
