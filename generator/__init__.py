"""Duban: a static-site generator for public listed supervision of livelihood projects.

The core pipeline (load → validate → model → derive → page specs) is plain Python; only
``generator.plugin`` and ``generator.cli`` import MkDocs.
"""

from __future__ import annotations

from .errors import DataError, DataErrors
from .fields import Month
from .loader import Dataset, load_dataset
from .pages import PageSpec, render_pages
from .pipeline import build_pages
from .settings import Settings
from .site import SiteModel, build_model
from .status import RULES, Light, MonthStatus, ProjectStatus, Status, derive_status

__all__ = [
    "RULES", "DataError", "DataErrors", "Dataset", "Light", "Month", "MonthStatus", "PageSpec",
    "ProjectStatus", "Settings", "SiteModel", "Status", "build_model", "build_pages",
    "derive_status", "load_dataset", "render_pages",
]
