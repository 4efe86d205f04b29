"""Monthly bulletins: figures from the status engine, snapshots, corrections, no scale-down."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import build_preview, build_site, data_errors, duban, mini_settings, page, publish, text_of

from generator import Month, SiteModel, Status
from generator.data.snapshots import BulletinRow
from generator.engine.bulletins import _changes, build_bulletins, live_rows
from generator.engine.status import Light


def run(project: Path, *args: str):  # type: ignore[no-untyped-def]
    """``duban`` in this process, on the mini copy at ``project``."""
    return duban("-f", str(project / "mkdocs.yml"), *args)


# Worked by hand from the project files: (project, month) → (planned, cumulative, % of milestone,
# % of annual target, status). home-care-beds plans 30/250/600 and reports 30/250/510 of 1000;
# elderly-meal-points plans 5/34/70 and reports 6/35/75 of 100 (June after its correction 37 → 35);
# assistance-platform has no numeric target and reports "met"; assistance-standards met its
# target in April (completed 2022-04-28).
ROWS = {
    ("home-care-beds", 3): (30, 30, 100.0, 3.0, Status.ON_TRACK),
    ("home-care-beds", 6): (250, 250, 100.0, 25.0, Status.ON_TRACK),
    ("home-care-beds", 9): (600, 510, 85.0, 51.0, Status.LAGGING),
    ("elderly-meal-points", 3): (5, 6, 120.0, 6.0, Status.AHEAD),
    ("elderly-meal-points", 6): (34, 35, 102.9, 35.0, Status.AHEAD),
    ("elderly-meal-points", 9): (70, 75, 107.1, 75.0, Status.AHEAD),
    ("assistance-platform", 9): (None, None, None, None, Status.ON_TRACK),
    ("assistance-standards", 3): (None, None, None, None, Status.ON_TRACK),
    ("assistance-standards", 9): (None, None, None, 100.0, Status.COMPLETED),
}


@pytest.mark.parametrize(("project", "month"), sorted(ROWS))
def test_bulletin_rows_hold_the_hand_worked_figures(sample_model: SiteModel, project: str, month: int) -> None:
    rows = {r.project: r for r in live_rows(sample_model, Month(2022, month))}
    assert len(rows) == 35
    row = rows[project]
    assert (row.planned, row.cumulative, row.percent_of_milestone, row.percent_of_target, row.status) == ROWS[project, month]


def test_sample_snapshots_and_the_published_corrections(sample_model: SiteModel) -> None:
    snapshots = sample_model.data.snapshots
    assert sorted(str(m) for m in snapshots) == [f"2022-0{m}" for m in range(2, 9)]
    bulletins = {b.month.month: b for b in build_bulletins(sample_model)}
    assert sorted(bulletins) == list(range(2, 9))  # September is not published: no bulletin, not even a draft
    # June, as published: elderly-meal-points 37 of 34 planned, 37% of 100; corrected to 35 on 2022-07-20.
    june = [(c.project, c.field, c.old, c.new) for c in bulletins[6].corrections]
    assert june == [
        ("elderly-meal-points", "cumulative", 37, 35), ("elderly-meal-points", "percent_of_milestone", 108.8, 102.9),
        ("elderly-meal-points", "percent_of_target", 37.0, 35.0),
        ("elderly-meal-points", "progress", "截至6月底，累计建成助餐服务点37个，占全年目标的37%，其中本月12个，超出节点计划3个。",
         "截至6月底，累计建成助餐服务点35个，占全年目标的35%，其中本月10个，超出节点计划1个。（经7月复核更正：原报37个，"
         "其中2个服务点当时尚未通过验收。）")]
    record = bulletins[6].corrections[0].record
    assert record is not None and (str(record.date), record.requested_by) == ("2022-07-20", "市民政局")
    # May, as published: parking-spaces 1560 of 1500 planned (104%, 31.2%, ahead); corrected to 1500.
    may = [(c.project, c.field, c.old, c.new) for c in bulletins[5].corrections if c.field != "progress"]
    assert may == [("parking-spaces", "cumulative", 1560, 1500), ("parking-spaces", "percent_of_milestone", 104.0, 100.0),
                   ("parking-spaces", "percent_of_target", 31.2, 30.0), ("parking-spaces", "status", Status.AHEAD,
                                                                         Status.ON_TRACK)]
    # August: skills-training judged 漏报 (24000 carried from July, 48%); back-filled on 2022-09-20 with 30000
    # (100% of the 30000 milestone, 60%). The status stays 漏报: no status correction.
    aug = [(c.field, c.old, c.new, c.backfilled) for c in bulletins[8].corrections if c.field != "progress"]
    assert [(f, o, n, str(b)) for f, o, n, b in aug] == [
        ("cumulative", 24000, 30000, "2022-09-20"), ("percent_of_milestone", None, 100.0, "2022-09-20"),
        ("percent_of_target", 48.0, 60.0, "2022-09-20")]


def row(project: str, status: Status) -> BulletinRow:
    return BulletinRow(project=project, order=1, item=1, title=project, lead_unit="u", status=status, light=Light.GREEN)


def test_changes_since_last_month() -> None:
    before = [row("a", Status.ON_TRACK), row("b", Status.LAGGING), row("c", Status.AHEAD), row("d", Status.ON_TRACK),
              row("e", Status.NOT_REPORTED)]
    after = [row("a", Status.LAGGING), row("b", Status.ON_TRACK), row("c", Status.COMPLETED), row("d", Status.AHEAD),
             row("e", Status.LAGGING)]
    assert [(c.kind.label, c.row.project) for c in _changes(before, after)] == [
        ("新增滞后或未报送", "a"), ("恢复正常", "b"), ("完成全年目标", "c")]


CORRECTION = """corrections:
  - month: 2022-02
    date: 2022-03-20
    reason: 东区复核发现10户为重复统计，2月累计数由70户更正为60户。
    requested_by: 东区政府
