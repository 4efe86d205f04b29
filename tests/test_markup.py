"""Generated pages skip Python-Markdown: the direct HTML must be what Python-Markdown made of them."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from conftest import MINI, ROOT, build_site, mini_settings

from generator import Output, build
from generator.render.markup import MarkupError, to_html


def _python_markdown() -> markdown.Markdown:
    """Python-Markdown with exactly the extensions of the sample's mkdocs.yml."""
    from mkdocs.config import load_config

    cfg = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=cfg["markdown_extensions"], extension_configs=cfg["mdx_configs"])


def _toc(tokens: list[dict]) -> list[tuple]:
    return [(t["level"], t["id"], t["name"], _toc(t["children"])) for t in tokens]


def _mine(headings: list) -> list[tuple]:
    return [(h.level, h.id, h.title, _mine(h.children)) for h in headings]


@pytest.mark.parametrize("which", ["sample", "mini"])
def test_every_generated_page_is_byte_identical_to_python_markdown(which: str, sample_output: Output) -> None:
    output = sample_output if which == "sample" else build(mini_settings(MINI))
    assert len(output.pages) > 20
    for spec in output.pages:
        md = _python_markdown()
        body = spec.body
        expected = md.convert(body)
        html = spec.html()
        assert html.content == expected, spec.path
        assert _mine(html.toc) == _toc(md.toc_tokens), spec.path


def test_table_of_contents_nests_by_level_and_ids_are_collected() -> None:
    body = '<div id="top">\n<p>甲</p>\n</div>\n\n## 乙 {: #b }\n\n<p id=\'c\'>丙</p>\n\n### 丁 {: #d }\n\n## 戊 {: #e }\n'
    html = to_html(body)
    assert html.content == ('<div id="top">\n<p>甲</p>\n</div>\n\n<h2 id="b">乙</h2>\n<p id=\'c\'>丙</p>\n\n'
                            '<h3 id="d">丁</h3>\n<h2 id="e">戊</h2>')
    assert _mine(html.toc) == [(2, "b", "乙", [(3, "d", "丁", [])]), (2, "e", "戊", [])]
    assert html.ids == {"top", "b", "c", "d", "e"}
    assert _python_markdown().convert(body) == html.content


def test_a_template_heading_without_an_id_is_refused() -> None:
    with pytest.raises(MarkupError, match="heading without an id"):
        to_html("<p>x</p>\n\n## 没有编号\n")


def test_anchors_on_generated_pages_are_still_checked(mini_project: Path, tmp_path: Path) -> None:
    about = mini_project / "content" / "about.md"
    text = about.read_text(encoding="utf-8")
    about.write_text(text + "\n[计划表](projects/gas.md#plan)\n", encoding="utf-8")
    assert build_site(mini_project / "mkdocs.yml", tmp_path / "ok").returncode == 0
    about.write_text(text + "\n[计划表](projects/gas.md#no-such-section)\n", encoding="utf-8")
    result = build_site(mini_project / "mkdocs.yml", tmp_path / "bad")
    assert result.returncode == 1
    assert "does not contain an anchor '#no-such-section'" in result.stderr


def test_table_cells_are_labelled_with_their_column_header() -> None:
    from generator.render.tables import label_cells

    body = ('<p>前文</p><table class="duban-table"><thead><tr><th>序号</th><th>项目</th><th>当前状态</th>'
            '<th colspan="2">完成 &amp; 计划</th></tr></thead><tbody>'
            '<tr><td>1</td><td class="x"><a href="#">燃气</a></td><td>正常</td><td>50</td><td>60</td></tr>'
            '<tr><td colspan="2">合计</td><td data-label="自定">—</td><td>7</td><td>8</td><td>多余</td></tr>'
            '</tbody></table><table class="other"><tr><td>不动</td></tr></table>')
    assert label_cells(body) == (
        '<p>前文</p><table class="duban-table"><thead><tr><th>序号</th><th>项目</th><th>当前状态</th>'
        '<th colspan="2">完成 &amp; 计划</th></tr></thead><tbody>'
        '<tr><td data-label="序号" class="duban-cell-lead">1</td>'
        '<td class="duban-cell-name x" data-label="项目"><a href="#">燃气</a></td>'
        '<td data-label="当前状态" class="duban-cell-status">正常</td>'
        '<td data-label="完成 &amp; 计划">50</td><td data-label="完成 &amp; 计划">60</td></tr>'
        '<tr><td colspan="2" data-label="序号" class="duban-cell-lead">合计</td><td data-label="自定">—</td>'
        '<td data-label="完成 &amp; 计划">7</td><td data-label="完成 &amp; 计划">8</td><td>多余</td></tr>'
        '</tbody></table><table class="other"><tr><td>不动</td></tr></table>')
