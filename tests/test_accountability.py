"""Rectification lifecycle, cases, feedback statistics, scorecard, suspected concealment."""

from __future__ import annotations

import statistics
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build_site
from test_build import page, text_of

from generator.accountability import SCORING, RectState, rectification_state
from generator.fields import Month
from generator.models import Rectification

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


def test_sample_has_every_state(sample_site: Path) -> None:
    text = text_of(page(sample_site, "rectifications"))
    for state in RectState:
        assert state.label in text
    home = page(sample_site, "")
    box = home[home.index('class="duban-alarm-box"'):]
    box = text_of(box[: box.index("</div>")])
    assert "逾期未销号" in box and "销号后再次滞后（重新打开）" in box
    assert "新增普惠性托位" in box  # childcare-places: closed in June, lagging again in September


def test_feedback_reply_statistics_match_the_yaml(sample_site: Path) -> None:
    items = []
    for path in sorted((ROOT / "data/projects").glob("*.yaml")):
        items += yaml.safe_load(path.read_text(encoding="utf-8")).get("feedback", [])
    mine = [f for f in items if f["unit"] == "civil-affairs-bureau"]
    days = [(f["replied"] - f["received"]).days for f in mine if f["status"] == "answered"]
    on_time = sum(1 for d in days if d <= 15) / len(mine) * 100
    assert len(mine) >= 5
    text = text_of(page(sample_site, "feedback"))
    assert f"市民政局{len(mine)}{len(days)}{statistics.median(days):g} 天{round(on_time, 1):g}%" in text
    assert len(items) >= 25


def test_scorecard_rule_is_stated_and_applied(sample_site: Path) -> None:
    unit = text_of(page(sample_site, "units/civil-affairs-bureau"))
    for _, label, points in SCORING:
        assert f"{label}{points:+d}" in unit
    assert "基础分 100 分" in unit
    assert "督查发现疑似瞒报（次）-101-10" in unit  # home-care-beds: 380 counted on site, 420 reported


def test_suspected_concealment_on_the_column(sample_site: Path) -> None:
    text = text_of(page(sample_site, "projects/home-care-beds"))
    assert "疑似瞒报：2022-09-21 现场督查现场核查 8月完成 380 张，少于牵头单位报送的 420 张" in text


def test_cases_appear_on_columns_units_and_bulletins(sample_site: Path) -> None:
    case = page(sample_site, "cases/exposed/home-care-beds-assessment-backlog")
    assert "沙河口区政府分管副区长" in text_of(case)
    assert 'href="../../../projects/home-care-beds/"' in case
    assert "家庭养老床位入户评估迟迟不到位" in text_of(page(sample_site, "projects/home-care-beds"))
    assert "家庭养老床位入户评估迟迟不到位" in text_of(page(sample_site, "units/shahekou-gov"))
    assert "家庭养老床位入户评估迟迟不到位" in text_of(page(sample_site, "bulletins/2022-09"))
    exposed = text_of(page(sample_site, "cases/exposed"))
    praise = text_of(page(sample_site, "cases/praise"))
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
    result = build_site(mini_project / "mkdocs.yml", site)
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
def test_case_front_matter_errors(mini_project: Path, tmp_path: Path, old: str, new: str, expected: str) -> None:
    write_case(mini_project, CASE.replace(old, new))
    result = build_site(mini_project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    assert expected.format(f="content/cases/exposed/east-lag.md") in result.stderr


def test_praise_case_in_the_wrong_folder_and_with_exposure_fields(mini_project: Path, tmp_path: Path) -> None:
    write_case(mini_project, CASE, kind="praise", name="wrong")
    result = build_site(mini_project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    assert ("content/cases/praise/wrong.md:2 kind: kind 为 exposed，但文件在 cases/praise/ 中 / kind is exposed but the "
            "file is in cases/praise/") in result.stderr


def test_email_in_feedback_is_refused(mini_project: Path, tmp_path: Path) -> None:
    gas = mini_project / "data/projects/gas.yaml"
    text = gas.read_text(encoding="utf-8")
    line = text[: text.index("    summary: 咨询改造是否收费。")].count("\n") + 1
    gas.write_text(text.replace("咨询改造是否收费。", "咨询改造是否收费，回复至 resident@example.com。"), encoding="utf-8")
    result = build_site(mini_project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    assert (f"data/projects/gas.yaml:{line} feedback[0].summary: 不得公开个人信息：疑似含有电子邮箱，请删除 / personal data "
            "must not be published: looks like an e-mail address") in result.stderr
