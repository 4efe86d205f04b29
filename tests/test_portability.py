"""Not tied to one dying generator: with ``DUBAN_ENGINE=properdocs``, ``duban build`` runs on
ProperDocs (the maintained fork of MkDocs 1.x) with the same mkdocs.yml, plugin and theme,
and every file comes out the same."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.build

GENERATOR_TAG = b'<meta name="generator" content="'


def _normalised(blob: bytes) -> bytes:
    """The file without the generator's name and version, the one line that must differ."""
    start = blob.find(GENERATOR_TAG)
    if start < 0:
        return blob
    end = blob.index(b">", start)
    return blob[:start] + blob[end + 1:]


def test_properdocs_builds_the_same_site(sample_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "properdocs"
    result = subprocess.run([sys.executable, "-m", "generator", "build", "-d", str(site)], cwd=ROOT, capture_output=True,
                            text=True, timeout=300, env={**os.environ, "DUBAN_ENGINE": "properdocs"})
    assert result.returncode == 0, result.stderr
    ours = sorted(p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert theirs == ours
    different = [name for name in theirs
                 if _normalised((site / name).read_bytes()) != _normalised((sample_site / name).read_bytes())]
    assert different == []
    assert b"ProperDocs" in (site / "index.html").read_bytes()  # it really was the other generator
