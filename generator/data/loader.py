"""The load phase: read every input strictly, validate it into models, check the rules.

One reader per kind of input (YAML files in a folder, list files, Markdown pages with front
matter), one loop (:func:`read_folder`). :func:`load_dataset` returns everything the later
phases need — shared lists, projects, meetings, published snapshots, special reports,
editors' cases and bulletin prefaces — or raises one :class:`DataErrors` with every problem.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from ..dates import Month
from ..errors import DataError, DataErrors
from ..settings import Settings
from .chain import check_chain
from .editors import CASE_KINDS, PREFACES, PageMeta, Preface, body_problems, front_matter, preface_problems, read_content
from .fields import RESERVED, SLUG_MAX, SLUG_RE
from .labels import english_keys, field_name, inner_model, model_name
from .models import Case, District, Item, Leader, Meeting, Project, SpecialReportData, Unit
from .names import Names, check_names
from .prefetch import Prefetch
from .rules import Registry, check_case, check_fields, check_meeting, check_project, check_publication_date
from .snapshots import Snapshot, snapshot_path
from .yamlio import SNAPSHOT_MAX_BYTES, YMap, line_of, load_yaml, read_bytes

__all__ = ["Dataset", "Loaded", "Preface", "ReadCache", "display_path", "iter_folder", "load_dataset", "read_folder", "validate"]

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
    """Everything loaded and validated, ready for the derive phase."""

    settings: Settings
    items: dict[int, Item]
    units: dict[str, Unit]
    leaders: dict[str, Leader]
    districts: dict[str, District]
    projects: list[Project]
    """In list order."""
    meetings: list[Meeting] = field(default_factory=list)
    """Dispatch meetings (``meetings.yaml``, optional), by date."""
    snapshots: dict[Month, Snapshot] = field(default_factory=dict)
    """Published bulletins (``bulletins/<yyyy-mm>.yaml``), by month."""
    special_reports: dict[str, SpecialReportData] = field(default_factory=dict)
    """Year-end special reports filed so far (``special-reports/<unit>.yaml``), by unit."""
    cases: list[Case] = field(default_factory=list)
    """Editors' praise and exposed cases (``content/cases/<kind>/<slug>.md``), by date."""
    prefaces: dict[Month, Preface] = field(default_factory=dict)
    """Editors' bulletin prefaces, by month."""
    pages: dict[str, PageMeta] = field(default_factory=dict)
    """Ordinary hand-written pages (by path inside the content folder) and their validated front matter."""
    statics: list[str] = field(default_factory=list)
    """Editors' static files on the allow-list (images, PDF, office documents), by path inside the content folder."""

    def raw(self, project: Project) -> YMap | None:
        """The project's file parsed again, so that a later check can name the line. Files are not
        kept once validated (10,000 parsed files would cost more memory than the whole build); a
        check that reports something is rare, and re-reading one file costs a millisecond."""
        try:
            return load_yaml(self.settings.project_root / project.source, project.source)
        except (DataErrors, OSError):
            return None

    @functools.cached_property
    def district_order(self) -> dict[str, int]:
        """Each district's place in ``districts.yaml``."""
        return {x: i for i, x in enumerate(self.districts)}

    @functools.cached_property
    def registry(self) -> Registry:
        """The shared lists, as the rules see them (and their spellings, made once)."""
        return Registry(self.items, self.units, self.leaders, self.districts)


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """One file read by :func:`read_folder`."""

    path: Path
    name: str
    """How messages name the file (relative to the project root)."""
    raw: YMap
    """The parsed file, which remembers lines (for rules checked later)."""
    value: M | None
    """The validated model; None when the file failed validation (its errors are reported)."""


# ---------------------------------------------------------------- validation messages


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that owns the field at ``loc`` (to list its allowed fields)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields: dict[str, Any] = getattr(current, "model_fields", {})
        found = fields.get(part)
        if found is None:
            found = next((f for f in fields.values() if f.alias == part), None)
        if found is None:
            return None
        current = inner_model(found.annotation)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_names(model: type[BaseModel]) -> list[str]:
    hidden = ("id", "source") if model is Project else ()
    return [f.alias or name for name, f in model.model_fields.items() if name not in hidden]


Messages = Callable[[Any, type[BaseModel]], tuple[str, str]]
"""Turns one pydantic error into (zh, en)."""


