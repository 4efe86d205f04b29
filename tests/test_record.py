"""A record that cannot be quietly rewritten: deadlines, the public/preview split, check --due,
publish guardrails, content rules, lights, inspections and leaders."""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import DATA, ROOT, build_preview, build_site, data_errors, duban, edit, mini_settings, page, publish, text_of

from generator import load_dataset

GAS = "data/projects/gas.yaml"
CARE = "data/projects/care.yaml"


def run(project: Path, *args: str):  # type: ignore[no-untyped-def]
    return duban("-f", str(project / "mkdocs.yml"), *args)


def site_texts(site: Path) -> dict[str, str]:
    """Every text a site serves, by file: pages, search index, sitemap, WeChat pages, Word bodies."""
    out = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        name = path.relative_to(site).as_posix()
        if path.suffix == ".docx":
            out[name] = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
        elif path.suffix in (".html", ".json", ".xml", ".txt", ".js"):
            out[name] = path.read_text(encoding="utf-8")
    return out


# ---------------------------------------------------------------- nothing public before it is published


def _later_than_the_august_bulletin() -> list[str]:
    """Texts from the YAML that the office has not published yet: September's reports, and records dated
    after 2022-09-07 (the day the August bulletin, the latest one, was published)."""
    texts = []
    for path in sorted((DATA / "projects").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [r["progress"] for r in raw.get("reports", []) if str(r["month"]) == "2022-09"]
        texts += [i["findings"] for i in raw.get("inspections", []) if str(i["date"]) > "2022-09-07"]
        texts += [f["summary"] for f in raw.get("feedback", []) if str(f["received"]) > "2022-09-07"]
    meetings = yaml.safe_load((DATA / "meetings.yaml").read_text(encoding="utf-8"))["meetings"]
    texts += [m["decisions"] for m in meetings if str(m["date"]) > "2022-09-07"]
    for path in sorted((ROOT / "content/cases").glob("*/*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        if str(front["date"]) > "2022-09-07":
            texts.append(front["title"])
    return texts


def test_public_build_has_no_trace_of_the_unpublished_month(sample_site: Path, sample_preview: Path) -> None:
    later = _later_than_the_august_bulletin()
    assert len(later) > 40  # 35 September reports, and more
    public, preview = site_texts(sample_site), site_texts(sample_preview)
    preview_all = "\n".join(preview.values())
    public_all = "\n".join(public.values())
    for text in later:
        shown = text.split("\n")[0][:40]
        assert shown in preview_all, shown
        assert shown not in public_all, shown
    assert not [name for name in public if "2022-09" in name]
    assert "bulletins/2022-09/2022-09.docx" in preview and "bulletins/2022-09/wechat.html" in preview
    # 2022-09-30: most September reports were filed that day, and it is the preview's as-of date.
    for words in ("截至 9 月底", "2022 年 9 月底", "2022年9月重点民生实事", "2022-09-30"):
        assert words not in public_all and words in preview_all, words


def test_preview_is_marked_and_kept_out_of_search_and_sitemap(sample_site: Path, sample_preview: Path) -> None:
    pages = sorted(sample_preview.rglob("*.html"))
    for path in pages:
        if path.name == "wechat.html":
            assert "预览，未发布" in path.read_text(encoding="utf-8") or "2022-09" not in str(path)
            continue
        html = path.read_text(encoding="utf-8")
        assert 'class="duban-preview"' in html and "预览，未发布" in html, path
        assert '<meta name="robots" content="noindex, nofollow">' in html, path
    assert '"docs":[]' in (sample_preview / "search/search_index.json").read_text(encoding="utf-8").replace(" ", "")
    assert not (sample_preview / "sitemap.xml").exists() and not (sample_preview / "sitemap.xml.gz").exists()
    for path in sample_site.rglob("*.html"):
        assert 'class="duban-preview"' not in path.read_text(encoding="utf-8"), path
    assert (sample_site / "sitemap.xml").is_file()  # (empty until mkdocs.yml sets site_url)


def test_records_dated_after_the_latest_bulletin_wait_for_the_next(mini_project: Path, tmp_path: Path) -> None:
    assert publish(mini_project, "2022-02", "--date", "2022-03-05").returncode == 0
    folder = mini_project / "content/cases/praise"
    folder.mkdir(parents=True)
    (folder / "gas-march.md").write_text("---\nkind: praise\ndate: 2022-03-10\ntitle: 燃气改造三月经验\nprojects: [gas]\n"
                                         "units: [gas-office]\n---\n正文。\n", encoding="utf-8")
    site, preview = tmp_path / "site", tmp_path / "preview"
    assert build_site(mini_project / "mkdocs.yml", site).returncode == 0
    assert not (site / "cases/praise/gas-march").exists()
    assert "燃气改造三月经验" not in page(site, "cases/praise") and "燃气改造三月经验" not in page(site, "projects/gas")
    assert "完成 250 户。" not in page(site, "projects/gas")  # the March report
    assert "咨询改造是否收费。" in page(site, "feedback")  # received 2022-03-02, before the bulletin of 03-05
    assert build_preview(mini_project / "mkdocs.yml", preview).returncode == 0
    assert "燃气改造三月经验" in page(preview, "cases/praise/gas-march")


def test_nothing_is_public_before_the_first_bulletin(mini_project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert build_site(mini_project / "mkdocs.yml", site).returncode == 0
    home = text_of(page(site, ""))
    assert "数据截至 首期月度通报发布前" in home
    assert "完成 120 户。" not in page(site, "projects/gas")
    assert not (site / "bulletins/2022-02").exists()


# ---------------------------------------------------------------- lights and the grid


# Which colour each status may show, written out from the issue: met, ahead, completed green; lagging and
# not reported red; adjusted and deferred blue; not yet due grey.
ALLOWED = {"completed": "green", "ahead": "green", "on_track": "green", "lagging": "red", "not_reported": "red",
           "adjusted": "blue", "deferred": "blue", "not_due": "grey"}
LETTERS = {"completed": "已", "ahead": "超", "on_track": "按", "lagging": "滞", "adjusted": "调", "deferred": "暂",
           "not_reported": "未", "not_due": ""}


@pytest.mark.parametrize("which", ["public", "preview"])
def test_every_grid_cell_has_the_colour_of_its_status(sample_site: Path, sample_preview: Path, which: str) -> None:
    home = page(sample_site if which == "public" else sample_preview, "")
    grid = home[home.index('class="duban-grid"'): home.index("</table>", home.index('class="duban-grid"'))]
    cells = re.findall(r'<td class="duban-cell duban-cell--(\w+)" data-status="(\w+)"><a href="[^"]+" title="[^"]*">'
                       r'<span aria-hidden="true">([^<]*)', grid)
    assert len(cells) == 35 * 11
    assert [c for c in cells if ALLOWED[c[1]] != c[0] or LETTERS[c[1]] != c[2]] == []
    # The back-loaded plans that used to turn February–June yellow: no cell is yellow any more.
    assert "duban-cell--yellow" not in grid
    legend = text_of(home[home.index('id="grid-legend"'):home.index("</div>", home.index('id="grid-legend"'))])
    for letter, label in (("按", "按计划完成节点目标"), ("超", "提前或超额完成节点目标"), ("滞", "未完成节点目标（滞后）"),
                          ("已", "已完成全年目标任务"), ("调", "报市政府同意后调整节点目标"), ("暂", "报市政府同意后暂缓实施"),
                          ("未", "未报送（漏报）"), ("!", "预警")):
        assert f"{letter} = {label}" in legend


def test_projects_7_and_27_are_not_red_while_on_plan(sample_site: Path) -> None:
    # road-rebuilding (7) and new-schools (27) were on plan April–July (the example) but red under the
    # old gap-to-序时进度 lights; their colour now follows their status.
    home = page(sample_site, "")
    grid = home[home.index('class="duban-grid"'):]
    for pid in ("road-rebuilding", "new-schools"):
        row = grid[grid.index(f'href="projects/{pid}/">'):]
        row = row[: row.index("</tr>")]
        for month in ("04", "05", "06", "07"):
            cell = re.search(rf'duban-cell--(\w+)" data-status="(\w+)"><a href="projects/{pid}/#plan-2022-{month}"', row)
            assert cell is not None and cell.groups() == ("green", "on_track"), (pid, month)


def test_over_delivery_is_shown_as_it_happened(sample_site: Path) -> None:
    # pocket-parks: 53 of 50 by the end of August (106%).
    column = text_of(page(sample_site, "projects/pocket-parks"))
    assert "截至 8 月底累计完成 53 个，占全年目标 50 个的 106%" in column
    assert "已完成全年目标任务超额完成全年目标" in column
    august = text_of(page(sample_site, "bulletins/2022-08"))
    assert "15. 建设口袋公园" in august and "106%已完成全年目标任务超额完成全年目标" in august


# ---------------------------------------------------------------- year-end risks


def test_year_end_risks_from_september(sample_site: Path, sample_preview: Path) -> None:
    assert 'id="risks"' not in page(sample_site, "")  # August: not yet
    home = text_of(page(sample_preview, ""))
    # By hand from the YAML: water-supply-network was deferred July–September; rental-housing adjusted from
    # June; gas-pipe-renewal has 120 - 76.4 = 43.6 km left for 3 months (14.53 a month) while its best month
    # so far was July, 56.3 - 42 = 14.3 km.
    assert "老旧燃气管网更新改造（市城市管理局）：尚差 43.6公里，需月均完成 14.5公里，此前单月最多完成 14.3公里" in home
    assert "老旧供水管网改造（市水务局）：经市政府同意暂缓实施（自 7月起至 9月）" in home
    assert "筹集保障性租赁住房（市住房城乡建设局）：经市政府同意调整节点目标（自 6月起）" in home
    september = text_of(page(sample_preview, "bulletins/2022-09"))
    assert "年底完成风险" in september and "老旧燃气管网更新改造（市城市管理局）：尚差 43.6公里" in september


# ---------------------------------------------------------------- inspections and leaders


def test_inspections_page(sample_site: Path) -> None:
    text = text_of(page(sample_site, "inspections"))
    assert "2022-07-12 · 暗访 · 四不两直 · 燃气安全提升工程" in text
    assert ("现场核实 5月：1500 个，少于报送的 1560 个，疑似瞒报（2022年6月通报点名）；已更正（2022-07-12），扣分保留"
            in text)
    assert "预警（2022-06-24 发出，2022-08-15 解除）" in text
    assert "预警（2022-05-20 发出，尚未解除）" in text
    # The warning stays on the column until lifted: childcare-places (not lifted) and heating-network (lifted).
    assert "督查预警（2022-05-20 发出，尚未解除）" in text_of(page(sample_site, "projects/childcare-places"))
    assert "督查预警" not in text_of(page(sample_site, "projects/heating-network")).split("基本信息")[0]


def test_leader_pages_flag_a_leader_without_a_recent_meeting(sample_site: Path) -> None:
    # As of 2022-09-07 (the August bulletin), with meeting_months 2: recent means after 2022-07-07. From
    # data/meetings.yaml and the project files: leader-b (李某某) leads bus-shelters, new-taxis and
    # parking-spaces, none behind, and chaired no meeting; leader-c (王某某) leads 9 projects, 2 of them
    # behind in August (home-care-beds lagging, skills-training 漏报), and met on 2022-08-26; leader-a's
    # meeting of 2022-09-23 is not public yet, so its latest is 2022-03-25.
    index = text_of(page(sample_site, "leaders"))  # cells: leader, projects, behind, meetings, latest
    assert "李某某（副市长）300尚未召开近 2 个月未召开调度会" in index
    assert "王某某（副市长）9212022-08-26 赵某某" in index
    leader_a = text_of(page(sample_site, "leaders/leader-a"))
    assert "近 2 个月（2022-07-07 以来）未召开调度会，最近一次为 2022-03-25" in leader_a
    assert "2022-09-23" not in leader_a
    leader_b = text_of(page(sample_site, "leaders/leader-b"))
    assert "本年度尚未召开" in leader_b and "新增公共停车泊位" in leader_b


# ---------------------------------------------------------------- check --due


def test_check_due_lists_exactly_the_missing_reports(mini_project: Path, tmp_path: Path) -> None:
    config = mini_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('as_of: "2022-03"', 'as_of: "2022-04"'), encoding="utf-8")
    # By hand from the mini fixture: April's reports are due on 30 April + 5 days = 5 May. Neither project
    # has an April report; gas's March shortfall (250 < 300) has its reason and measures; the east district's
    # rectification r-03 (deadline 2022-04-30) has no reply. Care's report of 2022-03-01 for February was
    # within February's deadline (03-05).
    on_time = run(mini_project, "check", "--due", "2022-05-05")
    assert "应报未报" not in on_time.stdout  # the deadline day itself is still in time
    csv_path = tmp_path / "due.csv"
    result = run(mini_project, "check", "--due", "2022-05-06", "--csv", str(csv_path))
    assert result.returncode == 1
    assert result.stdout.splitlines()[:10] == [
        "截至 2022-05-06 的应办事项（按单位） / due on 2022-05-06, by unit:",
        "",
        "市民政局",
        "  - 应报未报（漏报）：老年助餐服务 2022年4月：4月进展应于 2022-05-05 前报送",
        "",
        "东区政府",
        "  - 整改逾期未答复：燃气安全改造 2022年3月：3月节点整改要求，完成时限 2022-04-30，尚无答复",
        "",
        "市燃气办",
        "  - 应报未报（漏报）：燃气安全改造 2022年4月：4月进展应于 2022-05-05 前报送",
    ]
    rows = csv_path.read_bytes().decode("utf-8-sig").splitlines()
    assert rows[0] == "单位编号,单位,事项,项目编号,项目,月份,期限,说明"
    assert sorted(r.split(",")[0] + ":" + r.split(",")[3] for r in rows[1:]) == [
        "civil-affairs:care", "east-gov:gas", "gas-office:gas"]


def test_check_due_lists_late_reports_and_missing_reasons(mini_project: Path) -> None:
    edit(mini_project, GAS, "    measures: 增加施工队伍。\n", "")
    edit(mini_project, CARE, "filed: 2022-03-31, progress: 已征求意见。", "filed: 2022-04-08, progress: 已征求意见。")
    assert any("未完成节点目标时必须填写整改措施 measures" in e for e in data_errors(mini_settings(mini_project)))
    result = run(mini_project, "check", "--due", "2022-04-10")
    assert result.returncode == 1
    assert "  - 逾期报送（迟报）：老年助餐服务 2022年3月：3月进展于 2022-04-08 报送，逾期 3 天" in result.stdout
    assert "  - 未完成节点目标但未写明原因和措施：燃气安全改造 2022年3月：3月未完成节点目标，须书面说明原因和整改措施" in result.stdout


# ---------------------------------------------------------------- publish guardrails


def test_publish_refuses_a_gap(mini_project: Path) -> None:
    result = publish(mini_project, "2022-03", "--date", "2022-04-06")
    assert result.returncode == 1
    assert ("2022-02 的月度通报尚未发布，不能跳过；请先按月份顺序发布，如确需跳过请加 --force / earlier months are not "
            "published (2022-02); publish them first, or use --force") in result.stderr
    assert not (mini_project / "data/bulletins/2022-03.yaml").exists()
    assert publish(mini_project, "2022-03", "--date", "2022-04-06", "--force").returncode == 0


def test_publish_refuses_a_date_before_the_deadline(mini_project: Path) -> None:
    result = publish(mini_project, "2022-02", "--date", "2022-03-04")
    assert result.returncode == 1
    assert "发布日期 2022-03-04 早于 2022-02 的报送期限 2022-03-05：此时发布会把尚未到期的单位计为漏报" in result.stderr


def test_publish_shows_what_it_will_say_and_asks(mini_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # care filed February on 2022-03-06, a day after the deadline (28 February + 5 days); published on 03-07
    # it is 迟报 by 1 day. Published on 03-05 instead, the report had not come in: 漏报.
    edit(mini_project, CARE, "filed: 2022-03-01", "filed: 2022-03-06")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"n\n")))  # MkDocs reads stdin.buffer
    refused = run(mini_project, "publish", "2022-02", "--date", "2022-03-05")
    assert refused.returncode == 1 and "未确认" in refused.stderr
    assert not (mini_project / "data/bulletins/2022-02.yaml").exists()
    assert refused.stdout.splitlines()[:4] == [
        "即将发布并封存：2022年2月重点民生实事项目推进情况通报（发布日期 2022-03-05）",
        "截至 2 月底，2 个项目中，1 个提前或超额完成节点目标，1 个未报送（漏报）。",
        "将在通报中点名（对出现瞒报、漏报情况的单位予以通报），发布后不可撤销：",
        "  - 漏报：市民政局（老年助餐服务）：未按期报送本月进展"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"y\n")))
    accepted = run(mini_project, "publish", "2022-02", "--date", "2022-03-07")
    assert accepted.returncode == 0, accepted.stderr
    assert "  - 迟报：市民政局（老年助餐服务）：2022-03-06 报送，逾期 1 天" in accepted.stdout
    snapshot = (mini_project / "data/bulletins/2022-02.yaml").read_text(encoding="utf-8")
    assert "late_days: 1" in snapshot and "filed: '2022-03-06'" in snapshot


