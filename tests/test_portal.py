"""The site as a government portal publishes it: valid HTML on every page (the Nu HTML checker, one
Java process over the whole site), Lighthouse on three pages served by nginx, the official register
(no English or developer words on public pages), the government-site footer, Chinese typography,
and the bulletin on paper: the print stylesheet (GB/T 9704) and the Word file opened by LibreOffice.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, artifacts, build_site, node_tool, page, text_of

from generator.render.portal import ICP_SITE

# ---------------------------------------------------------------- valid HTML


def test_every_built_page_is_valid_html(sample_site: Path) -> None:
    if shutil.which("java") is None:
        pytest.fail("java is missing: run `make test`, which installs Debian's default-jre-headless")
    folder = artifacts("vnu")
    pages = sorted(str(p) for p in sample_site.rglob("*.html"))
    result = subprocess.run(["java", "-jar", str(node_tool("vnu-jar", "build", "dist", "vnu.jar")), "--errors-only",
                             "--format", "json", *pages], capture_output=True, text=True, timeout=300)
    (folder / "vnu.json").write_text(result.stderr, encoding="utf-8")
    messages = json.loads(result.stderr)["messages"]
    print(f"\nNu HTML checker: {len(pages)} pages, {len(messages)} errors ({folder / 'vnu.json'})")
    assert [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages] == []
    assert len(pages) > 120  # every page: columns, districts, bulletins, reports, units, cases, WeChat versions …


# ---------------------------------------------------------------- Lighthouse, served as a portal serves it

LIGHTHOUSE_PAGES = {"home": "", "column": "projects/gas-safety/", "bulletin": "bulletins/2022-08/"}
FLOOR = {"performance": 0.90, "accessibility": 0.95, "best-practices": 0.95, "seo": 0.95}
"""Lighthouse mobile scores each of the three pages must reach. The target is 95 in every category;
performance gets slack, because Lighthouse's simulated slow CPU multiplies whatever else the two
cores are doing (total blocking time measured 0–310 ms for the same column in one suite run). The
audits that matter are asserted on their own below, and the scores are printed."""
AUDITS = ["color-contrast", "document-title", "html-has-lang", "meta-description", "meta-viewport", "image-alt",
          "link-name", "button-name", "label", "tap-targets", "errors-in-console", "is-crawlable", "robots-txt",
          "uses-text-compression", "uses-long-cache-ttl", "render-blocking-resources", "csp-xss", "font-size"]


def cpu_slowdown(benchmark_index: float) -> int:
    """Lighthouse's CPU slowdown for a host of ``benchmark_index``, as its throttling guide calibrates
    it (docs/throttling.md, "Calibrating the CPU slowdown"): the default 4x takes a high-end desktop
    (index 1500-2000) to a mid-tier phone; from a low-end desktop or a high-end phone (800-1500) the
    guide's multiplier is 2x; a host below 800 is a mid-tier phone already. This machine measured
    903-1624 in one afternoon; at 903-1040 the default 4x simulated a phone twice as slow as the one
    the scores are for (the report warns so)."""
    return 4 if benchmark_index >= 1500 else 2 if benchmark_index >= 800 else 1


@pytest.fixture(scope="module")
def lighthouse(server: str) -> dict[str, dict]:  # type: ignore[type-arg]
    """Lighthouse 12 (mobile, simulated slow 4G, the CPU slowdown calibrated to the host on the first
    page: :func:`cpu_slowdown`) on three pages; the reports are kept."""
    folder = artifacts("lighthouse")
    binary = node_tool(".bin", "lighthouse")
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}

    def run(name: str, path: str, slowdown: int) -> dict:  # type: ignore[type-arg]
        base = folder / name
        command = [str(binary), server + path, "--quiet", "--output=json", "--output=html", f"--output-path={base}",
                   "--only-categories=performance,accessibility,best-practices,seo", "--max-wait-for-load=60000",
                   "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                   "--disable-component-update --no-first-run --disable-sync --disable-default-apps",
                   f"--throttling.cpuSlowdownMultiplier={slowdown}"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=240, env=env)
        if result.returncode and "(NO_NAVSTART)" in result.stderr:
            # Lighthouse's own trace recording sometimes misses the navigation on a loaded machine and
            # says to run it again (seen once in four clean-clone CI runs): a second run, same checks.
            result = subprocess.run(command, capture_output=True, text=True, timeout=240, env=env)
        assert result.returncode == 0, result.stderr[-2000:]
        return json.loads(Path(f"{base}.report.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]

    (first, first_path), *rest = LIGHTHOUSE_PAGES.items()
    report = run(first, first_path, 4)  # Lighthouse's default, which reports the host's index
    index = report["environment"]["benchmarkIndex"]
    slowdown = cpu_slowdown(index)
    out = {first: report if slowdown == 4 else run(first, first_path, slowdown)}
    out.update({name: run(name, path, slowdown) for name, path in rest})
    assert all(r["configSettings"]["throttling"]["cpuSlowdownMultiplier"] == slowdown for r in out.values())
    scores = {name: {c: round(r["categories"][c]["score"] * 100) for c in FLOOR} for name, r in out.items()}
    print(f"\nLighthouse mobile scores (host benchmarkIndex {index:.0f}, CPU slowdown {slowdown}x; reports in {folder}):")
    for name, row in scores.items():
        print(f"  {name:8} " + "  ".join(f"{c} {v}" for c, v in row.items()))
    return out


def test_the_cpu_slowdown_follows_lighthouses_calibration_table() -> None:
    assert [cpu_slowdown(i) for i in (2000, 1500, 1499, 1039.5, 903, 800, 799, 100)] == [4, 4, 2, 2, 2, 2, 1, 1]


@pytest.mark.parametrize("name", LIGHTHOUSE_PAGES)
def test_lighthouse_mobile(lighthouse: dict[str, dict], server: str, name: str) -> None:  # type: ignore[type-arg]
    report = lighthouse[name]
    for category, floor in FLOOR.items():
        assert report["categories"][category]["score"] >= floor, (name, category)
    failed = [a for a in AUDITS if a in report["audits"] and report["audits"][a]["score"] is not None
              and report["audits"][a]["score"] < 0.9]
    assert failed == [], name
    # No request to any other host, Lighthouse's own included.
    urls = [item["url"] for item in report["audits"]["network-requests"]["details"]["items"]
            if not item["url"].startswith("data:")]
    assert urls and all(u.startswith(server) for u in urls), [u for u in urls if not u.startswith(server)]
    assert report["audits"]["largest-contentful-paint"]["numericValue"] < 2500


# ---------------------------------------------------------------- the official register

ALLOWED_LATIN = {
    # Codes, standards and units a Chinese government page writes in Latin letters.
    "Word", "WPS", "Excel", "SHA-256", "JSON", "CSV", "PDF", "HTML", "WCAG", "AA", "GB", "T", "ICP", "A", "Ctrl", "Tab",
    "km", "m", "kW", "MW", "kV", "t", "No",
    # The editors' guide names the software and file formats clerks use.
    "Windows", "macOS", "Linux", "Python", "VS", "Code", "git", "YAML", "Schema", "xlsx", "xls", "csv", "http",
    # The formats and standards the 订阅与嵌入 and 开放数据 pages offer re-users, by their names.
    "Atom", "Feed", "RSS", "SVG", "iCalendar", "Outlook", "iframe", "CC-BY-4.0", "UTF-8", "BOM", "true", "false", "YYYY-MM", "YYYY-MM-DD",
    "Frictionless",
}
_CODE = re.compile(r"[A-Z]{2,}-\d[\d-]*|[\w-]+\.(?:yaml|xlsx|md|json|csv|ics|xml|svg)")
"""Tracking codes (ZW-2022-00094) and file names are codes too."""
_ADDRESS = re.compile(r"https?://\S+|\S*[\w-]/[\w#-]\S*|\b[\w-]+(?:\.[a-z][\w-]*)+\b")
"""Addresses shown as text (the cite box's links, a feed's path, a host name) are codes."""
_SKIP = re.compile(r"<(script|style|code|pre|kbd|svg|title)\b.*?</\1>", re.S)


def _latin_words(markup: str) -> set[str]:
    """Latin words of the visible text (code, scripts, styles and the page title left out)."""
    body = re.split(r"<body\b[^>]*>", markup, maxsplit=1)[-1]
    text = _ADDRESS.sub(" ", html.unescape(re.sub(r"<[^>]+>", " ", _SKIP.sub(" ", body))))
    return {w for w in re.findall(r"[A-Za-z][A-Za-z0-9+.-]*[A-Za-z0-9]|[A-Za-z]", text)}


def test_public_pages_carry_no_english_or_developer_words(sample_site: Path) -> None:
    found: dict[str, set[str]] = {}
    for path in sorted(sample_site.rglob("*.html")):
        words = {w for w in _latin_words(path.read_text(encoding="utf-8")) - ALLOWED_LATIN if not _CODE.fullmatch(w)}
        if words:
            found[path.relative_to(sample_site).as_posix()] = words
    assert found == {}
    every = " ".join(text_of(p.read_text(encoding="utf-8")) for p in sample_site.rglob("index.html"))
    for developer in ("sample data", "Sample data", "自动生成", "重新打开", "本页由生成网站的程序"):
        assert developer not in every


# ---------------------------------------------------------------- Chinese typography


def test_soft_line_breaks_between_chinese_characters_make_no_space(sample_site: Path) -> None:
    # content/about.md wraps "…完成情况、" / "整改要求…"; the August preface "…未按时报送进展，" / "均已下达…".
    assert "完成情况、整改要求" in text_of(page(sample_site, "about"))
    august = text_of(page(sample_site, "bulletins/2022-08"))
    assert "未按时报送进展，均已下达" in august
    wechat = text_of((sample_site / "bulletins/2022-08/wechat.html").read_text(encoding="utf-8"))
    assert "未按时报送进展，均已下达" in wechat


def test_no_stray_space_before_particles_or_punctuation(sample_site: Path) -> None:
    stray = re.compile(r"[\u4e00-\u9fff0-9%] +[的了，。、；：！？）》]")
    found = {}
    for path in sorted(sample_site.rglob("index.html")):
        hits = stray.findall(text_of(path.read_text(encoding="utf-8")))
        if hits:
            found[path.relative_to(sample_site).as_posix()] = hits[:3]
    assert found == {}


def test_large_quantities_in_wan_in_prose_exact_in_tables(sample_site: Path) -> None:
    # data/projects/gas-safety.yaml: target 270000 户; August: cumulative 159000, planned 150000.
    column = page(sample_site, "projects/gas-safety")
    card = text_of(column.split('class="duban-status-card', 1)[1].split("</div>", 1)[0])
    assert "累计完成 15.9 万户，占全年目标 27 万户的 58.9%，当月计划累计 15 万户" in card
    plan = text_of(column.split('id="plan"', 1)[1])
    assert "159000" in plan and "150000" in plan
    assert "270000" in text_of(column.split('id="info"', 1)[1].split("</table>", 1)[0])


# ---------------------------------------------------------------- the government-site footer

PORTAL = """      sponsor: 大连市人民政府办公室
      organizer: 大连市人民政府督查考核办公室
      site_code: "2102000099"
      icp: 辽ICP备05001234号-1
      police_record: 辽公网安备 21020302000123号
      gov_mark: images/dzjg.png
      gov_mark_link: https://bszs.conac.cn/sitename?method=show&id=EXAMPLE
      contact: 联系电话：0411-12345678 · 地址：大连市西岗区人民广场1号