def _messages(err: Any, model: type[BaseModel]) -> tuple[str, str]:
    ctx = err.get("ctx") or {}
    if err["type"] == "duban":
        return ctx["zh"], ctx["en"]
    if err["type"] == "extra_forbidden":
        owner = _model_at(model, tuple(err["loc"][:-1]))
        allowed = _field_names(owner) if owner else []
        name = str(err["loc"][-1])
        chinese = model_name(owner) if owner else {}
        guess = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6) or \
            [chinese[g] for g in difflib.get_close_matches(name, list(chinese), n=1, cutoff=0.3)]
        zh_of = {v: k for k, v in chinese.items()}
        hint_zh = f"；是否应为 {guess[0]}" + (f"（{zh_of[guess[0]]}）" if guess[0] in zh_of else "") + "？" if guess else ""
        hint_en = f"; did you mean {guess[0]}?" if guess else ""
        return (f"未知字段 {name!r}{hint_zh}允许的字段：{'、'.join(allowed)}",
                f"unknown field {name!r}{hint_en} allowed: {', '.join(allowed)}")
    if err["type"] in _GENERIC:
        zh, en = _GENERIC[err["type"]]
        return zh.format(**ctx), en.format(**ctx)
    return err["msg"], err["msg"]


def _damaged_snapshot(err: Any, model: type[BaseModel]) -> tuple[str, str]:
    return ("通报快照已损坏或被手工修改，请从版本库恢复，或用 duban publish --force 重新发布",
            f"snapshot damaged or edited by hand ({err['msg']}); restore it from version control "
            "or republish with duban publish --force")


def validate(model: type[M], raw: Any, name: str, root: YMap, prefix: tuple[str | int, ...] = (),
             messages: Messages = _messages, names: Names | None = None) -> tuple[M | None, list[DataError]]:
    """Validate ``raw`` (found at ``prefix`` inside ``root``) into ``model``; ``names`` resolves
    references written as names or aliases of the shared lists."""
    english_keys(model, raw)  # 未完成原因: … is explanation: …
    try:
        return model.model_validate(raw, context={"names": names}), []
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            path = prefix + tuple(err["loc"])
            zh, en = messages(err, model)
            errors.append(DataError(name, line_of(root, path), path, zh, en))
        return None, errors


def display_path(path: Path, root: Path) -> str:
    """How messages name a file: relative to the project root where possible (never the cwd)."""
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


# ---------------------------------------------------------------- readers


Parse = Callable[[Path, str], YMap]
"""Reads one file into a :class:`YMap`, or raises DataErrors."""


def read_folder(folder: Path, model: type[M], root: Path, errors: list[DataError], *,
                select: Callable[[Path], bool] = lambda p: p.suffix == ".yaml",
                check_name: Callable[[Path, str], DataError | None] | None = None,
                parse: Parse = load_yaml, messages: Messages = _messages,
                names: Names | None = None) -> list[Loaded[M]]:
    """Every selected file of ``folder`` (sorted): read, validate, gather errors into ``errors``.

    Files that cannot be parsed are left out; files that parse but fail validation come back
    with ``value=None``, so callers can still check their raw content.
    """
    return list(iter_folder(folder, model, root, errors, select=select, check_name=check_name, parse=parse,
                            messages=messages, names=names))


