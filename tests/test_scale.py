"""What keeps big sites small and fast: long listings on numbered pages, the edit loop's
shortcuts, and the benchmark's data generator (figures themselves are measured by
``duban bench``, not asserted here)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DATA, ROOT, build_preview, build_site, duban, page

from generator import Month, Settings, SiteModel, build
from generator.adapters.bench import copy_project
from generator.adapters.plain import write_plain
from generator.adapters.synthetic import write_site
from generator.render.paging import chunk_groups, page_path, pagers, split

pytestmark = pytest.mark.build


def _rows(site: Path, url: str, pattern: str) -> list[str]:
    return re.findall(pattern, page(site, url))


def broken_links(site: Path) -> list[tuple[str, str]]:
    """Relative links of a built site (pages only) whose target file or anchor does not exist."""
    broken = []
    for path in site.rglob("*/index.html"):
        for href in re.findall(r'href="([^"?]+)"', path.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", href) or href.startswith(("//", "#")):
                continue
            target_path, _, anchor = href.partition("#")
            target = (path.parent / target_path).resolve()
            file = target / "index.html" if (target / "index.html").is_file() else target
            if not file.is_file():
                broken.append((str(path.relative_to(site)), href))
            elif anchor and file.suffix == ".html" and f'id="{anchor}"' not in file.read_text(encoding="utf-8"):
                broken.append((str(path.relative_to(site)), href))
    return broken


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with at most 10 projects or records per page."""
    folder = tmp_path_factory.mktemp("paged")
    config = copy_project(ROOT / "mkdocs.yml", folder / "project")
    config.write_text(config.read_text(encoding="utf-8").replace("      sample: true\n",
                                                                 "      sample: true\n      page_size: 10\n"),
                      encoding="utf-8")
    site = folder / "site"
    result = build_site(config, site)
    assert result.returncode == 0, result.stderr
    return site


def test_paging_helpers() -> None:
    assert split([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]] and split([], 2) == [[]]
    assert page_path("feedback/index.md", 1) == "feedback/index.md"
    assert page_path("feedback/index.md", 3) == "feedback/page/3.md"
    assert page_path("bulletins/2022-08.md", 2) == "bulletins/2022-08/page/2.md"
    assert page_path("index.md", 2) == "page/2.md"
    # Item 1 has three projects, item 2 none, item 3 two: pages of two rows.
    pages = chunk_groups([("a", [1, 2, 3]), ("b", []), ("c", [4, 5])], 2)
    assert pages == [[("a", [1, 2], False)], [("a", [3], True), ("b", [], False), ("c", [4], False)], [("c", [5], True)]]
    assert pagers("feedback/index.md", [7]) == [None]
    second = pagers("feedback/index.md", [2, 2, 1])[1]
    assert second is not None
    assert (second.number, second.count, second.start, second.end, second.total) == (2, 3, 3, 4, 5)
    assert (second.previous, second.next) == ("feedback/", "feedback/page/3/")
    assert [link.current for link in second.links] == [False, True, False]
    # Page 10 of 20 links to 1, 8–12 and 20, with gaps after 1 and after 12.
    tenth = pagers("feedback/index.md", [1] * 20)[9]
    assert tenth is not None
    assert [(link.number, link.after_gap) for link in tenth.links] == [
        (1, False), (8, True), (9, False), (10, False), (11, False), (12, False), (20, True)]


