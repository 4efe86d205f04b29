"""Rectification lifecycle, cases, feedback statistics, scorecard, suspected concealment."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import build_preview, data_errors, mini_settings, page, text_of

from generator.data.models import Rectification
from generator.dates import Month
from generator.engine.accountability import SCORING, RectState, rectification_state

TODAY = date(2022, 9, 30)


def order(deadline: str, closed: str | None = None) -> Rectification:
    return Rectification.model_validate({"id": "r", "month": "2022-06", "issued": "2022-07-01", "unit": "u",
                                         "requirement": "补齐进度", "deadline": deadline, "closed": closed})


@pytest.mark.parametrize(("deadline", "closed", "behind", "state"), [
    ("2022-10-08", None, set(), RectState.OPEN),          # 8 days ahead
    ("2022-10-07", None, set(), RectState.DUE_SOON),      # exactly 7 days ahead
    ("2022-09-30", None, set(), RectState.DUE_SOON),      # due today: not yet overdue
    ("2022-09-29", None, set(), RectState.OVERDUE),       # one day past
    ("2022-09-29", "2022-10-02", set(), RectState.OVERDUE),  # a closure after the as-of date is not known yet
    ("2022-08-31", "2022-08-31", set(), RectState.CLOSED),   # closed on the deadline day
    ("2022-08-31", "2022-09-01", set(), RectState.CLOSED_LATE),
    ("2022-06-30", "2022-06-30", {Month(2022, 9)}, RectState.REOPENED),   # lags again 3 months after closure
    ("2022-06-30", "2022-06-30", {Month(2022, 6)}, RectState.CLOSED),     # the lag being rectified itself
    ("2022-05-31", "2022-05-31", {Month(2022, 9)}, RectState.CLOSED),     # 4 months later: a new matter
])
def test_rectification_lifecycle(deadline: str, closed: str | None, behind: set[Month], state: RectState) -> None:
    assert rectification_state(order(deadline, closed), TODAY, behind, due_soon_days=7, reopen_months=3) == state


def test_sample_has_every_state(sample_preview: Path) -> None:
    text = text_of(page(sample_preview, "rectifications"))
    for state in RectState:
        assert state.label in text
    home = page(sample_preview, "")
    box = home[home.index('class="duban-alarm-box"'):]
    box = text_of(box[: box.index("</div>")])
    assert "逾期未销号" in box and "销号后再次滞后（恢复整改）" in box
    assert "新增普惠性托位" in box  # childcare-places: closed in June, lagging again in September


def test_feedback_reply_statistics_match_the_yaml(sample_preview: Path) -> None:
    # Worked by hand from data/projects/*.yaml, the 7 items forwarded to civil-affairs-bureau
    # (received → replied, days): assistance-standards ZW-2022-00433 08-08 → 08-19 (11);
    # elderly-home-adaptation 12345-2022-004902 06-14 → 06-21 (7); elderly-meal-points
    # 12345-2022-003120 04-08 → 04-13 (5), ZW-2022-00251 05-09 → 05-20 (11), XJ-2022-0131
    # 08-29, still processing; home-care-beds 12345-2022-005877 07-26 → 07-29 (3),
    # XJ-2022-0102 07-04 → 08-12 (39). Answered 6; median of 3, 5, 7, 11, 11, 39 is 9 days;
    # answered within 15 days: 5 of 7 items = 71.4%.
    text = text_of(page(sample_preview, "feedback"))
    assert "市民政局769 天71.4%" in text  # unit, items, answered, median, on-time share (table cells)


def test_scorecard_rule_is_stated_and_applied(sample_preview: Path) -> None:
    unit = text_of(page(sample_preview, "units/civil-affairs-bureau"))
    for rule in SCORING:
        assert f"{rule.label}{rule.points:+d}" in unit
    assert "基础分 100 分" in unit
    # civil-affairs-bureau by September (the preview), worked by hand from the YAML: of its 5 projects ×
    # 8 months, only home-care-beds missed (August 420 < 470 planned, September 510 < 600): 2 × -5; no
    # month unreported; every report filed on the month's last day, within the deadline (5 days later;
    # 10 October for September): no 迟报; its one rectification (deadline 10-20) is open, not overdue;
    # 2 opinions late (XJ-2022-0102 answered after 39 days, XJ-2022-0131 unanswered after 32): 2 × -2; no
    # exposed case holds it responsible (shahekou-gov is); one suspected concealment (380 counted on
    # site on 2022-09-21, 420 reported for August): -10; one praise case names it: +2.
    # 100 - 10 - 4 - 10 + 2 = 78.
    assert "完成节点目标（项目·月，含经批准调整或暂缓）—38—" in unit
    assert "未完成节点目标（项目·月）-52-10" in unit
    assert "未报送（漏报，项目·月）-100+0" in unit
    assert "逾期报送（迟报，项目·月）-30+0" in unit
    assert "市民意见逾期答复或逾期未答复（件）-22-4" in unit
    assert "被公开曝光的反面典型（件）-100+0" in unit
    assert "督查发现疑似瞒报（次）-101-10" in unit
    assert "被宣传推广的好经验好做法（件）+21+2" in unit
    assert "合计78" in unit
    assert "整改中 1 项" in unit
    assert "加上尚未发布的当月按当前数据的判定（预览）" in unit


def test_back_filled_report_keeps_its_deduction(sample_site: Path, sample_preview: Path) -> None:
    # skills-training (hrss-bureau) filed no August report before the August bulletin was published on
    # 2022-09-07; the bulletin judged it 漏报. The report filed on 2022-09-20 shows as 补报, and the
    # deduction stays. hrss-bureau leads 3 projects; worked by hand from their YAML files: every other
    # month met its milestone (employment-assistance above plan each month, employment-services "met" or
    # "exceeded"), every report on the month's last day (on time).
    # Public site (through August, as of 2022-09-07): 3 × 7 = 21 months, 1 漏报: -10. Its rectification
    # r-2022-08 (issued 09-07, deadline 10-05) is open; the reply of 09-20 and the exposed case of
    # 09-09 come after the August bulletin and are not public yet. 100 - 10 = 90.
    public = text_of(page(sample_site, "units/hrss-bureau"))
    assert "完成节点目标（项目·月，含经批准调整或暂缓）—20—" in public
    assert "未报送（漏报，项目·月）-101-10" in public
    assert "逾期报送（迟报，项目·月）-30+0" in public  # a back-filled report is not also a late one
    assert "被公开曝光的反面典型（件）-100+0" in public
    assert "合计90" in public
    # Preview (through September): 3 × 8 = 24 months, still 1 漏报 (-10); the exposed case of 09-09
    # holds hrss-bureau responsible (-10). 100 - 10 - 10 = 80.
    preview = text_of(page(sample_preview, "units/hrss-bureau"))
    assert "完成节点目标（项目·月，含经批准调整或暂缓）—23—" in preview
    assert "未报送（漏报，项目·月）-101-10" in preview
    assert "被公开曝光的反面典型（件）-101-10" in preview
    assert "合计80" in preview
    column = text_of(page(sample_site, "projects/skills-training"))
    assert "8月累计开展补贴性职业技能培训3万人次300003000010" in column  # plan row: planned, reported, % (100%)
    assert "未报送（2022-09-20 补报）" in column
    assert "8月 · 2022-09-20 报送（2022-09-20 补报）" in column


def test_corrected_concealment_keeps_its_deduction(sample_site: Path) -> None:
    # parking-spaces (public-security-bureau, its only project) reported 1560 for May; the site
    # inspection of 2022-06-16 counted 1500, and the June bulletin named the unit for 疑似瞒报. The
    # figure was corrected to 1500 on 2022-07-12 (correction record in the YAML): it shows 已更正, and
    # the -10 stays. Otherwise, by hand from the YAML: every month Feb–Aug at or above plan, every report
    # within its deadline (August filed 09-01, deadline 09-05); its one opinion answered in 9 days; no
    # case holds it responsible or praises it. 100 - 10 = 90.
    unit = text_of(page(sample_site, "units/public-security-bureau"))
    assert "督查发现疑似瞒报（次）-101-10" in unit
    assert "完成节点目标（项目·月，含经批准调整或暂缓）—7—" in unit
    assert "合计90" in unit
    assert "2022-06-16 现场核查 5月完成 1500，报送为 1560（2022年6月通报点名）；已更正（2022-07-12），扣分保留" in unit
    column = text_of(page(sample_site, "projects/parking-spaces"))
    assert "疑似瞒报（已更正，2022-07-12；扣分保留）：2022-06-16 现场核查 5月完成 1500 个，少于牵头单位报送的 1560 个" in column
    june = text_of(page(sample_site, "bulletins/2022-06"))
    assert "疑似瞒报：市公安局（新增公共停车泊位）：5 月报送累计 1560，2022-06-16 督查现场核实 1500。" in june


def test_late_report_is_late_by_the_right_days(sample_site: Path) -> None:
    # culture-performances filed its May report on 2022-06-07; May's deadline is 31 May + 5 days (the
    # sample's report_grace_days) = 2022-06-05: 2 days late. culture-tourism-bureau leads 3 projects,
    # all at or above plan Feb–Aug (city-book-rooms, free-scenic-entry completed in February); its one
    # opinion answered in 4 days; one praise case (free-scenic-entry-birthday): +2. 100 - 3 + 2 = 99.
    may = text_of(page(sample_site, "bulletins/2022-05"))
    assert "迟报：市文化和旅游局（文化惠民演出）：2022-06-07 报送，逾期 2 天。" in may
    assert "提前或超额完成节点目标（迟报 2 天）" in may
    unit = text_of(page(sample_site, "units/culture-tourism-bureau"))
    assert "逾期报送（迟报，项目·月）-31-3" in unit
    assert "合计99" in unit
    column = text_of(page(sample_site, "projects/culture-performances"))
    assert "5月 · 2022-06-07 报送（迟报 2 天）" in column


def test_suspected_concealment_on_the_column(sample_preview: Path) -> None:
    text = text_of(page(sample_preview, "projects/home-care-beds"))
    assert "疑似瞒报：2022-09-21 现场核查 8月完成 380 张，少于牵头单位报送的 420 张" in text


def test_cases_appear_on_columns_units_and_bulletins(sample_preview: Path) -> None:
    case = page(sample_preview, "cases/exposed/home-care-beds-assessment-backlog")
    assert "沙河口区政府分管副区长" in text_of(case)
    assert 'href="../../../projects/home-care-beds/"' in case
    assert "家庭养老床位入户评估迟迟不到位" in text_of(page(sample_preview, "projects/home-care-beds"))
    assert "家庭养老床位入户评估迟迟不到位" in text_of(page(sample_preview, "units/shahekou-gov"))
    assert "家庭养老床位入户评估迟迟不到位" in text_of(page(sample_preview, "bulletins/2022-09"))
    exposed = text_of(page(sample_preview, "cases/exposed"))
    praise = text_of(page(sample_preview, "cases/praise"))
    assert exposed.count("反面典型") >= 1 and "家庭养老床位" in exposed and "家庭养老床位" not in praise


CASE = """---
kind: exposed
date: 2022-03-10
title: 某区燃气改造进度滞后
projects: [gas]
units: [east-gov]
found_by: 暗访
problem: 3月节点只完成 130 户
responsible_unit: east-gov
responsible_post: 区燃气办主任
sanction: 约谈
rectification: 4 月底前补齐
---
> 示例案例。