"""


def test_footer_shows_the_site_identity_when_set_and_nothing_when_not(mini_project: Path, sample_site: Path, tmp_path: Path) -> None:
    bare = page(sample_site, "")
    for label in ("主办单位", "承办单位", "网站标识码", "ICP备", "公网安备", "我为政府网站找错", "党政机关网站标识", "联系方式"):
        assert label not in bare  # the sample sets none of them
    config = mini_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      sample: true\n", "      sample: true\n" + PORTAL),
                      encoding="utf-8")
    (mini_project / "content" / "images").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "theme/assets/images/favicon.png", mini_project / "content" / "images" / "dzjg.png")
    site = tmp_path / "site"
    result = build_site(config, site)
    assert result.returncode == 0, result.stderr
    home = page(site, "")
    footer = home.split('class="duban-portal"', 1)[1].split("</ul>", 1)[0]
    text = text_of(footer)
    for shown in ("主办单位：大连市人民政府办公室", "承办单位：大连市人民政府督查考核办公室", "网站标识码：2102000099",
                  "辽ICP备05001234号-1", "辽公网安备 21020302000123号", "联系方式：联系电话：0411-12345678",
                  "我为政府网站找错"):
        assert shown in text
    assert f'href="{ICP_SITE}"' in footer
    assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=21020302000123"' in footer
    assert 'href="https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode=2102000099"' in footer
    assert '<img src="images/dzjg.png" alt="党政机关网站标识"' in footer
    assert (site / "images/dzjg.png").is_file()
    # The accessibility statement gives the contact line too.
    assert "联系电话：0411-12345678" in text_of(page(site, "accessibility"))


def test_a_malformed_site_code_is_refused_with_an_example(mini_project: Path, tmp_path: Path) -> None:
    config = mini_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      sample: true\n", "      sample: true\n      site_code: 21-02\n"),
                      encoding="utf-8")
    result = build_site(config, tmp_path / "site")
    assert result.returncode == 1
    assert "site_code" in result.stderr and "格式不对，应如 2102000001" in result.stderr


def test_logo_and_favicon_are_the_sites_own(sample_site: Path) -> None:
    home = page(sample_site, "")
    logo = home.split('class="md-header__button md-logo"', 1)[1].split("</a>", 1)[0]
    assert "<svg" in logo and "M12 1.5" in logo  # theme/partials/duban-emblem.svg, not Material's book icon
    assert (sample_site / "assets/images/favicon.png").read_bytes() == (ROOT / "theme/assets/images/favicon.png").read_bytes()


# ---------------------------------------------------------------- the bulletin on paper


def _pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def test_the_bulletin_prints_as_an_official_document(browser, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    pg.goto(server + "bulletins/2022-08/", wait_until="networkidle")
    pdf = tmp_path / "bulletin.pdf"
    pg.pdf(path=str(pdf), prefer_css_page_size=True)
    headings = [h.strip() for h in pg.locator(".md-content h2").all_inner_texts()]
    pg.emulate_media(media="print")
    office = pg.locator(".duban-doc-office")
    assert office.evaluate("e => getComputedStyle(e).color") == "rgb(230, 0, 18)"  # the red 版头
    assert "仿宋" in pg.locator(".md-typeset").first.evaluate("e => getComputedStyle(e).fontFamily")
    assert "黑体" in pg.locator(".md-typeset h2").first.evaluate("e => getComputedStyle(e).fontFamily")
    context.close()
    pages = _pdf_pages(pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    first = "".join(pages[0].split())
    assert "大连市人民政府督查考核办公室" in first and "大督考办通报〔2022〕7号（示例）" in first and "示例数据" in first
    assert len(pages) <= 12  # 3号 body type: the August bulletin with its corrections takes 10 pages
    for number, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        last = lines[-1] if lines else ""
        assert not any(last.startswith(h) for h in headings), f"page {number} ends with the heading {last!r}"


def test_the_word_bulletin_opens_in_libreoffice(sample_site: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing: run `make test`, which installs libreoffice-writer-nogui")
    docx = sample_site / "bulletins/2022-08/2022-08.docx"
    profile = tmp_path / "profile"
    result = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(tmp_path), str(docx)], capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "2022-08.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    pages = int(fields["Pages"])
    print(f"\nWord bulletin rendered by LibreOffice: {pages} A4 pages")
    assert fields["Title"].strip() == "2022年8月重点民生实事项目推进情况通报"
    assert "(A4)" in fields["Page size"]
    assert 3 <= pages <= 8
    text = "".join("".join(_pdf_pages(pdf)).split())
    assert "大督考办通报〔2022〕7号（示例）" in text and "大连市人民政府督查考核办公室" in text
    assert "未按时报送进展，均已下达整改要求" in text  # the preface's wrapped line, joined without a space
