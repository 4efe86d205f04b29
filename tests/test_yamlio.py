"""Strict YAML: every refusal with its exact message, file and line."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from generator.data.yamlio import MAX_BYTES, YList, YMap, line_of, parse_yaml
from generator.errors import DataErrors


def only_error(raw: bytes) -> str:
    with pytest.raises(DataErrors) as info:
        parse_yaml(raw, "data/x.yaml")
    assert len(info.value.errors) == 1
    return str(info.value.errors[0])


def test_yaml_11_values_stay_text() -> None:
    data = parse_yaml(b"a: NO\nb: yes\nc: 012345\nd: 12:30\ne: 2022-03\nf: on\ng: 0x1F\n", "x")
    assert data == {"a": "NO", "b": "yes", "c": "012345", "d": "12:30", "e": "2022-03", "f": "on", "g": "0x1F"}


def test_core_scalars() -> None:
    data = parse_yaml(b"a: true\nb: false\nc: 42\nd: -3\ne: 1.5\nf: null\ng: ~\nh:\ni: '42'\nno: x\n", "x")
    assert data == {"a": True, "b": False, "c": 42, "d": -3, "e": 1.5, "f": None, "g": None, "h": None,
                    "i": "42", "no": "x"}
    assert type(data["c"]) is int and type(data["e"]) is float


def test_lines_are_remembered() -> None:
    data = parse_yaml(b"a: 1\nlist:\n  - x: 1\n    y: 2\n  - x: 3\n", "x")
    assert isinstance(data, YMap) and isinstance(data["list"], YList)
    assert line_of(data, ("list", 1, "x")) == 5
    assert line_of(data, ("list", 0, "y")) == 4
    assert line_of(data, ("list", 0, "missing")) == 3  # deepest existing entry


def test_utf8_bom_accepted() -> None:
    assert parse_yaml("\ufeff名称: 燃气".encode(), "x") == {"名称": "燃气"}


@pytest.mark.parametrize(("raw", "message"), [
    (b"a: [1, 2\nb: 3\n", "data/x.yaml:2:2: 方括号或花括号未闭合，或缺少逗号 / unclosed bracket or missing comma "
                          "(did not find expected ',' or ']')"),
    (b"a:\n\tb: 1\n", "data/x.yaml:2:1: 使用了制表符（Tab）缩进，请改用空格 / tab character used for indentation; use spaces"),
    (b"a: 1\nb: 2\na: 3\n", "data/x.yaml:3:1: 重复的键 'a'（第 1 行已出现） / duplicate key 'a' (first on line 1)"),
    (b"a: &x [1]\nb: *x\n", "data/x.yaml:1:4: 不允许使用 YAML 别名（*引用） / YAML aliases (*ref) are not allowed"),
    (b"a: 1\n---\nb: 2\n", "data/x.yaml:2:1: 一个文件只能有一个文档（不要用 --- 分隔多个文档） / only one YAML document per file"),
    (b"", "data/x.yaml: 文件为空 / file is empty"),
    (b"# only a comment\n", "data/x.yaml: 文件为空 / file is empty"),
    (b"- a\n- b\n", "data/x.yaml:1: 文件顶层必须是“字段: 值”的映射，而不是列表或单个值 / "
                    "the top level must be a mapping of fields, not a list or a value"),
    (b"a: !!python/object/apply:os.system [echo hacked]\n",
     "data/x.yaml:1:4: 不允许使用 YAML 标签 tag:yaml.org,2002:python/object/apply:os.system / "
     "YAML tags such as tag:yaml.org,2002:python/object/apply:os.system are not allowed"),
    (b"a: 1\nb: x\0y\n", "data/x.yaml:2: 文件含有空字符（NUL），请另存为 UTF-8 文本 / file contains a NUL byte; save it as UTF-8 text"),
    ("a: 1\n名称: 燃气安全\n".encode("gb18030"),
     "data/x.yaml:2: 文件不是 UTF-8 编码（看起来是 GBK/GB18030 编码），请另存为 UTF-8 / file is not UTF-8; save it as UTF-8"),
    (b"[1]: a\n", "data/x.yaml:1:1: 键必须是普通文本 / keys must be plain text"),
])
def test_refusals(raw: bytes, message: str) -> None:
    assert only_error(raw) == message


def test_deep_nesting_refused() -> None:
    assert only_error(b"a: " + b"[" * 1000 + b"]" * 1000 + b"\n").endswith("嵌套层数超过 32 层 / nesting deeper than 32 levels")


def test_alias_bomb_refused_quickly_with_bounded_memory() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    raw = ("\n".join(lines) + "\n").encode()
    tracemalloc.start()
    started = time.perf_counter()
    message = only_error(raw)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "YAML 别名" in message
    # An expanded bomb would need 9**10 entries; refusing it must not come near that.
    assert peak < 10 * 1024 * 1024, peak
    assert elapsed < 5, elapsed


def test_oversized_file_refused_before_parsing() -> None:
    message = only_error(b"a: " + b"x" * (MAX_BYTES + 1))
    assert message == "data/x.yaml: 文件过大（超过 2 MB） / file larger than 2 MB"


@pytest.mark.parametrize(("raw", "message"), [
    # the full-width colon is on line 2; libyaml notices it on line 3
    ("title: x\ncumulative：124\nmeasure: 户\n".encode(),
     "data/x.yaml:2: 这一行用了全角的冒号“：”，YAML 要用半角（英文）的冒号“:”，冒号后面加一个空格，如 cumulative: 124 / "
     "YAML syntax error: could not find expected ':' (while scanning a simple key)"),
    ("title: x\nexplanation: 原因: 见下\nmeasure: 户\n".encode(),
     "data/x.yaml:2:16: 这一行的文字里有“: ”（冒号加空格），会被当成新的字段：请给整段文字加上引号，如 explanation: \"原因: 见下\" / "
     "YAML syntax error: mapping values are not allowed in this context"),
    (b"reports:\n  - month: 2022-02\n    filed: 2022-02-28\n   progress: x\n",
     "data/x.yaml:4:4: 缩进不对：这一行应与上面同一条的字段左对齐（缩进 4 个空格，现在是 3 个） / "
     "YAML syntax error: did not find expected '-' indicator (while parsing a block collection)"),
    (b"reports:\n  - month: 2022-02\n    filed: 2022-02-28\n      progress: x\n",
     "data/x.yaml:4:15: 缩进过多：这一行应与上一行的字段左对齐（同一层的字段缩进相同） / "
     "YAML syntax error: mapping values are not allowed in this context"),
    (b"reports:\n  - month: 2022-02\n    filed: 2022-02-28\n  month: 2022-03\n  filed: 2022-03-31\n",
     "data/x.yaml:4:3: 这一行缺少“- ”：列表中新的一条要以“- ”开头，写成“  - month: 2022-03”，同一条的其他字段再多缩进两个空格 / "
     "YAML syntax error: did not find expected '-' indicator (while parsing a block collection)"),
    (b"reports:\n  - month: 2022-02\n\tfiled: 2022-02-28\n",
     "data/x.yaml:3:1: 使用了制表符（Tab）缩进，请改用空格 / tab character used for indentation; use spaces"),
])
def test_mistakes_explained_in_chinese_at_the_right_line(raw: bytes, message: str) -> None:
    assert only_error(raw) == message


def test_full_width_colon_inside_text_is_fine() -> None:
    assert parse_yaml("progress: 截至9月底：累计完成\n".encode(), "x") == {"progress": "截至9月底：累计完成"}
