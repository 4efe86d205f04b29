"""Editors' files in the content folder: what is read, what is published, what is refused.

The core reads ``content/`` itself (the adapter never has to parse MkDocs' file list), with the
same rules as the data: regular files only (no symlink, pipe or device is ever opened), UTF-8,
bounded size. Every file is classified once:

* Markdown pages (every suffix MkDocs reads as a page), decoded, with their front matter;
* static files on an allow-list of types (images, PDF, office documents), published as they are;
* everything else is an error naming the file: HTML, JavaScript, CSS and SVG could run script
  in a reader's browser, other types are not what the site publishes.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ..dates import Month
from ..errors import DataError, DataErrors
from ..settings import Settings
from .fields import Label, LabeledEnum, Line, Text
from .personal import personal_lines
from .yamlio import YMap, decode_text, parse_yaml, read_bytes

__all__ = [
    "CASE_KINDS", "PAGE_SUFFIXES", "PREFACES", "PREFACE_MAX", "STATIC_SUFFIXES", "ContentTree", "Hide", "PageMeta", "Preface",
    "SearchMeta",
    "body_problems", "front_matter", "preface_problems", "read_content",
]

CASE_KINDS = ("praise", "exposed")
"""``content/cases/<kind>/``: one folder per kind of case."""
PREFACES = "bulletins/prefaces"
"""Editors' bulletin prefaces: ``content/bulletins/prefaces/<yyyy-mm>.md``."""
PREFACE_MAX = 10_000
"""Longest preface accepted, in characters: it opens the bulletin page, its Word and WeChat versions."""
PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
"""What MkDocs reads as a page, in any letter case (so ``ABOUT.MD`` is a page too)."""
STATIC_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico",          # images
    ".pdf",                                                     # documents
    ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx",          # Microsoft Office
    ".odt", ".ods", ".odp", ".wps", ".et", ".dps", ".ofd",      # OpenDocument, WPS, OFD (版式文件)
})
"""Static files an editor may publish from ``content/``."""
_SCRIPTABLE = {
    ".html": "网页", ".htm": "网页", ".xhtml": "网页", ".shtml": "网页", ".js": "脚本", ".mjs": "脚本",
    ".css": "样式表", ".svg": "SVG 图片", ".svgz": "SVG 图片", ".xml": "XML 文件", ".json": "JSON 文件",
}
_FRONT = re.compile(r"---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)", re.S)


class Hide(LabeledEnum):
    """Parts of Material's page shell a page may hide."""

    NAVIGATION = ("navigation", "导航")
    TOC = ("toc", "目录")
    FOOTER = ("footer", "页脚")
    PATH = ("path", "路径")