class ReadCache:
    """Files read by an earlier load in this process, each with what its reading gave: under
    ``duban serve`` a saved change re-reads the file that changed, not every file.

    An entry is reused only when the file's bytes and the reading's ``context`` (what else the
    reading depended on: the shared lists a project's references resolve against) are equal to
    the earlier ones'. A file that could not be parsed is never kept: it is read again."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], tuple[bytes, object, YMap, Any, list[DataError]]] = {}

    def get(self, path: Path, model: type[BaseModel], data: bytes,
            context: object) -> tuple[YMap, Any, list[DataError]] | None:
        entry = self.entries.get((str(path), model.__name__))
        if entry is None or entry[0] != data or entry[1] != context:
            return None
        return entry[2], entry[3], entry[4]

    def put(self, path: Path, model: type[BaseModel], data: bytes, context: object, raw: YMap, value: Any,
            problems: list[DataError]) -> None:
        self.entries[(str(path), model.__name__)] = (data, context, raw, value, list(problems))


def iter_folder(folder: Path, model: type[M], root: Path, errors: list[DataError], *,
                select: Callable[[Path], bool] = lambda p: p.suffix == ".yaml",
                check_name: Callable[[Path, str], DataError | None] | None = None,
                parse: Parse = load_yaml, messages: Messages = _messages,
                names: Names | None = None, cache: ReadCache | None = None,
                context: object = None) -> Iterator[Loaded[M]]:
    """:func:`read_folder` one file at a time: a caller that keeps only the validated values
    never holds every parsed file at once (10,000 project files, six-megabyte snapshots).
    With a ``cache``, a file whose bytes and ``context`` are as before is not parsed again."""
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if not select(path):
            continue
        name = display_path(path, root)
        problem = check_name(path, name) if check_name else None
        if problem is not None:
            errors.append(problem)
            continue
        data = _bytes_or_none(path) if cache is not None else None
        hit = cache.get(path, model, data, context) if cache is not None and data is not None else None
        if hit is not None:
            raw, value, problems = hit
        else:
            try:
                raw = parse(path, name)
            except DataErrors as exc:
                errors += exc.errors
                continue
            value, problems = validate(model, raw, name, raw, messages=messages, names=names)
            if cache is not None and data is not None:
                cache.put(path, model, data, context, raw, value, problems)
        errors += problems
        yield Loaded(path, name, raw, value)


def _bytes_or_none(path: Path) -> bytes | None:
    """A file's bytes for comparing with a cached reading, read as every data file is (no
    symlink, pipe or device is opened); None if it cannot be read: the parser then says why."""
    try:
        return read_bytes(path, str(path), SNAPSHOT_MAX_BYTES)
    except DataErrors:
        return None


def _read_list(path: Path, key: str, name: str, errors: list[DataError]) -> tuple[YMap, list[Any]] | None:
    """A file holding one field ``key`` with a list (the shared lists, meetings)."""
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


def _load_registry(data_dir: Path, root: Path, errors: list[DataError]) -> dict[str, dict[Any, Any] | None]:
    """The shared lists; a list whose file could not be read is None (so references to it
    are not reported a second time as unknown)."""
    tables: dict[str, dict[Any, Any] | None] = {}
    for key, (filename, model, id_field) in _REGISTRY_FILES.items():
        path = data_dir / filename
        name = display_path(path, root)
        tables[key] = None
        if not path.is_file():
            errors.append(DataError(name, None, (), "缺少文件", "file missing"))
            continue
        found = _read_list(path, key, name, errors)
        if found is None:
            continue
        raw, rows = found
        table: dict[Any, Any] = {}
        tables[key] = table
        entries = []
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
            entries.append(obj)
        if tables[key] is not None:
            for clash in check_names(key, entries):
                at: tuple[str | int, ...] = (key, clash.index, clash.field)
                errors.append(DataError(name, line_of(raw, at), at, clash.zh, clash.en))
    return tables


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


def _reserved(raw: YMap, name: str, keys: tuple[str, ...], zh: str, en: str) -> list[DataError]:
    """Fields the loader sets itself must not be written in the file."""
    return [DataError(name, raw.lines[key], (key,), zh.format(key=key), en.format(key=key)) for key in keys if key in raw]


_LISTS = ("reports", "plan", "rectifications", "feedback", "coordination", "media", "inspections", "adjustments",
          "parts", "staff", "corrections", "handovers")
"""A project's lists, in the order a misplaced entry is matched against them."""


def _misplaced(raw: YMap, name: str) -> list[DataError]:
    """Entries written under the wrong list (a report appended below ``feedback:``): one message
    saying where the entry belongs, instead of one error per field."""
    lists = {key: inner_model(f.annotation) for key, f in Project.model_fields.items() if key in _LISTS}
    fields = {key: set(_field_names(m)) for key, m in lists.items() if m is not None}
    zh = {key: field_name(Project, key) for key in _LISTS}
    out = []
    for key, entries in raw.items():
        if key not in fields or not isinstance(entries, list):
            continue
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict) or len(entry) < 2 or set(entry) <= fields[key]:
                continue
            home = next((k for k in _LISTS if k != key and k in fields and set(entry) <= fields[k]), None)
            if home is None:
                continue
            shown = "、".join(entry)
            out.append(DataError(name, line_of(raw, (key, i)), (key, i),
                                 f"这一条（{shown}）看起来是{zh[home]}，却写在了 {key}:（{zh[key]}）下面："
                                 f"请把它移到 {home}: 下面，与其他{zh[home]}放在一起（缩进相同）",
                                 f"this entry ({', '.join(entry)}) looks like an entry of {home}, written under {key}: "
                                 f"move it under {home}:"))
    return out


