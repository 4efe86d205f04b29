"""View objects of the inspection page and the responsible leaders' pages (every decision made)."""

from __future__ import annotations

from dataclasses import dataclass

from ..data.loader import Dataset
from ..engine.model import SiteModel
from ..engine.oversight import InspectionEntry, LeaderRecord, leader_records
from ..settings import Settings
from .paging import Pager

__all__ = ["InspectionsView", "LeaderView", "LeadersView", "inspections_view", "leader_views", "leaders_view"]


@dataclass(frozen=True)
class InspectionsView:
    """Every inspection (督查检查), newest first, with its warnings and findings (``entries``: one
    page's share of a long list; the counts are of all of them)."""

    entries: list[InspectionEntry]
    active: int
    """Warnings not yet lifted."""
    unannounced: int
    """Unannounced visits (四不两直)."""
    d: Dataset
    settings: Settings
    total: int = 0
    """Inspections on all pages."""
    pager: Pager | None = None


def inspections_view(model: SiteModel, every: list[InspectionEntry], entries: list[InspectionEntry] | None = None,
                     pager: Pager | None = None) -> InspectionsView:
    """The inspection page's view (``entries``: one page's share of ``every``)."""
    return InspectionsView(every if entries is None else entries, sum(1 for e in every if e.warning_active),
                           sum(1 for e in every if e.inspection.unannounced), model.data, model.data.settings,
                           len(every), pager)


@dataclass(frozen=True)
class LeadersView:
    """The responsible leaders (责任领导) and their dispatch meetings (``records``: one page's share)."""

    records: list[LeaderRecord]
    lapsed: int
    """Leaders with no dispatch meeting in the last ``meeting_months`` months."""
    settings: Settings
    pager: Pager | None = None


def leaders_view(model: SiteModel, every: list[LeaderRecord], records: list[LeaderRecord] | None = None,
                 pager: Pager | None = None) -> LeadersView:
    """The leader index's view (``records``: one page's share of ``every``)."""
    return LeadersView(every if records is None else records, sum(1 for r in every if r.lapsed), model.data.settings,
                       pager)


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
