"""Duban: a static-site generator for public listed supervision of livelihood projects.

The pipeline shows in the layout, and imports only go down it::

    data/      strict YAML, field types, models, rules, the one loader   → Dataset
    engine/    plan in force, statuses, accountability, bulletins, periods → SiteModel
    render/    view objects, templates, charts, sanitizing, Word          → PageSpec
    adapters/  the MkDocs plugin, the ``duban`` command, writing to disk

``pipeline.build(settings)`` runs load → derive → render and writes nothing. Only
``generator.adapters`` imports MkDocs.
"""

from __future__ import annotations

from .data.loader import Dataset, load_dataset
from .dates import Month
from .engine.model import SiteModel, build_model
from .engine.status import RULES, Light, MonthStatus, ProjectStatus, Status, derive_status
from .errors import DataError, DataErrors
from .pipeline import Output, build
from .render.pages import PageSpec
from .settings import Settings

__all__ = [
    "RULES", "DataError", "DataErrors", "Dataset", "Light", "Month", "MonthStatus", "Output", "PageSpec",
    "ProjectStatus", "Settings", "SiteModel", "Status", "build", "build_model", "derive_status", "load_dataset",
]
