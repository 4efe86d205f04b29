"""Field types shared by all data files: slugs, months, dates, quantities, text, links, enums.

Each type validates strictly and fails with a bilingual message that a clerk can act on.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from enum import Enum
from typing import Annotated, Any, get_args, get_origin

from pydantic import AfterValidator, BaseModel, BeforeValidator, PlainSerializer, ValidationInfo

from ..dates import Month, fail
from .hints import number_hint

__all__ = [
    "DATE", "FREE_TEXT", "LINE_MAX", "MONTH", "TEXT_MAX", "Day", "Deadline", "FieldKind", "FieldPath", "Label", "LabeledEnum",
    "Line", "Month", "MonthField", "Quantity", "Slug", "Text", "Url", "fail", "values_of_kind",
    "DistrictRef", "ItemRef", "LeaderRef", "UnitRef",
]

SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
SLUG_MAX = 64
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FULLWIDTH_DIGITS = re.compile(r"[\uff10-\uff19]")
# Bidirectional controls can make a name read differently from what it is: refused.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Zero-width characters are invisible noise from copy-paste: stripped.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# C0/C1 controls (but tab and newlines), surrogates and non-characters: never legitimate text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
MAX_QUANTITY = 10**12
"""Largest quantity accepted: far above any city's figures, small enough to print exactly."""
TEXT_MAX = 5000
"""Longest free text accepted (a report, an explanation): every text field has a limit, so no
later step (search segmentation, Word, sanitizing) ever sees unbounded input."""
LINE_MAX = 200
"""Longest one-line text accepted (titles, names, posts, milestones): it is printed in ``<title>``,
the navigation and every table row."""


