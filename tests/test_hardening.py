"""Hardening: hostile input gets the project's own error (never another exception), links and
names are checked, editor Markdown is sanitized, builds swap atomically."""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import build_preview, build_site, data_errors, duban, edit, mini_settings, page
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import DataErrors, Dataset, build
from generator.adapters.store import exchange, swap
from generator.data.loader import validate
from generator.data.models import Project
from generator.data.yamlio import MAX_BYTES, YMap, load_yaml, parse_yaml

GAS = "data/projects/gas.yaml"


def errors_for(root: Path) -> list[str]:
    return data_errors(mini_settings(root))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)",
                                 "JaVaScRiPt:alert(1)", "//evil.example/x"])
def test_unsafe_link_schemes_are_refused(mini_project: Path, url: str) -> None:
    line = edit(mini_project, GAS, "    progress: 完成 250 户。", f"    progress: 完成 250 户。\n    evidence:\n"
                f"      - title: 照片\n        url: \"{url}\"") + 3
    assert errors_for(mini_project) == [
        f"{GAS}:{line} reports[1].evidence[0].url: 链接必须以 http:// 或 https:// 开头且不含空格，得到 {url!r} / links must "
        f"start with http:// or https:// and contain no spaces, got {url!r}"]


@pytest.mark.parametrize(("name", "message"), [
    ("con.yaml", "data/projects/con.yaml: 文件名 con 是 Windows 的保留设备名，请换一个 / con is a reserved device name on "
                 "Windows; rename the file"),
    (".hidden.yaml", "data/projects/.hidden.yaml: 文件名即项目编号，只能用小写英文字母、数字和连字符，最长 64 个字符 / the file "
                     "name is the project id: lowercase a-z, 0-9 and '-', at most 64 characters"),
    ("Gas.yaml", "data/projects/Gas.yaml: 文件名即项目编号，只能用小写英文字母、数字和连字符，最长 64 个字符 / the file name "
                 "is the project id: lowercase a-z, 0-9 and '-', at most 64 characters"),
    ("a" * 250 + ".yaml", f"data/projects/{'a' * 250}.yaml: 文件名即项目编号，只能用小写英文字母、数字和连字符，最长 64 个字符 / "
                          "the file name is the project id: lowercase a-z, 0-9 and '-', at most 64 characters"),
    ("gas.yml", "data/projects/gas.yml: 项目文件名应以 .yaml 结尾 / project files must end in .yaml"),
])
def test_bad_file_names(mini_project: Path, name: str, message: str) -> None:
    (mini_project / "data" / "projects" / name).write_text("item: 1\n", encoding="utf-8")
    assert errors_for(mini_project) == [message]


@pytest.mark.parametrize("unit", ["../x", "/etc/x", "a\0b", "CON", "nul"])
def test_ids_never_become_paths(mini_project: Path, unit: str) -> None:
    edit(mini_project, "data/units.yaml", "  - id: gas-office", f"  - id: \"{unit}\"" if "\0" not in unit
         else "  - id: \"a\\0b\"")
    errors = errors_for(mini_project)
    assert errors[0].startswith("data/units.yaml:2 units[0].id: ")
    assert "编号" in errors[0]


def test_a_50_mb_file_is_refused_quickly_with_bounded_memory(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.write(b"a: ")
        fh.seek(50 * 1024 * 1024)
        fh.write(b"x\n")
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(DataErrors) as info:
        load_yaml(big, "big.yaml")
    elapsed, peak = time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert str(info.value.errors[0]) == "big.yaml: 文件过大（超过 2 MB） / file larger than 2 MB"
    assert peak < 4 * MAX_BYTES and elapsed < 2


def test_broken_link_in_an_editor_page_fails_the_build(mini_project: Path, tmp_path: Path) -> None:
    (mini_project / "content" / "about.md").write_text("# 关于\n\n见[规则](rulez.md)和[口径](rules.md#no-such-anchor)。\n",
                                                       encoding="utf-8")
    result = build_site(mini_project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    assert "contains a link 'rulez.md', but the target is not found among documentation files" in result.stderr
    assert "以上 WARNING 多为手写页面（content/）中的链接或锚点失效" in result.stderr


def test_script_in_editor_markdown_is_sanitized(mini_project: Path, tmp_path: Path) -> None:
    hostile = ("正文<script>alert(1)</script><img src=x onerror=alert(2)><iframe src=\"https://evil.example\"></iframe>"
               "<svg onload=alert(3)></svg>[链接](javascript:alert(4)) <a href=\"data:text/html,x\">d</a>\n")
    (mini_project / "content" / "about.md").write_text("# 关于\n\n" + hostile, encoding="utf-8")
    prefaces = mini_project / "content" / "bulletins" / "prefaces"
    prefaces.mkdir(parents=True)
    (prefaces / "2022-02.md").write_text("编者按：" + hostile, encoding="utf-8")
    site = tmp_path / "site"
    assert build_preview(mini_project / "mkdocs.yml", site).returncode == 0  # the February bulletin is a preview
    for url in ("about", "bulletins/2022-02"):
        html = page(site, url)
        article = html[html.index("<article"): html.index("</article>")]
        assert "正文" in article
        for bad in ("<script>alert", "onerror", "<iframe", "onload", "javascript:", "data:text/html"):
            assert bad not in article, (url, bad)


def test_atomic_exchange_swaps_two_folders(tmp_path: Path) -> None:
    old, new = tmp_path / "site", tmp_path / ".site.building-1"
    old.mkdir()
    new.mkdir()
    (old / "v").write_text("old", encoding="utf-8")
    (new / "v").write_text("new", encoding="utf-8")
    swap(new, old)
    assert (old / "v").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    if os.uname().sysname == "Linux":
        a, b = tmp_path / "a", tmp_path / "b"
        a.mkdir()
        b.mkdir()
        (a / "x").touch()
        assert exchange(a, b) and (b / "x").exists() and not (a / "x").exists()


# ---------------------------------------------------------------- properties (hypothesis)

@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_any_bytes_parse_or_give_our_error(raw: bytes) -> None:
    try:
        result = parse_yaml(raw, "x.yaml")
    except DataErrors as exc:
        assert exc.errors and all(e.file == "x.yaml" for e in exc.errors)
    else:
        assert isinstance(result, dict)


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**15), st.floats(allow_nan=True),
                     st.text(max_size=20), st.sampled_from(["2022-02", "2022-02-30", "NO", "012345", "12:30", "６０", "60%"]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                             max_size=3), max_leaves=12)