def test_the_bulletin_names_units_on_the_page_in_word_and_wechat(mini_project: Path, tmp_path: Path) -> None:
    edit(mini_project, CARE, "filed: 2022-03-01", "filed: 2022-03-06")
    assert publish(mini_project, "2022-02", "--date", "2022-03-05").returncode == 0
    site = tmp_path / "site"
    assert build_site(mini_project / "mkdocs.yml", site).returncode == 0
    bulletin = text_of(page(site, "bulletins/2022-02"))
    assert "对出现瞒报、漏报情况的单位予以通报" in bulletin
    assert "漏报：市民政局（老年助餐服务）：未按期报送本月进展。" in bulletin
    word = zipfile.ZipFile(site / "bulletins/2022-02/2022-02.docx").read("word/document.xml").decode("utf-8")
    assert "对出现瞒报、漏报情况的单位予以通报" in word and "漏报：市民政局（老年助餐服务）：未按期报送本月进展。" in word
    wechat = (site / "bulletins/2022-02/wechat.html").read_text(encoding="utf-8")
    assert "对出现瞒报、漏报情况的单位予以通报" in wechat
    # The report that came in on 03-06 shows as 补报; the 漏报 stands on the column and in the unit's record.
    column = text_of(page(site, "projects/care"))
    assert "未报送（2022-03-06 补报）" in column