def test_every_project_and_record_is_on_exactly_one_page(paged_site: Path) -> None:
    projects = sorted(p.stem for p in (DATA / "projects").glob("*.yaml"))
    raw = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((DATA / "projects").glob("*.yaml"))]
    opinions = sum(len(p.get("feedback", [])) for p in raw)
    assert len(projects) == 35 and opinions == 28  # the sample: 35 projects, 28 opinions in their files
    # 35 projects at 10 a page: the project index and the home page have 4 pages each.
    index_pages = ["projects", "projects/page/2", "projects/page/3", "projects/page/4"]
    listed = [pid for url in index_pages for pid in _rows(paged_site, url, r'<td[^>]*><a href="[./]*projects/([a-z0-9-]+)/">')]
    assert sorted(listed) == projects
    assert not (paged_site / "projects/page/5").exists()
    grid = [pid for url in ["", "page/2", "page/3", "page/4"]
            for pid in _rows(paged_site, url, r'<th scope="row"><a href="[./]*projects/([a-z0-9-]+)/">')]
    assert sorted(grid) == projects
    rows = [pid for url in ["bulletins/2022-08", *(f"bulletins/2022-08/page/{n}" for n in (2, 3, 4))]
            for pid in _rows(paged_site, url, r'<tr id="row-([a-z0-9-]+)">')]
    assert sorted(rows) == projects
    # The public site shows what was known when the August bulletin was published (2022-09-07):
    # 5 of the 28 opinions were received later (09-09, 09-13, 09-17, 09-27, 09-28), so 23 at 10 a
    # page: 3 pages, 10 + 10 + 3 rows.
    public = sum(1 for p in raw for f in p.get("feedback", []) if str(f["received"]) <= "2022-09-07")
    assert public == 23
    counts = [len(_rows(paged_site, url, r"<tr data-filter-row")) for url in ["feedback", "feedback/page/2", "feedback/page/3"]]
    assert counts == [10, 10, 3]


def test_first_pages_carry_the_summary_and_later_pages_say_where_they_are(paged_site: Path) -> None:
    first, second = page(paged_site, "bulletins/2022-08"), page(paged_site, "bulletins/2022-08/page/2")
    assert 'id="summary"' in first and 'id="summary"' not in second
    assert "大督考办通报〔2022〕7号（示例）" in second  # the document head stays on every page
    assert "第 2 / 4 页（第 11–20 条，共 35 条）" in second
    assert "<title>2022年8月重点民生实事项目推进情况通报（第 2 页）" in second
    # August: 建设家庭养老床位 lagged and 补贴性职业技能培训 did not report; each is named once.
    behind = [x for n in ("", "/page/2", "/page/3", "/page/4")
              for x in _rows(paged_site, f"bulletins/2022-08{n}", r'<li id="(?:behind|unreported)-([a-z0-9-]+)">')]
    assert sorted(behind) == ["home-care-beds", "skills-training"]
    # August's four changes since July are each told once, on the page that has the project's row
    # (a first page that carried every change would grow with the list: 480 KB at 5,000 projects).
    changes = []
    for n in ("", "/page/2", "/page/3", "/page/4"):
        html = page(paged_site, f"bulletins/2022-08{n}")
        section = re.search(r'id="changes".*?</ul>', html, re.S)
        told = re.findall(r'<li><strong>[^<]*</strong>：<a href="[^"]*projects/([a-z0-9-]+)/', section.group(0)) if section else []
        assert all(f'id="row-{x}"' in html for x in told)
        changes += told
    assert sorted(changes) == ["bus-shelters", "heating-network", "home-care-beds", "skills-training"]


def test_links_into_later_pages_resolve_to_their_rows(paged_site: Path) -> None:
    assert broken_links(paged_site) == []  # every link and every #anchor, on every page
    # The third quarter's report links lagging months to the bulletin row, wherever that row is.
    q3 = [page(paged_site, url) for url in ["reports/2022-q3", *(f"reports/2022-q3/page/{n}" for n in (2, 3, 4))]]
    assert any(re.search(r'href="[./]*bulletins/2022-0[789]/page/[234]/#row-', text) for text in q3)


def test_later_pages_are_not_in_the_search_index(paged_site: Path) -> None:
    index = (paged_site / "search/search_index.json").read_text(encoding="utf-8")
    assert '"location":"feedback/"' in index and "feedback/page/2/" not in index