_FIELDS = st.sampled_from(list(Project.model_fields) + ["cumulatve", ""])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_FIELDS, _VALUES, max_size=8))
def test_any_project_shape_validates_or_gives_our_error(raw: dict) -> None:  # type: ignore[type-arg]
    root = YMap(raw)
    root.line, root.lines = 1, {k: 1 for k in raw}
    project, errors = validate(Project, root, "p.yaml", root)
    assert (project is None) == bool(errors)


_TITLE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), min_size=1, max_size=30).filter(
    lambda t: t.strip() != "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_TITLE, unit=_TITLE)
def test_generated_datasets_render_with_titles_escaped(mini_project: Path, title: str, unit: str) -> None:
    # Sentinels around the generated text, so it cannot coincide with the templates' own markup.
    title, unit = f"甲{title.strip()}乙", f"丙{unit.strip()}丁"
    import json

    from markupsafe import escape

    gas = mini_project / "data/projects/gas.yaml"
    original = gas.read_text(encoding="utf-8")
    units = mini_project / "data/units.yaml"
    units_original = units.read_text(encoding="utf-8")
    try:
        gas.write_text(original.replace("title: 燃气安全改造", f"title: {json.dumps(title, ensure_ascii=False)}"),
                       encoding="utf-8")
        units.write_text(units_original.replace("name: 市燃气办", f"name: {json.dumps(unit, ensure_ascii=False)}"),
                         encoding="utf-8")
        output = build(mini_settings(mini_project))
    finally:
        gas.write_text(original, encoding="utf-8")
        units.write_text(units_original, encoding="utf-8")
    column = next(p for p in output.pages if p.path == "projects/gas.md")
    assert column.title == title.strip()
    assert f"<h1>{escape(column.title)}</h1>" in column.body
    if escape(title) != title:  # it holds <, >, &, " or ': never verbatim in any page
        assert all(title not in spec.body for spec in output.pages)
    if escape(unit) != unit:
        assert all(unit not in spec.body for spec in output.pages)
    assert any(str(escape(unit)) in spec.body for spec in output.pages)


def test_loader_never_crashes_on_the_sample(sample_data: Dataset) -> None:
    assert len(sample_data.projects) == 35


@pytest.mark.parametrize(("text", "kind"), [("138-1234-5678", "手机号码"), ("+86 138 1234 5678", "手机号码"),
                                            ("210203 19800101 123X", "身份证号码"), ("210203800101123", "身份证号码"),
                                            ("0411-8888 8888", "电话号码")])
def test_personal_data_written_with_separators_is_refused(mini_project: Path,
                                                          text: str, kind: str) -> None:
    line = edit(mini_project, GAS, "    summary: 咨询改造是否收费。", f"    summary: 咨询改造是否收费，联系 {text}。")
    assert errors_for(mini_project) == [
        f"{GAS}:{line} feedback[0].summary: 不得公开个人信息：疑似含有{kind}，请删除 / personal data must not be published: "
        f"looks like {'an ID card number' if kind == '身份证号码' else 'a mobile phone number' if kind == '手机号码' else 'a telephone number'}"]


def test_editor_pages_in_gbk_and_odd_files_are_reported_together(mini_project: Path) -> None:
    (mini_project / "content/about.md").write_bytes("# 关于\n\n王某某\n".encode("gbk"))
    prefaces = mini_project / "content/bulletins/prefaces"
    prefaces.mkdir(parents=True)
    (prefaces / "march.md").write_text("编者按\n", encoding="utf-8")
    (mini_project / "data/projects/folder.yaml").mkdir()
    assert errors_for(mini_project) == [
        "content/about.md:1: 文件不是 UTF-8 编码（看起来是 GBK/GB18030 编码），请另存为 UTF-8 / file is not UTF-8; "
        "save it as UTF-8",
        "content/bulletins/prefaces/march.md: 通报前言的文件名应为 YYYY-MM.md（如 2022-08.md，小写 .md），此文件不会显示 / "
        "preface files are named YYYY-MM.md (lower-case .md); this one would never be shown",
        "data/projects/folder.yaml: 应为文件，却是文件夹 / is a folder, not a file"]


def test_check_catches_what_a_build_catches(mini_project: Path) -> None:
    (mini_project / "content/about.md").write_text("# 关于\n\n见[规则](rulez.md)。\n", encoding="utf-8")
    result = duban("-f", str(mini_project / "mkdocs.yml"), "check")
    assert result.returncode == 1
    assert "rulez.md" in result.stderr and "检查未通过 / check failed" in result.stderr