# ---------------------------------------------------------------- content that means what it says


@pytest.mark.parametrize("reason", ["无", "同上", "见上。", "/", "-", "略", "暂无", "材料晚"])
def test_a_reason_that_says_nothing_is_refused(mini_project: Path, reason: str) -> None:
    line = edit(mini_project, GAS, "explanation: 材料供应延迟。", f"explanation: \"{reason}\"")
    assert data_errors(mini_settings(mini_project)) == [
        f"{GAS}:{line} reports[1].explanation: 未完成原因 explanation必须写明具体内容，不能只写“{reason}”这类占位词（“无”“同上”"
        f"“略”等），至少 5 个字 / a written reason is required: {reason!r} says nothing (at least 5 characters, not 无, 同上, 略 …)"]


def test_whole_things_refuse_fractions(mini_project: Path) -> None:
    line = edit(mini_project, GAS, "{month: 2022-02, cumulative: 70}", "{month: 2022-02, cumulative: 70.5}")
    assert data_errors(mini_settings(mini_project)) == [
        f"{GAS}:{line} parts[0].reports[0].cumulative: 计量单位为“户”，只能是整数，得到 70.5 / whole things (户) are counted "
        "in whole numbers, got 70.5"]


def test_integer_false_allows_fractions_of_a_whole_measure(mini_project: Path) -> None:
    edit(mini_project, GAS, "{month: 2022-02, cumulative: 70}", "{month: 2022-02, cumulative: 70.5}")
    edit(mini_project, GAS, "measure: 户\n", "measure: 户\ninteger: false\n")
    data = load_dataset(mini_settings(mini_project))
    assert data.projects[0].parts[0].reports[0].cumulative == 70.5