def test_documents_can_be_left_out_and_the_bulletin_says_so(mini_project: Path, tmp_path: Path) -> None:
    config = mini_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      sample: true", "      sample: true\n      documents: false"),
                      encoding="utf-8")
    site = tmp_path / "site"  # the mini fixture has no published bulletin: its months show in a preview
    assert build_preview(config, site).returncode == 0
    assert not list(site.rglob("*.docx")) and not list(site.rglob("wechat.html"))
    assert "本地预览不生成 Word 版和微信公众号版" in page(site, "bulletins/2022-02")


def test_serving_turns_the_documents_off(mini_project: Path) -> None:
    from mkdocs.config import load_config

    cfg = load_config(str(mini_project / "mkdocs.yml"))
    plugin = cfg.plugins["duban"]
    plugin.on_startup(command="serve", dirty=False)
    plugin.on_config(cfg)
    assert plugin.settings.documents is False
    plugin.on_startup(command="build", dirty=False)
    plugin.on_config(cfg)
    assert plugin.settings.documents is True


def test_synthetic_data_is_valid_deterministic_and_in_proportion(tmp_path: Path) -> None:
    site = write_site(tmp_path / "a", 70, ROOT / "mkdocs.yml")
    again = write_site(tmp_path / "b", 70, ROOT / "mkdocs.yml")
    files = sorted(p.relative_to(site.root) for p in site.root.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again.root) for p in again.root.rglob("*") if p.is_file())
    assert all((site.root / f).read_bytes() == (again.root / f).read_bytes() for f in files if f.name != "mkdocs.yml")
    # 70 projects: the loader accepts them (every reference valid), February to August are published.
    settings = Settings(year=2022, as_of=Month(2022, 9), city="示例省", sample=True, data_dir=site.root / "data")
    output = build(settings)
    assert len(output.derived.model.statuses) == 70
    assert sorted(m for m in output.derived.model.data.snapshots) == [Month(2022, m) for m in range(2, 9)]
    # 24 case pages are written (12 per 35 projects, as in the sample); the public site holds back
    # those dated after the August bulletin was published, and lists them as held.
    assert len(list((site.root / "content" / "cases").rglob("*.md"))) == 24
    assert len(output.derived.model.cases) + len(output.derived.held) == 24 and output.derived.held
    titles = {s.project.title for s in output.derived.model.statuses}
    assert len(titles) > 60  # varied, not clones
    plain = write_plain(tmp_path / "plain", site)
    assert len(list((plain.parent / "docs" / "projects").glob("*.md"))) == 71  # 70 columns and the index


def test_bench_command_runs_a_small_size(tmp_path: Path) -> None:
    result = duban("-f", str(ROOT / "mkdocs.yml"), "bench", "--sizes", "35", "--repeat", "1", "--work", str(tmp_path))
    assert result.returncode == 0, result.stderr
    row = next(line.split() for line in result.stdout.splitlines() if line.split()[:1] == ["35"])
    assert len(row) >= 16  # Duban's figures, then plain MkDocs' side by side and the ratios
    assert (tmp_path / "n35" / ".stamp").is_file()  # the generated data is kept for the next run
    assert not list(tmp_path.glob("bench-*"))  # the built sites are not (unless --keep)


