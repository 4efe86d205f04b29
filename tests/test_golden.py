"""Golden files: what the site publishes changes only on purpose (``make golden`` rewrites them)."""

from __future__ import annotations

from pathlib import Path

from golden import GOLDEN, compare, mini_specs, site_files


def test_mini_page_specs_match_the_golden_files() -> None:
    assert compare(GOLDEN / "mini", mini_specs()) == []


def test_sample_site_matches_the_golden_files(sample_site: Path) -> None:
    assert compare(GOLDEN / "sample", site_files(sample_site)) == []