正文。<script>alert(1)</script><img src=x onerror=alert(2)>
"""


def write_case(project: Path, text: str, kind: str = "exposed", name: str = "east-lag") -> Path:
    folder = project / "content" / "cases" / kind
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_case_page_is_built_and_sanitized(mini_project: Path, tmp_path: Path) -> None:
    write_case(mini_project, CASE.replace("title: 某区燃气改造进度滞后", "title: \"<b>某区</b>燃气改造滞后\""))
    site = tmp_path / "site"
    result = build_preview(mini_project / "mkdocs.yml", site)  # nothing is published in the mini fixture
    assert result.returncode == 0, result.stderr
    html = page(site, "cases/exposed/east-lag")
    assert "<title>&lt;b&gt;某区&lt;/b&gt;燃气改造滞后 - " in html
    assert "<script>alert" not in html and "onerror" not in html
    assert "暗访发现" in text_of(html) and "区燃气办主任" in text_of(html)
    assert "&lt;b&gt;某区&lt;/b&gt;燃气改造滞后" in page(site, "projects/gas")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("projects: [gas]", "projects: [gaz]",
     "{f}:5 projects[0]: 项目 'gaz' 不存在（见 data/projects/）；是否应为 gas？ / unknown project 'gaz' (see data/projects/) "
     "did you mean gas?"),
    ("units: [east-gov]", "units: [east-gvo]",
     "{f}:6 units[0]: 单位 'east-gvo' 不存在（见 data/units.yaml）；是否应为 east-gov？ / unknown unit 'east-gvo' "
     "(see data/units.yaml) did you mean east-gov?"),
    ("sanction: 约谈\n", "",
     "{f}:2 sanction: 反面典型必须填写 sanction / sanction is required for an exposed case"),
    ("responsible_post: 区燃气办主任", "responsible_post: 区燃气办主任\nnamed_person: 王某某",
     "{f}:11 named_person: 只有经官方点名通报的，才能公开姓名；否则请删除 named_person，只写职务 / a name may be published "
     "only when officially named (named_officially: true); otherwise give the post only"),
    ("date: 2022-03-10", "date: 2022-02-30",
     "{f}:3 date: 日期不存在：2022-02-30 / no such date: 2022-02-30"),
    ("found_by: 暗访", "found_by: 举报",
     "{f}:7 found_by: 允许的值：inspection（督查）、unannounced（暗访）、citizen（群众反映）、media（媒体），得到 '举报' / "
     "allowed values: inspection, unannounced, citizen, media; got '举报'"),
])
def test_case_front_matter_errors(mini_project: Path, old: str, new: str, expected: str) -> None:
    write_case(mini_project, CASE.replace(old, new))
    assert data_errors(mini_settings(mini_project)) == [expected.format(f="content/cases/exposed/east-lag.md")]


def test_praise_case_in_the_wrong_folder_and_with_exposure_fields(mini_project: Path) -> None:
    write_case(mini_project, CASE, kind="praise", name="wrong")
    assert ("content/cases/praise/wrong.md:2 kind: kind 为 exposed，但文件在 cases/praise/ 中 / kind is exposed but the "
            "file is in cases/praise/") in data_errors(mini_settings(mini_project))


def test_email_in_feedback_is_refused(mini_project: Path) -> None:
    gas = mini_project / "data/projects/gas.yaml"
    text = gas.read_text(encoding="utf-8")
    line = text[: text.index("    summary: 咨询改造是否收费。")].count("\n") + 1
    gas.write_text(text.replace("咨询改造是否收费。", "咨询改造是否收费，回复至 resident@example.com。"), encoding="utf-8")
    assert data_errors(mini_settings(mini_project)) == [
        f"data/projects/gas.yaml:{line} feedback[0].summary: 不得公开个人信息：疑似含有电子邮箱，请删除 / personal data "
        "must not be published: looks like an e-mail address"]
