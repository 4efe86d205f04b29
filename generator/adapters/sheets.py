"""``duban export-sheet`` and ``duban import-sheet``: the reporting workbooks' edge.

The core makes the workbook (``render/sheet.py``) and decides what importing one changes
(``data/sheetimport.py``); this module reads the configuration, writes the files (each new
project file to a temporary file, flushed, then renamed into place), reloads the whole data
with the strict loader after each workbook, and puts the old files back if that fails. One
workbook with problems changes nothing; the others are still imported. The report lists the
problems unit by unit.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..data.loader import Dataset, display_path
from ..data.sheetimport import Correction, ImportPlan, plan_import
from ..data.sheetread import SheetProblem, read_workbook
from ..dates import Month
from ..errors import DataErrors
from ..settings import Settings
from .store import BuildLocked, project_lock, write_file

__all__ = ["export_sheets", "import_sheets"]


def _settings(config_file: str) -> Settings:
    from mkdocs.config import load_config

    from .config import settings_from

    cfg = load_config(config_file)
    return settings_from(cfg.plugins["duban"].config, cfg.config_file_path, cfg.docs_dir)


def _load(settings: Settings) -> Dataset | None:
    from ..pipeline import load

    try:
        return load(settings)
    except DataErrors as exc:
        print(f"数据本身有错误，请先修正后再导出或导入 / the data has errors; fix them first\n{exc.report()}",
              file=sys.stderr)
        return None


def _unit(data: Dataset, text: str) -> str | None:
    names = data.registry.names
    found = names.lookup("units", text)
    if found is None:
        hint_zh, hint_en = names.hint("units", text)
        print(f"单位“{text}”不在 units.yaml 中{hint_zh} / unknown unit {text!r}{hint_en}", file=sys.stderr)
    return found


# ---------------------------------------------------------------- export


def export_sheets(config_file: str, units: Sequence[str], every: bool, month_text: str | None, out: str | None) -> int:
    """Write one workbook per unit: ``<unit-id>-<yyyy-mm>.xlsx`` into ``out`` (a folder), or ``out``
    itself when it ends in ``.xlsx`` and one unit is asked for."""
    from ..pipeline import derive
    from ..render.sheet import SheetRefused, unit_sheets, workbook

    # The workbook shows everything the units reported, published or not (the preview's view).
    settings = replace(_settings(config_file), preview=True)
    data = _load(settings)
    if data is None:
        return 1
    try:
        month = Month.parse(month_text) if month_text else settings.as_of
    except ValueError:
        print(f"月份应写作 YYYY-MM / month must be YYYY-MM, got {month_text!r}", file=sys.stderr)
        return 1
    model = derive(data).model
    wanted = [u for u in data.units if unit_sheets(model, u)] if every else [_unit(data, u) for u in units]
    if None in wanted or not wanted:
        if not wanted:
            print("请写出单位（编号、全称或简称），或用 --all / name a unit, or --all", file=sys.stderr)
        return 1
    target = Path(out or ".")
    for unit in wanted:
        assert unit is not None
        try:
            content = workbook(model, unit, month)
        except SheetRefused as exc:
            print(exc, file=sys.stderr)
            return 1
        path = target if target.suffix == ".xlsx" and len(wanted) == 1 else target / f"{unit}-{month}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, content)
        print(f"已导出 {data.units[unit].name} 的填报表：{path} / exported {unit}: {path}")
    return 0


def write_schemas(config_file: str) -> int:
    """``duban schema``: write ``data/schema/<kind>.json`` (the schemas the site publishes) for editors."""
    from ..data.schema import SCHEMA_FOLDER, schemas

    settings = _settings(config_file)
    data = _load(settings)
    if data is None:
        return 1
    folder = settings.data_dir / SCHEMA_FOLDER
    folder.mkdir(exist_ok=True)
    for name, text in schemas(data.registry.names).items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_file(path, text.encode("utf-8"))
            print(f"已写入 / written: {display_path(path, settings.project_root)}")
    return 0


# ---------------------------------------------------------------- import


@dataclass
class _Outcome:
    file: str
    unit: str | None
    plan: ImportPlan | None = None
    problems: list[SheetProblem] = field(default_factory=list)
    done: list[str] = field(default_factory=list)


def import_sheets(config_file: str, files: Sequence[str], unit: str | None, reason: str | None, day: str | None,
                  requested_by: str | None, dry_run: bool) -> int:
    """Import every workbook in ``files``; print one list of problems per unit; 1 if any had problems."""
    settings = _settings(config_file)
    correction = _correction(reason, day, requested_by)
    if correction is False:
        return 1
    data = _load(settings)
    if data is None:
        return 1
    expected = _unit(data, unit) if unit else None
    if unit and expected is None:
        return 1
    outcomes: list[_Outcome] = []
    try:
        with project_lock(settings.project_root, exclusive=True):  # no build reads half-imported data
            for file in files:
                outcome, data = _import_one(Path(file), settings, data, expected, correction, dry_run)  # type: ignore[arg-type]
                outcomes.append(outcome)
    except BuildLocked as exc:
        print(f"未导入 / not imported: {exc}", file=sys.stderr)
        return 1
    _report(outcomes, data, dry_run)
    return 1 if any(o.problems for o in outcomes) else 0


def _correction(reason: str | None, day: str | None, requested_by: str | None) -> Correction | None | bool:
    if reason is None:
        return None
    if not reason.strip():
        print("--correction 必须写明更正原因 / --correction needs a reason", file=sys.stderr)
        return False
    try:
        when = date.fromisoformat(day) if day else date.today()
    except ValueError:
        print(f"日期应写作 YYYY-MM-DD / date must be YYYY-MM-DD, got {day!r}", file=sys.stderr)
        return False
    return Correction(reason.strip(), when, requested_by)


def _import_one(path: Path, settings: Settings, data: Dataset, expected: str | None, correction: Correction | None,
                dry_run: bool) -> tuple[_Outcome, Dataset]:
    from ..pipeline import derive, load

    name = display_path(path.resolve(), Path.cwd())
    filing = read_workbook(path, name, data.registry.names, {p.id: p for p in data.projects}, expected)
    plan = plan_import(filing, data, correction)
    outcome = _Outcome(name, filing.unit, plan, list(plan.problems))
    if outcome.problems or not plan.texts or dry_run:
        return outcome, data
    backups = {p: p.read_bytes() for p in plan.texts}
    for p, content in plan.texts.items():
        write_file(p, content)
    try:
        data = load(settings)  # the whole data, with the strict loader and every rule: the final judge
        derive(data)
    except DataErrors as exc:
        for p, raw in backups.items():
            write_file(p, raw)
        outcome.problems = [SheetProblem(name, None, f"导入后数据检查未通过，已恢复原文件：{e}", str(e)) for e in exc.errors]
        return outcome, data
    projects = {p.id: p for p in data.projects}
    outcome.done = [c.describe(projects) for c in plan.changes]
    return outcome, data


def _report(outcomes: Sequence[_Outcome], data: Dataset, dry_run: bool) -> None:
    units: dict[str | None, list[_Outcome]] = {}
    for o in outcomes:
        units.setdefault(o.unit, []).append(o)
    for unit, group in units.items():
        title = f"{data.units[unit].name}（{unit}）" if unit in data.units else "无法确定填报单位"
        print(f"== {title} ==")
        for o in group:
            notes = o.plan.filing.notes if o.plan else []
            if o.problems:
                print(f"  {o.file}：有 {len(o.problems)} 处问题，未导入（这份填报表没有改动任何数据） / "
                      f"{len(o.problems)} problem(s), nothing imported")
                for problem in o.problems:
                    where = f"{problem.cell}：" if problem.cell else ""
                    print(f"    {where}{problem.zh} / {problem.en}")
            elif o.plan and o.plan.changes:
                verb = "将导入（试运行，未写入）" if dry_run else "已导入"
                print(f"  {o.file}：{verb} {len(o.plan.changes)} 处 / {'would import' if dry_run else 'imported'} "
                      f"{len(o.plan.changes)} change(s)")
                projects = {p.id: p for p in data.projects}
                for line in o.done or [c.describe(projects) for c in o.plan.changes]:
                    print(f"    {line}")
            else:
                print(f"  {o.file}：与现有数据相同，没有改动 / no changes")
            for note in notes:
                print(f"    提示：{note}")
    refused = sum(1 for o in outcomes if o.problems)
    print(f"合计：{len(outcomes)} 份填报表，{len(outcomes) - refused} 份通过，{refused} 份有问题 / "
          f"{len(outcomes)} workbook(s), {len(outcomes) - refused} passed, {refused} with problems")

