"""Content that means what it says: written reasons that say something, whole things counted whole.

The lists here are the rules themselves: the loader evaluates them and the 统计口径 page prints
them, so the published explanation cannot drift from what is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..formats import qty
from ..settings import Settings
from .models import Project

__all__ = ["VACUOUS", "WHOLE_MEASURES", "check_content", "is_vacuous", "whole"]

VACUOUS = ("无", "暂无", "没有", "同上", "见上", "同前", "见前", "略", "不详", "待定", "/", "-", "—", "…")
"""Texts that are no reason at all; refused wherever a written reason or measures are required."""

WHOLE_MEASURES = ("户", "部", "个", "辆", "所", "处", "座", "张", "条", "台", "套", "家", "间", "盏", "名", "人",
                  "人次", "场", "次", "项", "栋", "幢", "口", "块", "根", "件", "宗", "本", "册", "份")
"""Measures of whole things: their figures are whole numbers (124.5 elevators is a typing error)."""

_TRIM = re.compile(r"^[\s。.，,；;：:！!、…]+|[\s。.，,；;：:！!、…]+$")

_REASONS = {"explanation": "未完成原因 explanation", "measures": "整改措施 measures"}


def is_vacuous(text: str, min_length: int) -> bool:
    """Whether ``text`` says nothing: a placeholder such as 无 or 同上, or shorter than ``min_length``."""
    core = _TRIM.sub("", text)
    return core in VACUOUS or len(core) < min_length


def whole(p: Project) -> bool:
    """Whether the project counts whole things: ``integer`` when given, else by its measure."""
    return p.integer if p.integer is not None else (p.measure or "") in WHOLE_MEASURES


Found = tuple[tuple[str | int, ...], str, str]
"""(field path, zh, en)."""


def _reason(path: tuple[str | int, ...], text: str | None, what: str, settings: Settings) -> Iterator[Found]:
    n = settings.min_reason_length
    if text is not None and is_vacuous(text, n):
        yield (path, f"{what}必须写明具体内容，不能只写“{text}”这类占位词（“无”“同上”“略”等），至少 {n} 个字",
               f"a written reason is required: {text!r} says nothing (at least {n} characters, not 无, 同上, 略 …)")


def _fractions(p: Project) -> Iterator[tuple[tuple[str | int, ...], float | int]]:
    """Every quantity of the project with its field path."""
    yield ("target",), p.target  # type: ignore[misc]
    for i, row in enumerate(p.plan):
        yield ("plan", i, "planned"), row.planned  # type: ignore[misc]
    for i, r in enumerate(p.reports):
        yield ("reports", i, "cumulative"), r.cumulative  # type: ignore[misc]
    for i, a in enumerate(p.adjustments):
        for j, row in enumerate(a.plan):
            yield ("adjustments", i, "plan", j, "planned"), row.planned  # type: ignore[misc]
    for i, part in enumerate(p.parts):
        yield ("parts", i, "target"), part.target  # type: ignore[misc]
        for j, prow in enumerate(part.plan):
            yield ("parts", i, "plan", j, "planned"), prow.planned  # type: ignore[misc]
        for j, prep in enumerate(part.reports):
            yield ("parts", i, "reports", j, "cumulative"), prep.cumulative  # type: ignore[misc]
    for i, ins in enumerate(p.inspections):
        yield ("inspections", i, "observed"), ins.observed  # type: ignore[misc]


def check_content(p: Project, settings: Settings) -> Iterator[Found]:
    """(path, zh, en) for every vacuous reason and every fraction of a whole thing."""
    if settings.require_reasons:
        for i, r in enumerate(p.reports):
            for attr, what in _REASONS.items():
                yield from _reason(("reports", i, attr), getattr(r, attr), what, settings)
    for i, a in enumerate(p.adjustments):
        yield from _reason(("adjustments", i, "reason"), a.reason, "调整或暂缓的理由 reason", settings)
    for i, c in enumerate(p.corrections):
        yield from _reason(("corrections", i, "reason"), c.reason, "更正原因 reason", settings)
    if p.integer is not None and not p.numeric:
        yield (("integer",), "integer 只用于有数量目标的项目", "integer is only for projects with a numeric target")
    if not (p.numeric and whole(p)):
        return
    why = "本项目 integer: true" if p.integer else f"计量单位为“{p.measure}”"
    for path, value in _fractions(p):
        if value is not None and not float(value).is_integer():
            yield (path, f"{why}，只能是整数，得到 {qty(value)}",
                   f"whole things ({p.measure}) are counted in whole numbers, got {qty(value)}")
