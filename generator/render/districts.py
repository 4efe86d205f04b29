"""A page per district (区市县): every project and part that touches it, with status and unit.

A project touches a district when it lists the district (``districts``) or has a part that is the
district's share (``parts[].district``). Projects that list no district are citywide (全市): each
district page names them too, since they reach every resident.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.loader import Dataset
from ..data.models import District
from ..engine.model import SiteModel
from ..engine.status import PartStatus, ProjectStatus
from ..settings import Settings
from .paging import Pager

__all__ = ["CITYWIDE", "DistrictPart", "DistrictRow", "DistrictView", "DistrictsView", "district_ids", "district_views",
           "districts_view"]

CITYWIDE = "citywide"
"""The filter value of projects that list no district (全市)."""


def district_ids(s: ProjectStatus, d: Dataset) -> list[str]:
    """The districts a project touches, in the order of ``districts.yaml``."""
    touched = set(s.project.districts) | {ps.part.district for ps in s.parts if ps.part.district}
    order = d.district_order
    return sorted((x for x in touched if x in order), key=order.__getitem__)


@dataclass(frozen=True)
class DistrictPart:
    """A district's own share of a project (a part of it), with its status."""

    status: ProjectStatus
    part: PartStatus


@dataclass(frozen=True)
class DistrictView:
    """One district's page."""

    district: District
    d: Dataset
    settings: Settings
    projects: list[ProjectStatus]
    """Projects that touch the district, in list order."""
    parts: list[DistrictPart]
    """The district's own shares of projects."""
    citywide: list[ProjectStatus]
    """Projects for the whole city (no district listed), at most ``page_size`` of them: every
    district page would otherwise repeat the whole citywide list (797 KB a page at 5,000 projects)."""
    behind: int
    """Projects and parts lagging or not reported in the as-of month."""
    citywide_total: int = 0
    """Citywide projects in all, when ``citywide`` is cut; else 0."""


@dataclass(frozen=True)
class DistrictRow:
    """One district in the index."""

    district: District
    projects: int
    parts: int
    behind: int


@dataclass(frozen=True)
class DistrictsView:
    """The district index."""

    settings: Settings
    rows: list[DistrictRow]
    """The districts this page lists (``page_size`` a page)."""
    citywide: int
    pager: Pager | None = None


def district_views(model: SiteModel) -> list[DistrictView]:
    """Every district's page, in the order of ``districts.yaml``."""
    d = model.data
    touched: dict[str, list[ProjectStatus]] = {x: [] for x in d.districts}
    parts: dict[str, list[DistrictPart]] = {x: [] for x in d.districts}
    citywide = []
    for s in model.statuses:
        ids = district_ids(s, d)
        if not ids:
            citywide.append(s)
        for x in ids:
            touched[x].append(s)
        for ps in s.parts:
            if ps.part.district:
                parts[ps.part.district].append(DistrictPart(s, ps))
    out = []
    size = d.settings.page_size
    shown, total = citywide[:size], len(citywide) if len(citywide) > size else 0
    for x, district in d.districts.items():
        behind = sum(1 for s in touched[x] if s.current.status.behind) + sum(1 for p in parts[x] if p.part.current.status.behind)
        out.append(DistrictView(district, d, d.settings, touched[x], parts[x], shown, behind, total))
    return out


def district_rows(views: list[DistrictView]) -> list[DistrictRow]:
    """The district index's rows, in the order of ``districts.yaml``."""
    return [DistrictRow(v.district, len(v.projects), len(v.parts), v.behind) for v in views]


def districts_view(model: SiteModel, views: list[DistrictView], rows: list[DistrictRow] | None = None,
                   pager: Pager | None = None) -> DistrictsView:
    """The district index's view (``rows``: one page's share of a long list)."""
    citywide = (views[0].citywide_total or len(views[0].citywide)) if views else 0
    return DistrictsView(model.data.settings, district_rows(views) if rows is None else rows, citywide, pager)
