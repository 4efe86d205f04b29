"""Script never runs: a site built from data, options and editor pages full of injection attempts
is served by nginx with the site's security headers and loaded page by page in a real browser;
any dialog, any request to another host and any Content-Security-Policy violation fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MINI, ROOT, duban, serve_folder, watched_page

from generator.data.yamlio import load_yaml

pytestmark = pytest.mark.browser

PAYLOAD = ("<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>"
           "<iframe src=javascript:alert(4)></iframe>{{7*7}}&amp;")
URL_PAYLOAD = "https://example.org/?q=\"><script>alert(5)</script>&x='onmouseover=alert(6)"
#: Every plain-text field of the data files (ids, dates, enums and numbers keep their values).
TEXT_FIELDS = {"title", "summary", "measure", "division", "name", "post", "milestone", "progress", "explanation",
               "measures", "approval", "reason", "requirement", "reply", "problem", "action", "resolution",
               "outcome", "findings", "warning", "decisions", "text", "outlet"}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _poison(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key) for v in value]
    if key in TEXT_FIELDS and isinstance(value, str) and value not in ("met", "exceeded", "missed"):
        return value + PAYLOAD
    if key == "url" and isinstance(value, str):
        return URL_PAYLOAD
    return value


CASE = """---
kind: praise
date: 2022-03-10
title: "{p}"
projects: [gas]
units: [east-gov]
outcome: "{p}"
updates:
  - date: 2022-03-20
    text: "{p}"
---
正文 {raw}

[链接](javascript:alert(7)) <a href="data:text/html,<script>alert(8)</script>">d</a>
""".format(p=PAYLOAD.replace('"', '\\"'), raw=PAYLOAD)


#: Front matter of an ordinary page, and Markdown that tries to take Material's configuration
#: (``#__config``: with a "version" provider Material fetches versions.json and inserts its titles).
PAGE = f"""---
title: "</title><script>alert(21)</script>"
description: '"><script>alert(22)</script>'
hide: [toc]
---
# 页面

<div id="__config">{{"base": ".", "features": [], "search": "x.js", "translations": {{}}, "version": {{"provider": "mike"}}}}</div>

## 标题 {{: #__search }}

<a href="https://example.org/" id="md-header">外部</a> {PAYLOAD}
"""
CITY = "</p><script>alert(23)</script>"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("hostile") / "mini"
    import shutil
    shutil.copytree(MINI, project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../theme", str(ROOT / "theme"))
                      .replace("city: 测试市", f"city: '{CITY}'"), encoding="utf-8")
    for path in sorted((project / "data").rglob("*.yaml")):
        poisoned = _poison(_plain(load_yaml(path)))
        path.write_text(yaml.safe_dump(poisoned, allow_unicode=True, sort_keys=False), encoding="utf-8")
    gas = project / "data/projects/gas.yaml"
    data = yaml.safe_load(gas.read_text(encoding="utf-8"))
    data["reports"][0]["evidence"] = [{"title": "照片" + PAYLOAD, "url": URL_PAYLOAD}]
    data["media"] = [{"date": "2022-03-15", "outlet": "大连日报" + PAYLOAD, "title": "报道" + PAYLOAD, "url": URL_PAYLOAD}]
    gas.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (project / "content/cases/praise").mkdir(parents=True)
    (project / "content/cases/praise/hostile.md").write_text(CASE, encoding="utf-8")
    (project / "content/about.md").write_text(f"# 关于\n\n{PAYLOAD}\n\n[x](javascript:alert(9))\n", encoding="utf-8")
    (project / "content/hostile.md").write_text(PAGE, encoding="utf-8")
    (project / "content/bulletins/prefaces").mkdir(parents=True)
    (project / "content/bulletins/prefaces/2022-03.md").write_text(f"编者按 {PAYLOAD}\n", encoding="utf-8")
    site = project.parent / "site"
    # The preview holds every page type (unpublished bulletins with the preface, the case page).
    result = duban("-f", str(config), "build", "--preview", "-d", str(site))
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def hostile_server(hostile_site: Path) -> Iterator[str]:
    with serve_folder(hostile_site, hostile_site.parent / "mini" / "mkdocs.yml") as url:
        yield url


def test_payload_reached_the_pages(hostile_site: Path) -> None:
    column = (hostile_site / "projects/gas/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in column  # shown as text, so the test is not vacuous
    assert "{{7*7}}" in column and "49" not in column.split("{{7*7}}")[0][-5:]
    assert "不代表&lt;/p&gt;&lt;script&gt;alert(23)&lt;/script&gt;实际情况" in column  # the city option, escaped
    page = (hostile_site / "hostile/index.html").read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(21)&lt;/script&gt; - " in page
    assert '<meta name="description" content="&#34;&gt;&lt;script&gt;alert(22)&lt;/script&gt;">' in page or \
        '<meta name="description" content="&quot;&gt;&lt;script&gt;alert(22)&lt;/script&gt;">' in page
    # The editor's ids stay out of the theme's namespace; the external link gets rel.
    assert '<div id="user-content-__config">' in page and 'id="__config"' in page  # the theme's own is still there
    assert 'id="user-content-__search"' in page
    assert '<a href="https://example.org/" id="user-content-md-header" rel="noopener noreferrer">' in page


def test_no_page_runs_injected_script(browser, hostile_site: Path, hostile_server: str) -> None:  # type: ignore[no-untyped-def]
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html"))
    assert len(pages) >= 25  # every page type: home, columns, units, bulletins, WeChat, reports, cases…
    context = browser.new_context()
    watched = watched_page(context, hostile_server)
    pg = watched.page
    requested: list[str] = []
    pg.on("request", lambda r: requested.append(r.url))
    pg.set_content("<script>alert('control')</script>")  # the dialog detector itself works
    assert [d.split(": ", 1)[1] for d in watched.dialogs] == ["control"]
    watched.dialogs.clear()
    pg.goto(hostile_server)  # and the policy detector: an inline script added to a page is refused and reported
    pg.evaluate("() => { const s = document.createElement('script'); s.textContent = 'alert(0)'; document.body.append(s); }")
    pg.wait_for_timeout(100)
    watched.collect()
    assert any("script-src" in v for v in watched.violations) and watched.dialogs == []
    watched.violations.clear()
    for path in pages:
        pg.goto(hostile_server + path)
        pg.mouse.move(200, 300)  # hover-triggered handlers would fire here
        pg.wait_for_timeout(50)
        watched.collect()
    context.close()
    assert watched.dialogs == []
    assert watched.foreign == []
    assert watched.violations == []
    assert not [u for u in requested if "versions.json" in u]  # Material never read the editor's #__config
