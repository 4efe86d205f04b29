"""JSON Schemas for the data files, generated from the models the loader validates with.

Each kind of data file gets one schema (``project``, ``units`` …): the fields of its model with
their Chinese names as titles (``labels.py``), a Chinese description of what may be written,
enums with both the codes and the Chinese labels the loader accepts, the shared lists' ids,
names and aliases for references, the Chinese key spellings, and none of the fields the loader
sets itself. Editors that speak the YAML language server (VS Code's YAML extension, for one)
offer completion and flag mistakes while typing: each data file names its schema in a first-line
comment ``# yaml-language-server: $schema=…``. The site publishes them at ``/data/schema/``.
"""

from __future__ import annotations

import json
import types
from typing import Any, Union, get_args, get_origin

from annotated_types import Ge, Le
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import fields as f
from .labels import HIDDEN, field_name, model_name
from .models import Case, District, Item, Leader, Meeting, Project, SpecialReportData, Unit
from .names import KINDS as REF_KINDS
from .names import Names

__all__ = ["KINDS", "SCHEMA_FOLDER", "schema", "schema_text", "schemas"]

SCHEMA_FOLDER = "schema"
"""Inside the data folder (and the site's ``data/``): ``schema/<kind>.json``."""

KINDS: dict[str, tuple[type[BaseModel], str | None, str]] = {
    "project": (Project, None, "项目文件 data/projects/<编号>.yaml"),
    "units": (Unit, "units", "责任单位名单 data/units.yaml"),
    "items": (Item, "items", "项目清单的各项 data/items.yaml"),
    "leaders": (Leader, "leaders", "责任领导名单 data/leaders.yaml"),
    "districts": (District, "districts", "区市县名单 data/districts.yaml"),
    "meetings": (Meeting, "meetings", "调度会 data/meetings.yaml"),
    "special-report": (SpecialReportData, None, "专项报告 data/special-reports/<单位编号>.yaml"),
    "case": (Case, None, "案例页面的信息块 content/cases/<类别>/<编号>.md"),
}
"""Each kind of data file: its model, the list key of a list file, and what it is."""

_SLUG = {"type": "string", "pattern": f"^{f.SLUG_RE.pattern}$", "maxLength": f.SLUG_MAX,
         "description": "编号：小写英文字母、数字和连字符"}
