"""Status rules on hand-built projects, including the boundaries."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from generator import Month, Settings, Status, derive_status
from generator.data.models import Project
from generator.engine.status import RULES, Light, elapsed_percent

S = Settings(year=2022, as_of=Month(2022, 6))
E = replace(S, warning_basis="elapsed")
"""Early warnings against 序时进度 (the setting), instead of the project's own plan (the default)."""


def project(**overrides: Any) -> Project:
    base: dict[str, Any] = {
        "item": 1, "order": 1, "title": "测试项目", "summary": "完成 1200 户。", "target": 1200, "measure": "户",
        "leader": "l", "lead_unit": "u", "division": "处", "staff": [{"name": "某", "post": "处长"}],
        "plan": [{"month": f"2022-{m:02d}", "milestone": f"{m}月节点", "planned": 100 * m} for m in range(2, 13)],
        "reports": [],
    }
    base.update(overrides)
    return Project.model_validate(base)


def reports(*figures: float | None, start: int = 2) -> list[dict[str, Any]]:
    """Monthly reports from ``start`` with these cumulative figures (None = no report that month)."""
    out = []
    for i, fig in enumerate(figures):
        month = start + i
        if fig is not None:
            out.append({"month": f"2022-{month:02d}", "filed": f"2022-{month:02d}-28", "progress": "进展",
                        "cumulative": fig})
    return out


def status_at(p: Project, month: int, settings: Settings = S) -> Any:
    return next(m for m in derive_status(settings, p).months if m.month == Month(2022, month))


def test_on_track_ahead_lagging() -> None:
    p = project(reports=reports(200, 301, 399))
    assert [status_at(p, m).status for m in (2, 3, 4)] == [Status.ON_TRACK, Status.AHEAD, Status.LAGGING]
    assert status_at(p, 4).percent_of_milestone == 99.8
    assert status_at(p, 4).percent_of_target == 33.2


def test_not_reported_and_not_due() -> None:
    p = project(reports=reports(200, None, 400))
    assert status_at(p, 3).status == Status.NOT_REPORTED
    assert status_at(p, 3).cumulative == 200  # carried forward for % of target
    assert status_at(p, 6).status == Status.NOT_REPORTED
    assert status_at(p, 7).status == Status.NOT_DUE  # after the as-of month
    assert status_at(p, 7).light == Light.GREY


def test_completed_holds_for_later_months_without_reports() -> None:
    p = project(reports=reports(200, 1200))
    assert [status_at(p, m).status for m in (2, 3, 4, 6)] == [Status.ON_TRACK, Status.COMPLETED,
                                                              Status.COMPLETED, Status.COMPLETED]
    assert status_at(p, 6).percent_of_target == 100
    assert status_at(p, 6).warning is None


def test_completed_counts_only_up_to_as_of() -> None:
    p = project(reports=reports(200, 300, 400, 500, 600))
    assert status_at(p, 6, Settings(year=2022, as_of=Month(2022, 5))).status == Status.NOT_DUE


def test_plan_not_started_is_not_due() -> None:
    p = project(plan=[{"month": "2022-05", "milestone": "开工", "planned": 100},
                      {"month": "2022-12", "milestone": "完成", "planned": 1200}], reports=reports(None, None, None, 100))
    assert [status_at(p, m).status for m in (2, 3, 4, 5)] == [Status.NOT_DUE] * 3 + [Status.ON_TRACK]
    # A month with no plan row of its own uses the last planned figure before it.
    assert status_at(p, 6).planned == 100 and status_at(p, 6).milestone is None


def test_deferral_with_approval() -> None:
    p = project(reports=reports(200, 300, 300, 300),
                adjustments=[{"kind": "defer", "from": "2022-04", "until": "2022-05", "approval": "批复〔2022〕1号",
                              "approved": "2022-03-30", "reason": "施工条件不具备"}])
    assert [status_at(p, m).status for m in (3, 4, 5, 6)] == [Status.ON_TRACK, Status.DEFERRED, Status.DEFERRED,
                                                              Status.NOT_REPORTED]
    assert status_at(p, 4).light == Light.BLUE


def _adjusted(*figures: float) -> Project:
    return project(reports=reports(*figures),
                   adjustments=[{"kind": "adjust", "from": "2022-04", "approval": "批复〔2022〕2号",
                                 "approved": "2022-04-10", "reason": "汛期",
                                 "plan": [{"month": "2022-04", "milestone": "调整后节点", "planned": 350},
                                          {"month": "2022-05", "milestone": "调整后节点", "planned": 450}]}])


def test_adjusted_plan_changes_from_its_month_and_keeps_original() -> None:
    p = _adjusted(200, 300, 350, 450, 600)
    four = status_at(p, 4)
    assert four.status == Status.ADJUSTED and four.light == Light.BLUE
    assert (four.planned, four.planned_original) == (350, 400)
    assert (four.milestone, four.milestone_original) == ("调整后节点", "4月节点")
    assert status_at(p, 3).status == Status.ON_TRACK  # before the adjustment
    assert status_at(p, 6).status == Status.ON_TRACK  # original row in force again, met