def _load_projects(settings: Settings, registry: Registry, errors: list[DataError],
                   cache: ReadCache | None = None) -> list[Project]:
    root = settings.project_root
    projects_dir = settings.data_dir / "projects"
    # Hidden .yaml files are reported (a project must not hide); other dotfiles (.gitkeep) are not data.
    # A project's references resolve against the shared lists: a cached reading stands while they are unchanged.
    context = _lists_digest(settings.data_dir) if cache is not None else None
    loaded = iter_folder(projects_dir, Project, root, errors, check_name=_check_filename, names=registry.names,
                         select=lambda p: not p.name.startswith(".") or p.name.endswith(".yaml"),
                         cache=cache, context=context)
    if not projects_dir.is_dir() or not any(projects_dir.iterdir()):
        errors.append(DataError(display_path(projects_dir, root), None, (), "没有项目文件", "no project files"))
    out: list[Project] = []
    by_order: dict[int, str] = {}
    for record in loaded:
        moved = _misplaced(record.raw, record.name)
        if moved:  # the misplaced entry's field errors would only repeat it
            errors[:] = [e for e in errors if e.file != record.name or not any(e.path[:2] == m.path for m in moved)]
            errors += moved
        errors += _reserved(record.raw, record.name, ("id", "source"), "不要填写 {key}：项目编号由文件名决定",
                            "do not write {key}: the file name is the project id")
        if record.value is None:
            continue
        project = record.value.model_copy(update={"id": record.path.name[:-5], "source": record.name})
        for issue in [*check_project(project, settings, registry), *check_fields(project, settings)]:
            errors.append(DataError(project.source, line_of(record.raw, issue.path), issue.path, issue.zh, issue.en))
        if project.order in by_order:
            errors.append(DataError(project.source, record.raw.lines["order"], ("order",),
                                    f"项目序号 {project.order} 与 {by_order[project.order]} 重复",
                                    f"order {project.order} is also used by {by_order[project.order]}"))
        by_order.setdefault(project.order, project.source)
        out.append(project)  # the parsed file (kept only for line numbers) is let go here
    return out


def _load_meetings(settings: Settings, projects: dict[str, Project], registry: Registry,
                   errors: list[DataError]) -> list[Meeting]:
    path = settings.data_dir / "meetings.yaml"
    name = display_path(path, settings.project_root)
    found = _read_list(path, "meetings", name, errors) if path.is_file() else None
    if found is None:
        return []
    raw, rows = found
    meetings = []
    for i, row in enumerate(rows):
        meeting, errs = validate(Meeting, row, name, raw, ("meetings", i), names=registry.names)
        errors += errs
        if meeting is None:
            continue
        for issue in [*check_meeting(meeting, projects, registry), *check_fields(meeting, settings)]:
            path_ = ("meetings", i, *issue.path)
            errors.append(DataError(name, line_of(raw, path_), path_, issue.zh, issue.en))
        meetings.append(meeting)
    return sorted(meetings, key=lambda m: m.date)


_SNAPSHOT_NAME = re.compile(r"\d{4}-\d{2}\.yaml")


def _check_snapshot_name(path: Path, name: str) -> DataError | None:
    if _SNAPSHOT_NAME.fullmatch(path.name):
        return None
    return DataError(name, None, (), "通报快照的文件名应为 YYYY-MM.yaml（如 2022-08.yaml）：此文件不会被读取，"
                     "它记录的通报会显示为未发布。请恢复原文件名",
                     "snapshot files are named YYYY-MM.yaml; this one is not read, so its bulletin would show as "
                     "unpublished: restore its name")


def _parse_snapshot(path: Path, name: str) -> YMap:
    """A snapshot file that does not even parse was damaged (cut short, merged by hand): say how to mend it."""
    try:
        return load_yaml(path, name, SNAPSHOT_MAX_BYTES)
    except DataErrors as exc:
        raise DataErrors([replace(e, zh=e.zh + "。通报快照已损坏：请从版本库恢复，或用 duban publish --force 重新发布",
                                  en=e.en + "; the snapshot is damaged: restore it or republish with duban publish --force")
                          for e in exc.errors]) from None


