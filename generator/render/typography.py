"""Chinese typography, one rule for every page, the Word file and the WeChat version
(``docs/typography.md``):

* a line break that an editor's Markdown has between two Chinese characters (or Chinese
  punctuation) is no space at all — browsers and word processors would show one;
* between Chinese and Latin letters or digits a line break stays one space, as in English.
"""

from __future__ import annotations

import re

__all__ = ["CJK", "join_cjk_lines", "join_lines", "lazy_images"]

CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
"""Chinese characters, CJK punctuation and full-width forms (，。、；：！？（）《》“” are among them)."""
_CJK_CLOSE = "\u201d\u2019"  # ” ’ close Chinese quotations too
_INLINE = r"(?:strong|em|b|i|a|code|span|mark|del|sup|sub)"
_BREAK = re.compile(rf"([{CJK}{_CJK_CLOSE}])((?:</{_INLINE}>)*)[ \t]*\n[ \t]*((?:<{_INLINE}\b[^>]*>)*)(?=[{CJK}\u201c\u2018])")
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.S)
_IMG = re.compile(r"<img\b(?![^>]*\bloading=)")


def join_cjk_lines(markup: str) -> str:
    """HTML with the soft line breaks between Chinese characters removed (never inside ``<pre>``)."""
    parts = _PRE.split(markup)
    return "".join(part if i % 2 else _BREAK.sub(r"\1\2\3", part) for i, part in enumerate(parts))


def join_lines(lines: list[str]) -> str:
    """The lines of one paragraph as one line of text: nothing between Chinese characters, a space
    elsewhere (Latin words, numbers)."""
    out = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if out and not (re.match(f"[{CJK}{_CJK_CLOSE}]", out[-1]) and re.match(f"[{CJK}\u201c\u2018]", line[0])):
            out += " "
        out += line
    return out


def lazy_images(markup: str) -> str:
    """Editors' images load when they come into view: a page's first screen stays light on a phone."""
    return _IMG.sub('<img loading="lazy"', markup)
