"""The whole core pipeline in one call: load → derive → render. Writes nothing.

Every phase is a plain function of the one before (mkdocs' ``commands/build.py``; Pelican's
``generate_context`` then ``generate_output``): :func:`load` gathers and checks every input
(raising one :class:`~generator.errors.DataErrors`), :func:`derive` computes statuses,
bulletins and reports, :func:`render` turns them into page specs and other files.
"""

from __future__ import annotations

from dataclasses import dataclass

from .data.loader import Dataset, load_dataset
from .engine.bulletins import Bulletin, build_bulletins
from .engine.model import SiteModel, build_model
from .engine.periods import SpecialReport, special_reports
from .render.pages import AssetSpec, CasePage, PageSpec, render_assets, render_case_pages, render_pages
from .settings import Settings

__all__ = ["Derived", "Output", "build", "derive", "load", "render"]


@dataclass(frozen=True)
class Derived:
    """What the derive phase computes: the model, the bulletins and the special reports."""

    model: SiteModel
    bulletins: list[Bulletin]
    specials: list[SpecialReport]


@dataclass(frozen=True)
class Output:
    """Everything a writer publishes."""

    pages: list[PageSpec]
    assets: list[AssetSpec]
    case_pages: dict[str, CasePage]
    """Editors' case pages (by path inside the content folder): escaped title and facts block."""
    not_pages: list[str]
    """Editors' files that are read by the core and must not become pages (bulletin prefaces)."""
    derived: Derived


def load(settings: Settings) -> Dataset:
    """The load phase: every input, validated and cross-checked; raises DataErrors."""
    return load_dataset(settings)


def derive(data: Dataset) -> Derived:
    """The derive phase: statuses, bulletins (published from snapshots, later months live), reports."""
    model = build_model(data)
    return Derived(model, build_bulletins(model), special_reports(model))


def render(derived: Derived) -> Output:
    """The render phase: page specs, Word and WeChat files, case heads."""
    model = derived.model
    assets = render_assets(model, derived.bulletins) if model.data.settings.documents else []
    return Output(render_pages(model, derived.bulletins, derived.specials), assets,
                  render_case_pages(model), sorted(p.page for p in model.data.prefaces.values()), derived)


def build(settings: Settings) -> Output:
    """Load, derive and render; raises DataErrors with every problem found."""
    return render(derive(load(settings)))