def test_adjusted_month_met_original_too_is_ahead() -> None:
    assert status_at(_adjusted(200, 300, 400), 4).status == Status.AHEAD


def test_adjusted_month_below_adjusted_plan_is_lagging() -> None:
    assert status_at(_adjusted(200, 300, 349), 4).status == Status.LAGGING


def test_text_milestones() -> None:
    p = project(target=None, measure=None,
                plan=[{"month": f"2022-{m:02d}", "milestone": "节点"} for m in range(2, 7)],
                reports=[{"month": f"2022-{m:02d}", "filed": f"2022-{m:02d}-28", "progress": "x", "milestone": r}
                         for m, r in ((2, "met"), (3, "exceeded"), (4, "missed"))]
                + [{"month": "2022-05", "filed": "2022-05-20", "progress": "x", "completed": "2022-05-20"}])
    assert [status_at(p, m).status for m in (2, 3, 4, 5, 6)] == [
        Status.ON_TRACK, Status.AHEAD, Status.LAGGING, Status.COMPLETED, Status.COMPLETED]
    assert status_at(p, 4).percent_of_target is None and status_at(p, 5).percent_of_target == 100


def test_elapsed_percent() -> None:
    assert elapsed_percent(Month(2022, 11)) == 91.67
    assert elapsed_percent(Month(2022, 6)) == 50


@pytest.mark.parametrize(("cumulative", "level", "light"), [
    (480, Light.YELLOW, Light.GREEN),   # 40% vs 50% elapsed: exactly 10 points behind → a warning; still green
    (481, None, Light.GREEN),           # 9.92 points behind: none
    (240, Light.YELLOW, Light.GREEN),   # on plan, 30 points behind: a warning, not yet serious
    (239, Light.RED, Light.RED),        # below plan: lagging, red (the status); 30.08 points behind: serious
])
def test_gap_to_elapsed_warning_boundaries(cumulative: float, level: Light | None, light: Light) -> None:
    plan = [{"month": "2022-06", "milestone": "节点", "planned": 240}, {"month": "2022-12", "milestone": "完成", "planned": 1200}]
    p = project(plan=plan, reports=[{"month": "2022-06", "filed": "2022-06-30", "progress": "x", "cumulative": cumulative}])
    ms = status_at(p, 6, E)
    assert (ms.warning.level if ms.warning else None) == level
    assert ms.light == light


def test_alert_gap_beyond_30_points_is_serious_even_on_plan() -> None:
    plan = [{"month": "2022-06", "milestone": "节点", "planned": 230}, {"month": "2022-12", "milestone": "完成", "planned": 1200}]
    at_30 = project(plan=plan, reports=[{"month": "2022-06", "filed": "2022-06-30", "progress": "x", "cumulative": 240}])
    beyond = project(plan=plan, reports=[{"month": "2022-06", "filed": "2022-06-30", "progress": "x", "cumulative": 239}])
    assert status_at(at_30, 6, E).status == Status.AHEAD and status_at(at_30, 6, E).warning.level == Light.YELLOW
    assert status_at(beyond, 6, E).status == Status.AHEAD and status_at(beyond, 6, E).warning.level == Light.RED
    assert status_at(beyond, 6, E).warning.label == "严重预警"
    assert status_at(beyond, 6, E).light == Light.GREEN  # the warning never changes the colour


def test_pace_warning() -> None:
    # On plan, but only +10 a month over the last 3 months: 600 + 10 * 6 = 660 by December (55%).
    plan = [{"month": f"2022-{m:02d}", "milestone": "节点", "planned": p} for m, p in ((3, 570), (6, 600), (12, 1200))]
    slow = project(plan=plan, reports=reports(300, 570, 580, 590, 600))
    warning = status_at(slow, 6, E).warning
    assert warning is not None
    assert "按近 3 个月平均进度，预计年底只能完成全年目标的 55%" in warning.reasons
    # Fast enough: 300 a quarter → 600 + 100 * 6 = 1200.
    fast = project(plan=plan, reports=reports(300, 300, 400, 500, 600))
    assert not any("平均进度" in r for r in (status_at(fast, 6, E).warning.reasons if status_at(fast, 6, E).warning else ()))
    # Against its own plan (the default), a project on plan is never marked, however slow its plan.
    assert status_at(slow, 6).warning is None


def test_a_project_meeting_every_milestone_is_never_marked() -> None:
    # Back-loaded plan (100 a month to June, then 200): on plan every month, 25 points behind 序时进度 in June.
    plan = [{"month": f"2022-{m:02d}", "milestone": "节点", "planned": 100 * m - 100} for m in range(2, 7)] + [
        {"month": "2022-12", "milestone": "完成", "planned": 1200}]
    p = project(plan=plan, reports=reports(100, 200, 300, 400, 500))
    months = derive_status(S, p).months
    assert [m.status for m in months[:5]] == [Status.ON_TRACK] * 5
    assert [m.warning for m in months] == [None] * 11
    assert status_at(p, 6, E).warning is not None  # 序时进度 would mark it: 41.7% vs 50%, 8.3 + pace


