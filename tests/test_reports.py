"""Quarterly, annual and special reports; editors' bulletin prefaces."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from conftest import ROOT, build_preview, data_errors, mini_settings, page, text_of


def test_quarters_and_year_of_the_sample(sample_site: Path) -> None:
    index = text_of(page(sample_site, "reports"))
    assert "2022年第一季度报告" in index and "2022年第三季度报告" in index
    assert "2022年第四季度报告" not in index  # not started by September
    assert "2022年全年报告（本期尚未结束，数据截至 2022 年 8 月底）" in index  # the latest published bulletin
    q1 = page(sample_site, "reports/2022-q1")
    # Q1 has February and March; every count links to that month's bulletin.
    counts = q1[q1.index('aria-label="逐月状态统计"'):]
    counts = counts[: counts.index("</table>")]
    assert re.findall(r'<th scope="row"[^>]*><a href="../../bulletins/(2022-\d\d)/">', counts) == ["2022-02", "2022-03"]
    for month in ("2022-02", "2022-03"):
        row = re.search(rf'bulletins/{month}/">\d+月</a></th>(.*?)</tr>', counts).group(1)
        figures = [int(n) for n in re.findall(r'#projects"[^>]*>(\d+)</a>', row)]
        assert sum(figures) == 35 and len(figures) == 7


def test_report_rectifications_and_feedback_match_the_yaml(sample_site: Path) -> None:
    issued, received = [], 0
    for path in sorted((ROOT / "data" / "projects").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        # The public third quarter runs to August, the latest published bulletin.
        issued += [(path.stem, r["id"]) for r in raw.get("rectifications", [])
                   if "2022-07-01" <= str(r["issued"]) <= "2022-08-31"]
        received += sum(1 for f in raw.get("feedback", []) if "2022-07-01" <= str(f["received"]) <= "2022-08-31")
    q3 = page(sample_site, "reports/2022-q3")
    text = text_of(q3)
    assert f"期内下达整改要求 {len(issued)} 项" in text
    for pid, rid in issued:
        assert f'href="../../projects/{pid}/#rect-{rid}"' in q3
    assert f"期内收到市民意见建议 {received} 件" in text


def test_special_reports_filing_states(mini_project: Path, tmp_path: Path) -> None:
    config = mini_project / "mkdocs.yml"  # the year has ended: filings are due
    config.write_text(config.read_text(encoding="utf-8").replace('as_of: "2022-03"', 'as_of: "2022-12"'), encoding="utf-8")
    folder = mini_project / "data" / "special-reports"
    folder.mkdir()
    (folder / "gas-office.yaml").write_text("filed: 2022-12-20\nsummary: 全年完成燃气安全改造。\n", encoding="utf-8")
    (folder / "civil-affairs.yaml").write_text("filed: 2022-12-28\nsummary: 助餐办法已实施。\n", encoding="utf-8")
    site = tmp_path / "site"
    result = build_preview(mini_project / "mkdocs.yml", site)  # nothing is published in the mini fixture
    assert result.returncode == 0, result.stderr
    assert "2022-12-20 报送，按时报送" in text_of(page(site, "reports/special/gas-office"))
    assert "全年完成燃气安全改造。" in text_of(page(site, "reports/special/gas-office"))
    assert "2022-12-28 报送，逾期报送" in text_of(page(site, "reports/special/civil-affairs"))


def test_special_report_without_filing_before_the_deadline(sample_site: Path) -> None:
    assert "未到报送期限（2022-12-25 前报送）" in text_of(page(sample_site, "reports/special/housing-bureau"))


def test_special_report_for_an_unknown_unit_fails(mini_project: Path) -> None:
    folder = mini_project / "data" / "special-reports"
    folder.mkdir()
    (folder / "gas-ofice.yaml").write_text("filed: 2022-12-20\nsummary: x\n", encoding="utf-8")
    (folder / "gas-office.yaml").write_text("filed: 2022-12-20\nsumary: x\n", encoding="utf-8")
    errors = data_errors(mini_settings(mini_project))
    assert ("data/special-reports/gas-ofice.yaml: 文件名应为牵头单位编号，gas-ofice 不在 units.yaml 中 / the file name "
            "must be a unit id; gas-ofice is not in units.yaml") in errors
    assert errors[1].startswith("data/special-reports/gas-office.yaml:2 sumary: 未知字段 'sumary'；是否应为 summary（全年总结）？")


def test_editor_preface_is_placed_at_the_top_of_its_bulletin(mini_project: Path, tmp_path: Path) -> None:
    prefaces = mini_project / "content" / "bulletins" / "prefaces"
    prefaces.mkdir(parents=True)
    (prefaces / "2022-03.md").write_text("本期**编者按**：燃气改造进入攻坚阶段。\n", encoding="utf-8")
    site = tmp_path / "site"
    assert build_preview(mini_project / "mkdocs.yml", site).returncode == 0
    bulletin = page(site, "bulletins/2022-03")
    assert "<p>本期<strong>编者按</strong>：燃气改造进入攻坚阶段。</p>" in bulletin
    article = bulletin[bulletin.index("<article"):]
    assert article.index("编者按") < article.index("总体情况")
    assert "编者按" not in page(site, "bulletins/2022-02")
    assert not (site / "bulletins" / "prefaces").exists()


def test_reports_list_the_cases_of_their_period(sample_site: Path) -> None:
    cases = []
    for kind in ("praise", "exposed"):
        for path in sorted((ROOT / "content/cases" / kind).glob("*.md")):
            front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
            cases.append((kind, path.stem, str(front["date"])))
    q3 = page(sample_site, "reports/2022-q3")
    in_q3 = [c for c in cases if "2022-07-01" <= c[2] <= "2022-08-31"]  # public: through August
    praise = sum(1 for c in in_q3 if c[0] == "praise")
    assert f"期内宣传推广好经验好做法 {praise} 件，曝光反面典型 {len(in_q3) - praise} 件" in text_of(q3)
    for kind, slug, _ in in_q3:
        assert f'href="../../cases/{kind}/{slug}/"' in q3


def test_special_report_filed_after_the_as_of_date_is_refused(mini_project: Path) -> None:
    folder = mini_project / "data" / "special-reports"
    folder.mkdir()
    (folder / "gas-office.yaml").write_text("filed: 2022-12-20\nsummary: x\n", encoding="utf-8")
    (folder / "east-gov.yaml").write_text("filed: 2022-03-20\nsummary: x\n", encoding="utf-8")
    assert data_errors(mini_settings(mini_project)) == [
        "data/special-reports/east-gov.yaml: east-gov 不是任何项目的牵头单位，专项报告由牵头单位报送 / east-gov leads "
        "no project; special reports come from lead units",
        "data/special-reports/gas-office.yaml:1 filed: 报送日期 2022-12-20 晚于数据截止日 2022-03-31 / filed 2022-12-20 "
        "is after the as-of date 2022-03-31"]


def test_period_reports_start_where_the_period_starts(sample_site: Path) -> None:
    # 期初 is the end of the month before the period (0 at the start of the year), worked from the YAML:
    # old-compound-renovation reported 35000 of 100000 for June (35%), elevator-retrofit 16 of 150 for
    # March (10.7%); new-taxis started the year at 0 (it reached 100 of 100 on 23 February).
    def opening(url: str, title: str) -> str:
        html = page(sample_site, url)
        row = html[html.index(f"{title}</a></td>"):]
        return text_of(row[: row.index("</td>", row.index("</td>") + 5)])

    assert opening("reports/2022-q3", "老旧小区改造") == "老旧小区改造35%"
    assert opening("reports/2022-q2", "既有住宅加装电梯") == "既有住宅加装电梯10.7%"
    assert opening("reports/2022", "新增新型出租汽车") == "新增新型出租汽车0%（年初）"
    q3 = page(sample_site, "reports/2022-q3")
    assert 'href="../../projects/old-compound-renovation/#plan-2022-06" title="6月底">35%</a>' in q3
