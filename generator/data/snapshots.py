"""Published bulletin snapshots (``data/bulletins/<yyyy-mm>.yaml``): what a bulletin printed.

A snapshot is written once by ``duban publish`` and read back on every build; its checksum
refuses a hand-edited file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict

from ..dates import Month
from .compact import Compact
from .fields import Day, MonthField, Quantity, Slug, Text
from .statuses import Light, Status

__all__ = ["BulletinRow", "Snapshot", "SnapshotCase", "snapshot_path"]


def _enum(kind: type) -> Any:
    return Annotated[kind, BeforeValidator(lambda v: kind(v) if isinstance(v, str) else v)]


class _Frozen(Compact):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class BulletinRow(_Frozen):
    """One project's line in a bulletin: everything the bulletin prints about it."""

    project: Slug
    order: int
    item: int
    item_title: Text | None = None
    title: Text
    lead_unit: Slug
    lead_unit_name: Text | None = None
    measure: Text | None = None
    target: Quantity | None = None
    milestone: Text | None = None
    planned: Quantity | None = None
    cumulative: Quantity | None = None
    percent_of_milestone: Quantity | None = None
    percent_of_target: Quantity | None = None
    status: _enum(Status)  # type: ignore[valid-type]
    light: _enum(Light)  # type: ignore[valid-type]
    warning: Text | None = None
    explanation: Text | None = None
    measures: Text | None = None
    rectification: Text | None = None
    deadline: Day | None = None
    parts: dict[str, Quantity] = {}
    """Cumulative figure of each part (task decomposition), by part id."""


class SnapshotCase(_Frozen):
    """A case the published bulletin listed."""

    slug: Slug
    kind: Text
    kind_label: Text
    date: Day
    title: Text


class Snapshot(_Frozen):
    """A published bulletin as stored in ``data/bulletins/<yyyy-mm>.yaml``."""

    month: MonthField
    published: Day
    number: Text | None = None
    preface: str | None = None
    """The editor's preface as published (Markdown)."""
    cases: list[SnapshotCase] = []
    """The month's cases as published."""
    rows: list[BulletinRow]
    checksum: str = ""
    """SHA-256 of everything above: a hand-edited snapshot is refused."""

    def digest(self) -> str:
        """The checksum this snapshot's content should carry."""
        body = self.model_dump(mode="json", exclude={"checksum"}, exclude_none=True)
        return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def snapshot_path(data_dir: Path, month: Month) -> Path:
    """Where the snapshot of ``month`` lives."""
    return data_dir / "bulletins" / f"{month}.yaml"
