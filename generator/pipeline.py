"""The whole core pipeline in one call: load → validate → model → derive → page specs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .bulletins import build_bulletins, check_not_scaled_down, load_snapshots
from .cases import load_cases
from .errors import DataError, DataErrors
from .fields import Month
from .loader import Dataset, load_dataset
from .models import Case
from .pages import AssetSpec, PageSpec, render_assets, render_case_head, render_pages
from .reports import load_special_reports, special_reports
from .settings import Settings
from .site import SiteModel, build_model

__all__ = ["Output", "build_output", "build_pages"]


@dataclass(frozen=True)
class Output:
    """Everything a writer publishes: pages and other files."""

    pages: list[PageSpec]
    assets: list[AssetSpec]
    model: SiteModel | None = None
    """The derived model (for commands such as ``duban publish``)."""
    case_heads: dict[str, tuple[Case, str]] = field(default_factory=dict)
    """For each editor's case page (by source path in content/): its validated front matter
    and the escaped facts block to place above the article."""


def build_output(settings: Settings, prefaces: dict[Month, str] | None = None,
                 case_files: Iterable[tuple[str, str, str]] = ()) -> Output:
    """Load and check everything (all errors at once), then derive and render.

    ``prefaces`` are the editors' Markdown prefaces to bulletins, by month; ``case_files``
    are ``(src_uri, shown path, text)`` of the case pages in ``content/cases/``.
    """
    errors: list[DataError] = []
    data: Dataset | None = None
    snapshots = {}
    try:
        data = load_dataset(settings)
    except DataErrors as exc:
        errors += exc.errors
    try:
        snapshots = load_snapshots(settings.data_dir, settings.year)
    except DataErrors as exc:
        errors += exc.errors
    filed, cases = {}, []
    if data is not None:
        errors += check_not_scaled_down(data, snapshots)
        try:
            filed = load_special_reports(data)
        except DataErrors as exc:
            errors += exc.errors
        try:
            cases = load_cases(case_files, data)
        except DataErrors as exc:
            errors += exc.errors
    if errors or data is None:
        raise DataErrors(errors)
    model = build_model(data, cases)
    bulletins = build_bulletins(model, snapshots, settings.drafts)
    pages = render_pages(model, bulletins, special_reports(model, filed), prefaces)
    heads = {f"cases/{c.kind.value}/{c.slug}.md": (c, render_case_head(model, c)) for c in cases}
    return Output(pages, render_assets(model, bulletins, prefaces), model, heads)


def build_pages(settings: Settings) -> list[PageSpec]:
    """Every generated page for the data under ``settings.data_dir``; raises DataErrors."""
    return build_output(settings).pages
