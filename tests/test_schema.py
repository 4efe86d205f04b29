"""The data files' JSON Schemas: generated from the loader's models, accept every sample file,
reject a wrong field, are the files the sample names in its first line, and are published."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, ROOT
from jsonschema import Draft202012Validator

from generator import Dataset
from generator.data.loader import _case_front_matter
from generator.data.schema import KINDS, schemas
from generator.data.yamlio import load_yaml, parse_yaml

LISTS = {"units": "units.yaml", "items": "items.yaml", "leaders": "leaders.yaml", "districts": "districts.yaml",
         "meetings": "meetings.yaml"}


def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((DATA / "schema" / f"{kind}.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_committed_schemas_are_generated_from_the_models(sample_data: Dataset) -> None:
    # `duban schema` writes them; a change to the models or the shared lists must be followed by it
    written = {p.name: p.read_text(encoding="utf-8") for p in (DATA / "schema").glob("*.json")}
    assert written == schemas(sample_data.registry.names)
    assert sorted(written) == sorted(f"{k}.json" for k in KINDS)


@pytest.mark.parametrize("path", sorted((DATA / "projects").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_project_file_is_valid_and_names_its_schema(path: Path) -> None:
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schema/project.json\n")
    assert list(validator("project").iter_errors(load_yaml(path))) == []


@pytest.mark.parametrize("kind", sorted(LISTS))
def test_every_list_file_is_valid(kind: str) -> None:
    path = DATA / LISTS[kind]
    assert path.read_text(encoding="utf-8").startswith(f"# yaml-language-server: $schema=schema/{kind}.json\n")
    assert list(validator(kind).iter_errors(load_yaml(path))) == []


def test_case_front_matter_is_valid() -> None:
    pages = sorted((ROOT / "content" / "cases").glob("*/*.md"))
    pages = [p for p in pages if p.name != "index.md"]
    assert pages
    for page in pages:
        raw = _case_front_matter(page.name, page.read_text(encoding="utf-8"))
        assert list(validator("case").iter_errors(raw)) == [], page


def test_wrong_field_is_rejected() -> None:
    raw = load_yaml(DATA / "projects" / "gas-safety.yaml")
    raw["reports"][0]["cumulatve"] = 1
    raw["reports"][1]["milestone"] = "达标"
    messages = sorted(e.message for e in validator("project").iter_errors(raw))
    assert len(messages) == 2
    assert "Additional properties are not allowed ('cumulatve' was unexpected)" in messages
    assert any(m.startswith("'达标' is not one of ['met', '完成', 'exceeded', '超额', 'missed', '未完成']") for m in messages)


def test_schema_knows_names_chinese_keys_and_hides_loader_fields() -> None:
    schema = json.loads((DATA / "schema" / "project.json").read_text(encoding="utf-8"))
    props = schema["properties"]
    assert "id" not in props and "source" not in props
    assert props["lead_unit"]["title"] == "牵头单位"
    assert "市住建局" in props["lead_unit"]["anyOf"][0]["enum"] and "housing-bureau" in props["lead_unit"]["anyOf"][0]["enum"]
    report = props["reports"]["items"]["properties"]
    assert report["未完成原因"]["description"] == "同 explanation（可用中文字段名）"
    ok = parse_yaml("month: 2022-10\n报送日期: 2022-10-31\n本月进展: 完成。\n累计完成: 12\n".encode(), "x")
    assert list(Draft202012Validator(props["reports"]["items"]).iter_errors(ok)) == []


def test_schemas_are_published(sample_site: Path) -> None:
    published = json.loads((sample_site / "data" / "schema" / "project.json").read_text(encoding="utf-8"))
    assert published == json.loads((DATA / "schema" / "project.json").read_text(encoding="utf-8"))


def test_editors_guide_is_published(sample_site: Path) -> None:
    guide = (sample_site / "guide" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in guide and "填报指南" in guide
    assert 'src="images/editors-guide/sheet.png"' in guide and 'src="images/editors-guide/column.png"' in guide
    assert (sample_site / "guide" / "images" / "editors-guide" / "sheet.png").read_bytes() == \
        (ROOT / "docs" / "images" / "editors-guide" / "sheet.png").read_bytes()