def _lists_digest(data_dir: Path) -> str:
    """The shared lists' files, as one digest."""
    digest = hashlib.sha256()
    for filename, _, _ in _REGISTRY_FILES.values():
        digest.update((_bytes_or_none(data_dir / filename) or b"") + b"\0")
    return digest.hexdigest()


def _snapshot_files(settings: Settings) -> list[tuple[Path, str]]:
    """The files :func:`_load_snapshots` will parse, in its order, with their names."""
    folder = settings.data_dir / "bulletins"
    if not folder.is_dir():
        return []
    return [(path, display_path(path, settings.project_root)) for path in sorted(folder.iterdir())
            if _SNAPSHOT_NAME.fullmatch(path.name)]


def _load_snapshots(settings: Settings, errors: list[DataError], replacing: Month | None = None,
                    cache: ReadCache | None = None, prefetch: Prefetch | None = None) -> dict[Month, tuple[Snapshot, str]]:
    """Every published snapshot, with the name messages use for it; damaged, hand-edited, renamed
    or unlinked files are errors naming them — but for the month being republished
    (``replacing``), whose damaged file is about to be replaced. ``prefetch`` has parsed them
    in another process."""
    out: dict[Month, tuple[Snapshot, str]] = {}
    folder = settings.data_dir / "bulletins"
    found: list[DataError] = []
    parse = prefetch.parse if prefetch is not None else _parse_snapshot
    for record in iter_folder(folder, Snapshot, settings.project_root, found, select=lambda p: not p.name.startswith("."),
                              check_name=_check_snapshot_name, parse=parse, messages=_damaged_snapshot,
                              cache=cache):
        snap, raw, name = record.value, record.raw, record.name
        if snap is None:
            continue
        if snap.checksum != snap.digest():
            found.append(DataError(name, raw.lines.get("checksum"), ("checksum",),
                                   "通报快照在发布后被手工修改过（校验码不符）。请从版本库恢复原文件；"
                                   "数据更正请改项目文件，网站会自动显示更正说明",
                                   "the snapshot was edited after publication (checksum mismatch); restore it from "
                                   "version control and correct the project file instead"))
        elif record.path.stem != str(snap.month) or snap.month.year != settings.year:
            found.append(DataError(name, raw.lines.get("month"), ("month",),
                                   f"快照月份 {snap.month} 与文件名不符或不在 {settings.year} 年",
                                   f"snapshot month {snap.month} does not match the file name or year {settings.year}"))
        elif (late := check_publication_date(snap.month, snap.published)) is not None:
            found.append(DataError(name, raw.lines.get("published"), late.path, late.zh, late.en))
        else:
            out[snap.month] = (snap, name)
    replaced = display_path(snapshot_path(settings.data_dir, replacing), settings.project_root) if replacing else None
    errors += [e for e in found if e.file != replaced]
    # A snapshot refused above is already named: the link to it is not reported a second time.
    named = {p.stem for p in folder.iterdir() if _SNAPSHOT_NAME.fullmatch(p.name)} if folder.is_dir() else set()
    refused = named - {str(m) for m in out}
    errors += check_chain(out, refused, settings.data_dir, settings.project_root)
    return out


def _load_special_reports(settings: Settings, units: dict[str, Unit], projects: list[Project],
                          errors: list[DataError]) -> dict[str, SpecialReportData]:
    """``special-reports/*.yaml``: file names are lead units' ids."""
    out: dict[str, SpecialReportData] = {}
    leads = {p.lead_unit for p in projects}
    for record in read_folder(settings.data_dir / "special-reports", SpecialReportData, settings.project_root, errors):
        report, name, unit = record.value, record.name, record.path.stem
        if report is None:
            continue
        if unit not in units:
            errors.append(DataError(name, None, (), f"文件名应为牵头单位编号，{unit} 不在 units.yaml 中",
                                    f"the file name must be a unit id; {unit} is not in units.yaml"))
        elif unit not in leads:
            errors.append(DataError(name, None, (), f"{unit} 不是任何项目的牵头单位，专项报告由牵头单位报送",
                                    f"{unit} leads no project; special reports come from lead units"))
        elif report.filed > settings.as_of_date:
            errors.append(DataError(name, record.raw.lines.get("filed"), ("filed",),
                                    f"报送日期 {report.filed} 晚于数据截止日 {settings.as_of_date}",
                                    f"filed {report.filed} is after the as-of date {settings.as_of_date}"))
        elif problems := [DataError(name, line_of(record.raw, i.path), i.path, i.zh, i.en)
                          for i in check_fields(report, settings)]:
            errors += problems
        else:
            out[unit] = report
    return out


