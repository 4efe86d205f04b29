"""Published snapshots parsed by a second process while the project files load
(``generator/data/prefetch.py``): the same dataset and the same errors, whoever parsed them."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from generator import Settings
from generator.adapters.bench import copy_project
from generator.data import loader, prefetch
from generator.data.loader import load_dataset
from generator.data.yamlio import YMap
from generator.errors import DataErrors

SNAPSHOTS = ["2022-02.yaml", "2022-03.yaml", "2022-04.yaml", "2022-05.yaml", "2022-06.yaml", "2022-07.yaml",
             "2022-08.yaml"]  # the sample's data/bulletins/

# What the spy below does; set before the worker forks, so the worker sees the same.
_LOG: Path = Path()
_DIE_IN_WORKER = False
_PARENT = 0
_PARSE = loader._parse_snapshot


def _spy(path: Path, name: str) -> YMap:
    """The loader's snapshot parser, noting which process ran it."""
    with _LOG.open("a", encoding="utf-8") as log:
        log.write(f"{'parent' if os.getpid() == _PARENT else 'other'} {path.name}\n")
    if _DIE_IN_WORKER and os.getpid() != _PARENT:
        os._exit(3)  # as if killed: no answer, no exception
    return _PARSE(path, name)


@pytest.fixture
def spied(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The parse log; every size of snapshot is big enough to send to the worker."""
    monkeypatch.setattr(sys.modules[__name__], "_LOG", tmp_path / "parsed.log")
    monkeypatch.setattr(sys.modules[__name__], "_PARENT", os.getpid())
    monkeypatch.setattr(loader, "_parse_snapshot", _spy)
    monkeypatch.setattr(prefetch, "MIN_BYTES", 0)
    return tmp_path / "parsed.log"


def _parsed(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def _settings(root: Path) -> Settings:
    from mkdocs.config import load_config

    from generator.adapters.config import settings_from

    cfg = load_config(str(root / "mkdocs.yml"))
    return settings_from(cfg.plugins["duban"].config, cfg.config_file_path, cfg.docs_dir)


def test_the_second_process_parses_the_snapshots_and_the_dataset_is_the_same(spied: Path,
                                                                             sample_settings: Settings) -> None:
    assert sample_settings.processes == 2  # the sample's default
    alone = load_dataset(dataclasses.replace(sample_settings, processes=1))
    assert _parsed(spied) == [f"parent {name}" for name in SNAPSHOTS]
    spied.unlink()

    shared = load_dataset(sample_settings)
    assert _parsed(spied) == [f"other {name}" for name in SNAPSHOTS]
    assert shared.snapshots == alone.snapshots
    assert [str(m) for m in shared.snapshots] == [name[:-5] for name in SNAPSHOTS]
    assert shared.projects == alone.projects


def test_small_snapshots_are_parsed_here(spied: Path, sample_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefetch, "MIN_BYTES", 1024 * 1024)  # the default: the sample's seven are 148 KB
    load_dataset(sample_settings)
    assert _parsed(spied) == [f"parent {name}" for name in SNAPSHOTS]


def test_a_damaged_snapshot_is_reported_the_same_from_the_second_process(spied: Path, tmp_path: Path) -> None:
    root = tmp_path / "site"
    copy_project(ROOT / "mkdocs.yml", root)
    damaged = root / "data" / "bulletins" / "2022-05.yaml"
    text = damaged.read_text(encoding="utf-8")
    damaged.write_text(text.replace("\nmonth: 2022-05\n", "\nmonth: [2022-05\n", 1), encoding="utf-8")
    settings = _settings(root)

    reports = []
    for processes in (1, 2):
        with pytest.raises(DataErrors) as info:
            load_dataset(dataclasses.replace(settings, processes=processes))
        reports.append(info.value.errors)
    assert reports[0] == reports[1]
    assert [e.file for e in reports[1]] == ["data/bulletins/2022-05.yaml"]
    assert "通报快照已损坏" in reports[1][0].zh
    assert _parsed(spied)[len(SNAPSHOTS):] == [f"other {name}" for name in SNAPSHOTS]


def test_a_worker_that_dies_leaves_the_parsing_to_this_process(spied: Path, sample_settings: Settings,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    expected = load_dataset(dataclasses.replace(sample_settings, processes=1))
    spied.unlink()
    monkeypatch.setattr(sys.modules[__name__], "_DIE_IN_WORKER", True)

    data = load_dataset(sample_settings)
    assert data.snapshots == expected.snapshots
    parsed = _parsed(spied)
    assert parsed[0] == "other 2022-02.yaml"  # the worker's one line, then it was gone
    assert parsed[1:] == [f"parent {name}" for name in SNAPSHOTS]


def test_short_strings_from_the_worker_are_shared_as_a_parse_here_shares_them() -> None:
    path = ROOT / "data" / "bulletins" / "2022-05.yaml"
    worker = prefetch.Prefetch(loader._parse_snapshot, [(path, "data/bulletins/2022-05.yaml")])
    try:
        tree = worker.parse(path, "data/bulletins/2022-05.yaml")
    finally:
        worker.close()
    short: list[str] = []

    def gather(node: object) -> None:
        if isinstance(node, dict):
            short.extend(key for key in node if isinstance(key, str))
            short.extend(key for key in node.lines)  # type: ignore[attr-defined]
            for value in node.values():
                gather(value)
        elif isinstance(node, list):
            for value in node:
                gather(value)
        elif isinstance(node, str) and len(node) <= 40:
            short.append(node)

    gather(tree)
    assert "gas-safety" in short and "month" in short  # a project id and a key, among hundreds
    unshared = [s for s in short if sys.intern((s + ".")[:-1]) is not s]  # an equal new string finds it
    assert unshared == []