def _serve_builds(config: Path, site: Path, edits: list[tuple[str, str, str]]) -> list[dict[str, bytes]]:
    """Rebuild as ``mkdocs serve`` does (one plugin object, a fresh config each time), applying
    one edit (file, old, new) before each rebuild after the first; the pages of each rebuild."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    plugin = None
    out = []
    for i in range(len(edits) + 1):
        if i:
            name, old, new = edits[i - 1]
            path = config.parent / name
            path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        cfg = load_config(str(config), site_dir=str(site))
        if plugin is None:
            cfg.plugins.on_startup(command="serve", dirty=False)
            plugin = cfg.plugins["duban"]
        assert cfg.plugins["duban"] is plugin  # MkDocs keeps a plugin with on_startup across rebuilds
        mkdocs_build(cfg, serve_url="http://127.0.0.1:8000/")
        out.append({p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()})
    return out


def test_serving_reuses_only_pages_that_did_not_change(mini_project: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.data.yamlio
    import generator.render.feedwriter

    parsed: list[str] = []
    feeds: list[str] = []
    parse, atom = generator.data.yamlio.parse_yaml, generator.render.feedwriter.atom
    monkeypatch.setattr(generator.data.yamlio, "parse_yaml", lambda raw, name, *a: parsed.append(name) or parse(raw, name, *a))
    monkeypatch.setattr(generator.render.feedwriter, "atom", lambda settings, f: feeds.append(f.atom) or atom(settings, f))
    config = mini_project / "mkdocs.yml"
    first, same, edited = _serve_builds(config, tmp_path / "a", [
        ("data/units.yaml", "# ", "# "),  # saved without a change
        ("data/projects/gas.yaml", "title: 燃气安全改造", "title: 燃气安全改造工程")])
    assert same == first  # reused pages and files are byte-identical to rendered ones
    changed = sorted(name for name in first if first[name] != edited[name])
    assert "projects/gas/index.html" in changed and "index.html" in changed and "projects/index.html" in changed
    assert "燃气安全改造工程" in edited["projects/gas/index.html"].decode("utf-8")
    assert "feeds/projects/gas.xml" in changed and "feeds/projects/care.xml" not in changed
    # Each project file was parsed in the first build only, but gas.yaml, saved with a change, once more.
    assert parsed.count("data/projects/care.yaml") == 1 and parsed.count("data/projects/gas.yaml") == 2
    assert parsed.count("data/units.yaml") == 3  # the shared lists are read at every rebuild
    # A feed is made again only when what it shows changed: care's feed was made once, gas's twice.
    assert feeds.count("feeds/projects/care.xml") == 1 and feeds.count("feeds/projects/gas.xml") == 2
    # Rendering every page and file afresh gives what reusing the unchanged ones gave.
    from mkdocs.config import load_config

    plugin = load_config(str(config)).plugins["duban"]
    plugin.live.outputs.clear()
    plugin.made.current.clear()
    plugin.made.previous.clear()
    plugin.reads = None
    (fresh,) = _serve_builds(config, tmp_path / "b", [])
    assert fresh == edited
    plugin.on_startup(command="build", dirty=False)  # the plugin object outlives this test
    assert plugin.serving is False
    # The served site (a preview) has every file a preview build has, but for the Word and WeChat versions.
    built = tmp_path / "built"
    assert build_preview(config, built).returncode == 0
    served = {p.relative_to(tmp_path / "b").as_posix() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    expected = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
    assert served == {name for name in expected if not name.endswith((".docx", "wechat.html")) and name != ".duban-site"}


def test_the_wechat_article_of_a_long_list_points_to_the_web_page(paged_site: Path) -> None:
    article = (paged_site / "bulletins/2022-08/wechat.html").read_text(encoding="utf-8")
    # 35 projects at 10 a page: the article keeps the headline and the two projects it names
    # (建设家庭养老床位 lagging, 补贴性职业技能培训 not reported) and leaves the table to the web page.
    assert "本期通报共 35 个项目，各项目完成情况见网站" in article
    assert "建设家庭养老床位" in article and "补贴性职业技能培训" in article
    assert "燃气安全提升工程：" not in article  # no per-project line


def test_the_feeds_page_lists_page_size_feeds_and_states_the_address_rule(paged_site: Path) -> None:
    # The sample: 35 projects and 26 units with a feed each (issue 12), at 10 a page.
    feeds = page(paged_site, "feeds")
    assert "共 35 个项目，下表列出前 10 个" in feeds and "<code>feeds/projects/项目编号.xml</code>" in feeds
    assert "共 26 个单位，下表列出前 10 个" in feeds
    assert len(re.findall(r'<a href="\.\./feeds/projects/[a-z0-9-]+\.xml">Atom</a>', feeds)) == 10
    assert "共 35 个项目，下面列出前 10 个" in feeds  # the embeds


def test_the_site_map_lists_page_size_pages_per_section(paged_site: Path) -> None:
    # 35 columns at 10 a page: the map shows 10 and leads to the index for all 35.
    site_map = page(paged_site, "sitemap")
    assert len(re.findall(r'<li><a href="\.\./projects/[a-z0-9-]+/">', site_map)) == 10
    assert '<li><a href="../projects/">……全部 35 个，见索引页</a></li>' in site_map


def test_a_report_lists_page_size_units_and_leads_to_the_unit_index(paged_site: Path) -> None:
    raw = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((DATA / "projects").glob("*.yaml"))]
    leads = {p["lead_unit"] for p in raw}
    assert len(leads) > 10
    year = page(paged_site, "reports/2022")
    assert f"共 {len(leads)} 个牵头单位，上表列出前 10 个" in year
    units = year[year.index('id="units"'):year.index('id="feedback"')]
    assert len(re.findall(r'<td[^>]*><a href="\.\./\.\./units/[a-z0-9-]+/">', units)) == 10


def test_a_district_page_lists_page_size_citywide_projects(paged_site: Path) -> None:
    # Sample projects that name no district are citywide; at 10 a page each district page shows 10 of them.
    raw = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((DATA / "projects").glob("*.yaml"))]
    citywide = [p for p in raw if not p.get("districts") and not any(x.get("district") for x in p.get("parts", []))]
    assert len(citywide) > 10
    zhongshan = page(paged_site, "districts/zhongshan")
    assert f"共 {len(citywide)} 个，下表列出前 10 个" in zhongshan


def test_the_preview_is_written_in_memory_only_where_the_site_fits(tmp_path: Path) -> None:
    from generator.adapters.cli import preview_folder

    assert preview_folder(35, memory=tmp_path) == str(tmp_path)  # this disk has far more than 291 MiB free
    assert preview_folder(10**9, memory=tmp_path) is None  # a petabyte is not there
    assert preview_folder(35, memory=tmp_path / "absent") is None


def test_a_long_bulletin_is_cut_in_the_feeds_and_told_to_each_unit_in_part(tmp_path: Path) -> None:
    from generator.engine.status import Status
    from generator.render.feeds import feeds

    site = write_site(tmp_path / "a", 70, ROOT / "mkdocs.yml")
    settings = Settings(year=2022, as_of=Month(2022, 9), city="示例省", sample=True, data_dir=site.root / "data",
                        page_size=10)
    derived = build(settings).derived
    august = next(b for b in derived.bulletins if b.month == Month(2022, 8))
    lagging = [r for r in august.rows if r.status == Status.LAGGING]
    assert len(lagging) > 10  # enough to be cut at 10
    # The WeChat article and the embedded card cut the same lists, and say how many they leave out.
    from generator.render.embeds import bulletin_card
    from generator.render.views import wechat_view

    article = wechat_view(august, derived.model.data.units, settings, "")
    card = bulletin_card(derived.model, august, "2022-08")
    assert len(august.changes) > 10 and article.changes.shown == august.changes[:10]
    assert article.changes.more == len(august.changes) - 10
    assert len(card.behind.shown) == 10 and card.behind.more == len(lagging) - 10
    every = {f.slug: f for f in feeds(derived.model, derived.bulletins, derived.specials)}
    entry = next(e for e in every["site"].entries if e.key == "bulletin/2022-08")
    assert sum(line.startswith("未完成节点目标：") for line in entry.text) == 10
    assert f"另有 {len(lagging) - 10} 个项目未完成节点目标，见通报页。" in entry.text
    # A unit's feed carries the August bulletin only if it names the unit, with that unit's lines only.
    for slug, feed in every.items():
        if not slug.startswith("units/"):
            continue
        for e in feed.entries:
            if e.key == "bulletin/2022-08":
                unit = slug.removeprefix("units/")
                rows = {r.title for r in august.rows if r.lead_unit == unit}
                lines = [line for line in e.text if line.startswith(("漏报", "迟报", "疑似瞒报", "未完成节点目标"))]
                assert lines and all(any(f"（{t}）" in line or f"：{t}（" in line for t in rows) for line in lines)


def test_the_district_index_is_paged_and_a_page_offers_only_its_own_filter_options(paged_site: Path) -> None:
    # data/districts.yaml lists 11 districts: ten on the first page, the eleventh (高新园区, hitech) on the second.
    first, second = page(paged_site, "districts"), page(paged_site, "districts/page/2")
    assert len(_rows(paged_site, "districts", r'<tr><td[^>]*><a href="[^"]*districts/([a-z]+)/"')) == 10
    assert _rows(paged_site, "districts/page/2", r'<tr><td[^>]*><a href="[^"]*districts/([a-z]+)/"') == ["hitech"]
    assert "第 2 / 2 页（第 11–11 条，共 11 条）" in second and "第 1 / 2 页" in first
    # The feedback list's second page offers, in its unit filter, the units of its own opinions only;
    # the project index's second page, the districts of its own projects.
    html = page(paged_site, "feedback/page/2")
    offered = set(re.findall(r'<option value="([a-z0-9-]+)"', html.split('name="unit"', 1)[1].split("</select>", 1)[0]))
    assert offered == set(re.findall(r'data-unit="([a-z0-9-]+)"', html)) and len(offered) > 1
    html = page(paged_site, "projects/page/2")
    offered = set(re.findall(r'<option value="([a-z0-9-]+)"', html.split('name="district"', 1)[1].split("</select>", 1)[0]))
    assert offered == {x for v in re.findall(r'data-district="([a-z0-9 -]+)"', html) for x in v.split()}


def test_inspections_and_leaders_are_paged(sample_settings: Settings) -> None:
    from dataclasses import replace

    # The public sample: 7 inspections dated by 2022-09-07 (9 in the files; 2 are later) and 6 leaders;
    # at 3 a page, 3 + 3 + 1 inspections and 3 + 3 leaders.
    specs = {s.path: s for s in build(replace(sample_settings, page_size=3)).pages}
    assert [p for p in specs if p.startswith("inspections/")] == [
        "inspections/index.md", "inspections/page/2.md", "inspections/page/3.md"]
    shown = [len(re.findall(r'<li id="i-', specs[p].html().content)) for p in
             ("inspections/index.md", "inspections/page/2.md", "inspections/page/3.md")]
    assert shown == [3, 3, 1]
    assert '<span class="duban-count-n">7</span>' in specs["inspections/page/3.md"].html().content  # counts are of all
    assert [p for p in specs if p == "leaders/index.md" or p.startswith("leaders/page/")] == [
        "leaders/index.md", "leaders/page/2.md"]
    rows = [len(re.findall(r'<a href="[./]*leaders/[a-z0-9-]+/">', specs[p].html().content))
            for p in ("leaders/index.md", "leaders/page/2.md")]
    assert rows == [3, 3]


def test_the_report_index_pages_its_special_reports(sample_settings: Settings) -> None:
    from dataclasses import replace

    from generator.render.paging import page_path

    output = build(replace(sample_settings, page_size=3))
    specs = {s.path: s for s in output.pages}
    units = {p.project.lead_unit for p in output.derived.model.statuses}  # one special report per lead unit
    pages = [p for p in specs if p == "reports/index.md" or p.startswith("reports/page/")]
    assert pages == [page_path("reports/index.md", n) for n in range(1, -(-len(units) // 3) + 1)]
    listed = [u for p in pages for u in re.findall(r'reports/special/([a-z0-9-]+)/"', specs[p].html().content)]
    assert sorted(listed) == sorted(units)
    assert 'id="periods"' in specs["reports/index.md"].html().content
    assert 'id="periods"' not in specs["reports/page/2.md"].html().content


def test_each_page_of_a_paged_report_lists_the_rectifications_and_feedback_of_its_own_projects(
        sample_model: SiteModel) -> None:
    from generator.engine.periods import periods, summarise
    from generator.render import views
    from generator.render.paging import chunk_groups

    seen = 0
    for period in periods(sample_model):
        summary = summarise(sample_model, period)
        pages = chunk_groups(views.report_groups(sample_model, period, set(), summary), 3)
        for name in ("issued", "closed", "feedback"):
            whole = getattr(summary, name)
            shown = []
            for chunk in pages:
                ids = {rl.line.status.project.id for _, lines, _ in chunk for rl in lines}
                mine = getattr(views.report_view(sample_model, period, set(), summary, chunk), name)
                assert all(x.project.id in ids for x in mine)
                assert mine == [x for x in whole if x.project.id in ids]  # in the period's order
                shown += mine
            assert sorted(map(id, shown)) == sorted(map(id, whole))  # each record on exactly one page
            seen += len(whole)
    assert seen > 0


def test_the_serving_cache_reads_data_files_as_the_loader_does(mini_project: Path) -> None:
    import os

    from generator import DataErrors
    from generator.data.loader import ReadCache, load_dataset

    settings = Settings(year=2022, as_of=Month(2022, 3), city="测试市", sample=True, data_dir=mini_project / "data")
    cache = ReadCache()
    assert len(load_dataset(settings, cache=cache).projects) == 2
    os.mkfifo(mini_project / "data" / "projects" / "pipe.yaml")  # opened, a pipe would block a plain read forever
    with pytest.raises(DataErrors) as caught:
        load_dataset(settings, cache=cache)
    assert any(e.file == "data/projects/pipe.yaml" for e in caught.value.errors)


def test_the_sidebar_is_rendered_once_for_the_pages_that_share_it_and_as_material_renders_it(
        mini_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from generator.adapters.material import NavCache

    keys: dict[str, tuple[str, ...] | None] = {}
    renders: list[tuple[str, ...]] = []
    key, keep = NavCache.key, NavCache.keep

    def noted(self: NavCache, page: Any) -> tuple[str, ...] | None:
        found = key(self, page)
        if page is not None:  # None: the 404 page, rendered as it is
            keys[page.url] = found
        return found

    def counted(self: NavCache, found: tuple[str, ...], html: str) -> str:
        renders.append(found)
        return keep(self, found, html)

    monkeypatch.setattr(NavCache, "key", noted)
    monkeypatch.setattr(NavCache, "keep", counted)
    assert build_site(mini_project / "mkdocs.yml", tmp_path / "shared").returncode == 0
    # The mini list's two columns are outside the navigation and link alike: one sidebar for both.
    assert keys["projects/gas/"] is not None and keys["projects/gas/"] == keys["projects/care/"]
    assert keys["projects/gas/"][0] == "../.."  # the home link, as a column has it (MkDocs writes no slash)
    assert renders.count(keys["projects/gas/"]) == 1
    # Pages in the navigation (their entry is marked active) are rendered each time.
    assert keys[""] is None and keys["rectifications/"] is None
    assert len(renders) == len(set(renders)) < len([k for k in keys.values() if k is not None])

    # Material's own partial (the override removed from a copy of the theme) builds the same site.
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "partials" / "nav.html").unlink()
    config = mini_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(str(ROOT / "theme"), str(theme)), encoding="utf-8")
    assert build_site(config, tmp_path / "material").returncode == 0
    differ = [p.relative_to(tmp_path / "shared").as_posix() for p in (tmp_path / "shared").rglob("*.html")
              if p.read_bytes() != (tmp_path / "material" / p.relative_to(tmp_path / "shared")).read_bytes()]
    assert differ == []


def test_the_search_dialog_and_the_config_script_are_rendered_once_per_key_and_unchanged(
        mini_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.adapters.material import NavCache, Rendered

    kept: list[object] = []
    keep = Rendered.keep

    def counted(self: Rendered, key: object, html: str) -> str:
        if not isinstance(self, NavCache):
            kept.append(key)
        return keep(self, key, html)

    monkeypatch.setattr(Rendered, "keep", counted)
    assert build_site(mini_project / "mkdocs.yml", tmp_path / "kept").returncode == 0
    pages = sorted((tmp_path / "kept").rglob("*.html"))
    depths = {p.relative_to(tmp_path / "kept").as_posix().count("/") for p in pages if p.name == "index.html"}
    # One search dialog, one config script for each page depth (its base_url: ".", "..", "../.." …),
    # and one for the 404 page, whose addresses are absolute.
    assert kept.count("search") == 1
    configs = [k for k in kept if k != "search"]
    assert len(configs) == len(set(configs)) == len(depths) + 1
    assert ("config", ".") in configs and ("config", "..") in configs and ("config", "../..") in configs

    # Rendered afresh on every page, the parts come out the same.
    monkeypatch.setattr(Rendered, "get", lambda self, key: None)
    assert build_site(mini_project / "mkdocs.yml", tmp_path / "fresh").returncode == 0
    differ = [p.relative_to(tmp_path / "kept").as_posix() for p in pages
              if p.read_bytes() != (tmp_path / "fresh" / p.relative_to(tmp_path / "kept")).read_bytes()]
    assert differ == []


def test_no_full_garbage_collection_while_the_pipeline_builds(mini_project: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from generator.adapters import plugin as adapter

    during: list[tuple[int, ...]] = []
    real_build = adapter.build

    def noted_build(*args: Any) -> Any:
        during.append(gc.get_threshold())
        return real_build(*args)

    monkeypatch.setattr(adapter, "build", noted_build)
    young, middle, full = gc.get_threshold()
    assert full < 1_000_000  # (the interpreter's own: 10)
    assert build_site(mini_project / "mkdocs.yml", tmp_path / "site").returncode == 0
    assert during == [(young, middle, 1_000_000_000)]  # young objects still collected
    assert gc.get_threshold() == (young, middle, full)
    gas = mini_project / "data/projects/gas.yaml"
    gas.write_text(gas.read_text(encoding="utf-8").replace("lead_unit: gas-office", "lead_unit: 市燃汽办"), encoding="utf-8")
    assert build_site(mini_project / "mkdocs.yml", tmp_path / "failed").returncode != 0
    assert len(during) == 2 and gc.get_threshold() == (young, middle, full)  # given back when the data fails too


def test_the_build_lets_go_of_its_dataset_before_jieba_loads_its_dictionary(mini_project: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import gc
    import weakref

    from generator.adapters import plugin as adapter
    from generator.adapters import search

    models: list[weakref.ref[Any]] = []
    real_build, real_prepare = adapter.build, search._teach_jieba

    def noted_build(*args: Any) -> Any:
        output = real_build(*args)
        models.append(weakref.ref(output.derived.model))
        return output

    alive_at_segmenting: list[bool] = []

    def noted_prepare(*args: Any) -> bool:
        gc.collect()
        alive_at_segmenting.append(models[0]() is not None)
        return real_prepare(*args)

    monkeypatch.setattr(adapter, "build", noted_build)
    monkeypatch.setattr(search, "_teach_jieba", noted_prepare)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # no cuts kept from an earlier build: jieba is taught
    monkeypatch.setattr(search._Cuts, "key", None)
    assert build_site(mini_project / "mkdocs.yml", tmp_path / "site").returncode == 0
    assert alive_at_segmenting == [False]  # segmented once, with the dataset gone
    index = (tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "\u200b燃气\u200b" in index  # and segmented: the mini list's gas project, word by word
