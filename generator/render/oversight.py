"""View objects of the inspection page and the responsible leaders' pages (every decision made)."""

from __future__ import annotations

from dataclasses import dataclass

from ..data.loader import Dataset
from ..engine.model import SiteModel
from ..engine.oversight import InspectionEntry, LeaderRecord, inspection_entries, leader_records
from ..settings import Settings

__all__ = ["InspectionsView", "LeaderView", "LeadersView", "inspections_view", "leader_views", "leaders_view"]


@dataclass(frozen=True)
class InspectionsView:
    """Every inspection (督查检查), newest first, with its warnings and findings."""

    entries: list[InspectionEntry]
    active: int
    """Warnings not yet lifted."""
    unannounced: int
    """Unannounced visits (四不两直)."""
    d: Dataset
    settings: Settings


def inspections_view(model: SiteModel) -> InspectionsView:
    """The inspection page's view."""
    entries = inspection_entries(model)
    return InspectionsView(entries, sum(1 for e in entries if e.warning_active),
                           sum(1 for e in entries if e.inspection.unannounced), model.data, model.data.settings)


@dataclass(frozen=True)
class LeadersView:
    """The responsible leaders (责任领导) and their dispatch meetings."""

    records: list[LeaderRecord]
    lapsed: int
    """Leaders with no dispatch meeting in the last ``meeting_months`` months."""
    settings: Settings


def leaders_view(model: SiteModel) -> LeadersView:
    """The leader index's view."""
    records = leader_records(model)
    return LeadersView(records, sum(1 for r in records if r.lapsed), model.data.settings)


@dataclass(frozen=True)
class LeaderView:
    """One responsible leader's page: projects with statuses, dispatch meetings by date."""

    r: LeaderRecord
    d: Dataset
    settings: Settings
    d_titles: dict[str, str]
    """Project titles by id (meetings name the projects they discussed)."""


def leader_views(model: SiteModel) -> list[LeaderView]:
    """One view per leader responsible for a project."""
    titles = {p.id: p.title for p in model.data.projects}
    return [LeaderView(r, model.data, model.data.settings, titles) for r in leader_records(model)]
