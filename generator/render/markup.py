"""Generated page bodies straight to HTML, without a Markdown parser.

The templates write HTML blocks that are already escaped, and one kind of Markdown line: a
section heading ``## 总体情况 {: #summary }``. Python-Markdown would spend most of its time
re-reading the HTML blocks (its raw-HTML parser looks at every tag) only to pass them through
unchanged. :func:`to_html` does what it did with these two kinds of lines, byte for byte
(``tests/test_markup.py`` compares every page of the sample with Python-Markdown), and returns
the table of contents and the ids on the page, which MkDocs would otherwise take from the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Heading", "Html", "MarkupError", "to_html"]

_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t]*\{:[ \t]*#([A-Za-z0-9_:.-]+)[ \t]*\}[ \t]*")
_ID = re.compile(r"""<[a-zA-Z][^>]*?\sid=(?:"([^"]*)"|'([^']*)')""")


class MarkupError(ValueError):
    """A template line that is neither an HTML block line nor a ``## heading {: #id }`` line."""


@dataclass(frozen=True)
class Heading:
    """A section heading, as the sidebar's table of contents lists it."""

    level: int
    id: str
    title: str
    """The heading's text, already escaped (it came out of an autoescaping template)."""
    children: list[Heading] = field(default_factory=list)


@dataclass(frozen=True)
class Html:
    """A page body as HTML, with what the theme and MkDocs' link checks need to know about it."""

    content: str
    toc: list[Heading]
    """Top-level headings, each with the headings nested below it."""
    ids: frozenset[str]
    """Every ``id`` on the page (links from hand-written pages to ``page.md#id`` are checked against them)."""


def _nest(headings: list[Heading]) -> list[Heading]:
    """Headings in document order → a tree by level, as Python-Markdown's ``toc`` builds it."""
    top: list[Heading] = []
    stack: list[Heading] = []
    for h in headings:
        while stack and stack[-1].level >= h.level:
            stack.pop()
        (stack[-1].children if stack else top).append(h)
        stack.append(h)
    return top


def to_html(body: str) -> Html:
    """The HTML Python-Markdown makes of ``body`` (HTML blocks and ``#`` heading lines with an id)."""
    out: list[str] = []
    block: list[str] = []
    headings: list[Heading] = []
    for line in body.split("\n"):
        if not line.startswith("#"):
            if line.strip():
                block.append(line)
            elif block:  # a blank line ends an HTML block
                out.append("\n".join(block) + "\n")
                block = []
            continue
        match = _HEADING.fullmatch(line)
        if match is None:
            raise MarkupError(f"heading without an id (write `## 标题 {{: #id }}`): {line[:80]!r}")
        if block:
            out.append("\n".join(block) + "\n")
            block = []
        marks, title, anchor = match.groups()
        headings.append(Heading(len(marks), anchor, title))
        out.append(f"<h{len(marks)} id=\"{anchor}\">{title}</h{len(marks)}>")
    if block:
        out.append("\n".join(block) + "\n")
    content = "\n".join(out).strip()  # as Python-Markdown does
    ids = frozenset(a or b for a, b in _ID.findall(content))
    return Html(content, _nest(headings), ids)
