"""Real browser: Debian's Chromium driven by Playwright (never `playwright install`)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, server: str) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh page that fails the test on any dialog or any request to another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    foreign: list[str] = []
    dialogs: list[str] = []
    own = urlsplit(server).netloc
    pg.on("request", lambda r: None if urlsplit(r.url).netloc == own or r.url.startswith("data:") else foreign.append(r.url))
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()
    assert foreign == [], f"requests to other hosts: {foreign}"
    assert dialogs == [], f"dialogs opened: {dialogs}"


def test_home_to_column(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server)
    assert page.locator(".duban-sample").is_visible()
    assert page.locator("h1").first.inner_text() == "大连市2022年重点民生实事公开挂牌督办"
    assert page.locator(".duban-counts li").count() == 7
    page.get_by_role("link", name="燃气安全提升工程").first.click()
    page.wait_for_url("**/projects/gas-safety/")
    card = page.locator(".duban-status-card")
    assert card.is_visible()
    assert "提前或超额完成节点目标" in card.inner_text()
    chart = page.get_by_role("img", name="燃气安全提升工程：计划与实际累计完成量")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    assert page.locator("svg.duban-chart rect").count() == 8  # Feb–Sep reported
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
    assert total >= 25
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
