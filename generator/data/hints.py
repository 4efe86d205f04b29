"""Hints that fit the mistake: what a clerk typed, what is wrong with it, and how to write it.

* :func:`number_hint`: a figure written the way it is said (``1.2万``, ``82.7%``, ``1,200``,
  ``120户``) gets the number to write instead, in the words of the field it was typed in.
  Nothing is guessed: the clerk sees the hint and fixes the file.
* :func:`explain_syntax`: libyaml's messages (``could not find expected ':'``, ``mapping values
  are not allowed here`` …) in plain Chinese, at the line where the mistake is, saying how to
  write it; the parser's own message is kept as the English half.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

__all__ = ["explain_syntax", "number_hint"]

_FIELD_WORDS = {
    "cumulative": "累计数量",
    "planned": "计划累计数量",
    "target": "全年目标数量",
    "observed": "现场核查的数量",
}
_MULTIPLIERS = {"万": 10_000, "千": 1_000, "百": 100, "亿": 100_000_000, "万亿": 10**12}
_SAID = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(万亿|万|千|百|亿)\s*(\D*)")
_SEPARATED = re.compile(r"[0-9]{1,3}(?:[,，][0-9]{3})+(?:\.[0-9]+)?")
_WITH_UNIT = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([^\d\s.%]+)")


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def number_hint(value: str, field: str | None) -> tuple[str, str] | None:
    """(zh, en) for a quantity written as text, or None when there is no better hint than "a number"."""
    text = unicodedata.normalize("NFKC", value).strip()
    what = _FIELD_WORDS.get(field or "", "数量")
    if text.endswith("%"):
        return (f"这里填{what}，不是百分比：得到 {value}",
                f"this is a quantity ({field or 'number'}), not a percentage: got {value!r}")
    said = _SAID.fullmatch(text)
    if said:
        try:
            number = Decimal(said.group(1)) * _MULTIPLIERS[said.group(2)]
        except InvalidOperation:  # pragma: no cover - the pattern only matches digits
            return None
        return (f"只写阿拉伯数字，不写“{said.group(2)}”{'和单位' if said.group(3) else ''}：应写 {_plain(number)}，得到 {value}",
                f"write the plain number: {_plain(number)}, not {value!r}")
    if _SEPARATED.fullmatch(text):
        fixed = re.sub(r"[,，]", "", text)
        return (f"不要用千位分隔符：应写 {fixed}，得到 {value}", f"no thousands separators: write {fixed}, got {value!r}")
    unit = _WITH_UNIT.fullmatch(text)
    if unit:
        return (f"只写数字，不写单位“{unit.group(2)}”：应写 {unit.group(1)}，得到 {value}",
                f"write the number without the unit: {unit.group(1)}, got {value!r}")
    return None


# ---------------------------------------------------------------- YAML syntax errors


_FULLWIDTH = {"：": "冒号“:”", "，": "逗号“,”", "－": "短横线“-”", "　": "空格"}


def explain_syntax(problem: str, context: str, text: str, line: int, column: int) -> tuple[str, str, int] | None:
    """A plain-Chinese explanation of a libyaml error, and the (1-based) line it is really on.

    ``line`` and ``column`` are where libyaml noticed the problem (0-based); for several mistakes
    that is the line *after* the one to fix, so the line returned may be earlier. None when there
    is nothing better to say than the parser's message.
    """
    lines = text.split("\n")
    en = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    for at in _candidates(line, lines):
        found = _look_at(lines[at])
        if found:
            return found, en, at + 1
    if "mapping values are not allowed" in problem and 0 <= line < len(lines):
        head = lines[line][:column]
        if re.fullmatch(r"\s*[^\s:#'\"\[\]{}]+\s*", head):
            return ("缩进过多：这一行应与上一行的字段左对齐（同一层的字段缩进相同）", en, line + 1)
        return ("这一行的文字里有“: ”（冒号加空格），会被当成新的字段：请给整段文字加上引号，"
                "如 explanation: \"原因: 见下\"", en, line + 1)
    if "did not find expected '-' indicator" in problem or "expected <block end>" in problem:
        return _indent_problem(lines, line), en, line + 1
    if "could not find expected ':'" in problem:
        return ("缺少“: ”：每个字段应写成“字段名: 值”（英文冒号，后面加一个空格）", en, max(line, 1))
    return None


def _candidates(line: int, lines: list[str]) -> list[int]:
    """The line libyaml named, and the one before it (where the mistake usually is)."""
    return [i for i in (line - 1, line) if 0 <= i < len(lines)]


def _look_at(source: str) -> str | None:
    """A mistake visible on one line: a full-width colon or comma, or a tab."""
    code = _without_quoted(source)
    for mark, name in _FULLWIDTH.items():
        if mark in code and (mark != "，" or ("[" in code or "{" in code)):
            if mark == "：" and ":" in code.split("：")[0]:
                continue  # the full-width colon is inside a value: fine
            return (f"这一行用了全角的{name.split('“')[0]}“{mark}”，YAML 要用半角（英文）的{name}"
                    + ("，冒号后面加一个空格，如 cumulative: 124" if mark == "：" else ""))
    if "\t" in source[: len(source) - len(source.lstrip())]:
        return "使用了制表符（Tab）缩进，请改用空格"
    return None


def _without_quoted(source: str) -> str:
    """The line without quoted text and comments, where full-width marks are only text."""
    code = re.sub(r"\"[^\"]*\"|'[^']*'", "", source)
    return code.split(" #", 1)[0]


def _indent_problem(lines: list[str], line: int) -> str:
    if 0 <= line < len(lines):
        current = lines[line]
        dash = next((lines[i] for i in range(line - 1, -1, -1) if lines[i].lstrip().startswith("- ")), None)
        if dash is not None and not current.lstrip().startswith("- "):
            if _indent(current) == _indent(dash):
                return (f"这一行缺少“- ”：列表中新的一条要以“- ”开头，写成“{' ' * _indent(dash)}- {current.strip()}”，"
                        "同一条的其他字段再多缩进两个空格")
            return (f"缩进不对：这一行应与上面同一条的字段左对齐（缩进 {_indent(dash) + 2} 个空格，现在是 "
                    f"{_indent(current)} 个）")
    return "缩进不对：同一层的字段要左对齐（用空格，不用 Tab），下一层比上一层多缩进两个空格"


def _indent(source: str) -> int:
    return len(source) - len(source.lstrip(" "))