@pytest.mark.parametrize(("cumulative", "level"), [
    (480, Light.YELLOW),   # 120 behind the plan's 600 = exactly 10 points of the 1200 target → a warning
    (481, None),           # 9.92 points behind the plan: lagging (red), but no warning
    (239, Light.RED),      # 361 behind = 30.08 points: serious
    (240, Light.YELLOW),   # 360 behind = exactly 30 points: not yet serious
])
def test_gap_to_plan_warning_boundaries(cumulative: float, level: Light | None) -> None:
    plan = [{"month": "2022-06", "milestone": "节点", "planned": 600}, {"month": "2022-12", "milestone": "完成", "planned": 1200}]
    p = project(plan=plan, reports=[{"month": "2022-06", "filed": "2022-06-30", "progress": "x", "cumulative": cumulative,
                                     "explanation": "材料供应延迟", "measures": "增加施工队伍"}])
    ms = status_at(p, 6)
    assert ms.status == Status.LAGGING and ms.light == Light.RED
    assert (ms.warning.level if ms.warning else None) == level


def test_the_light_follows_the_status_alone() -> None:
    expected = {Status.COMPLETED: Light.GREEN, Status.AHEAD: Light.GREEN, Status.ON_TRACK: Light.GREEN,
                Status.LAGGING: Light.RED, Status.NOT_REPORTED: Light.RED, Status.ADJUSTED: Light.BLUE,
                Status.DEFERRED: Light.BLUE, Status.NOT_DUE: Light.GREY}
    for p in (project(reports=reports(200, 250, None, 300)), _adjusted(200, 300, 350, 450, 600),
              project(reports=reports(300, 1200))):
        for settings in (S, E):
            for ms in derive_status(settings, p).months:
                assert ms.light == expected[ms.status], (ms.month, ms.status, ms.light)


def test_two_months_behind_is_a_red_warning() -> None:
    p = project(reports=reports(200, 250, 350))
    assert status_at(p, 3).warning is None or "连续" not in "".join(status_at(p, 3).warning.reasons)
    four = status_at(p, 4)
    assert four.warning is not None and "连续 2 个月未完成节点目标或未报送" in four.warning.reasons


def test_parts_roll_up() -> None:
    parts = [
        {"id": "a", "unit": "ua", "target": 700,
         "plan": [{"month": "2022-02", "planned": 100}, {"month": "2022-12", "planned": 700}],
         "reports": [{"month": "2022-02", "cumulative": 90}]},
        {"id": "b", "unit": "ub", "target": 500,
         "plan": [{"month": "2022-02", "planned": 100}, {"month": "2022-12", "planned": 500}],
         "reports": [{"month": "2022-02", "cumulative": 130}]},
    ]
    p = project(parts=parts, reports=[{"month": "2022-02", "filed": "2022-02-28", "progress": "x"}])
    result = derive_status(S, p)
    feb = result.months[0]
    assert feb.cumulative == 220 and feb.status == Status.AHEAD
    assert [ps.months[0].status for ps in result.parts] == [Status.LAGGING, Status.AHEAD]


def test_rules_cover_every_status_once() -> None:
    assert sorted(r.status.value for r in RULES) == sorted(s.value for s in Status)


def test_gap_boundary_does_not_move_with_rounding() -> None:
    # May: elapsed 41.666…%; 380 of 1200 is 31.666…%: exactly 10 points behind → a warning.
    plan = [{"month": "2022-05", "milestone": "节点", "planned": 380}, {"month": "2022-12", "milestone": "完成", "planned": 1200}]
    p = project(plan=plan, reports=[{"month": "2022-05", "filed": "2022-05-31", "progress": "x", "cumulative": 380}])
    assert status_at(p, 5, replace(E, as_of=Month(2022, 5))).warning is not None


def test_later_approval_wins_whatever_the_file_order() -> None:
    later = {"kind": "adjust", "from": "2022-06", "approval": "批复2", "approved": "2022-06-01", "reason": "r",
             "plan": [{"month": "2022-06", "milestone": "节点B", "planned": 550}]}
    earlier = {"kind": "adjust", "from": "2022-04", "approval": "批复1", "approved": "2022-04-01", "reason": "r",
               "plan": [{"month": "2022-04", "milestone": "节点A", "planned": 350},
                        {"month": "2022-06", "milestone": "节点A", "planned": 500}]}
    for order in ([later, earlier], [earlier, later]):
        p = project(reports=reports(200, 300, 350, 500, 520), adjustments=order)
        assert status_at(p, 6).planned == 550 and status_at(p, 6).status == Status.LAGGING
