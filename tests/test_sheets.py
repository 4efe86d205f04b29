"""The reporting workbook's round trip: export → fill (openpyxl, and a real office suite) → import → build.

The mini fixture (as_of 2022-03): 燃气安全改造 (gas, target 1000 户, led by 市燃气办 gas-office, parts
east 600 / west 400 carried by 东区政府 / 西区政府) has reports for February and March; 养老 (care,
led by 市民政局 civil-affairs). Expected figures below are worked out by hand from those files.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import duban, page, text_of
from openpyxl import load_workbook

GAS = "data/projects/gas.yaml"


def _export(root: Path, unit: str, *extra: str) -> Path:
    out = root / f"{unit}.xlsx"
    result = duban("-f", str(root / "mkdocs.yml"), "export-sheet", unit, "-o", str(out), *extra)
    assert result.returncode == 0, result.stderr
    return out


def _import(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return duban("-f", str(root / "mkdocs.yml"), "import-sheet", *args)


def _as_of(root: Path, month: str) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('as_of: "2022-03"', f'as_of: "{month}"'),
                      encoding="utf-8")


def _row(ws, month: str) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == month)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "data").rglob("*.yaml"))}


def test_export_has_one_sheet_per_project_and_part(mini_project: Path) -> None:
    wb = load_workbook(_export(mini_project, "东区政府"))
    # 东区政府 leads nothing and carries the part "east" of 燃气安全改造 (order 1)
    assert wb.sheetnames == ["填报说明", "01-east 燃气安全改造"]
    guide = wb["填报说明"]
    assert (guide["A3"].value, guide["B3"].value) == ("填报单位", "东区政府")
    ws = wb["01-east 燃气安全改造"]
    assert ws.protection.sheet
    head = _row(ws, "月份")
    headers = [ws.cell(head, c).value for c in range(1, 8)]
    assert headers == ["月份", "节点任务", "计划累计", "累计完成", "节点完成情况", "状态（自动计算）", "说明"]
    march = _row(ws, "2022年3月")
    # east's plan: 180 planned for March; reported 130 (behind: 滞后)
    assert [ws.cell(march, c).value for c in (3, 4, 6)] == [180, 130, "滞后"]
    assert ws.cell(march, 4).protection.locked is False  # the figure is the unit's to fill
    assert ws.cell(march, 3).protection.locked is True  # the plan is not
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert kinds == {"whole"}  # 户 counts whole things: the figure cell takes whole numbers only


def test_unchanged_workbook_changes_no_byte(mini_project: Path) -> None:
    before = _files(mini_project)
    books = [str(_export(mini_project, u)) for u in ("gas-office", "civil-affairs", "east-gov", "west-gov")]
    result = _import(mini_project, *books)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("与现有数据相同，没有改动") == 4
    assert _files(mini_project) == before


def test_fill_a_month_import_and_build(mini_project: Path, tmp_path: Path) -> None:
    _as_of(mini_project, "2022-04")
    book = _export(mini_project, "市燃气办")
    wb = load_workbook(book)
    ws = wb["01 燃气安全改造"]
    april = _row(ws, "2022年4月")
    ws.cell(april, 4).value = "2022-04-30"  # 报送日期 typed as text
    ws.cell(april, 5).value = "６５０"       # 累计完成 in full-width digits, as an input method types it
    ws.cell(april, 8).value = "完成 650 户。"
    wb.save(book)
    result = _import(mini_project, str(book))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "燃气安全改造 2022年4月：新增报告" in result.stdout
    assert "文字“６５０”按数字 650 导入" in result.stdout
    text = (mini_project / GAS).read_text(encoding="utf-8")
    assert "  - month: 2022-04\n    filed: 2022-04-30\n    progress: 完成 650 户。\n    cumulative: 650\n" in text
    assert text.startswith("item: 1\n")  # the rest of the file as it was
    again = _import(mini_project, str(book))  # the same workbook twice: nothing more changes
    assert "与现有数据相同，没有改动" in again.stdout
    assert (mini_project / GAS).read_text(encoding="utf-8") == text
    site = tmp_path / "site"  # April is not published yet: the preview shows it
    assert duban("-f", str(mini_project / "mkdocs.yml"), "build", "--preview", "-d", str(site)).returncode == 0
    # April: planned 600, reported 650 > 600: ahead (超额); 650 of 1000 = 65%
    plan_row = text_of(page(site, "projects/gas").split('id="plan-2022-04"')[1].split("</tr>")[0])
    assert "600" in plan_row and "650" in plan_row and "超额" in plan_row


def test_wrong_unit_refused_naming_sheet_row_and_column(mini_project: Path) -> None:
    book = _export(mini_project, "gas-office")
    before = _files(mini_project)
    result = _import(mini_project, "--unit", "西区政府", str(book))
    assert result.returncode == 1
    assert ("工作表“填报说明”第 3 行 B 列（填报单位）：这份填报表是 市燃气办（gas-office）的，"
            "不是 西区政府（west-gov）的 / this workbook belongs to gas-office, not to west-gov") in result.stdout
    wb = load_workbook(book)
    wb["填报说明"]["B3"] = "西区政府"
    wb["01 燃气安全改造"]["B3"] = "西区政府"
    wb.save(book)
    result = _import(mini_project, str(book))
    assert result.returncode == 1
    assert ("工作表“01 燃气安全改造”第 3 行 B 列（填报单位）：西区政府不是项目“燃气安全改造”项目的牵头单位"
            "（牵头单位是 市燃气办），不能报送本项目") in result.stdout
    assert _files(mini_project) == before


def test_problems_named_by_cell_and_published_months_need_a_correction(mini_project: Path) -> None:
    assert duban("-f", str(mini_project / "mkdocs.yml"), "publish", "2022-02", "--date", "2022-03-05", "--yes").returncode == 0
    book = _export(mini_project, "gas-office")
    wb = load_workbook(book)
    ws = wb["01 燃气安全改造"]
    feb, mar = _row(ws, "2022年2月"), _row(ws, "2022年3月")
    ws.cell(feb, 8).value = "完成 120 户（更正）。"  # February is published
    ws.cell(mar, 5).value = "1.2万"
    wb.save(book)
    before = _files(mini_project)
    result = _import(mini_project, str(book))
    assert result.returncode == 1
    assert (f"工作表“01 燃气安全改造”第 {feb} 行 H 列（本月进展）：2022年2月已发布月度通报，不能直接修改") in result.stdout
    assert (f"工作表“01 燃气安全改造”第 {mar} 行 E 列（累计完成）：只写阿拉伯数字，不写“万”：应写 12000，得到 1.2万"
            in result.stdout)
    assert _files(mini_project) == before
    ws.cell(mar, 5).value = None
    wb.save(book)
    result = _import(mini_project, str(book), "--correction", "2月进展表述有误，经核实更正", "--date", "2022-04-02")
    assert result.returncode == 0, result.stdout
    text = (mini_project / GAS).read_text(encoding="utf-8")
    assert text.endswith("corrections:\n  - month: 2022-02\n    date: 2022-04-02\n    reason: 2月进展表述有误，经核实更正\n"
                         "    requested_by: 市燃气办\n")


@pytest.fixture(scope="module")
def office_copy(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The mini fixture's workbooks as LibreOffice Calc saves them (one conversion for the module)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing: run `make test`, which installs libreoffice-calc-nogui")
    from conftest import MINI, ROOT

    root = tmp_path_factory.mktemp("office") / "mini"
    shutil.copytree(MINI, root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../theme", str(ROOT / "theme")), encoding="utf-8")
    books = [_export(root, u) for u in ("gas-office", "east-gov")]
    out = root / "saved"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{root / 'lo-profile'}", "--convert-to", "xlsx",
                    "--outdir", str(out), *map(str, books)], check=True, capture_output=True, timeout=240)
    return {"root": root, "out": out}


def test_office_suite_resave_imports_unchanged(office_copy: dict[str, Path]) -> None:
    root, out = office_copy["root"], office_copy["out"]
    before = _files(root)
    saved = sorted(out.glob("*.xlsx"))
    assert [p.name for p in saved] == ["east-gov.xlsx", "gas-office.xlsx"]
    result = _import(root, *map(str, saved))
    assert result.returncode == 0, result.stdout
    assert result.stdout.count("与现有数据相同，没有改动") == 2
    assert _files(root) == before


def test_many_workbooks_one_command_one_list_per_unit(tmp_path: Path) -> None:
    """The sample's 23 reporting units export and import in one command each; two broken workbooks
    are listed under their own units and change nothing, the others pass."""
    from conftest import ROOT

    root = tmp_path / "sample"
    root.mkdir()
    for name in ("data", "content", "theme"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    out = root / "books"
    assert duban("-f", str(root / "mkdocs.yml"), "export-sheet", "--all", "-o", str(out)).returncode == 0
    books = sorted(out.glob("*.xlsx"))
    assert len(books) >= 16
    for unit, value in (("jinzhou-gov", "3.4万"), ("water-bureau", "见附件")):
        book = out / f"{unit}-2022-09.xlsx"
        wb = load_workbook(book)
        ws = wb[wb.sheetnames[1]]
        ws.cell(_row(ws, "2022年9月"), 4 if "-" in ws.title.split()[0] else 5).value = value
        wb.save(book)
    before = _files(root)
    result = _import(root, *map(str, books))
    assert result.returncode == 1
    sections = result.stdout.split("== ")[1:]
    assert len(sections) == len(books)  # one section per unit
    jinzhou = next(s for s in sections if s.startswith("金州区政府（jinzhou-gov）"))
    assert "只写阿拉伯数字，不写“万”：应写 34000，得到 3.4万" in jinzhou
    water = next(s for s in sections if s.startswith("市水务局（water-bureau）"))
    assert "应为数字（不要加引号、单位或千位分隔符），得到 '见附件'" in water
    assert sum("与现有数据相同，没有改动" in s for s in sections) == len(books) - 2
    assert f"合计：{len(books)} 份填报表，{len(books) - 2} 份通过，2 份有问题" in result.stdout
    assert _files(root) == before


def test_windows_line_endings_and_bom_are_kept(mini_project: Path) -> None:
    _as_of(mini_project, "2022-04")
    gas = mini_project / GAS
    gas.write_bytes(b"\xef\xbb\xbf" + gas.read_bytes().replace(b"\n", b"\r\n"))
    book = _export(mini_project, "gas-office")
    wb = load_workbook(book)
    ws = wb["01 燃气安全改造"]
    april = _row(ws, "2022年4月")
    ws.cell(april, 4).value, ws.cell(april, 5).value, ws.cell(april, 8).value = "2022/4/30", 620, "完成 620 户。"
    wb.save(book)
    assert _import(mini_project, str(book)).returncode == 0
    raw = gas.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfitem: 1\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert "  - month: 2022-04\r\n    filed: 2022-04-30\r\n" in raw.decode("utf-8-sig")