def test_a_deferral_must_end_within_the_year(mini_project: Path) -> None:
    line = edit(mini_project, GAS, "rectifications:", "adjustments:\n  - kind: defer\n    from: 2022-04\n    approval: 批复1号\n"
                "    approved: 2022-03-30\n    reason: 施工条件不具备，暂缓至下半年\nrectifications:")
    assert data_errors(mini_settings(mini_project)) == [
        f"{GAS}:{line + 1} adjustments[0].until: 暂缓实施必须写明截止月 until，且不晚于 2022-11：项目当年必须完成，暂缓后须留出完成"
        "时间 / a deferral needs an end month (until) no later than 2022-11: every project must be finished within the year"]


def test_rectifications_and_feedback_after_the_as_of_deadline_are_refused(mini_project: Path) -> None:
    # as_of 2022-03: its reports are due by 2022-04-05; nothing else may be dated later.
    line = edit(mini_project, GAS, "    issued: 2022-04-05", "    issued: 2022-04-06")
    errors = data_errors(mini_settings(mini_project))
    assert (f"{GAS}:{line} rectifications[0].issued: 日期 2022-04-06 晚于数据截止月 2022-03 的报送期限 2022-04-05；请在 as_of "
            "改到该月后再录入 / date 2022-04-06 is after the reporting deadline 2022-04-05 of the as-of month 2022-03") in errors


