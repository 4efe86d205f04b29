"""Personal data that must never be published: mobile and landline numbers, ID card numbers,
e-mail addresses — in any free-text field, case article or bulletin preface.

Every pattern is linear in the text's length (no pattern can start inside a run it already
scanned), because editors' pages may be long.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

__all__ = ["find_personal", "message", "personal_lines"]

# Matched after removing spaces, dashes, dots and brackets between digits and a +86 prefix,
# so "138-1234-5678", "+86 138 1234 5678" and "210203 19800101 123X" are caught too.
_PERSONAL = [
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), "手机号码", "a mobile phone number"),
    # 18 digits: region, birth date 19xx/20xx-MM-DD, sequence, check digit; 15 digits: the old form.
    (re.compile(r"(?<!\d)\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dXx])"),
     "身份证号码", "an ID card number"),
    (re.compile(r"(?<!\d)\d{6}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?!\d)"), "身份证号码",
     "an ID card number"),
    (re.compile(r"(?<!\d)0\d{2,3}\d{7,8}(?!\d)"), "电话号码", "a telephone number"),
    # Starts only where a run of address characters starts: one pass over each run.
    (re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+"), "电子邮箱", "an e-mail address"),
]
_DIGIT_GLUE = re.compile(r"(?<=[\dXx])[\s\-.()（）]+(?=\d)")
_PREFIX_86 = re.compile(r"(?:\+|＋)\s*86[\s\-]*")
_TEN_DIGITS = re.compile(r"\d(?:\D*\d){9}")  # \D and \d are disjoint: no backtracking


def find_personal(text: str) -> tuple[str, str] | None:
    """What kind of personal data ``text`` seems to contain, as (zh, en), or None."""
    normal = unicodedata.normalize("NFKC", text)
    # Every pattern needs ten digits at least (a landline: 0 and 9 more) or an "@", and the glue
    # and +86 only take characters away: a text with neither, as written and in normal form,
    # cannot match in any form. Most texts are let go here, with two searches instead of twelve.
    if "@" not in normal and "@" not in text and not _TEN_DIGITS.search(normal) and not _TEN_DIGITS.search(text):
        return None
    plain = _DIGIT_GLUE.sub("", _PREFIX_86.sub("", normal))
    for pattern, zh, en in _PERSONAL:
        if pattern.search(plain) or pattern.search(text):
            return zh, en
    return None


def message(found: tuple[str, str]) -> tuple[str, str]:
    """The one message for personal data, wherever it was found."""
    zh, en = found
    return f"不得公开个人信息：疑似含有{zh}，请删除", f"personal data must not be published: looks like {en}"


def personal_lines(text: str, first_line: int = 1) -> Iterator[tuple[int, str, str]]:
    """(line, zh, en) for each line of a Markdown text that holds personal data."""
    for number, line in enumerate(text.split("\n"), first_line):
        found = find_personal(line)
        if found is not None:
            yield (number, *message(found))