_SIMPLE: dict[Any, dict[str, Any]] = {
    f._check_slug: _SLUG,
    f.Month.parse: {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$", "description": "月份，写作 YYYY-MM，如 2022-10"},
    f._parse_day: {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "日期，写作 YYYY-MM-DD，如 2022-10-31"},
    f._parse_quantity: {"type": "number", "minimum": 0,
                        "description": "数量：只写半角数字，不写单位、“万”或千位分隔符，不是百分比"},
    f._clean_text: {"type": "string", "minLength": 1, "maxLength": f.TEXT_MAX, "description": "文字"},
    f._clean_line: {"type": "string", "minLength": 1, "maxLength": f.LINE_MAX, "pattern": "^[^\\r\\n]*$",
                    "description": "一行文字（不换行）"},
}


def _validators(metadata: list[Any]) -> list[Any]:
    return [m.func for m in metadata if hasattr(m, "func")]


def _annotated(tp: Any) -> tuple[Any, list[Any]]:
    """The bare type and the metadata of an ``Annotated`` type (nested ones flattened)."""
    meta: list[Any] = []
    while hasattr(tp, "__metadata__"):
        meta = [*tp.__metadata__, *meta]
        tp = tp.__origin__
    return tp, meta


def _type(tp: Any, metadata: list[Any], names: Names | None) -> dict[str, Any]:
    tp, more = _annotated(tp)
    metadata = [*more, *metadata]
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        if all(o in (int, float) for o in options):
            return _by_validator(metadata, names) or {"type": "number"}
        return _type(options[0], metadata, names) if len(options) == 1 else {"anyOf": [_type(o, [], names) for o in options]}
    if origin is list:
        return {"type": "array", "items": _type(get_args(tp)[0], [], names)}
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return _object(tp, names)
    found = _by_validator(metadata, names)
    if found is not None:
        return found
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        out: dict[str, Any] = {"type": "integer"}
        for m in metadata:
            if isinstance(m, Ge):
                out["minimum"] = m.ge
            if isinstance(m, Le):
                out["maximum"] = m.le
        return out
    return {"type": "string"}


def _by_validator(metadata: list[Any], names: Names | None) -> dict[str, Any] | None:
    funcs = _validators(metadata)
    for func in funcs:
        owner = getattr(func, "__self__", None)
        if isinstance(owner, type) and issubclass(owner, f.LabeledEnum):
            return {"enum": [x for m in owner for x in (m.value, m.label)],
                    "description": "可写英文代码或中文：" + "、".join(f"{m.value}（{m.label}）" for m in owner)}
        kind = getattr(func, "kind", None)
        if kind in REF_KINDS:
            return _reference(kind, names)
        if func in _SIMPLE:
            out = dict(_SIMPLE[func])
            if f._check_url in funcs:
                out.update(pattern="^https?://[^\\s]+$", description="链接：以 http:// 或 https:// 开头")
            return out
    return None


def _reference(kind: str, names: Names | None) -> dict[str, Any]:
    zh, _, file = REF_KINDS[kind]
    description = f"{zh}：写 {file} 中的编号、全称或简称"
    spellings = sorted(names.spellings.get(kind, {}), key=str) if names else []
    if kind == "items":
        return {"anyOf": [{"type": "integer", "minimum": 1}, {"enum": spellings}] if spellings else
                [{"type": "integer", "minimum": 1}], "description": description}
    if not spellings:
        return {**_SLUG, "description": description}
    return {"anyOf": [{"enum": spellings}, _SLUG], "description": description}


def _field(model: type[BaseModel], name: str, info: FieldInfo, names: Names | None) -> dict[str, Any]:
    out = _type(info.annotation, list(info.metadata), names)
    title = field_name(model, name)
    if title:
        out = {"title": title, **out}
    return out


def _object(model: type[BaseModel], names: Names | None) -> dict[str, Any]:
    props: dict[str, Any] = {}
    required = []
    for name, info in model.model_fields.items():
        if name in HIDDEN.get(model.__name__, ()):
            continue
        key = info.alias or name
        props[key] = _field(model, name, info, names)
        if info.is_required():
            required.append(key)
    either: dict[str, str] = {}
    for zh, key in model_name(model).items():  # 未完成原因: … is explanation: …
        if zh not in props:
            props[zh] = {**props[key], "description": f"同 {key}（可用中文字段名）"}
            either[key] = zh
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if [k for k in required if k not in either]:
        out["required"] = [k for k in required if k not in either]
    alternatives = [{"anyOf": [{"required": [k]}, {"required": [either[k]]}]} for k in required if k in either]
    if alternatives:  # a required field may be written with its Chinese name
        out["allOf"] = alternatives
    return out


def schema(kind: str, names: Names | None = None) -> dict[str, Any]:
    """The JSON Schema of one kind of data file (``names``: the shared lists, for references)."""
    model, key, what = KINDS[kind]
    body = _object(model, names)
    if key is not None:
        body = {"type": "object", "properties": {key: {"type": "array", "items": body}}, "required": [key],
                "additionalProperties": False}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{kind}.json",
            "title": f"督办数据：{what}", **body}


def schema_text(kind: str, names: Names | None = None) -> str:
    """The schema as the file holds it: sorted nowhere (field order is the data's), 2-space indented."""
    return json.dumps(schema(kind, names), ensure_ascii=False, indent=2) + "\n"


def schemas(names: Names | None = None) -> dict[str, str]:
    """Every kind's schema text, by file name (``project.json`` …)."""
    return {f"{kind}.json": schema_text(kind, names) for kind in KINDS}