"""


def test_publish_edit_build_shows_the_correction(mini_project: Path, tmp_path: Path) -> None:
    result = publish(mini_project, "2022-02", "--date", "2022-03-05", "--number", "测试〔2022〕1号")
    assert result.returncode == 0, result.stderr
    snapshot = mini_project / "data" / "bulletins" / "2022-02.yaml"
    assert "cumulative: 120" in snapshot.read_text(encoding="utf-8")
    # The east district corrects its February figure after publication: 70 → 60, with a record of why.
    gas = mini_project / "data" / "projects" / "gas.yaml"
    gas.write_text(gas.read_text(encoding="utf-8").replace("{month: 2022-02, cumulative: 70}",
                                                          "{month: 2022-02, cumulative: 60}") + CORRECTION,
                   encoding="utf-8")
    site = tmp_path / "site"
    assert build_site(mini_project / "mkdocs.yml", site).returncode == 0
    bulletin = text_of(page(site, "bulletins/2022-02"))
    assert "更正说明" in bulletin
    assert ("燃气安全改造 累计完成：原为 120，现为 110（2022-03-20 更正，原因：东区复核发现10户为重复统计，2月累计数由70户更正为"
            "60户，提出：东区政府）") in bulletin
    assert "测试〔2022〕1号 · 2022年3月5日发布" in bulletin
    column = text_of(page(site, "projects/gas"))
    assert "2022年2月通报发布后更正：累计完成原为 120，现为 110；2022-03-20 更正" in column
    log = text_of(page(site, "bulletins/corrections"))
    # month, project, figure, old, new, date, reason, requested by (table cells)
    assert "2022年2月燃气安全改造累计完成1201102022-03-20东区复核发现10户为重复统计" in log
    # March is not published: no bulletin on the public site, a preview in the preview build.
    assert not (site / "bulletins/2022-03").exists()
    preview = tmp_path / "preview"
    assert build_preview(mini_project / "mkdocs.yml", preview).returncode == 0
    assert "预览，未发布" in text_of(page(preview, "bulletins/2022-03"))


def test_a_changed_published_figure_without_a_record_is_an_error(mini_project: Path) -> None:
    assert publish(mini_project, "2022-02", "--date", "2022-03-05").returncode == 0
    gas = mini_project / "data" / "projects" / "gas.yaml"
    text = gas.read_text(encoding="utf-8")
    line = text[: text.index("reports: [{month: 2022-02, cumulative: 70}")].count("\n") + 1
    gas.write_text(text.replace("{month: 2022-02, cumulative: 70}", "{month: 2022-02, cumulative: 60}"), encoding="utf-8")
    result = run(mini_project, "check")
    assert result.returncode == 1
    assert (f"data/projects/gas.yaml:{line} parts[0].reports[0].cumulative: 2022-02 月度通报已发布，其中本项目的分解任务 east "
            "累计完成已改动（原为 70，现为 60）：请在 corrections 中写明 month: 2022-02、更正日期 date、原因 reason 和提出方 requested_by") \
        in result.stderr


def test_a_changed_published_text_shows_before_and_after(mini_project: Path, tmp_path: Path) -> None:
    assert publish(mini_project, "2022-02", "--date", "2022-03-05").returncode == 0
    gas = mini_project / "data" / "projects" / "gas.yaml"
    text = gas.read_text(encoding="utf-8").replace("progress: 完成 120 户。", "progress: 完成 120 户，其中东区 70 户。")
    gas.write_text(text + CORRECTION.replace("东区复核发现10户为重复统计，2月累计数由70户更正为60户。", "补充写明东区完成户数。"),
                   encoding="utf-8")
    site = tmp_path / "site"
    assert build_site(mini_project / "mkdocs.yml", site).returncode == 0
    column = text_of(page(site, "projects/gas"))
    assert ("2022年2月通报发布后更正：进展情况原文：完成 120 户。现为：完成 120 户，其中东区 70 户。2022-03-20 更正，原因：补充写明"
            "东区完成户数，提出：东区政府") in column
    log = text_of(page(site, "bulletins/corrections"))
    assert "进展情况完成 120 户。完成 120 户，其中东区 70 户。2022-03-20补充写明东区完成户数。东区政府" in log


def test_publishing_twice_is_refused_unless_forced(mini_project: Path) -> None:
    assert publish(mini_project, "2022-02", "--date", "2022-03-05").returncode == 0
    again = publish(mini_project, "2022-02", "--date", "2022-03-06")
    assert again.returncode == 1
    assert ("未发布 / not published:\ndata/bulletins/2022-02.yaml 已发布，不能重复发布；如确需重新发布（将覆盖原快照），"
            "请加 --force") in again.stderr
    forced = publish(mini_project, "2022-02", "--date", "2022-03-06", "--force")
    assert forced.returncode == 0
    assert "published: '2022-03-06'" in (mini_project / "data/bulletins/2022-02.yaml").read_text(encoding="utf-8")


def test_publishing_a_month_not_yet_due_is_refused(mini_project: Path) -> None:
    result = publish(mini_project, "2022-05", "--date", "2022-06-05")
    assert result.returncode == 1 and "2022-05 不是可发布的月份（2022-02 至 2022-03）" in result.stderr


def test_damaged_snapshot_is_named(mini_project: Path) -> None:
    assert publish(mini_project, "2022-02", "--date", "2022-03-05").returncode == 0
    snapshot = mini_project / "data/bulletins/2022-02.yaml"
    text = snapshot.read_text(encoding="utf-8")
    line = text[: text.index("  status: ")].count("\n") + 1
    old = text[text.index("  status: "):].split("\n")[0].split(": ")[1]
    snapshot.write_text(text.replace("  status: ", "  status: done-", 1), encoding="utf-8")
    assert data_errors(mini_settings(mini_project)) == [
        f"data/bulletins/2022-02.yaml:{line} rows[0].status: 通报快照已损坏或被手工修改，请从版本库恢复，或用 duban "
        f"publish --force 重新发布 / snapshot damaged or edited by hand (Value error, 'done-{old}' is not a valid "
        "Status); restore it from version control or republish with duban publish --force"]


def test_target_may_not_be_scaled_down_after_publication(mini_project: Path) -> None:
    assert publish(mini_project, "2022-02", "--date", "2022-03-05").returncode == 0
    gas = mini_project / "data/projects/gas.yaml"
    text = gas.read_text(encoding="utf-8")
    text = text.replace("target: 1000", "target: 900").replace("planned: 1000}", "planned: 900}")
    text = text.replace("target: 600\n", "target: 500\n").replace("planned: 600}]", "planned: 500}]")
    gas.write_text(text, encoding="utf-8")
    (mini_project / "data/projects/care.yaml").unlink()
    errors = data_errors(mini_settings(mini_project))
    assert errors[0].startswith("data/bulletins/2022-02.yaml rows: 项目 care 已在 2022-02 月度通报中公开，不得删除"
                                "（任何项目均不允许调减）")
    assert errors[1].startswith("data/projects/gas.yaml target: 全年目标不得调减：data/bulletins/2022-02.yaml"
                                "（2022-02 月度通报）公布为 1000，现为 900")


def test_public_build_leaves_out_unpublished_months(mini_project: Path, tmp_path: Path) -> None:
    assert publish(mini_project, "2022-02", "--date", "2022-03-05").returncode == 0
    site, preview = tmp_path / "site", tmp_path / "preview"
    assert build_site(mini_project / "mkdocs.yml", site).returncode == 0
    assert (site / "bulletins/2022-02/index.html").is_file()
    assert not (site / "bulletins/2022-03").exists()
    assert build_preview(mini_project / "mkdocs.yml", preview).returncode == 0
    assert (preview / "bulletins/2022-03/2022-03.docx").is_file()


def test_word_and_wechat_versions(sample_site: Path) -> None:
    docx = zipfile.ZipFile(io.BytesIO((sample_site / "bulletins/2022-06/2022-06.docx").read_bytes()))
    body = docx.read("word/document.xml").decode("utf-8")
    assert "关于2022年6月重点民生实事项目推进情况的通报" in body
    assert 'w:eastAsia="仿宋_GB2312"' in body and 'w:eastAsia="方正小标宋简体"' in body
    assert "大督考办通报〔2022〕5号（示例）" in body
    assert "（示例数据，不代表实际情况）" in body
    assert {info.date_time for info in docx.infolist()} == {(2022, 7, 5, 0, 0, 0)}
    for heading in ("本月节点任务", "完成节点", "牵头单位", "第1项 老旧小区改造", "更正说明"):
        assert heading in body, heading
    assert 'w:color="C00000"' in body  # the red rule under the issuing office
    assert 'w:instr="PAGE"' in docx.read("word/footer1.xml").decode("utf-8")  # page numbers
    wechat = (sample_site / "bulletins/2022-06/wechat.html").read_text(encoding="utf-8")
    assert "<script" not in wechat and "<link" not in wechat and 'src="' not in wechat
    assert 'style="' in wechat and "2022年6月重点民生实事项目推进情况通报" in wechat
    assert "更正说明" in wechat and "与上月相比" in wechat
    home = page(sample_site, "")
    assert 'href="bulletins/2022-08/"' in home  # the latest published bulletin


def test_hand_edited_snapshot_is_refused(mini_project: Path) -> None:
    assert publish(mini_project, "2022-02", "--date", "2022-03-05").returncode == 0
    snapshot = mini_project / "data/bulletins/2022-02.yaml"
    text = snapshot.read_text(encoding="utf-8")
    snapshot.write_text(text.replace("cumulative: 120", "cumulative: 300", 1), encoding="utf-8")
    line = text[: text.index("checksum:")].count("\n") + 1
    assert data_errors(mini_settings(mini_project)) == [
        f"data/bulletins/2022-02.yaml:{line} checksum: 通报快照在发布后被手工修改过（校验码不符）。请从版本库恢复原文件；"
        "数据更正请改项目文件，网站会自动显示更正说明 / the snapshot was edited after publication (checksum mismatch); "
        "restore it from version control and correct the project file instead"]


def test_published_bulletin_keeps_its_preface_cases_and_unit_names(mini_project: Path, tmp_path: Path) -> None:
    prefaces = mini_project / "content/bulletins/prefaces"
    prefaces.mkdir(parents=True)
    (prefaces / "2022-02.md").write_text("发布时的编者按。\n", encoding="utf-8")
    assert publish(mini_project, "2022-02", "--date", "2022-03-05").returncode == 0
    (prefaces / "2022-02.md").write_text("发布后改写的编者按。\n", encoding="utf-8")
    units = mini_project / "data/units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("name: 市燃气办", "name: 市燃气管理办公室"), encoding="utf-8")
    site = tmp_path / "site"
    assert build_site(mini_project / "mkdocs.yml", site).returncode == 0
    bulletin = text_of(page(site, "bulletins/2022-02"))
    assert "发布时的编者按。" in bulletin and "发布后改写" not in bulletin
    assert "市燃气办" in bulletin and "市燃气管理办公室" not in bulletin
    assert "市燃气管理办公室" in text_of(page(site, "units/gas-office"))  # live pages follow the data


def test_a_published_snapshot_may_be_larger_than_a_data_file(mini_project: Path) -> None:
    # A 10,000-project list's snapshot is about 6 MB; data files stop at 2 MB, snapshots at 64 MB.
    import yaml

    from generator.data.snapshots import Snapshot

    assert run(mini_project, "publish", "2022-02", "--date", "2022-03-05", "--yes").returncode == 0
    path = mini_project / "data/bulletins/2022-02.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["preface"] = "编者按。" * 700_000  # 8.4 MB of UTF-8
    snap = Snapshot.model_validate({k: v for k, v in data.items() if k != "checksum"})
    data["checksum"] = snap.digest()  # sealed as `duban publish` would seal it
    path.write_text(yaml.safe_dump(data, allow_unicode=True, width=10**9), encoding="utf-8")
    assert path.stat().st_size > 8_000_000
    from generator import load_dataset

    assert load_dataset(mini_settings(mini_project)).snapshots[Month(2022, 2)].preface.startswith("编者按。")
