"""The benchmark's baseline: plain MkDocs building the same projects as ordinary Markdown.

``write_plain(folder, site)`` writes, for the projects :func:`.synthetic.write_site` made, a
plain MkDocs project with the same theme (Material, ``language: zh``), the same search
settings (jieba, the same user dictionary) and Markdown extensions, one ordinary page per
project with the same text (title, summary, facts, the monthly plan table, reports,
rectifications, feedback) and a fixed four-entry nav. An edge module: it writes files.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from .synthetic import Site

__all__ = ["write_plain"]

_PLAIN_CONFIG = """\
site_name: {site_name}
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  language: zh
  font: false
  features:
    - navigation.sections
    - navigation.top
    - search.highlight
  palette:
    primary: red
    accent: indigo
nav:
  - 首页: index.md
  - 项目专栏: projects/index.md
  - 统计口径: rules.md
  - 关于本站: about.md
plugins:
  - search:
      lang: zh
      jieba_dict_user: {terms}
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: false
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
validation:
  omitted_files: info
"""


def _cell(text: object) -> str:
    return str(text).replace("|", "／").replace("\n", " ")


def _plain_page(p: dict[str, Any], units: dict[str, str], districts: dict[str, str]) -> str:
    """One project as an ordinary Markdown page with the same text as its column."""
    measure = p.get("measure", "")
    reports = {r["month"]: r for r in p["reports"]}
    lines = [f"# {p['title']}", "", p["summary"], "", "## 基本信息 {: #info }", "", "| 项目 | 内容 |", "|---|---|",
             f"| 全年目标 | {p.get('target', '按节点任务考核')}{measure} |", f"| 牵头单位 | {units[p['lead_unit']]} |",
             f"| 责任单位 | {'、'.join(units[u] for u in p['co_units']) or '—'} |",
             f"| 涉及区市县 | {'、'.join(districts[d] for d in p['districts']) or '全市'} |", "",
             "## 月度推进计划表 {: #plan }", "", "| 月份 | 节点任务 | 计划累计 | 实际累计 | 状态 |", "|---|---|---|---|---|"]
    for row in p["plan"]:
        r = reports.get(row["month"], {})
        figure = r.get("cumulative", r.get("milestone", "—"))
        lines.append(f"| {row['month']} | {_cell(row['milestone'])} | {row.get('planned', '—')} | {figure} | "
                     f"{'已报送' if r else '未报送'} |")
    lines += ["", "## 进展报告 {: #reports }", ""]
    for r in reversed(p["reports"]):
        extra = "".join(f" **{label}**{r[key]}" for key, label in (("explanation", "原因："), ("measures", "整改措施："))
                        if key in r)
        lines.append(f"- **{r['month']}** · {r['filed']} 报送：{r['progress']}{extra}")
    for key, title, fmt in (
            ("rectifications", "整改要求",
             lambda x: f"- {x['month']} 节点 · {x['issued']} 下达 · 完成时限 {x['deadline']}：{x['requirement']}"),
            ("feedback", "市民意见建议", lambda x: f"- {x['received']} · {x['code']}：{x['summary']} {x.get('reply', '')}")):
        if p.get(key):
            lines += ["", f"## {title} {{: #{key} }}", "", *(fmt(x) for x in p[key])]
    return "\n".join(lines) + "\n"


def write_plain(root: Path, site: Site) -> Path:
    """Plain MkDocs building the same projects as ordinary Markdown pages; returns its mkdocs.yml."""
    shutil.rmtree(root, ignore_errors=True)
    docs = root / "docs" / "projects"
    docs.mkdir(parents=True)
    for p in site.projects:
        (docs / f"{p['id']}.md").write_text(_plain_page(p, site.units, site.districts), encoding="utf-8")
    index = ["# 项目专栏", ""] + [f"- [{p['title']}]({p['id']}.md)" for p in site.projects]
    (docs / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    (root / "docs" / "index.md").write_text(f"# 首页\n\n共 {len(site.projects)} 个项目，见[项目专栏](projects/index.md)。\n",
                                            encoding="utf-8")
    (root / "docs" / "rules.md").write_text("# 统计口径\n\n按月度节点任务和累计完成量计算状态。\n", encoding="utf-8")
    (root / "docs" / "about.md").write_text("# 关于本站\n\n基准测试数据（示例）。\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    terms = site.root / "data" / "search-terms.txt"
    config.write_text(_PLAIN_CONFIG.format(site_name="示例省2022年重点民生实事（plain MkDocs 基准）",
                                           terms=terms.as_posix()), encoding="utf-8")
    return config