def test_a_correction_record_for_an_unpublished_month_is_an_error(mini_project: Path) -> None:
    text = (mini_project / GAS).read_text(encoding="utf-8")
    (mini_project / GAS).write_text(text + "corrections:\n  - month: 2022-02\n    date: 2022-03-20\n    reason: 复核更正二月数字。\n"
                                    "    requested_by: 东区政府\n", encoding="utf-8")
    line = text.count("\n") + 2
    result = run(mini_project, "check")
    assert result.returncode == 1
    assert (f"{GAS}:{line} corrections[0].month: 2022-02 的月度通报尚未发布，无需更正记录 / the 2022-02 bulletin is not "
            "published: nothing to correct") in result.stderr


def test_serve_previews_and_build_does_not() -> None:
    from generator.adapters.plugin import DubanPlugin

    plugin = DubanPlugin()
    plugin.on_startup(command="serve", dirty=False)  # `duban serve` and `mkdocs serve`
    assert plugin.preview
    plugin.on_startup(command="build", dirty=False)  # `mkdocs build` (the plugin instance is kept per process)
    assert not plugin.preview


def test_a_lifted_warning_needs_a_warning_and_a_later_date(mini_project: Path) -> None:
    text = (mini_project / GAS).read_text(encoding="utf-8")
    (mini_project / GAS).write_text(text + "inspections:\n  - date: 2022-03-10\n    kind: unannounced\n    findings: 现场未见施工。\n"
                                    "    lifted: 2022-03-20\n", encoding="utf-8")
    line = text.count("\n") + 5  # the fifth line added
    assert data_errors(mini_settings(mini_project)) == [
        f"{GAS}:{line} inspections[0].lifted: 预警解除日期 2022-03-20 须有预警 warning，且不早于督查日期 2022-03-10 / lifted "
        "2022-03-20 needs a warning and must not be before the inspection 2022-03-10"]


