"""Real browser: Debian's Chromium driven by Playwright (never `playwright install`)."""

from __future__ import annotations

import contextlib
import functools
import html
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import _WATCH_CSP, DATA, watched_page
from conftest import page as page_html

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, server: str) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh page (the site served by nginx with its security headers) that fails the test on any
    dialog, any request to another host and any Content-Security-Policy violation."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    watched = watched_page(context, server)
    yield watched.page
    watched.collect()
    context.close()
    assert watched.foreign == [], f"requests to other hosts: {watched.foreign}"
    assert watched.dialogs == [], f"dialogs opened: {watched.dialogs}"
    assert watched.violations == [], f"Content-Security-Policy violations: {watched.violations}"


def test_home_to_column(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server)
    assert page.locator(".duban-sample").is_visible()
    assert page.locator("h1").first.inner_text() == "大连市2022年重点民生实事公开挂牌督办"
    assert page.locator(".duban-counts li").count() == 7
    bar = page.locator(".duban-bar").first.bounding_box()  # an SVG bar (the policy allows no inline style)
    assert bar is not None and bar["width"] > 40 and bar["height"] >= 6
    page.get_by_role("link", name="燃气安全提升工程").first.click()
    page.wait_for_url("**/projects/gas-safety/")
    card = page.locator(".duban-status-card")
    assert card.is_visible()
    assert "提前或超额完成节点目标" in card.inner_text()
    chart = page.get_by_role("img", name="燃气安全提升工程：计划与实际累计完成量")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    assert page.locator("svg.duban-chart rect").count() == 7  # Feb–Aug: the public site ends at the August bulletin
    assert page.locator(".duban-plan tbody tr").count() == 11


@pytest.mark.parametrize(("query", "expected"), [("燃气", "燃气安全提升工程"), ("老旧小区", "老旧小区改造")])
def test_chinese_search(page, server: str, query: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server, wait_until="networkidle")  # a citizen who waits for the page, then searches
    page.locator(".md-search__input").first.click()
    box = page.locator("input.md-search__input")
    # Chinese arrives as composed text (no key events), as from an input method; Material
    # reads the query on keyup, which the key that confirms the composition gives.
    box.fill(query)
    box.press("End")
    # Material joins jieba's segments with zero-width spaces; compare titles without them.
    page.wait_for_function(
        """expected => [...document.querySelectorAll('.md-search-result__item h1')]
             .some(h => h.innerText.replaceAll('\u200b', '').trim() === expected)""",
        arg=expected, timeout=15000)
    found = [t.replace("\u200b", "").strip() for t in page.locator(".md-search-result__item h1").all_inner_texts()]
    assert expected in found


def test_search_index_loads_only_when_search_is_used(page, server: str) -> None:  # type: ignore[no-untyped-def]
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "search_index" in r.url else None)
    page.goto(server + "projects/gas-safety/", wait_until="networkidle")
    page.goto(server + "bulletins/2022-08/", wait_until="networkidle")
    assert fetched == []  # two pages read, no search: the index was never downloaded
    with page.expect_request("**/search/search_index.json"):
        page.locator(".md-search__input").first.click()
    assert len(fetched) == 1


@pytest.mark.parametrize("path", ["", "projects/old-compound-renovation/", "units/housing-bureau/"])
def test_phone_width_has_no_horizontal_scroll(browser, server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    pg = context.new_page()
    pg.goto(server + path)
    assert pg.evaluate("document.documentElement.scrollWidth") <= 360
    assert pg.locator(".duban-sample").is_visible()
    context.close()


def test_bulletin_prints_without_navigation_and_pages_link(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "bulletins/2022-06/")
    assert page.locator(".md-header").is_visible()
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".duban-downloads", ".duban-pager"):
        assert page.locator(chrome).first.is_hidden(), chrome
    assert page.locator(".duban-doc-head h1").is_visible()
    assert page.locator(".duban-sample").is_visible()  # the sample-data note stays on paper
    page.emulate_media(media="screen")
    page.get_by_role("link", name="下一期：2022年7月 →").click()
    page.wait_for_url("**/bulletins/2022-07/")
    page.get_by_role("link", name="← 上一期：2022年6月").click()
    page.wait_for_url("**/bulletins/2022-06/")
    assert "2022年6月重点民生实事项目推进情况通报" in page.locator("h1").first.inner_text()


def test_feedback_filter_narrows_the_list_and_keeps_state_in_the_url(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "feedback/")
    rows = page.locator("#fb-list tbody tr")
    total = rows.count()
    # Every opinion received by 2022-09-07, the day the latest bulletin (August) was published.
    received = [str(f["received"]) for path in sorted((DATA / "projects").glob("*.yaml"))
                for f in yaml.safe_load(path.read_text(encoding="utf-8")).get("feedback", [])]
    assert total == sum(1 for day in received if day <= "2022-09-07") < len(received)
    page.get_by_label("办理单位").select_option("civil-affairs-bureau")
    visible = page.locator("#fb-list tbody tr:visible")
    assert 0 < visible.count() < total
    assert all(u == "civil-affairs-bureau" for u in visible.evaluate_all("rs => rs.map(r => r.dataset.unit)"))
    assert page.url.endswith("feedback/?unit=civil-affairs-bureau")
    page.get_by_label("状态").select_option("answered")
    assert "status=answered" in page.url
    narrowed = page.locator("#fb-list tbody tr:visible").count()
    assert narrowed <= visible.count()
    # Opening the link an editor copied shows the same filtered view.
    page.goto(server + "feedback/?unit=civil-affairs-bureau&status=answered")
    assert page.locator("#fb-list tbody tr:visible").count() == narrowed
    assert page.get_by_label("办理单位").input_value() == "civil-affairs-bureau"
    assert f"显示 {narrowed} / {total} 条" in page.locator(".duban-filter-count").inner_text()