class _Meta(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SearchMeta(_Meta):
    """Material's per-page search options."""

    exclude: bool = False
    """Leave the page out of the search index."""
    boost: Annotated[float | int, Field(ge=0, le=10)] | None = None
    """Rank the page higher (or lower) in search results."""


class PageMeta(_Meta):
    """Front matter an ordinary hand-written page may carry. Anything else is refused: MkDocs and
    Material print front matter into the page shell unescaped, and some keys change what runs
    (``template`` picks another page template)."""

    title: Line | None = None
    """The page title (``<title>``, the navigation); default: the page's first heading."""
    description: Text | None = None
    """The meta description (search engines, link previews)."""
    hide: list[Label(Hide)] = []  # type: ignore[valid-type]
    """Parts of the theme to hide: ``navigation``, ``toc``, ``footer``, ``path``."""
    search: SearchMeta | None = None
    """Material's search options: ``exclude: true`` or ``boost: 2``."""


@dataclass(frozen=True)
class Preface:
    """An editor's preface to one month's bulletin (Markdown, sanitized when rendered)."""

    month: Month
    page: str
    """Path inside the content folder, e.g. ``bulletins/prefaces/2022-08.md``: not a page of its own."""
    text: str


@dataclass
class ContentTree:
    """The content folder, classified."""

    pages: dict[str, str] = field(default_factory=dict)
    """Every Markdown page by its path inside the content folder, decoded (newlines normalised)."""
    statics: list[str] = field(default_factory=list)
    """Static files on the allow-list, by path inside the content folder."""


def _refusal(name: str, suffix: str) -> DataError:
    allowed = "、".join(sorted(STATIC_SUFFIXES))
    kind = _SCRIPTABLE.get(suffix)
    if kind is not None:
        return DataError(name, None, (), f"不能发布{kind}（{suffix}）：它可能在读者的浏览器中运行脚本。"
                         f"请改为 Markdown 页面或 PNG/PDF 文件；允许的文件类型：{allowed}",
                         f"{suffix} files may run script in readers' browsers and are not published; "
                         f"use a Markdown page or a PNG/PDF; allowed types: {', '.join(sorted(STATIC_SUFFIXES))}")
    return DataError(name, None, (), f"不支持发布此类文件（{suffix or '无扩展名'}）；允许的文件类型：{allowed}",
                     f"this type of file ({suffix or 'no extension'}) is not published; "
                     f"allowed types: {', '.join(sorted(STATIC_SUFFIXES))}")


def _special(name: str, mode: int) -> DataError:
    if stat.S_ISLNK(mode):
        return DataError(name, None, (), "是符号链接，不会读取或发布：请放入文件本身，而不是指向别处的链接",
                         "is a symbolic link and is neither read nor published: put the file itself here")
    return DataError(name, None, (), "不是普通文件（命名管道、设备或套接字），不会读取或发布",
                     "is not a regular file (a pipe, device or socket) and is neither read nor published")


def read_content(settings: Settings, errors: list[DataError]) -> ContentTree:
    """Walk the content folder without following links; classify and read every file.

    Hidden files and folders are skipped, as MkDocs skips them.
    """
    content = settings.content_dir
    assert content is not None
    tree = ContentTree()
    if not content.is_dir():
        return tree
    pending = [content]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.startswith("."):
                    continue
                path = Path(entry.path)
                rel = path.relative_to(content).as_posix()
                name = _display(path, settings.project_root)
                mode = entry.stat(follow_symlinks=False).st_mode
                if stat.S_ISDIR(mode):
                    pending.append(path)
                elif not stat.S_ISREG(mode):
                    errors.append(_special(name, mode))
                elif path.suffix.lower() in PAGE_SUFFIXES:
                    try:
                        tree.pages[rel] = decode_text(read_bytes(path, name), name)
                    except DataErrors as exc:
                        errors += exc.errors
                elif path.suffix.lower() in STATIC_SUFFIXES:
                    tree.statics.append(rel)
                else:
                    errors.append(_refusal(name, path.suffix.lower()))
    tree.statics.sort()
    return tree


def _display(path: Path, root: Path) -> str:
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def front_matter(name: str, text: str) -> tuple[YMap | None, int]:
    """A page's YAML front matter (lines as in the file), or None; and the line its body starts on."""
    match = _FRONT.match(text)
    if match is None:
        return None, 1
    body_line = text.count("\n", 0, match.end()) + 1
    # The opening --- becomes a comment, so that line numbers match the file.
    block = "#\n" + (match.group(1) or "")
    if not block.strip("#\n \t"):
        return None, body_line
    return parse_yaml(block.encode("utf-8"), name), body_line


def body_problems(name: str, text: str) -> list[DataError]:
    """Personal data in the Markdown body of a case or a preface (front matter excluded)."""
    match = _FRONT.match(text)
    start = match.end() if match else 0
    first = text.count("\n", 0, start) + 1
    return [DataError(name, line, (), zh, en) for line, zh, en in personal_lines(text[start:], first)]


def preface_problems(name: str, month: Month, text: str, settings: Settings) -> list[DataError]:
    """A preface for a month outside the year or after the as-of month, too long, or with personal data."""
    if month.year != settings.year or month > settings.as_of:
        return [DataError(name, None, (), f"通报前言的月份 {month} 不在 {settings.year} 年内或晚于数据截止月 {settings.as_of}，"
                          "不会显示；请改名或删除", f"preface month {month} is outside {settings.year} or after the as-of "
                          f"month {settings.as_of} and would never be shown; rename or remove it")]
    if len(text) > PREFACE_MAX:
        return [DataError(name, None, (), f"通报前言过长：最多 {PREFACE_MAX} 个字符，现有 {len(text)} 个",
                          f"preface too long: at most {PREFACE_MAX} characters, got {len(text)}")]
    return body_problems(name, text)