# ---------------------------------------------------------------- editors' pages (content/)


def _check_case_name(path: Path, name: str) -> DataError | None:
    slug = path.name[:-3]
    if slug in RESERVED:
        return DataError(name, None, (), f"文件名 {slug} 是 Windows 的保留设备名，请换一个",
                         f"{slug} is a reserved device name on Windows; rename the file")
    if not SLUG_RE.fullmatch(slug) or len(slug) > SLUG_MAX:
        return DataError(name, None, (), "案例文件名只能用小写英文字母、数字和连字符",
                         "case file names use lowercase a-z, 0-9 and '-'")
    return None


def _case_front_matter(name: str, text: str) -> YMap:
    raw, _ = front_matter(name, text)
    if raw is None:
        raise DataErrors([DataError(name, 1, (), "案例页面必须以 --- 开头的 YAML 信息块开始，并以 --- 结束",
                                    "a case page must start with YAML front matter between --- lines")])
    return raw


def _load_cases(settings: Settings, texts: dict[str, str], projects: dict[str, Project], registry: Registry,
                errors: list[DataError]) -> list[Case]:
    content = settings.content_dir
    assert content is not None
    cases: list[Case] = []
    for kind in CASE_KINDS:
        folder = f"cases/{kind}"
        for record in read_folder(content / "cases" / kind, Case, settings.project_root, errors,
                                  select=lambda p, f=folder: p.name != "index.md" and f"{f}/{p.name}" in texts,  # type: ignore[misc]
                                  check_name=_check_case_name, names=registry.names,
                                  parse=lambda p, name, f=folder: _case_front_matter(name, texts[f"{f}/{p.name}"])):  # type: ignore[misc]
            errors += _reserved(record.raw, record.name, ("slug", "source"), "不要填写 {key}", "do not write {key}")
            errors += body_problems(record.name, texts[f"{folder}/{record.path.name}"])
            if record.value is None:
                continue
            for issue in [*check_case(record.value, kind, projects, registry, settings), *check_fields(record.value, settings)]:
                errors.append(DataError(record.name, line_of(record.raw, issue.path), issue.path, issue.zh, issue.en))
            cases.append(record.value.model_copy(update={"slug": record.path.name[:-3], "source": record.name}))
    return sorted(cases, key=lambda c: (c.date, c.slug))


def _check_not_scaled_down(projects: list[Project], snapshots: dict[Month, tuple[Snapshot, str]]) -> list[DataError]:
    """No published project may be dropped or have its annual target lowered (任何项目均不允许调减)."""
    errors: list[DataError] = []
    by_id = {p.id: p for p in projects}
    seen: set[tuple[str, str]] = set()
    for month, (snap, bulletin) in sorted(snapshots.items()):
        for row in snap.rows:
            p = by_id.get(row.project)
            if p is None:
                if ("dropped", row.project) not in seen:
                    seen.add(("dropped", row.project))
                    errors.append(DataError(bulletin, None, ("rows",),
                                            f"项目 {row.project} 已在 {month} 月度通报中公开，不得删除（任何项目均不允许调减）",
                                            f"project {row.project} was published in the {month} bulletin "
                                            "and may not be dropped"))
                continue
            if row.target is not None and (p.target is None or p.target < row.target) and ("target", p.id) not in seen:
                seen.add(("target", p.id))
                errors.append(DataError(p.source, None, ("target",),
                                        f"全年目标不得调减：{bulletin}（{month} 月度通报）公布为 {row.target}，现为 {p.target}",
                                        f"the annual target may not be lowered: published {row.target} in "
                                        f"{bulletin}, now {p.target}"))
    return errors


def _load_prefaces(settings: Settings, texts: dict[str, str], errors: list[DataError]) -> dict[Month, Preface]:
    """``content/bulletins/prefaces/<yyyy-mm>.md``; any other name there is reported, never ignored."""
    prefaces: dict[Month, Preface] = {}
    content = settings.content_dir
    assert content is not None
    folder = content / PREFACES
    names = sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []
    for filename in names:
        page = f"{PREFACES}/{filename}"
        name = display_path(folder / filename, settings.project_root)
        try:
            month = Month.parse(filename[:-3]) if filename.endswith(".md") and page in texts else None
        except ValueError:
            month = None
        if month is None:
            errors.append(DataError(name, None, (), "通报前言的文件名应为 YYYY-MM.md（如 2022-08.md，小写 .md），此文件不会显示",
                                    "preface files are named YYYY-MM.md (lower-case .md); this one would never be shown"))
            continue
        problems = preface_problems(name, month, texts[page], settings)
        errors += problems
        if not problems:
            prefaces[month] = Preface(month, page, texts[page])
    return prefaces


