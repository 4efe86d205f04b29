"""Editing a project file in place: reports added or changed, comments and key order kept.

A round-trip YAML writer (ruamel.yaml) changes only the entries it is asked to change and keeps
every comment, key order, quoting and flow style of the rest of the file. This module turns text
into text and writes nothing; what it produces is read back with the strict loader
(``yamlio.parse_yaml``) before anything is written, so the strict loader stays the only reader.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.util import load_yaml_guess_indent

__all__ = ["Edit", "apply_edits"]


@dataclass(frozen=True)
class Edit:
    """Set (or, with None, remove) fields of one month's report of the project or of one part."""

    part: str | None
    month: str
    values: Mapping[str, Any]
    order: Sequence[str]
    """Key order for a new report (and where a new key goes in an existing one)."""


def _yaml(text: str) -> YAML:
    _, indent, offset = load_yaml_guess_indent(text)
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line of Chinese text
    indent = indent or 2
    offset = offset if offset is not None else 0
    yaml.indent(mapping=2, sequence=max(indent, offset + 2), offset=offset)
    return yaml


def apply_edits(text: str, edits: Sequence[Edit], corrections: Sequence[Mapping[str, Any]] = ()) -> str:
    """``text`` with ``edits`` applied and ``corrections`` appended to ``corrections:``."""
    yaml = _yaml(text)
    doc = yaml.load(text)
    for edit in edits:
        owner = doc if edit.part is None else next(p for p in doc["parts"] if str(p["id"]) == edit.part)
        _apply(owner, edit)
    if corrections:
        _list(doc, "corrections", after=None).extend(CommentedMap(_plain(c)) for c in corrections)
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def _list(owner: CommentedMap, key: str, after: str | None) -> CommentedSeq:
    """``owner[key]``, created (after the key ``after``, else at the end) when missing."""
    if owner.get(key) is None:
        keys = list(owner)
        position = keys.index(after) + 1 if after in keys else len(keys)
        owner.insert(position, key, CommentedSeq())
    return owner[key]  # type: ignore[no-any-return]


def _apply(owner: CommentedMap, edit: Edit) -> None:
    reports = _list(owner, "reports", after="plan")
    months = [str(r.get("month")) for r in reports]
    if edit.month in months:
        report = reports[months.index(edit.month)]
        for key, value in edit.values.items():
            if value is None:
                report.pop(key, None)
            elif key in report:
                report[key] = _plain_value(value)
            else:
                report.insert(_position(report, key, edit.order), key, _plain_value(value))
        return
    entry = CommentedMap()
    entry["month"] = edit.month
    for key in edit.order:
        if edit.values.get(key) is not None:
            entry[key] = _plain_value(edit.values[key])
    later = [i for i, m in enumerate(months) if m > edit.month]
    reports.insert(later[0] if later else len(reports), entry)


def _position(report: CommentedMap, key: str, order: Sequence[str]) -> int:
    """Where a new key goes: after the last existing key that comes before it in ``order``."""
    rank = {k: i for i, k in enumerate(order)}
    keys = list(report)
    before = [i for i, k in enumerate(keys) if rank.get(k, len(order)) < rank.get(key, len(order))]
    return before[-1] + 1 if before else len(keys)


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _plain_value(v) for k, v in values.items()}


def _plain_value(value: Any) -> Any:
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        try:  # a valid date is written as a date (unquoted, like every date in the data)
            return date.fromisoformat(value) if len(value) == 10 and value[4] == "-" else value
        except ValueError:
            return value
    return value
