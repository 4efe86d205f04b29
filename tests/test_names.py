"""Names as clerks write them, Chinese field names, misplaced blocks, number hints, handovers:
each with its exact message (loader called directly, on a copy of the mini fixture)."""

from __future__ import annotations

from pathlib import Path

from conftest import data_errors, edit, mini_settings

from generator import load_dataset
from generator.data.names import one_apart_pairs
from generator.data.roster import team_at
from generator.dates import Month

GAS = "data/projects/gas.yaml"


def errors_for(root: Path) -> list[str]:
    return data_errors(mini_settings(root))


def test_references_by_chinese_name_and_alias(mini_project: Path) -> None:
    edit(mini_project, "data/units.yaml", "    name: 市燃气办\n", "    name: 市燃气办\n    aliases: [燃气办]\n")
    edit(mini_project, GAS, "lead_unit: gas-office", "lead_unit: 燃气办")
    edit(mini_project, GAS, "co_units: [east-gov, west-gov]", "co_units: [东区政府, west-gov]")
    edit(mini_project, GAS, "    unit: east-gov\n    district: east", "    unit: 东区政府\n    district: 东区")
    data = load_dataset(mini_settings(mini_project))
    gas = next(p for p in data.projects if p.id == "gas")
    assert (gas.lead_unit, gas.co_units, gas.parts[0].unit, gas.parts[0].district) == \
        ("gas-office", ["east-gov", "west-gov"], "east-gov", "east")


def test_unknown_name_gets_the_closest_names(mini_project: Path) -> None:
    line = edit(mini_project, GAS, "lead_unit: gas-office", "lead_unit: 市燃汽办")
    assert errors_for(mini_project) == [
        f"{GAS}:{line} lead_unit: 单位“市燃汽办”不在 units.yaml 中；是否应为 市燃气办（gas-office）？"
        "（可写编号、全称或 units.yaml 中的简称 aliases） / unknown unit '市燃汽办' (not in units.yaml); "
        "did you mean gas-office?; write its id, full name or an alias"]


def test_full_width_comma_in_a_list(mini_project: Path) -> None:
    line = edit(mini_project, GAS, "co_units: [east-gov, west-gov]", "co_units: [东区政府， 西区政府]")
    assert errors_for(mini_project) == [
        f"{GAS}:{line} co_units[0]: “东区政府， 西区政府”里用了全角逗号或顿号：列表中的各项要用半角逗号“,”分隔，如 [a, b]，"
        "或每项一行、以“- ”开头 / '东区政府， 西区政府': separate list entries with a half-width comma ',', e.g. [a, b]"]


def test_long_names_one_character_apart_are_flagged(mini_project: Path) -> None:
    units = mini_project / "data/units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "  - id: housing\n    name: 市住房城乡建设局\n    kind: department\n"
                     "  - id: housing-typo\n    name: 市住房城乡建没局\n    kind: department\n", encoding="utf-8")
    line = units.read_text(encoding="utf-8").count("\n") - 1  # the typo's name line
    assert errors_for(mini_project) == [
        f"data/units.yaml:{line} units[5].name: 名称“市住房城乡建没局”与 housing“市住房城乡建设局”只差一个字，请核对是否写错；"
        "如两者都正确，请在这一条下写 distinct_from: [housing] / '市住房城乡建没局' is one character from housing "
        "'市住房城乡建设局': check for a typo; if both are right, write distinct_from: [housing] under this entry"]
    units.write_text(units.read_text(encoding="utf-8") + "    distinct_from: [housing]\n", encoding="utf-8")
    load_dataset(mini_settings(mini_project))  # confirmed: no error
    # 东区政府 / 西区政府 (short names) are one character apart and never flagged: the fixture loads


def test_chinese_field_names_are_keys(mini_project: Path) -> None:
    edit(mini_project, GAS, "    explanation: 材料供应延迟。\n    measures: 增加施工队伍。",
         "    未完成原因: 材料供应延迟。\n    整改措施: 增加施工队伍。")
    gas = next(p for p in load_dataset(mini_settings(mini_project)).projects if p.id == "gas")
    assert (gas.reports[1].explanation, gas.reports[1].measures) == ("材料供应延迟。", "增加施工队伍。")


def test_unknown_chinese_key_suggests_the_field(mini_project: Path) -> None:
    line = edit(mini_project, GAS, "    explanation: 材料供应延迟。", "    原因: 材料供应延迟。")
    assert errors_for(mini_project) == [
        f"{GAS}:{line} reports[1].原因: 未知字段 '原因'；是否应为 explanation（未完成原因）？允许的字段：month、filed、progress、"
        "cumulative、milestone、completed、explanation、measures、evidence / unknown field '原因'; did you mean explanation? "
        "allowed: month, filed, progress, cumulative, milestone, completed, explanation, measures, evidence"]