def _page_meta(settings: Settings, texts: dict[str, str], errors: list[DataError]) -> dict[str, PageMeta]:
    """The front matter of every ordinary hand-written page (not cases, not prefaces), validated."""
    content = settings.content_dir
    assert content is not None
    out: dict[str, PageMeta] = {}
    for page, text in sorted(texts.items()):
        if page.startswith(PREFACES + "/") or _is_case(page):
            continue
        name = display_path(content / page, settings.project_root)
        try:
            raw, _ = front_matter(name, text)
        except DataErrors as exc:
            errors += exc.errors
            continue
        raw = raw if raw is not None else YMap()
        meta, problems = validate(PageMeta, raw, name, raw, messages=_page_messages)
        errors += problems
        if meta is not None:
            errors += [DataError(name, line_of(raw, issue.path), issue.path, issue.zh, issue.en)
                       for issue in check_fields(meta, settings)]
            out[page] = meta
    return out


def _is_case(page: str) -> bool:
    parts = page.split("/")
    return len(parts) == 3 and parts[0] == "cases" and parts[1] in CASE_KINDS and parts[2] != "index.md"


def _page_messages(err: Any, model: type[BaseModel]) -> tuple[str, str]:
    zh, en = _messages(err, model)
    if err["type"] == "extra_forbidden" and str(err["loc"][0]) in Case.model_fields:
        zh += "。这看起来是案例页面：请放到 content/cases/praise/ 或 content/cases/exposed/ 中"
        en += ". This looks like a case page: put it in content/cases/praise/ or content/cases/exposed/"
    return zh, en


# ---------------------------------------------------------------- the load phase


def load_dataset(settings: Settings, replacing: Month | None = None, cache: ReadCache | None = None) -> Dataset:
    """Load, validate and cross-check everything; raise one DataErrors with every problem.
    ``cache`` (``duban serve``) keeps each project file's and snapshot's reading for the next load.
    Big snapshots are parsed by a second process meanwhile (:mod:`.prefetch`)."""
    prefetch = Prefetch.start(_parse_snapshot, _snapshot_files(settings),
                              allowed=settings.processes > 1 and cache is None)
    try:
        return _load(settings, replacing, cache, prefetch)
    finally:
        if prefetch is not None:
            prefetch.close()


def _load(settings: Settings, replacing: Month | None, cache: ReadCache | None, prefetch: Prefetch | None) -> Dataset:
    errors: list[DataError] = []
    tables = _load_registry(settings.data_dir, settings.project_root, errors)
    registry = Registry(tables["items"], tables["units"], tables["leaders"], tables["districts"])
    loaded = _load_projects(settings, registry, errors, cache)
    by_id = {p.id: p for p in loaded}
    meetings = _load_meetings(settings, by_id, registry, errors)
    snapshots = _load_snapshots(settings, errors, replacing, cache, prefetch)
    tree = read_content(settings, errors)
    texts = tree.pages
    prefaces = _load_prefaces(settings, texts, errors)
    pages = _page_meta(settings, texts, errors)
    base_ok = not errors
    projects = sorted(loaded, key=lambda p: p.order)
    specials: dict[str, SpecialReportData] = {}
    cases: list[Case] = []
    if base_ok:  # checks against the projects and lists run only once those are sound: no cascades
        errors += _check_not_scaled_down(projects, snapshots)
        specials = _load_special_reports(settings, tables["units"] or {}, projects, errors)
        cases = _load_cases(settings, texts, by_id, registry, errors)
    if errors:
        raise DataErrors(errors)
    return Dataset(settings, items=tables["items"] or {}, units=tables["units"] or {},
                   leaders=tables["leaders"] or {}, districts=tables["districts"] or {}, projects=projects,
                   meetings=meetings, snapshots={m: snap for m, (snap, _) in snapshots.items()},
                   special_reports=specials, cases=cases, prefaces=prefaces,
                   pages=pages, statics=tree.statics)
