"""Schema and rules: exact messages naming file, line, field path and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import data_errors, edit, mini_settings

from generator import Month, load_dataset

GAS = "data/projects/gas.yaml"


def errors_for(root: Path, as_of: str = "2022-03") -> list[str]:
    return data_errors(mini_settings(root, as_of))


def line_of(root: Path, name: str, needle: str) -> int:
    """The line where ``needle`` first occurs in a fixture file."""
    text = (root / name).read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def test_fixture_loads(mini_project: Path) -> None:
    data = load_dataset(mini_settings(mini_project))
    assert [p.id for p in data.projects] == ["gas", "care"]
    gas = data.projects[0]
    assert gas.source == GAS and gas.target == 1000 and gas.plan[1].month == Month(2022, 3)
    assert gas.feedback[0].channel.value == "hotline"  # given as its Chinese label 12345热线


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    post: 处长", "    post: 处长\n    cumulatve: 3",
     f"{GAS}:{{L}} staff[0].cumulatve: 未知字段 'cumulatve'允许的字段：name、post / unknown field 'cumulatve' allowed: name, post"),
    ("target: 1000", "target: ６０",
     f"{GAS}:{{L}} target: 请使用半角数字：应写 60，得到 ６０ / use half-width digits: write 60, got ６０"),
    ("target: 1000", 'target: "60%"',
     f"{GAS}:{{L}} target: 这里填全年目标数量，不是百分比：得到 60% / this is a quantity (target), not a percentage: got '60%'"),
    ("target: 1000", "target: -5",
     f"{GAS}:{{L}} target: 数量不能为负数，得到 -5 / quantity must not be negative, got -5"),
    ("division: 安全处", "division: 12345",
     f"{GAS}:{{L}} division: 应为文本，得到 12345；如需原样保留数字、日期或 true/false，请加引号 / expected text, got 12345; "
     "quote numbers, dates and true/false to keep them as text"),
    ("title: 燃气安全改造", "title: 1.10",
     f"{GAS}:{{L}} title: 应为文本，得到 1.1；如需原样保留数字、日期或 true/false，请加引号 / expected text, got 1.1; "
     "quote numbers, dates and true/false to keep them as text"),
    ("  - {month: 2022-02, filed: 2022-02-28", "  - {month: 2022-02, filed: 2022-02-30",
     f"{GAS}:{{L}} reports[0].filed: 日期不存在：2022-02-30 / no such date: 2022-02-30"),
    ("  - {month: 2022-02, filed: 2022-02-28", "  - {month: 2022-02, filed: 2022-01-28",
     f"{GAS}:{{L}} reports[0].filed: 报送日期 2022-01-28 早于所报月份 2022-02 的开始 / filed 2022-01-28 before the month 2022-02 began"),
    ("  - {month: 2022-02, filed: 2022-02-28", "  - {month: 2021-02, filed: 2022-02-28",
     f"{GAS}:{{L}} reports[0].month: 月份 2021-02 不在 2022 年内 / month 2021-02 is outside 2022"),
    ("    deadline: 2022-04-30", "    deadline: 2022-04-01",
     f"{GAS}:{{L}} rectifications[0].deadline: 完成时限 2022-04-01 早于下达日期 2022-04-05 / deadline 2022-04-01 is before issued 2022-04-05"),
    ("lead_unit: gas-office", "lead_unit: gas-ofice",
     f"{GAS}:{{L}} lead_unit: 牵头单位 'gas-ofice' 不存在（见 data/units.yaml）；是否应为 gas-office？ / unknown lead unit "
     "'gas-ofice' (see data/units.yaml) did you mean gas-office?"),
    ("leader: leader-a", "leader: NO",
     # NO stays text (no YAML 1.1 boolean), and is neither an id nor a name of leaders.yaml
     f"{GAS}:{{L}} leader: 责任领导“NO”不在 leaders.yaml 中（可写编号、全称或 leaders.yaml 中的简称 aliases） / "
     "unknown leader 'NO' (not in leaders.yaml); write its id, full name or an alias"),
    ("title: 燃气安全改造", "title: \"燃气\u202e改造\"",
     f"{GAS}:{{L}} title: 文本含有双向控制字符（如 U+202E），可能使文字显示顺序与实际不符，请删除 / text contains bidirectional "
     "control characters (e.g. U+202E); remove them"),
    ("    reply: 改造不向居民收费。", "    reply: 请致电 13912345678 咨询。",
     f"{GAS}:{{L}} feedback[0].reply: 不得公开个人信息：疑似含有手机号码，请删除 / personal data must not be published: looks like a mobile phone number"),
    ("    summary: 咨询改造是否收费。", "    summary: 身份证 21020219800101123X 的居民咨询。",
     f"{GAS}:{{L}} feedback[0].summary: 不得公开个人信息：疑似含有身份证号码，请删除 / personal data must not be published: looks like an ID card number"),
    ("channel: 12345热线", "channel: 电话",
     f"{GAS}:{{L}} feedback[0].channel: 允许的值：hotline（12345热线）、portal（政府网站）、letter（来信）、media（媒体），得到 '电话' / "
     "allowed values: hotline, portal, letter, media; got '电话'"),
    ("  - {month: 2022-12, milestone: 全部完成, planned: 1000}", "  - {month: 2022-12, milestone: 全部完成, planned: 900}",
     f"{GAS}:{{L}} plan[3].planned: 最后一个月的计划累计数应等于全年目标 1000（任何项目均不允许调减） / the last planned figure must equal the annual target 1000"),
    ("target: 1000", "target: 1" + "0" * 40,
     f"{GAS}:{{L}} target: 应为数字（不要加引号、单位或千位分隔符），得到 '1{'0' * 40}' / expected a number (no quotes, "
     f"units or thousands separators), got '1{'0' * 40}'"),
    ("target: 1000", "target: 10000000000000",
     f"{GAS}:{{L}} target: 数字超出范围（最大 1000000000000），得到 10000000000000 / number out of range (max 1000000000000), "
     "got 10000000000000"),
    ("target: 1000", "target: .inf",
     f"{GAS}:{{L}} target: 应为数字（不要加引号、单位或千位分隔符），得到 '.inf' / expected a number (no quotes, units or "
     "thousands separators), got '.inf'"),
])
def test_project_errors(mini_project: Path, old: str, new: str, expected: str) -> None:
    line = edit(mini_project, GAS, old, new) + new.count("\n")  # the last line of the new text
    assert errors_for(mini_project) == [expected.replace("{L}", str(line))]


def test_typo_in_field_name(mini_project: Path) -> None:
    line = edit(mini_project, GAS, "summary: 完成", "summry: 完成")
    assert errors_for(mini_project) == [
        f"{GAS}:1 summary: 缺少必填字段 / required field missing",
        f"{GAS}:{line} summry: 未知字段 'summry'；是否应为 summary（项目内容）？允许的字段：item、order、title、summary、target、"
        "measure、leader、lead_unit、co_units、division、staff、districts、plan、reports、adjustments、parts、rectifications、"
        "coordination、feedback、media、inspections、integer、corrections、contact、handovers / unknown field 'summry'; did "
        "you mean summary? allowed: item, order, title, summary, target, measure, leader, lead_unit, co_units, division, "
        "staff, districts, plan, reports, adjustments, parts, rectifications, coordination, feedback, media, inspections, "
        "integer, corrections, contact, handovers",
    ]


def test_code_like_values_stay_text(mini_project: Path) -> None:
    edit(mini_project, GAS, "division: 安全处", "division: 012345")
    edit(mini_project, "data/projects/care.yaml", "division: 养老服务处", "division: NO")
    data = load_dataset(mini_settings(mini_project))
    assert [p.division for p in data.projects] == ["012345", "NO"]


def test_missing_field_and_wrong_type(mini_project: Path) -> None:
    edit(mini_project, GAS, "division: 安全处\n", "")
    line = edit(mini_project, GAS, "co_units: [east-gov, west-gov]", "co_units: east-gov")
    assert errors_for(mini_project) == [
        f"{GAS}:1 division: 缺少必填字段 / required field missing",  # the file's top mapping starts on line 1
        f"{GAS}:{line} co_units: 应为列表（每行以“- ”开头，或写作 [a, b]） / expected a list",
    ]


def test_behind_plan_needs_explanation(mini_project: Path) -> None:
    edit(mini_project, GAS, "    explanation: 材料供应延迟。\n", "")
    line = line_of(mini_project, GAS, "  - month: 2022-03\n    filed")
    assert errors_for(mini_project) == [
        f"{GAS}:{line} reports[1].explanation: 未完成节点目标时必须填写未完成原因 explanation / "
        "explanation is required when the milestone was missed",
    ]


def test_part_over_its_target_is_reported_as_it_happened(mini_project: Path) -> None:
    # Over-delivery is accepted (the east district did 700 of its 600); a plan above the target is not.
    edit(mini_project, GAS, "{month: 2022-03, cumulative: 130}", "{month: 2022-03, cumulative: 700}")
    line = edit(mini_project, GAS, "{month: 2022-04, planned: 360}", "{month: 2022-04, planned: 660}")
    assert errors_for(mini_project) == [
        f"{GAS}:{line} parts[0].plan[2].planned: 不能超过分解目标 600，得到 660 / must be ≤ target 600, got 660",
        f"{GAS}:{line} parts[0].plan[3].planned: 累计数不能减少：600 小于上月的 660 / cumulative figures never decrease: "
        "600 < previous 660",
    ]


def test_every_file_reported_at_once(mini_project: Path) -> None:
    care = "data/projects/care.yaml"
    typo = edit(mini_project, care, "division: 养老服务处", "divison: 养老服务处")
    (mini_project / "data/projects/Bad_Name.yaml").write_text("item: 1\n", encoding="utf-8")
    # 王 is not valid UTF-8 in GBK bytes; the name is on line 3.
    (mini_project / "data/leaders.yaml").write_bytes("leaders:\n  - id: leader-a\n    name: 王某\n    post: 副市长\n".encode("gbk"))
    assert errors_for(mini_project) == [
        "data/leaders.yaml:3: 文件不是 UTF-8 编码（看起来是 GBK/GB18030 编码），请另存为 UTF-8 / file is not UTF-8; save it as UTF-8",
        "data/projects/Bad_Name.yaml: 文件名即项目编号，只能用小写英文字母、数字和连字符，最长 64 个字符 / the file name is "
        "the project id: lowercase a-z, 0-9 and '-', at most 64 characters",
        f"{care}:1 division: 缺少必填字段 / required field missing",
        f"{care}:{typo} divison: 未知字段 'divison'；是否应为 division（负责处室）？允许的字段：item、order、title、summary、"
        "target、measure、leader、lead_unit、co_units、division、staff、districts、plan、reports、adjustments、parts、"
        "rectifications、coordination、feedback、media、inspections、integer、corrections、contact、handovers / unknown "
        "field 'divison'; did you mean division? allowed: item, order, title, summary, target, measure, leader, lead_unit, "
        "co_units, division, staff, districts, plan, reports, adjustments, parts, rectifications, coordination, feedback, "
        "media, inspections, integer, corrections, contact, handovers",
        # leaders.yaml could not be read, so "leader-a" is not reported as unknown a second time.
    ]


def test_duplicate_order(mini_project: Path) -> None:
    line = edit(mini_project, GAS, "order: 1", "order: 2")
    assert errors_for(mini_project) == [
        f"{GAS}:{line} order: 项目序号 2 与 data/projects/care.yaml 重复 / order 2 is also used by data/projects/care.yaml",
    ]


def test_id_field_is_refused(mini_project: Path) -> None:
    line = edit(mini_project, GAS, "item: 1", "id: other\nitem: 1")
    assert errors_for(mini_project) == [
        f"{GAS}:{line} id: 不要填写 id：项目编号由文件名决定 / do not write id: the file name is the project id",
    ]
