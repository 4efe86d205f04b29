"""Load phase: read every data file strictly, validate it into models, check the rules.

All problems of all files are gathered and raised once as :class:`DataErrors`.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import DataError, DataErrors
from .fields import RESERVED, SLUG_MAX, SLUG_RE
from .models import District, Item, Leader, Meeting, Project, Unit
from .rules import Registry, check_meeting, check_project
from .settings import Settings
from .yamlio import YMap, line_of, load_yaml

__all__ = ["Dataset", "display_path", "load_dataset", "validate"]

M = TypeVar("M", bound=BaseModel)

_REGISTRY_FILES: dict[str, tuple[str, type[BaseModel], str]] = {
    "items": ("items.yaml", Item, "no"),
    "units": ("units.yaml", Unit, "id"),
    "leaders": ("leaders.yaml", Leader, "id"),
    "districts": ("districts.yaml", District, "id"),
}

_GENERIC: dict[str, tuple[str, str]] = {
    "missing": ("缺少必填字段", "required field missing"),
    "string_type": ("应为文本；如需原样保留数字、日期或 true/false，请加引号",
                    "expected text; quote numbers, dates and true/false to keep them as text"),
    "int_type": ("应为整数（不加引号）", "expected a whole number (unquoted)"),
    "bool_type": ("应为 true 或 false", "expected true or false"),
    "list_type": ("应为列表（每行以“- ”开头，或写作 [a, b]）", "expected a list"),
    "model_type": ("应为“字段: 值”的映射", "expected a mapping of fields"),
    "dict_type": ("应为“字段: 值”的映射", "expected a mapping of fields"),
    "model_attributes_type": ("应为“字段: 值”的映射", "expected a mapping of fields"),
    "too_short": ("至少需要填写 {min_length} 条", "needs at least {min_length} entries"),
    "greater_than_equal": ("不能小于 {ge}", "must be ≥ {ge}"),
    "less_than_equal": ("不能大于 {le}", "must be ≤ {le}"),
}


@dataclass(frozen=True)
class Dataset:
    """Everything loaded and validated: the shared lists and the projects in list order."""

    settings: Settings
    items: dict[int, Item]
    units: dict[str, Unit]
    leaders: dict[str, Leader]
    districts: dict[str, District]
    projects: list[Project]
    meetings: list[Meeting] = field(default_factory=list)
    """Dispatch meetings (``meetings.yaml``, optional), by date."""

    @property
    def registry(self) -> Registry:
        """The shared lists, as the rules see them."""
        return Registry(self.items, self.units, self.leaders, self.districts)


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that owns the field at ``loc`` (to list its allowed fields)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields: dict[str, Any] = getattr(current, "model_fields", {})
        field = fields.get(part)
        if field is None:
            field = next((f for f in fields.values() if f.alias == part), None)
        if field is None:
            return None
        current = _inner_model(field.annotation)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    hidden = ("id", "source") if model is Project else ()
    return [f.alias or name for name, f in model.model_fields.items() if name not in hidden]


def _messages(err: Any, model: type[BaseModel]) -> tuple[str, str]:
    ctx = err.get("ctx") or {}
    if err["type"] == "duban":
        return ctx["zh"], ctx["en"]
    if err["type"] == "extra_forbidden":
        owner = _model_at(model, tuple(err["loc"][:-1]))
        allowed = _field_names(owner) if owner else []
        name = str(err["loc"][-1])
        guess = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint_zh = f"；是否应为 {guess[0]}？" if guess else ""
        hint_en = f"; did you mean {guess[0]}?" if guess else ""
        return (f"未知字段 {name!r}{hint_zh}允许的字段：{'、'.join(allowed)}",
                f"unknown field {name!r}{hint_en} allowed: {', '.join(allowed)}")
    if err["type"] in _GENERIC:
        zh, en = _GENERIC[err["type"]]
        return zh.format(**ctx), en.format(**ctx)
    return err["msg"], err["msg"]


def validate(model: type[M], raw: Any, name: str, root: YMap,
              prefix: tuple[str | int, ...] = ()) -> tuple[M | None, list[DataError]]:
    """Validate ``raw`` (found at ``prefix`` inside ``root``) into ``model``."""
    try:
        return model.model_validate(raw), []
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            path = prefix + tuple(err["loc"])
            zh, en = _messages(err, model)
            errors.append(DataError(name, line_of(root, path), path, zh, en))
        return None, errors


def display_path(path: Path) -> str:
    """How errors name a file: relative to the working directory where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def _load_registry(data_dir: Path, errors: list[DataError]) -> dict[str, dict[Any, Any] | None]:
    """The shared lists; a list whose file could not be read is None (so references to it
    are not reported a second time as unknown)."""
    tables: dict[str, dict[Any, Any] | None] = {}
    for key, (filename, model, id_field) in _REGISTRY_FILES.items():
        path = data_dir / filename
        name = display_path(path)
        tables[key] = None
        if not path.is_file():
            errors.append(DataError(name, None, (), "缺少文件", "file missing"))
            continue
        found = _read_list(path, key, errors)
        if found is None:
            continue
        raw, rows = found
        table: dict[Any, Any] = {}
        tables[key] = table
        for i, row in enumerate(rows):
            obj, errs = validate(model, row, name, raw, (key, i))
            errors += errs
            if obj is None:
                tables[key] = None  # references to this list cannot be judged: no cascade of errors
                continue
            ident = getattr(obj, id_field)
            if ident in table:
                errors.append(DataError(name, line_of(raw, (key, i, id_field)), (key, i, id_field),
                                        f"编号 {ident} 重复", f"duplicate id {ident}"))
            table[ident] = obj
    return tables


