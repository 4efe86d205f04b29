"""The whole core pipeline in one call: load → validate → model → derive → page specs."""

from __future__ import annotations

from .loader import load_dataset
from .pages import PageSpec, render_pages
from .settings import Settings
from .site import build_model

__all__ = ["build_pages"]


def build_pages(settings: Settings) -> list[PageSpec]:
    """Every generated page for the data under ``settings.data_dir``; raises DataErrors."""
    return render_pages(build_model(load_dataset(settings)))