def test_a_snapshot_written_before_the_new_fields_stays_readable() -> None:
    # The sample's August snapshot as the previous version of `duban publish` wrote it (no progress,
    # filed, late_days, deadline, concealments or risks; yellow lights): its checksum still holds.
    from generator.data.snapshots import Snapshot
    from generator.data.yamlio import load_yaml

    path = Path(__file__).parent / "fixtures/snapshot-v1/2022-08.yaml"
    snap = Snapshot.model_validate(load_yaml(path, "2022-08.yaml"))
    assert snap.checksum == snap.digest() == "be02ed8e794e14f9a20dca3fa29b5c4a26227a7a2df6636163a2cd6a5fa2960a"
    assert snap.concealments is None and all(r.filed is None for r in snap.rows)


def test_bad_deadline_and_warning_options_are_reported(mini_project: Path, tmp_path: Path) -> None:
    config = mini_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      sample: true", "      sample: true\n      warning_basis: weekly\n      report_deadlines:\n"
        "        \"2022-09\": 十月十日\n"), encoding="utf-8")
    result = build_site(config, tmp_path / "site")
    assert result.returncode == 1
    lines = config.read_text(encoding="utf-8").split("\n")
    basis = lines.index("      warning_basis: weekly") + 1  # every option error names its line in mkdocs.yml
    assert (f"Plugin 'duban' option 'warning_basis': mkdocs.yml:{basis}: 允许的值：plan（计划）、elapsed（序时进度），得到 'weekly' / "
            "allowed values: plan, elapsed; got 'weekly'") in result.stderr
    assert (f"Plugin 'duban' option 'report_deadlines': mkdocs.yml:{basis + 1}: 2022-09 的报送期限应为日期 YYYY-MM-DD，得到 '十月十日' / "
            "the deadline of 2022-09 must be a date YYYY-MM-DD, got '十月十日'") in result.stderr
    config.write_text(config.read_text(encoding="utf-8").replace("warning_basis: weekly", "warning_basis: 序时进度").replace(
        "十月十日", "2022-09-20"), encoding="utf-8")
    result = build_site(config, tmp_path / "site")
    assert result.returncode == 1
    assert ("2022-09 的报送期限 2022-09-20 应在该月月底之后，且月份在 2022 年内 / the deadline 2022-09-20 of 2022-09 must be "
            "after the month ends, in 2022") in result.stderr
