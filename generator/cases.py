"""Case pages (典型案例): editors' Markdown with front matter, validated like project data.

The MkDocs adapter hands over each case file's text; this module reads the front matter
with the strict YAML loader (so line numbers match the file) and checks references.
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import DataError, DataErrors
from .fields import SLUG_MAX, SLUG_RE
from .loader import Dataset, validate
from .models import Case
from .rules import check_case
from .yamlio import line_of, parse_yaml

__all__ = ["CASE_FOLDERS", "load_cases"]

CASE_FOLDERS = ("praise", "exposed")
"""``content/cases/<kind>/``: one folder per kind."""


def _front_matter(text: str) -> str | None:
    """The front matter with its opening ``---`` turned into a comment, so lines match the file."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 4)
    if end < 0:
        return None
    return "#\n" + text[4 : end + 1]


def load_cases(entries: Iterable[tuple[str, str, str]], data: Dataset) -> list[Case]:
    """Cases from ``(kind, slug, path shown in errors, text)`` … entries; raises DataErrors.

    ``entries`` yields ``(src_uri, shown_path, text)`` with ``src_uri`` like
    ``cases/praise/some-case.md``.
    """
    errors: list[DataError] = []
    cases: list[Case] = []
    projects = {p.id: p for p in data.projects}
    for src_uri, shown, text in entries:
        _, kind, filename = src_uri.split("/", 2)
        slug = filename[:-3]
        if not SLUG_RE.fullmatch(slug) or len(slug) > SLUG_MAX:
            errors.append(DataError(shown, None, (), "案例文件名只能用小写英文字母、数字和连字符",
                                    "case file names use lowercase a-z, 0-9 and '-'"))
            continue
        front = _front_matter(text)
        if front is None:
            errors.append(DataError(shown, 1, (), "案例页面必须以 --- 开头的 YAML 信息块开始，并以 --- 结束",
                                    "a case page must start with YAML front matter between --- lines"))
            continue
        try:
            raw = parse_yaml(front.encode("utf-8"), shown)
        except DataErrors as exc:
            errors += exc.errors
            continue
        case, problems = validate(Case, raw, shown, raw)
        errors += problems
        for reserved in ("slug", "source"):
            if reserved in raw:
                errors.append(DataError(shown, raw.lines[reserved], (reserved,), f"不要填写 {reserved}",
                                        f"do not write {reserved}"))
        if case is None:
            continue
        for issue in check_case(case, kind, projects, data.registry):
            errors.append(DataError(shown, line_of(raw, issue.path), issue.path, issue.zh, issue.en))
        cases.append(case.model_copy(update={"slug": slug, "source": shown}))
    if errors:
        raise DataErrors(errors)
    return sorted(cases, key=lambda c: (c.date, c.slug))