def _read_list(path: Path, key: str, errors: list[DataError]) -> tuple[YMap, list[Any]] | None:
    """A file holding one field ``key`` with a list (the shared lists, meetings)."""
    name = display_path(path)
    try:
        raw = load_yaml(path, name)
    except DataErrors as exc:
        errors += exc.errors
        return None
    rows = raw.get(key)
    if set(raw) != {key} or not isinstance(rows, list):
        errors.append(DataError(name, raw.line, (key,), f"文件应只有一个字段 {key}，其值为列表",
                                f"the file must hold one field {key!r} with a list"))
        return None
    return raw, rows


def _check_filename(path: Path, name: str) -> DataError | None:
    stem = path.name[:-5] if path.name.endswith(".yaml") else path.name
    if not path.name.endswith(".yaml"):
        return DataError(name, None, (), "项目文件名应以 .yaml 结尾", "project files must end in .yaml")
    if stem.lower() in RESERVED:
        return DataError(name, None, (), f"文件名 {stem} 是 Windows 的保留设备名，请换一个",
                         f"{stem} is a reserved device name on Windows; rename the file")
    if not SLUG_RE.fullmatch(stem) or len(stem) > SLUG_MAX:
        return DataError(name, None, (),
                         f"文件名即项目编号，只能用小写英文字母、数字和连字符，最长 {SLUG_MAX} 个字符",
                         f"the file name is the project id: lowercase a-z, 0-9 and '-', at most {SLUG_MAX} characters")
    return None


def _load_project(path: Path, errors: list[DataError]) -> tuple[Project, YMap] | None:
    name = display_path(path)
    bad_name = _check_filename(path, name)
    if bad_name:
        errors.append(bad_name)
        return None
    try:
        raw = load_yaml(path, name)
    except DataErrors as exc:
        errors += exc.errors
        return None
    for reserved in ("id", "source"):
        if reserved in raw:
            errors.append(DataError(name, raw.lines[reserved], (reserved,),
                                    f"不要填写 {reserved}：项目编号由文件名决定",
                                    f"do not write {reserved}: the file name is the project id"))
    project, errs = validate(Project, raw, name, raw)
    errors += errs
    if project is None:
        return None
    return project.model_copy(update={"id": path.name[:-5], "source": name}), raw


def load_dataset(settings: Settings) -> Dataset:
    """Load, validate and cross-check everything under ``settings.data_dir``."""
    data_dir = settings.data_dir
    errors: list[DataError] = []
    tables = _load_registry(data_dir, errors)
    projects_dir = data_dir / "projects"
    # Hidden .yaml files are reported (a project must not hide); other dotfiles (.gitkeep) are not data.
    paths = sorted(p for p in projects_dir.iterdir()
                   if not p.name.startswith(".") or p.name.endswith(".yaml")) if projects_dir.is_dir() else []
    if not paths:
        errors.append(DataError(display_path(projects_dir), None, (), "没有项目文件", "no project files"))
    loaded = [r for r in (_load_project(p, errors) for p in paths) if r is not None]
    registry = Registry(tables["items"], tables["units"], tables["leaders"], tables["districts"])
    by_order: dict[int, str] = {}
    for project, raw in loaded:
        for issue in check_project(project, settings, registry):
            errors.append(DataError(project.source, line_of(raw, issue.path), issue.path, issue.zh, issue.en))
        if project.order in by_order:
            errors.append(DataError(project.source, raw.lines["order"], ("order",),
                                    f"项目序号 {project.order} 与 {by_order[project.order]} 重复",
                                    f"order {project.order} is also used by {by_order[project.order]}"))
        by_order.setdefault(project.order, project.source)
    meetings = _load_meetings(data_dir, {p.id: p for p, _ in loaded}, registry, errors)
    if errors:
        raise DataErrors(errors)
    return Dataset(settings, items=tables["items"] or {}, units=tables["units"] or {},
                   leaders=tables["leaders"] or {}, districts=tables["districts"] or {},
                   projects=sorted((p for p, _ in loaded), key=lambda p: p.order), meetings=meetings)


def _load_meetings(data_dir: Path, projects: dict[str, Project], registry: Registry,
                   errors: list[DataError]) -> list[Meeting]:
    path = data_dir / "meetings.yaml"
    found = _read_list(path, "meetings", errors) if path.is_file() else None
    if found is None:
        return []
    raw, rows = found
    name = display_path(path)
    meetings = []
    for i, row in enumerate(rows):
        meeting, errs = validate(Meeting, row, name, raw, ("meetings", i))
        errors += errs
        if meeting is None:
            continue
        for issue in check_meeting(meeting, projects, registry):
            path_ = ("meetings", i, *issue.path)
            errors.append(DataError(name, line_of(raw, path_), path_, issue.zh, issue.en))
        meetings.append(meeting)
    return sorted(meetings, key=lambda m: m.date)