def test_report_under_feedback_told_to_move(mini_project: Path) -> None:
    gas = mini_project / GAS
    line = gas.read_text(encoding="utf-8").count("\n") + 1
    gas.write_text(gas.read_text(encoding="utf-8") + "  - month: 2022-04\n    filed: 2022-04-30\n    progress: 完成 400 户。\n"
                   "    cumulative: 400\n", encoding="utf-8")
    assert errors_for(mini_project) == [
        f"{GAS}:{line} feedback[1]: 这一条（month、filed、progress、cumulative）看起来是月度报告，却写在了 feedback:（市民意见建议）"
        "下面：请把它移到 reports: 下面，与其他月度报告放在一起（缩进相同） / this entry (month, filed, progress, cumulative) "
        "looks like an entry of reports, written under feedback: move it under reports:"]


def test_number_hints_fit_the_field(mini_project: Path) -> None:
    a = edit(mini_project, GAS, "planned: 600}", 'planned: "1.2万"}')
    b = edit(mini_project, GAS, "    filed: 2022-03-31\n", "    filed: 2022-03-31\n    cumulative: 82.7%\n") + 1
    assert errors_for(mini_project) == [
        f"{GAS}:{a} plan[2].planned: 只写阿拉伯数字，不写“万”：应写 12000，得到 1.2万 / write the plain number: 12000, not '1.2万'",
        f"{GAS}:{b} reports[1].cumulative: 这里填累计数量，不是百分比：得到 82.7% / this is a quantity (cumulative), "
        "not a percentage: got '82.7%'"]


HANDOVERS = """contact: {name: 丙某, post: 科员}
handovers:
  - {date: 2022-03-15, role: leader, from: 王某某, to: leader-a, reason: 分工调整}
  - {date: 2022-02-10, role: staff, from: 甲某, to: 乙某某}
"""


def test_handover_shows_the_right_person_per_month(mini_project: Path) -> None:
    edit(mini_project, "data/leaders.yaml", "leaders:\n", "leaders:\n  - id: leader-c\n    name: 王某某\n    post: 副市长\n")
    edit(mini_project, GAS, "districts: [east, west]\n", "districts: [east, west]\n" + HANDOVERS)
    data = load_dataset(mini_settings(mini_project, as_of="2022-03"))
    gas = next(p for p in data.projects if p.id == "gas")
    names = data.registry.names
    # February: leader-c (王某某) still leads (handover on 15 March); staff 乙某某 since 10 February
    feb, mar = team_at(gas, Month(2022, 2), names), team_at(gas, Month(2022, 3), names)
    assert (feb.leader, feb.staff, feb.contact) == ("leader-c", ("乙某某",), "丙某")
    assert (mar.leader, mar.staff) == ("leader-a", ("乙某某",))
    assert team_at(gas, Month(2022, 1), names).staff == ("甲某",)


def test_handover_chain_must_fit(mini_project: Path) -> None:
    line = edit(mini_project, GAS, "districts: [east, west]\n",
                "districts: [east, west]\nhandovers:\n  - {date: 2022-03-15, role: staff, from: 甲某, to: 丁某}\n") + 2
    assert errors_for(mini_project) == [
        f"{GAS}:{line} handovers[0].to: 接任人“丁某”不是此后的工作人员（按项目中的名单和更晚的交接，应为 乙某某） / "
        "'丁某' is not the staff after this handover (expected 乙某某)"]


def test_accountability_survives_a_reassignment(sample_model) -> None:  # type: ignore[no-untyped-def]
    """street-lighting (sample): 王某某 (leader-c) handed the project to leader-a on 2022-06-20, so
    February to May stay leader-c's (the team at each month's end), June on is leader-a's."""
    from generator.engine.oversight import leader_records

    records = {r.leader.id: r for r in leader_records(sample_model)}
    term = next(t for t in records["leader-c"].earlier if t.project.project.id == "street-lighting")
    assert [str(m.month) for m in term.months] == ["2022-02", "2022-03", "2022-04", "2022-05"]
    assert term.span == "2月至5月"
    assert "street-lighting" in [s.project.id for s in records["leader-a"].projects]
    assert all(t.project.project.id != "street-lighting" for t in records["leader-a"].earlier)


def test_one_apart_pairs_by_hand() -> None:
    names = ["市住房城乡建设局",   # 0
             "市住房城乡建没局",   # 1: one changed from 0
             "市住房城乡建设局",   # 2: equal to 0 (no pair with 0), one changed from 1
             "市住房城乡建设",     # 3: one dropped from 0 and 2; two from 1
             "市住房和城乡建设局",  # 4: one added to 0 and 2; two from 1, two from 3
             "市住房城乡局",       # 5: two dropped from 0
             "东区政府",           # 6: short
             "西区政府"]           # 7: short, one changed from 6
    assert one_apart_pairs(names) == [(0, 1), (0, 3), (0, 4), (1, 2), (2, 3), (2, 4), (6, 7)]
    assert one_apart_pairs(names, shortest=5) == [(0, 1), (0, 3), (0, 4), (1, 2), (2, 3), (2, 4)]
    assert one_apart_pairs(names, shortest=8) == [(0, 1), (0, 4), (1, 2), (2, 4)]
    assert one_apart_pairs(["aab", "ab", "abb", "ba"]) == [(0, 1), (0, 2), (1, 2)]  # "ba": two from each