def test_grid_cell_details_open_by_tap_and_read_aloud(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.goto(server)
    # Screen readers get each cell's full detail as the link's name, not a tooltip.
    cell = pg.get_by_role("link", name="补贴性职业技能培训 8月：未报送（漏报）（2022-09-20 补报）")
    assert cell.count() == 1
    cell.scroll_into_view_if_needed()
    cell.tap()
    pg.wait_for_url("**/projects/skills-training/#plan-2022-08")
    assert pg.locator("#plan-2022-08").is_visible()
    context.close()


def _get(url: str, **headers: str):  # type: ignore[no-untyped-def]
    import urllib.error
    import urllib.request

    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10)  # noqa: S310 - local nginx
    except urllib.error.HTTPError as exc:
        return exc


def test_nginx_sends_the_pages_policy_and_security_headers(server: str, sample_site: Path) -> None:
    home = _get(server, **{"Accept-Encoding": "gzip"})
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page_html(sample_site, ""))
    assert meta is not None
    # The header is the page's own policy plus what only a header can say.
    assert home.headers["Content-Security-Policy"] == html.unescape(meta.group(1)) + "; frame-ancestors 'self'"
    policy = home.headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy and "'unsafe-inline'" not in policy and "default-src 'none'" in policy
    assert home.headers["X-Content-Type-Options"] == "nosniff"
    assert home.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert home.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert home.headers["Cache-Control"] == "no-cache"
    assert home.headers["Content-Encoding"] == "gzip"
    bundle = next(p for p in (sample_site / "assets/javascripts").glob("bundle.*.min.js"))
    asset = _get(server + f"assets/javascripts/{bundle.name}")
    assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert asset.headers["Content-Security-Policy"] == policy
    wechat = _get(server + "bulletins/2022-08/wechat.html")
    assert wechat.headers["Content-Security-Policy"].startswith("default-src 'none'; style-src 'unsafe-inline'")
    assert _get(server + ".duban-site").status == 404  # dot files are never served


@contextlib.contextmanager
def _plain_server(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def test_embed_card_renders_in_an_iframe_of_another_site(browser, server: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A news page on another local port frames the card: it renders with its own style, runs no
    script, and asks nothing of any host but the site itself."""
    news = tmp_path / "news"
    news.mkdir()
    (news / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>新闻</title></head><body>'
        f'<h1>本报专栏</h1><iframe src="{server}embed/gas-safety/" title="燃气安全提升工程：督办进展" width="400" '
        'height="300" sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe></body></html>', encoding="utf-8")
    with _plain_server(news) as other:  # an ordinary web server, as a news CMS has: no policy of ours
        assert urlsplit(other).port != urlsplit(server).port
        context = browser.new_context(viewport={"width": 800, "height": 600}, locale="zh-CN")
        pg = context.new_page()
        hosts: set[str] = set()
        problems: list[str] = []
        pg.add_init_script(_WATCH_CSP)
        pg.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
        pg.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        pg.goto(other, wait_until="networkidle")
        frame = pg.frame_locator("iframe")
        assert frame.locator("h1").inner_text() == "燃气安全提升工程"
        assert "提前或超额完成节点目标" in frame.locator(".status").inner_text()
        # The card's one style block applied (its policy allows it by hash): the light's colour on the border.
        colour = frame.locator(".card").evaluate("e => getComputedStyle(e).borderLeftColor")
        assert colour == "rgb(27, 127, 59)"
        box = pg.locator("iframe").bounding_box()
        assert box is not None and box["width"] == 404  # 400 and the default 2px border
        height = frame.locator("article").evaluate("e => e.getBoundingClientRect().height")
        assert 100 < height <= 300  # fits the suggested frame
        assert frame.locator("script").count() == 0
        assert hosts == {urlsplit(other).netloc, urlsplit(server).netloc}
        assert problems == [], problems  # no policy violation, no failed request (the site is served by nginx
        # with `duban nginx`'s block: /embed/ may be framed by any site)
        assert pg.frames[1].evaluate("window.__csp || []") == []
        # The card links to the column at the site's own address (mkdocs.yml's placeholder site_url, answered
        # here without any network), in a new window: a sandboxed frame allows popups only.
        context.route("https://duban.example.gov.cn/**", lambda route: route.fulfill(body="column", content_type="text/html"))
        with pg.expect_popup() as popup:
            frame.get_by_role("link", name="燃气安全提升工程").click()
        assert popup.value.url == "https://duban.example.gov.cn/2022/projects/gas-safety/"
        context.close()
