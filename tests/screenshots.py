"""Screenshots for docs/editors-guide.md, made the way a new clerk works (``make screenshots``).

On a copy of the sample with ``as_of`` moved to October: export 市城市管理局's workbook, fill
October's row of 燃气安全提升工程 with openpyxl, render that sheet with LibreOffice (PDF, then
pdftoppm to PNG), import the workbook, build the site, and photograph the column's monthly
table with Chromium. Writes ``docs/images/editors-guide/sheet.png`` and ``column.png``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from conftest import ARGS, CHROMIUM, ROOT, duban, serve_folder  # noqa: E402

OUT = ROOT / "docs" / "images" / "editors-guide"
SHEET = "03 燃气安全提升工程"


def _sample(tmp: Path) -> Path:
    root = tmp / "sample"
    root.mkdir()
    for name in ("data", "content", "theme", "docs"):
        shutil.copytree(ROOT / name, root / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace('as_of: "2022-09"', 'as_of: "2022-10"')
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def _fill(book: Path) -> None:
    wb = load_workbook(book)
    ws = wb[SHEET]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "2022年10月")
    ws.cell(row, 4).value = "2022-10-31"
    ws.cell(row, 5).value = 214000
    ws.cell(row, 8).value = "截至10月底，累计完成燃气安全改造21.4万户，本月2.4万户。"
    wb.save(book)


def _sheet_png(book: Path, tmp: Path) -> None:
    only = tmp / "sheet.xlsx"
    wb = load_workbook(book)
    for name in wb.sheetnames:
        if name != SHEET:
            del wb[name]
    wb.save(only)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp / 'lo'}", "--convert-to", "pdf",
                    "--outdir", str(tmp), str(only)], check=True, capture_output=True, timeout=240)
    # The sheet fills the page's width (fit to width) and its upper half: crop to that.
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-x", "100", "-y", "140", "-W", "1560", "-H", "300",
                    "-png", "-singlefile", str(tmp / "sheet.pdf"), str(OUT / "sheet")], check=True)


def _column_png(site: Path) -> None:
    with serve_folder(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(url + "projects/gas-safety/")
        page.locator("table.duban-plan").screenshot(path=str(OUT / "column.png"))
        browser.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        root = _sample(tmp)
        book = tmp / "urban.xlsx"
        assert duban("-f", str(root / "mkdocs.yml"), "export-sheet", "市城管局", "-o", str(book)).returncode == 0
        _fill(book)
        _sheet_png(book, tmp)
        result = duban("-f", str(root / "mkdocs.yml"), "import-sheet", str(book))
        print(result.stdout)
        assert result.returncode == 0, result.stdout
        # October is imported but not yet published: the preview shows it (the public site does after publish)
        assert duban("-f", str(root / "mkdocs.yml"), "build", "--preview", "-d", str(tmp / "site")).returncode == 0
        _column_png(tmp / "site")
    print(f"written: {OUT / 'sheet.png'}, {OUT / 'column.png'}")


if __name__ == "__main__":
    main()