def _parse_day(value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE_RE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise fail(f"日期不存在：{value}", f"no such date: {value}") from None
    raise fail(
        f"日期应写作 YYYY-MM-DD（如 2022-03-31），得到 {value!r}",
        f"date must be YYYY-MM-DD (e.g. 2022-03-31), got {value!r}",
    )


def _parse_quantity(value: Any, info: ValidationInfo) -> float | int:
    if isinstance(value, bool):
        raise fail(f"应为数字，得到 {value!r}", f"expected a number, got {value!r}")
    if isinstance(value, int | float):
        if not math.isfinite(value) or abs(value) > MAX_QUANTITY:
            raise fail(f"数字超出范围（最大 {MAX_QUANTITY}），得到 {value}",
                       f"number out of range (max {MAX_QUANTITY}), got {value}")
        if value < 0:
            raise fail(f"数量不能为负数，得到 {value}", f"quantity must not be negative, got {value}")
        return value
    if isinstance(value, str):
        if _FULLWIDTH_DIGITS.search(value):
            fixed = unicodedata.normalize("NFKC", value)
            raise fail(
                f"请使用半角数字：应写 {fixed}，得到 {value}",
                f"use half-width digits: write {fixed}, got {value}",
            )
        hint = number_hint(value, info.field_name)  # 1.2万 → 12000; a percentage where a count is due …
        if hint is not None:
            raise fail(*hint)
        raise fail(
            f"应为数字（不要加引号、单位或千位分隔符），得到 {value!r}",
            f"expected a number (no quotes, units or thousands separators), got {value!r}",
        )
    raise fail(f"应为数字，得到 {value!r}", f"expected a number, got {value!r}")


def _clean_text(value: Any, limit: int = TEXT_MAX) -> str:
    if not isinstance(value, str):
        raise fail(
            f"应为文本，得到 {value!r}；如需原样保留数字、日期或 true/false，请加引号",
            f"expected text, got {value!r}; quote numbers, dates and true/false to keep them as text",
        )
    if _BIDI.search(value):
        raise fail(
            "文本含有双向控制字符（如 U+202E），可能使文字显示顺序与实际不符，请删除",
            "text contains bidirectional control characters (e.g. U+202E); remove them",
        )
    if len(value) > limit:  # before any other scan: the limit bounds every later step
        raise fail(f"文字过长：最多 {limit} 个字符，现有 {len(value)} 个",
                   f"text too long: at most {limit} characters, got {len(value)}")
    if _CONTROL.search(value):
        raise fail("文本含有控制字符，请删除", "text contains control characters; remove them")
    value = _ZERO_WIDTH.sub("", value).strip()
    if not value:
        raise fail("不能为空", "must not be empty")
    return value


def _clean_line(value: Any) -> str:
    value = _clean_text(value, LINE_MAX)
    if "\n" in value or "\r" in value:
        raise fail("只能写一行，不能换行", "must be a single line")
    return value


class FieldKind:
    """A marker in a field type's metadata, so that rules can find every field of a kind
    (every free text for personal data, every date for its range) without listing them."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"FieldKind({self.name!r})"


FREE_TEXT = FieldKind("free text")
"""Marks text that people type: checked for personal data."""
MONTH = FieldKind("month")
"""Marks a month: it must lie inside the year."""
DATE = FieldKind("date")
"""Marks the date of something that happened: it must lie inside the year and not after the data's latest date."""

RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
"""Device names Windows cannot use as file or folder names: never ids (they become folders)."""


def _check_slug(value: Any) -> str:
    if isinstance(value, str) and value in RESERVED:
        raise fail(f"编号 {value!r} 是 Windows 的保留设备名，不能用作文件夹名，请换一个",
                   f"{value!r} is a reserved device name on Windows and cannot name a folder")
    if not isinstance(value, str) or not SLUG_RE.fullmatch(value) or len(value) > SLUG_MAX:
        raise fail(
            f"编号只能用小写英文字母、数字和连字符，以字母或数字开头，最长 {SLUG_MAX} 个字符，得到 {value!r}",
            f"ids use lowercase a-z, 0-9 and '-', start with a letter or digit, at most "
            f"{SLUG_MAX} characters; got {value!r}",
        )
    return value


def _check_url(value: str) -> str:
    if not re.match(r"https?://[^\s/]+", value, re.IGNORECASE) or re.search(r"\s", value):
        raise fail(
            f"链接必须以 http:// 或 https:// 开头且不含空格，得到 {value!r}",
            f"links must start with http:// or https:// and contain no spaces, got {value!r}",
        )
    return value


class LabeledEnum(str, Enum):
    """An enum whose members carry a Chinese label; data may use either spelling."""

    label: str

    def __new__(cls, code: str, label: str) -> LabeledEnum:
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.label = label
        return obj

    @classmethod
    def parse(cls, value: Any) -> LabeledEnum:
        """Accept the code or the Chinese label."""
        for member in cls:
            if value in (member.value, member.label):
                return member
        allowed_zh = "、".join(f"{m.value}（{m.label}）" for m in cls)
        raise fail(f"允许的值：{allowed_zh}，得到 {value!r}",
                   f"allowed values: {', '.join(m.value for m in cls)}; got {value!r}")

    def __str__(self) -> str:
        return self.label


Slug = Annotated[str, BeforeValidator(_check_slug)]
"""An ASCII id that becomes part of a URL."""
MonthField = Annotated[Month, BeforeValidator(Month.parse), PlainSerializer(str, when_used="json"), MONTH]
"""A ``YYYY-MM`` month."""
Day = Annotated[date, BeforeValidator(_parse_day), DATE]
"""A ``YYYY-MM-DD`` date that exists in the calendar: something that happened."""
Deadline = Annotated[date, BeforeValidator(_parse_day)]
"""A ``YYYY-MM-DD`` date that exists in the calendar and may lie ahead (a deadline)."""
Quantity = Annotated[float | int, BeforeValidator(_parse_quantity)]
"""A non-negative number in half-width digits."""
Text = Annotated[str, BeforeValidator(_clean_text), FREE_TEXT]
"""Plain text, at most :data:`TEXT_MAX` characters: escaped wherever shown, never interpreted."""
Line = Annotated[str, BeforeValidator(_clean_line), FREE_TEXT]
"""One line of plain text (a title, a name), at most :data:`LINE_MAX` characters."""
Url = Annotated[str, BeforeValidator(_clean_text), AfterValidator(_check_url)]
"""An http(s) link."""


def _reference(kind: str) -> Any:
    """A slug that may also be written as a name or alias of an entry of the shared list ``kind``.

    The loader passes the shared lists' names as validation context (``data/names.py``); a name is
    replaced by its id here, so the rest of the code sees ids only. Without context (or when the list
    failed to load) only ids are accepted.
    """

    def check(value: Any, info: ValidationInfo) -> Any:
        names = (info.context or {}).get("names")
        if names is not None and names.knows(kind) and isinstance(value, str):
            found = names.lookup(kind, value)
            if found is not None:
                return found
            if not SLUG_RE.fullmatch(value):
                return names.resolve(kind, value)  # raises with the closest names
        return _check_slug(value)

    check.kind = kind  # type: ignore[attr-defined]  # read by the JSON Schema generator (schema.py)
    return check


def _item_reference(value: Any, info: ValidationInfo) -> Any:
    names = (info.context or {}).get("names")
    if isinstance(value, str) and names is not None and names.knows("items"):
        return names.resolve("items", value)
    return value


_item_reference.kind = "items"  # type: ignore[attr-defined]

UnitRef = Annotated[str, BeforeValidator(_reference("units"))]
"""A unit: its id, Chinese name or alias (``units.yaml``)."""
DistrictRef = Annotated[str, BeforeValidator(_reference("districts"))]
"""A district: its id, Chinese name or alias (``districts.yaml``)."""
LeaderRef = Annotated[str, BeforeValidator(_reference("leaders"))]
"""A responsible leader: id, name or alias (``leaders.yaml``)."""
ItemRef = Annotated[int, BeforeValidator(_item_reference)]
"""An item of the list: its number, title or alias (``items.yaml``)."""


def Label(enum: type[LabeledEnum]) -> Any:  # noqa: N802 - reads like a type
    """Annotated enum field accepting code or Chinese label."""
    return Annotated[enum, BeforeValidator(enum.parse)]


def _kinds(annotation: Any, metadata: list[Any] | tuple[Any, ...] = ()) -> tuple[set[FieldKind], list[type[BaseModel]]]:
    """The kinds marked on a field type, and the models it holds (through Optional and list)."""
    kinds = {m for m in metadata if isinstance(m, FieldKind)}
    models: list[type[BaseModel]] = []
    if get_origin(annotation) is Annotated:
        kinds |= {m for m in annotation.__metadata__ if isinstance(m, FieldKind)}
        annotation = get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        models.append(annotation)
    for arg in get_args(annotation):
        inner_kinds, inner_models = _kinds(arg)
        kinds |= inner_kinds
        models += inner_models
    return kinds, models


FieldPath = tuple[str | int, ...]


def values_of_kind(obj: BaseModel, kind: FieldKind, path: FieldPath = ()) -> Iterator[tuple[FieldPath, Any]]:
    """Every value of a field marked ``kind`` in ``obj`` and the models inside it, with its
    field path as written in the file (aliases, list indexes)."""
    for name, alias, marked, holds_models in _fields_to_visit(type(obj), kind):
        value = getattr(obj, name)
        if value is None:
            continue
        at = (*path, alias)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for i, item in items:
            here = at if i is None else (*at, i)
            if isinstance(item, BaseModel):
                if holds_models:
                    yield from values_of_kind(item, kind, here)
            elif marked:
                yield here, item


@functools.cache
def _fields_to_visit(model: type[BaseModel], kind: FieldKind) -> tuple[tuple[str, str, bool, bool], ...]:
    """The fields of ``model`` marked ``kind`` or holding models, as (name, alias, marked, holds
    models): read from the type annotations once per model and kind, not for every object."""
    out = []
    for name, info in model.model_fields.items():
        kinds, models = _kinds(info.annotation, info.metadata)
        if kind in kinds or models:
            out.append((name, info.alias or name, kind in kinds, bool(models)))
    return tuple(out)
