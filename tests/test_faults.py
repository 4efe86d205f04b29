"""Hostile content and odd file systems: every case ends in one exact Chinese message naming the
file (and field), never a traceback, a hang or a silently published file."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from conftest import DUBAN, ROOT, build_site, data_errors, duban, edit, mini_settings, page, run_process

GAS = "data/projects/gas.yaml"


def errors_for(root: Path) -> list[str]:
    return data_errors(mini_settings(root))


def allowed_zh() -> str:
    return "、".join(sorted([".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".pdf", ".doc", ".docx", ".xls", ".xlsx",
                             ".ppt", ".pptx", ".odt", ".ods", ".odp", ".wps", ".et", ".dps", ".ofd"]))


# ---------------------------------------------------------------- static files from content/


@pytest.mark.parametrize(("name", "kind"), [
    ("evil.html", "网页"), ("evil.svg", "SVG 图片"), ("assets/duban-filter.js", "脚本"), ("style.css", "样式表"),
    ("versions.json", "JSON 文件"),
])
def test_scriptable_files_in_content_are_refused(mini_project: Path, name: str, kind: str) -> None:
    path = mini_project / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("<script>alert(1)</script>", encoding="utf-8")
    suffix = path.suffix
    en_allowed = ", ".join(sorted(allowed_zh().split("、")))
    assert errors_for(mini_project) == [
        f"content/{name}: 不能发布{kind}（{suffix}）：它可能在读者的浏览器中运行脚本。请改为 Markdown 页面或 PNG/PDF 文件；"
        f"允许的文件类型：{allowed_zh()} / {suffix} files may run script in readers' browsers and are not published; use a "
        f"Markdown page or a PNG/PDF; allowed types: {en_allowed}"]


def test_other_file_types_are_refused_and_allowed_ones_published(mini_project: Path, tmp_path: Path) -> None:
    (mini_project / "content/setup.exe").write_bytes(b"MZ")
    en_allowed = ", ".join(sorted(allowed_zh().split("、")))
    assert errors_for(mini_project) == [
        f"content/setup.exe: 不支持发布此类文件（.exe）；允许的文件类型：{allowed_zh()} / this type of file (.exe) is not "
        f"published; allowed types: {en_allowed}"]
    (mini_project / "content/setup.exe").unlink()
    (mini_project / "content/files").mkdir()
    (mini_project / "content/files/通知.pdf").write_bytes(b"%PDF-1.4\n")
    (mini_project / "content/files/photo.PNG").write_bytes(b"\x89PNG\r\n")
    site = tmp_path / "site"
    assert build_site(mini_project / "mkdocs.yml", site).returncode == 0
    assert (site / "files/通知.pdf").read_bytes() == b"%PDF-1.4\n" and (site / "files/photo.PNG").exists()


@pytest.mark.parametrize(("name", "message"), [
    ("assets/images/favicon.png", "会替换网站主题自带的文件 assets/images/favicon.png，请改名 / would replace the theme's own file "
                                  "assets/images/favicon.png; rename it"),
    ("bulletins/2022-02/2022-02.docx", "网址 /bulletins/2022-02/2022-02.docx 已是自动生成的页面（bulletins/2022-02/2022-02.docx），"
                                       "请改名或删除此文件"),
])
def test_an_editor_file_never_lands_where_the_theme_or_duban_writes(mini_project: Path, tmp_path: Path, name: str,
                                                                     message: str) -> None:
    # February published, so that its Word file is generated.
    assert duban("-f", str(mini_project / "mkdocs.yml"), "publish", "2022-02", "--date", "2022-03-07", "--yes").returncode == 0
    path = mini_project / "content" / name
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x89PNG\r\n")
    result = build_site(mini_project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    assert f"content/{name}: {message}" in result.stderr


# ---------------------------------------------------------------- links, FIFOs, sockets


SYMLINK = "是符号链接，不会读取或发布：请放入文件本身，而不是指向别处的链接 / is a symbolic link and is neither read nor " \
          "published: put the file itself here"
SPECIAL = "不是普通文件（命名管道、设备或套接字），不会读取或发布 / is not a regular file (a pipe, device or socket) and is " \
          "neither read nor published"


def test_symlinks_in_content_are_refused(mini_project: Path) -> None:
    (mini_project / "content/passwd.png").symlink_to("/etc/passwd")
    (mini_project / "content/linked").symlink_to("/etc", target_is_directory=True)
    (mini_project / "content/about2.md").symlink_to(mini_project / "content/about.md")
    assert errors_for(mini_project) == [f"content/about2.md: {SYMLINK}", f"content/linked: {SYMLINK}",
                                        f"content/passwd.png: {SYMLINK}"]


def test_a_symlinked_project_file_is_not_read(mini_project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text((mini_project / GAS).read_text(encoding="utf-8").replace("order: 1", "order: 9"), encoding="utf-8")
    (mini_project / "data/projects/extra.yaml").symlink_to(outside)
    assert errors_for(mini_project) == [
        "data/projects/extra.yaml: 是符号链接，不会读取：请放入文件本身，而不是指向别处的链接 / is a symbolic link and is not "
        "read: put the file itself here, not a link to it"]


def test_a_fifo_in_the_data_never_hangs_check(mini_project: Path) -> None:
    os.mkfifo(mini_project / "data/projects/pipe.yaml")
    os.mkfifo(mini_project / "content/pipe.md")
    # A separate process: a hang would be the failure (the timeout ends it).
    result = subprocess.run([*DUBAN, "check"], cwd=mini_project, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"content/pipe.md: {SPECIAL}" in result.stderr
    assert ("data/projects/pipe.yaml: 不是普通文件（命名管道、设备或套接字），不会读取 / is not a regular file (a pipe, device "
            "or socket) and is not read") in result.stderr


def test_a_socket_or_device_in_content_is_refused(mini_project: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(mini_project / "content/control.png"))
    try:
        expected = [f"content/control.png: {SPECIAL}"]
        try:
            os.mknod(mini_project / "content/null.pdf", 0o600 | 0o020000, os.makedev(1, 3))  # a character device
            expected.append(f"content/null.pdf: {SPECIAL}")
        except PermissionError:  # not root: the socket stands for every special file
            pass
        assert errors_for(mini_project) == expected
    finally:
        server.close()


# ---------------------------------------------------------------- front matter of ordinary pages


def test_front_matter_keys_that_change_the_shell_are_refused(mini_project: Path) -> None:
    (mini_project / "content/go.md").write_text("---\ntitle: 跳转\ntemplate: redirect.html\nlocation: javascript:alert(1)\n"
                                                "---\n# 跳转\n", encoding="utf-8")
    allowed = "允许的字段：title、description、hide、search"
    assert errors_for(mini_project) == [
        f"content/go.md:3 template: 未知字段 'template'{allowed} / unknown field 'template' allowed: title, description, "
        "hide, search",
        f"content/go.md:4 location: 未知字段 'location'{allowed} / unknown field 'location' allowed: title, description, "
        "hide, search"]


def test_a_case_page_outside_the_case_folders_is_named(mini_project: Path) -> None:
    (mini_project / "content/cases").mkdir()
    (mini_project / "content/cases/x.md").write_text("---\nkind: praise\ntitle: t\n---\n正文\n", encoding="utf-8")
    assert errors_for(mini_project) == [
        "content/cases/x.md:2 kind: 未知字段 'kind'允许的字段：title、description、hide、search。这看起来是案例页面：请放到 "
        "content/cases/praise/ 或 content/cases/exposed/ 中 / unknown field 'kind' allowed: title, description, hide, search. "
        "This looks like a case page: put it in content/cases/praise/ or content/cases/exposed/"]


def test_a_case_file_named_like_a_windows_device_is_refused(mini_project: Path) -> None:
    (mini_project / "content/cases/praise").mkdir(parents=True)
    (mini_project / "content/cases/praise/con.md").write_text(
        "---\nkind: praise\ndate: 2022-03-10\ntitle: t\nprojects: [gas]\nunits: [gas-office]\n---\n正文\n", encoding="utf-8")
    assert errors_for(mini_project) == [
        "content/cases/praise/con.md: 文件名 con 是 Windows 的保留设备名，请换一个 / con is a reserved device name on Windows; "
        "rename the file"]


def test_crlf_is_accepted_in_every_text_file(mini_project: Path, tmp_path: Path) -> None:
    case = ("---\nkind: praise\ndate: 2022-03-10\ntitle: 东区经验\nprojects: [gas]\nunits: [east-gov]\n---\n正文第一段。\n\n第二段。\n")
    (mini_project / "content/cases/praise").mkdir(parents=True)
    (mini_project / "content/cases/praise/east.md").write_bytes(case.replace("\n", "\r\n").encode("utf-8"))
    (mini_project / "content/bulletins/prefaces").mkdir(parents=True)
    (mini_project / "content/bulletins/prefaces/2022-03.md").write_bytes("编者按：\r\n本月前言。\r\n".encode())
    for name in (GAS, "data/units.yaml", "data/search-terms.txt"):
        path = mini_project / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    site = tmp_path / "site"
    # The preview shows what the public build holds back until publication (the case, the preface).
    result = duban("-f", str(mini_project / "mkdocs.yml"), "build", "--preview", "-d", str(site))
    assert result.returncode == 0, result.stderr
    assert "东区经验" in page(site, "cases/praise/east") and "本月前言。" in page(site, "bulletins/2022-03")


@pytest.mark.parametrize(("name", "message"), [
    ("2022-11.md", "通报前言的月份 2022-11 不在 2022 年内或晚于数据截止月 2022-03，不会显示；请改名或删除 / preface month "
                   "2022-11 is outside 2022 or after the as-of month 2022-03 and would never be shown; rename or remove it"),
    ("2021-12.md", "通报前言的月份 2021-12 不在 2022 年内或晚于数据截止月 2022-03，不会显示；请改名或删除 / preface month "
                   "2021-12 is outside 2022 or after the as-of month 2022-03 and would never be shown; rename or remove it"),
    ("2022-03.MD", "通报前言的文件名应为 YYYY-MM.md（如 2022-08.md，小写 .md），此文件不会显示 / preface files are named "
                   "YYYY-MM.md (lower-case .md); this one would never be shown"),
])
def test_stray_prefaces_are_reported(mini_project: Path, name: str, message: str) -> None:
    (mini_project / "content/bulletins/prefaces").mkdir(parents=True)
    (mini_project / "content/bulletins/prefaces" / name).write_text("编者按\n", encoding="utf-8")
    assert errors_for(mini_project) == [f"content/bulletins/prefaces/{name}: {message}"]


# ---------------------------------------------------------------- length limits


def test_a_100000_character_title_ends_quickly_in_a_clear_error(mini_project: Path) -> None:
    edit(mini_project, GAS, "title: 燃气安全改造", "title: " + "燃" * 100_000)
    # The process: before the limit, `duban check` ran for a minute at full CPU (search segmentation).
    result = run_process(mini_project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("data/projects/gas.yaml:3 title: 文字过长：最多 200 个字符，现有 100000 个 / text too long: at most 200 characters, "
            "got 100000") in result.stderr


def test_free_text_has_a_limit_and_titles_are_one_line(mini_project: Path) -> None:
    edit(mini_project, GAS, "summary: 完成 1000 户燃气安全改造。", "summary: " + "改" * 5001)
    edit(mini_project, GAS, "division: 安全处", 'division: "安全处\\n二科"')
    assert errors_for(mini_project) == [
        "data/projects/gas.yaml:4 summary: 文字过长：最多 5000 个字符，现有 5001 个 / text too long: at most 5000 characters, got 5001",
        "data/projects/gas.yaml:10 division: 只能写一行，不能换行 / must be a single line"]


# ---------------------------------------------------------------- personal data everywhere


PERSONAL = "不得公开个人信息：疑似含有{zh}，请删除 / personal data must not be published: looks like {en}"


@pytest.mark.parametrize(("old", "new", "path", "zh", "en"), [
    ("    progress: 完成 250 户。", "    progress: 完成 250 户，联系人电话 138-1234-5678。", "reports[1].progress", "手机号码",
     "a mobile phone number"),
    ("    explanation: 材料供应延迟。", "    explanation: 供货商法人身份证 210203198001011234 逾期。", "reports[1].explanation",
     "身份证号码", "an ID card number"),
    ("    measures: 增加施工队伍。", "    measures: 投诉请发 wang.mou@example.com。", "reports[1].measures", "电子邮箱",
     "an e-mail address"),
])
def test_personal_data_is_refused_in_reports(mini_project: Path, old: str, new: str, path: str, zh: str, en: str) -> None:
    line = edit(mini_project, GAS, old, new)
    assert errors_for(mini_project) == [f"{GAS}:{line} {path}: " + PERSONAL.format(zh=zh, en=en)]


@pytest.mark.parametrize(("text", "found"), [
    ("电话：１３８-１２３４-５６７８", "手机号码"),  # full-width digits
    ("①③⑧①②③④⑤⑥⑦⑧", "手机号码"),  # circled numbers: digits only in normal form (NFKC)
    ("138\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", "手机号码"),  # Arabic-Indic digits, as written
    ("+86 138 1234 5678", "手机号码"),
    ("座机 0411-8123 4567", "电话号码"),
    ("邮箱 wang＠example.com", "电子邮箱"),  # a full-width at sign
    ("完成改造 12345 户，投资 6789 万元", None),  # nine digits: no number of any kind fits
    ("2022年9月30日完成 98.5%", None),
    ("", None),
])
def test_personal_data_is_found_in_every_form_of_digits(text: str, found: str | None) -> None:
    from generator.data.personal import find_personal

    result = find_personal(text)
    assert (result[0] if result else None) == found


def test_personal_data_is_refused_in_inspections_meetings_and_prefaces(mini_project: Path) -> None:
    gas = mini_project / GAS
    gas.write_text(gas.read_text(encoding="utf-8") + "inspections:\n  - date: 2022-03-12\n    kind: site\n"
                   "    findings: 现场负责人 0411-8765-4321 未到岗。\n", encoding="utf-8")
    lines = gas.read_text(encoding="utf-8").count("\n")
    (mini_project / "data/meetings.yaml").write_text(
        "meetings:\n  - date: 2022-03-15\n    leader: leader-a\n    projects: [gas]\n    decisions: 由 13912345678 联系各区。\n",
        encoding="utf-8")
    (mini_project / "content/bulletins/prefaces").mkdir(parents=True)
    (mini_project / "content/bulletins/prefaces/2022-03.md").write_text("编者按：\n\n联系邮箱 a.b@example.org\n",
                                                                        encoding="utf-8")
    mobile = PERSONAL.format(zh="手机号码", en="a mobile phone number")
    assert errors_for(mini_project) == [
        f"content/bulletins/prefaces/2022-03.md:3: {PERSONAL.format(zh='电子邮箱', en='an e-mail address')}",
        f"data/meetings.yaml:5 meetings[0].decisions: {mobile}",
        f"{GAS}:{lines} inspections[0].findings: {PERSONAL.format(zh='电话号码', en='a telephone number')}"]


def test_personal_data_is_refused_in_case_pages(mini_project: Path) -> None:
    (mini_project / "content/cases/praise").mkdir(parents=True)
    (mini_project / "content/cases/praise/east.md").write_text(
        "---\nkind: praise\ndate: 2022-03-10\ntitle: 东区经验\nprojects: [gas]\nunits: [east-gov]\n"
        "outcome: 联系 13912345678\n---\n正文。\n\n市民王某（手机 13812345678）表示满意。\n", encoding="utf-8")
    mobile = PERSONAL.format(zh="手机号码", en="a mobile phone number")
    assert errors_for(mini_project) == [f"content/cases/praise/east.md:7 outcome: {mobile}",
                                        f"content/cases/praise/east.md:11: {mobile}"]


# ---------------------------------------------------------------- dates in range


def test_dates_after_the_as_of_months_deadline_or_before_the_year_are_refused(mini_project: Path) -> None:
    # As of 2022-03 (reports due by 2022-04-05), data may be dated from 2022-01-01 to 2022-04-05,
    # a report's filing (late: 迟报) to 2022-04-30; a rectification deadline may lie later.
    line = edit(mini_project, GAS, "  - {month: 2022-02, filed: 2022-02-28, progress: 完成 120 户。}",
                "  - {month: 2022-02, filed: 9999-12-31, progress: 完成 120 户。}")
    gas = mini_project / GAS
    gas.write_text(gas.read_text(encoding="utf-8") + "media:\n  - {date: 2021-12-31, outlet: 大连日报, title: 报道}\n"
                   "  - {date: 2022-04-30, outlet: 大连日报, title: 报道}\n", encoding="utf-8")
    media = gas.read_text(encoding="utf-8").count("\n") - 1
    assert errors_for(mini_project) == [
        f"{GAS}:{line} reports[0].filed: 报送日期 9999-12-31 晚于 2022-04-30（数据截止月 2022-03 的次月底） / filed 9999-12-31, "
        "after 2022-04-30 (the end of the month after the as-of month 2022-03)",
        f"{GAS}:{media} media[0].date: 日期 2021-12-31 早于 2022 年 / date 2021-12-31 is before 2022",
        f"{GAS}:{media + 1} media[1].date: 日期 2022-04-30 晚于数据截止月 2022-03 的报送期限 2022-04-05；请在 as_of 改到该月后再录入 / "
        "date 2022-04-30 is after the reporting deadline 2022-04-05 of the as-of month 2022-03"]


def test_a_case_dated_after_the_window_is_refused(mini_project: Path) -> None:
    (mini_project / "content/cases/praise").mkdir(parents=True)
    (mini_project / "content/cases/praise/east.md").write_text(
        "---\nkind: praise\ndate: 2022-05-01\ntitle: 东区经验\nprojects: [gas]\nunits: [east-gov]\n---\n正文。\n",
        encoding="utf-8")
    assert errors_for(mini_project) == [
        "content/cases/praise/east.md:3 date: 日期 2022-05-01 晚于数据截止月 2022-03 的报送期限 2022-04-05；请在 as_of 改到该月后再录入 / "
        "date 2022-05-01 is after the reporting deadline 2022-04-05 of the as-of month 2022-03"]


@pytest.mark.parametrize("day", ["2099-01-01", "2022-02-27", "2022-04-01"])
def test_publish_date_outside_the_month_after_is_refused(mini_project: Path, day: str) -> None:
    result = duban("-f", str(mini_project / "mkdocs.yml"), "publish", "2022-02", "--date", day, "--yes")
    assert result.returncode == 1
    assert (f"未发布 / not published:\n2022-02 月度通报的发布日期应在 2022-02-28 至 2022-03-31 之间（该月月底至次月底），得到 {day} / "
            f"the 2022-02 bulletin must be published between 2022-02-28 and 2022-03-31, got {day}") in result.stderr
    assert not (mini_project / "data/bulletins").exists()


# ---------------------------------------------------------------- editors' images and addresses


def test_images_from_other_hosts_and_protocol_relative_links_are_refused(mini_project: Path, tmp_path: Path) -> None:
    (mini_project / "content/about.md").write_text(
        "# 关于\n\n![统计](https://tracker.example/p.gif)\n\n[站外](//evil.example/)\n", encoding="utf-8")
    (mini_project / "content/bulletins/prefaces").mkdir(parents=True)
    (mini_project / "content/bulletins/prefaces/2022-03.md").write_text('编者按 <img src="http://cdn.example/x.png">\n',
                                                                        encoding="utf-8")
    result = build_site(mini_project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    image = ("图片 {u} 来自其他网站，会让每位读者的浏览器请求该网站，已删除；请把图片放进 content/ 用相对地址引用，或在 mkdocs.yml 的 "
             "image_hosts 中列出该网站 / image {u} comes from another host and was removed: put the image in content/ and "
             "use a relative address, or list the host in image_hosts in mkdocs.yml")
    assert f"content/bulletins/prefaces/2022-03.md: {image.format(u='http://cdn.example/x.png')}" in result.stderr
    assert not (tmp_path / "site").exists()
    (mini_project / "content/bulletins/prefaces/2022-03.md").unlink()
    result = build_site(mini_project / "mkdocs.yml", tmp_path / "site")
    assert f"content/about.md: {image.format(u='https://tracker.example/p.gif')}" in result.stderr
    assert ("content/about.md: 地址 //evil.example/ 省略了 http(s):，浏览器会请求其他网站，已删除；请写完整的 https:// 地址或站内"
            "相对地址 / protocol-relative address //evil.example/ removed: write a full https:// address or a relative one"
            ) in result.stderr
    # A host listed in mkdocs.yml may serve images; the policy then allows it too.
    config = mini_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("sample: true", "sample: true\n      image_hosts: [tracker.example]"),
                      encoding="utf-8")
    (mini_project / "content/about.md").write_text("# 关于\n\n![统计](https://tracker.example/p.gif)\n", encoding="utf-8")
    site = tmp_path / "site"
    assert build_site(config, site).returncode == 0
    about = page(site, "about")
    assert '<img loading="lazy" alt="统计" src="https://tracker.example/p.gif">' in about
    assert "img-src &#39;self&#39; data: https://tracker.example;" in about


# ---------------------------------------------------------------- options


def test_plugin_options_report_their_line(mini_project: Path, tmp_path: Path) -> None:
    config = mini_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("year: 2022", "year: 0")
    config.write_text(text, encoding="utf-8")
    line = text[: text.index("year: 0")].count("\n") + 1
    result = build_site(config, tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"Plugin 'duban' option 'year': mkdocs.yml:{line}: 应在 2000 到 2100 之间，得到 0 / must be between 2000 and "
            "2100, got 0") in result.stderr


def test_a_linked_search_terms_file_is_refused(mini_project: Path, tmp_path: Path) -> None:
    terms = mini_project / "data/search-terms.txt"
    terms.unlink()
    terms.symlink_to("/etc/passwd")
    result = build_site(mini_project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    assert ("data/search-terms.txt: 是符号链接，不会读取：请放入文件本身，而不是指向别处的链接 / is a symbolic link and is not read: "
            "put the file itself here, not a link to it") in result.stderr


@pytest.mark.parametrize(("value", "message"), [
    (".inf", "应为数字，得到 inf / expected a finite number, got inf"),
    ("-5", "应在 0 到 100 之间，得到 -5 / must be between 0 and 100, got -5"),
])
def test_infinite_and_negative_gaps_are_refused(mini_project: Path, tmp_path: Path, value: str, message: str) -> None:
    config = mini_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("sample: true", f"sample: true\n      warning_gap: {value}")
    config.write_text(text, encoding="utf-8")
    line = text[: text.index("warning_gap")].count("\n") + 1
    result = build_site(config, tmp_path / "site")
    assert result.returncode == 1
    assert f"Plugin 'duban' option 'warning_gap': mkdocs.yml:{line}: {message}" in result.stderr


def test_a_theme_override_with_an_inline_script_fails_the_build(mini_project: Path, tmp_path: Path) -> None:
    # A portal pastes an analytics snippet into the theme: the policy would block it in every browser.
    theme = mini_project / "theme"
    shutil.copytree(ROOT / "theme", theme)
    main = theme / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace("{% block scripts %}\n",
                                                             "{% block scripts %}\n  <script>var _hmt = [];</script>\n"),
                    encoding="utf-8")
    config = mini_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(str(ROOT / "theme"), "theme"), encoding="utf-8")
    result = build_site(config, tmp_path / "site")
    assert result.returncode == 1
    assert ("duban: index.md 有 1 段内联脚本不在内容安全策略允许之列，浏览器会拒绝执行；请把脚本移入 theme/ 下的 .js 文件 / 1 inline "
            "script(s) the Content-Security-Policy does not allow") in result.stderr


@pytest.mark.parametrize(("number", "zh", "en"), [
    ("", "不能为空", "must not be empty"),
    ("号" * 201, "文字过长：最多 200 个字符，现有 201 个", "text too long: at most 200 characters, got 201"),
])
def test_a_bad_document_number_is_refused(mini_project: Path, number: str, zh: str, en: str) -> None:
    result = duban("-f", str(mini_project / "mkdocs.yml"), "publish", "2022-02", "--date", "2022-03-05", "--number", number, "--yes")
    assert result.returncode == 1
    assert f"未发布 / not published:\n文号（--number）：{zh} / document number: {en}" in result.stderr
    assert not (mini_project / "data/bulletins").exists()
