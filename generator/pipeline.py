"""The whole core pipeline in one call: load → derive → render. Writes nothing.

Every phase is a plain function of the one before (mkdocs' ``commands/build.py``; Pelican's
``generate_context`` then ``generate_output``): :func:`load` gathers and checks every input
(raising one :class:`~generator.errors.DataErrors`), :func:`derive` computes statuses,
bulletins and reports, :func:`render` turns them into page specs and other files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .data.horizon import public_view
from .data.loader import Dataset, ReadCache, load_dataset
from .data.schema import SCHEMA_FOLDER
from .data.schema import schemas as data_schemas
from .dates import Month
from .engine.bulletins import Bulletin, build_bulletins
from .engine.corrections import unrecorded_changes
from .engine.model import SiteModel, build_model
from .engine.periods import SpecialReport, special_reports
from .errors import DataErrors
from .render.pages import AssetSpec, CasePage, PageSpec, preface_problems, render_assets, render_case_pages, render_pages
from .render.reuse import PageShare, render_reuse
from .settings import Settings

__all__ = ["Derived", "Output", "build", "derive", "load", "render"]


@dataclass(frozen=True)
class Derived:
    """What the derive phase computes: the model, the bulletins and the special reports."""

    model: SiteModel
    bulletins: list[Bulletin]
    specials: list[SpecialReport]
    held: list[str] = field(default_factory=list)
    """Editors' pages held back until a bulletin is published after their date (paths in the
    content folder): not pages of the public build."""


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
    sharing: dict[str, PageShare] = field(default_factory=dict)
    """What each page tells sharers and crawlers (last change, share image, feeds), by source path."""
    share_default: PageShare | None = None
    """The same for pages not listed (hand-written pages)."""


def load(settings: Settings, replacing: Month | None = None, cache: ReadCache | None = None) -> Dataset:
    """The load phase: every input, validated and cross-checked; raises DataErrors.

    ``replacing`` leaves out the snapshot of a month being republished (``publish --force``), so
    that a damaged one can be replaced; ``cache`` keeps file readings for the next load in this
    process (``duban serve``)."""
    return load_dataset(settings, replacing, cache)


def derive(data: Dataset) -> Derived:
    """The derive phase: statuses, bulletins (published from snapshots, later months live), reports.

    A public build derives from the public view of the data (nothing the office has not
    published); a preview from all of it. Published values changed without a correction record
    are errors (raised as DataErrors).
    """
    view = data if data.settings.preview else public_view(data)
    model = build_model(view)
    errors = unrecorded_changes(model)
    if errors:
        raise DataErrors(errors)
    shown = {c.source for c in view.cases}
    held = sorted(f"cases/{c.kind.value}/{c.slug}.md" for c in data.cases if c.source not in shown)
    return Derived(model, build_bulletins(model), special_reports(model), held)


def render(derived: Derived) -> Output:
    """The render phase: page specs, Word and WeChat files, case heads."""
    model = derived.model
    problems = preface_problems(model)
    if problems:
        raise DataErrors(problems)
    # The data files' JSON Schemas are published with the site (/data/schema/<kind>.json), so editors
    # and the open-data users can point at them.
    schemas = [AssetSpec(f"data/{SCHEMA_FOLDER}/{name}", text) for name, text in data_schemas(model.data.registry.names).items()]
    pages = render_pages(model, derived.bulletins, derived.specials)
    assets = (render_assets(model, derived.bulletins) if model.data.settings.documents else []) + schemas
    # Feeds, calendars, embeds, open data and share images: after the pages, from the same model.
    reuse = render_reuse(model, derived.bulletins, derived.specials, pages, assets)
    return Output([*pages, *reuse.pages], [*assets, *reuse.assets], render_case_pages(model),
                  sorted([*(p.page for p in model.data.prefaces.values()), *derived.held]), derived,
                  reuse.sharing, reuse.default)


def build(settings: Settings, cache: ReadCache | None = None) -> Output:
    """Load, derive and render; raises DataErrors with every problem found."""
    return render(derive(load(settings, cache=cache)))
