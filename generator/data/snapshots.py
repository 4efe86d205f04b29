"""Published bulletin snapshots (``data/bulletins/<yyyy-mm>.yaml``): what a bulletin printed.

A snapshot is written once by ``duban publish`` and read back on every build; its checksum
refuses a hand-edited file. Each snapshot also records the checksum of the bulletin published
before it (:class:`Chain`), so the year's bulletins form a hash chain: deleting, renaming or
rewriting a month breaks the link of the month after it, and the build names both
(``docs/hardening.md`` says what the chain does and does not prove).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

from ..dates import Month
from .fields import Day, MonthField, Quantity, Slug, Text
from .statuses import Light, Status

__all__ = ["BulletinRow", "Chain", "Snapshot", "SnapshotCase", "SnapshotConcealment", "SnapshotRisk", "snapshot_path"]


def _enum(kind: type) -> Any:
    return Annotated[kind, BeforeValidator(lambda v: kind(v) if isinstance(v, str) else v)]


class _Frozen(BaseModel):
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
    progress: Text | None = None
    """The month's report as published (its ``progress`` text); None when nothing was reported."""
    filed: Day | None = None
    """When the month's report was filed; None when nothing was filed by publication (漏报)."""
    late_days: int | None = None
    """Days the report came after the reporting deadline (迟报); None when on time."""

    @property
    def over_target(self) -> bool:
        """The cumulative figure is above the annual target (超额完成全年目标)."""
        return self.percent_of_target is not None and self.percent_of_target > 100


class SnapshotConcealment(_Frozen):
    """A suspected concealment (疑似瞒报) the bulletin named: an inspection counted less on site."""

    project: Slug
    title: Text
    lead_unit: Slug
    lead_unit_name: Text
    inspected: Day
    """Date of the inspection."""
    month: MonthField
    """The report month it checked."""
    reported: Quantity
    observed: Quantity


class SnapshotRisk(_Frozen):
    """A project the bulletin listed as at risk of missing the year-end target (年底完成风险)."""

    project: Slug
    title: Text
    lead_unit: Slug
    lead_unit_name: Text
    reason: Text


class SnapshotCase(_Frozen):
    """A case the published bulletin listed."""

    slug: Slug
    kind: Text
    kind_label: Text
    date: Day
    title: Text


class Chain(_Frozen):
    """Where a snapshot stands in the year's chain of published bulletins."""

    previous: MonthField | None = None
    """The month of the bulletin published before this one; absent for the year's first bulletin."""
    previous_checksum: str | None = None
    """That bulletin's checksum, as it was when this one was published."""
    replaces: str | None = None
    """The checksum of the snapshot this one replaced (``duban publish --force``): a republished
    month says so in the record itself."""


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
    deadline: Day | None = None
    """The month's reporting deadline the bulletin judged reports against."""
    concealments: list[SnapshotConcealment] | None = None
    """Suspected concealments named in this bulletin (None in snapshots older than this field)."""
    risks: list[SnapshotRisk] | None = None
    """Year-end risks listed in this bulletin (from September on)."""
    chain: Chain | None = None
    """The link to the previous bulletin; absent on snapshots written before the chain existed
    (they stay readable: the checksum of a snapshot without it is unchanged)."""
    checksum: str = ""
    """SHA-256 of :meth:`canonical`: a hand-edited snapshot is refused. It is the bulletin's
    fingerprint, printed on its page."""

    def canonical(self) -> str:
        """Everything but the checksum as canonical JSON: the site publishes exactly this text
        (``bulletins/<yyyy-mm>/<yyyy-mm>.json``), so ``sha256sum`` of that file is the checksum."""
        body = self.model_dump(mode="json", exclude={"checksum"}, exclude_none=True)
        return json.dumps(body, ensure_ascii=False, sort_keys=True)

    def digest(self) -> str:
        """The checksum this snapshot's content should carry."""
        return hashlib.sha256(self.canonical().encode("utf-8")).hexdigest()

    def sealed(self) -> Snapshot:
        """This snapshot with its checksum set."""
        return self.model_copy(update={"checksum": self.digest()})


def snapshot_path(data_dir: Path, month: Month) -> Path:
    """Where the snapshot of ``month`` lives."""
    return data_dir / "bulletins" / f"{month}.yaml"
