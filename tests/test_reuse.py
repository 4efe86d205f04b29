"""For media editors and re-users: feeds, the deadline calendar, embeds, open data, permalinks and
sharing — each checked against the YAML and against the built pages, public and preview."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import pytest
import yaml
from conftest import DATA, ROOT, build_site, edit, page, publish, text_of
from test_record import _later_than_the_august_bulletin

from generator.settings import Settings

SITE_URL = "https://duban.example.gov.cn/2022/"  # the sample's placeholder (mkdocs.yml)
# Published bulletins of the sample (data/bulletins/*.yaml, field `published`): month → date.
PUBLISHED = {"2022-02": "2022-03-07", "2022-03": "2022-04-05", "2022-04": "2022-05-06", "2022-05": "2022-06-07",
             "2022-06": "2022-07-05", "2022-07": "2022-08-06", "2022-08": "2022-09-07"}
CUT = "2022-09-07"  # the latest bulletin's publication: the public record's date
# The issue's vocabulary (Dalian's bulletin wording), by status code.
LABELS = {"completed": "已完成全年目标任务", "ahead": "提前或超额完成节点目标", "on_track": "按计划完成节点目标",
          "lagging": "未完成节点目标（滞后）", "adjusted": "报市政府同意后调整节点目标", "deferred": "报市政府同意后暂缓实施",
          "not_reported": "未报送（漏报）", "not_due": "未到报送期"}
SHORT = {"completed": "已完成", "ahead": "超额", "on_track": "按计划", "lagging": "滞后", "adjusted": "调整", "deferred": "暂缓",
         "not_reported": "未报送", "not_due": "未到期"}


_STAMP = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$"}  # RFC 3339, China time
JSON_FEED = {  # JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), written out from the spec
    "type": "object", "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"}, "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "pattern": "^https?://"}, "feed_url": {"type": "string", "pattern": "^https?://"},
        "language": {"type": "string"},
        "authors": {"type": "array", "items": {"type": "object", "required": ["name"]}},
        "items": {"type": "array", "items": {
            "type": "object", "required": ["id"], "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
            "properties": {"id": {"type": "string", "minLength": 1}, "url": {"type": "string"}, "title": {"type": "string"},
                           "content_html": {"type": "string"}, "content_text": {"type": "string"}, "summary": {"type": "string"},
                           "date_published": _STAMP, "date_modified": _STAMP,
                           "tags": {"type": "array", "items": {"type": "string"}}}}},
    },
}


def yaml_file(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def projects() -> dict[str, dict]:  # type: ignore[type-arg]
    return {p.stem: yaml_file(p) for p in sorted((DATA / "projects").glob("*.yaml"))}


def august() -> dict[str, dict]:  # type: ignore[type-arg]
    """The August bulletin's rows as published (the sealed record), by project."""
    return {r["project"]: r for r in yaml_file(DATA / "bulletins/2022-08.yaml")["rows"]}


def parsed(path: Path):  # type: ignore[no-untyped-def]
    kind = "application/feed+json" if path.suffix == ".json" else "application/atom+xml"
    feed = feedparser.parse(path.read_bytes(), response_headers={"content-type": kind})
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    return feed


def public_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if p.relative_to(site).parts[0] != "embed")


# ---------------------------------------------------------------- feeds


def test_every_feed_parses_without_errors(sample_site: Path) -> None:
    atom = sorted((sample_site / "feeds").rglob("*.xml"))
    # Site, bulletins, cases; one per column; one per unit with a task (lead, co, part) or a rectification.
    units = {u for p in projects().values() for u in [p["lead_unit"], *p.get("co_units", []),
                                                       *(part["unit"] for part in p.get("parts", [])),
                                                       *(r["unit"] for r in p.get("rectifications", []) if str(r["issued"]) <= CUT)]}
    assert len(atom) == 3 + 35 + len(units)
    for path in atom:
        feed = parsed(path)
        assert feed.version == "atom10", path
        twin = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        jsonschema.validate(twin, JSON_FEED)
        assert [e.id for e in feed.entries] == [i["id"] for i in twin["items"]], path
        assert [e.title for e in feed.entries] == [i["title"] for i in twin["items"]], path
        assert len({e.id for e in feed.entries}) == len(feed.entries), path


def test_bulletin_feed_lists_the_published_bulletins(sample_site: Path) -> None:
    feed = parsed(sample_site / "feeds/bulletins.xml")
    assert feed.feed.title == "大连市2022年重点民生实事公开挂牌督办 · 月度通报"
    months = sorted(PUBLISHED, reverse=True)  # newest first
    assert [e.title for e in feed.entries] == [f"2022年{int(m[5:])}月重点民生实事项目推进情况通报" for m in months]
    assert [e.link for e in feed.entries] == [f"{SITE_URL}bulletins/{m}/" for m in months]
    assert [e.published[:10] for e in feed.entries] == [PUBLISHED[m] for m in months]
    # May and June were corrected on 2022-07-12 and 2022-07-20 (parking-spaces.yaml, elderly-meal-points.yaml).
    updated = {e.link.rsplit("/", 2)[-2]: e.updated[:10] for e in feed.entries}
    assert updated["2022-05"] == "2022-07-12" and updated["2022-06"] == "2022-07-20"
    assert updated["2022-04"] == PUBLISHED["2022-04"]
    assert all(e.published.endswith("+08:00") for e in feed.entries)


def test_column_feed_has_its_reports_and_cases(sample_site: Path) -> None:
    feed = parsed(sample_site / "feeds/projects/gas-safety.xml")
    gas = projects()["gas-safety"]
    reports = [r for r in gas["reports"] if str(r["month"]) <= "2022-08"]  # September is not published
    assert len(reports) == 7
    titles = [e.title for e in feed.entries]
    for r in reports:
        month = int(str(r["month"])[5:])
        entry = next(e for e in feed.entries if e.title.startswith(f"燃气安全提升工程：{month}月进展"))
        assert entry.published[:10] == str(r["filed"])
        assert entry.link == f"{SITE_URL}projects/gas-safety/#report-{r['month']}"
        assert r["progress"].split("\n")[0][:20] in text_of(entry.content[0].value)
    # content/cases/praise/gas-safety-joint-visits.md (2022-06-10) names gas-safety; no rectification, no correction.
    assert "“社区+燃气企业”联合入户 燃气安全改造跑出加速度" in titles
    assert len(feed.entries) == 7 + 1
    assert "燃气安全提升工程：9月进展" not in " ".join(titles)


def test_unit_feed_carries_the_bulletin_that_named_it(sample_site: Path) -> None:
    # The August bulletin names 市人力资源社会保障局 for 漏报 (skills-training, not reported by 2022-09-07).
    feed = parsed(sample_site / "feeds/units/hrss-bureau.xml")
    assert "2022年8月重点民生实事项目推进情况通报" in [e.title for e in feed.entries]
    site = parsed(sample_site / "feeds/site.xml")
    shared = {e.id for e in feed.entries} & {e.id for e in site.entries}
    assert shared  # the same bulletin, the same id, in every feed that carries it
    # The unit's feed tells the bulletin for the unit: its own 漏报, not 市民政局's lagging project,
    # which the whole site's feed lists.
    mine = text_of(next(e for e in feed.entries if e.title == "2022年8月重点民生实事项目推进情况通报").content[0].value)
    whole = text_of(next(e for e in site.entries if e.title == "2022年8月重点民生实事项目推进情况通报").content[0].value)
    assert "漏报：市人力资源社会保障局（补贴性职业技能培训）未按期报送本月进展。" in mine
    assert "未完成节点目标：建设家庭养老床位（市民政局）。" in whole and "建设家庭养老床位" not in mine
    assert "以上是本期通报中涉及本单位的内容，通报全文见通报页。" in mine and "涉及本单位" not in whole


def test_entry_ids_are_name_based_uuids_that_never_change(sample_settings: Settings) -> None:
    import uuid

    from generator.render.feeds import entry_id

    # Published in the sample's calendar since issue 12: a reader's subscription knows the event by it.
    assert entry_id(sample_settings, "deadline/rectification/home-care-beds/r-2022-08-shahekou") == \
        "urn:uuid:a993568f-7c16-55af-a520-f43c730315b8"
    for key in ("feed/site", "bulletin/2022-08", "项目/燃气:安全", "", "x" * 300):
        expected = uuid.uuid5(uuid.NAMESPACE_URL, f"duban:大连市:2022:{key}")  # the standard library's
        assert entry_id(sample_settings, key) == f"urn:uuid:{expected}"


def test_feed_content_is_escaped(mini_project: Path, tmp_path: Path) -> None:
    edit(mini_project, "data/projects/gas.yaml", "progress: 完成 120 户。", "progress: '<script>alert(1)</script>完成 & <b>加粗</b>'")
    assert publish(mini_project, "2022-02", "--date", "2022-03-05").returncode == 0
    site = tmp_path / "site"
    assert build_site(mini_project / "mkdocs.yml", site).returncode == 0
    raw = (site / "feeds/projects/gas.xml").read_text(encoding="utf-8")
    assert "<script>" not in raw and "&amp;lt;script&amp;gt;" in raw
    feed = parsed(site / "feeds/projects/gas.xml")
    report = next(e for e in feed.entries if "2月进展" in e.title)
    # The reader gets the text back as text: no element was created from it.
    assert "<script>" not in report.content[0].value and "&lt;script&gt;" in report.content[0].value
    doc = json.loads((site / "feeds/projects/gas.json").read_text(encoding="utf-8"))
    html_part = next(i["content_html"] for i in doc["items"] if "2月进展" in i["title"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;完成 &amp; &lt;b&gt;" in html_part


def test_ids_and_dates_stay_when_the_next_month_is_published(mini_project: Path, tmp_path: Path) -> None:
    config = mini_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_url: https://duban.example.org/2022/\n", encoding="utf-8")
    assert publish(mini_project, "2022-02", "--date", "2022-03-05").returncode == 0
    one, two = tmp_path / "one", tmp_path / "two"
    assert build_site(config, one).returncode == 0
    assert publish(mini_project, "2022-03", "--date", "2022-04-06").returncode == 0
    assert build_site(config, two).returncode == 0
    for name in ("site", "bulletins", "projects/gas", "projects/care"):
        before = {e.id: (e.title, e.published, e.updated, e.link) for e in parsed(one / f"feeds/{name}.xml").entries}
        after = {e.id: (e.title, e.published, e.updated, e.link) for e in parsed(two / f"feeds/{name}.xml").entries}
        assert before and set(before) < set(after), name  # March added entries …
        assert {i: after[i] for i in before} == before, name  # … and changed none that readers have seen
    march = parsed(two / "feeds/bulletins.xml").entries[0]
    assert march.title == "2022年3月重点民生实事项目推进情况通报" and march.published[:10] == "2022-04-06"


def test_pages_announce_their_feeds(sample_site: Path) -> None:
    column = page(sample_site, "projects/gas-safety")
    assert '<link rel="alternate" type="application/atom+xml" title="燃气安全提升工程 · 动态（Atom）" ' \
           'href="../../feeds/projects/gas-safety.xml">' in column
    home = page(sample_site, "")
    for name in ("site", "bulletins", "cases"):
        assert f'href="feeds/{name}.xml"' in home and f'href="feeds/{name}.json"' in home
    assert 'href="../../feeds/units/urban-management-bureau.xml"' in page(sample_site, "units/urban-management-bureau")
    assert 'type="text/calendar"' in page(sample_site, "units/urban-management-bureau")
    assert 'href="../../feeds/bulletins.xml"' in page(sample_site, "bulletins/2022-08")
    listing = page(sample_site, "feeds")
    for path in (sample_site / "feeds").rglob("*.xml"):
        assert f'href="../{path.relative_to(sample_site).as_posix()}"' in listing, path
    for path in (sample_site / "calendar").rglob("*.ics"):
        assert f'href="../{path.relative_to(sample_site).as_posix()}"' in listing, path


# ---------------------------------------------------------------- calendar


def events(path: Path) -> list[icalendar.Event]:
    raw = path.read_bytes()
    cal = icalendar.Calendar.from_ical(raw)
    assert cal.to_ical() == raw  # round trip through the library's parser
    return list(cal.walk("VEVENT"))


def test_calendar_has_every_upcoming_deadline(sample_site: Path) -> None:
    found = events(sample_site / "calendar/deadlines.ics")
    by_title = {str(e["SUMMARY"]): e for e in found}
    # gas-safety.yaml: milestones for September to December, due at each month's end.
    for month, day in (("9", "20220930"), ("10", "20221031"), ("11", "20221130"), ("12", "20221231")):
        event = by_title[f"【节点任务】燃气安全提升工程：{month}月节点"]
        assert event["DTSTART"].to_ical() == day.encode()
        assert event.get("DTSTART").params["VALUE"] == "DATE"
    assert "累计完成燃气安全改造17.5万户" in str(by_title["【节点任务】燃气安全提升工程：9月节点"]["DESCRIPTION"])
    assert not any("燃气安全提升工程：8月节点" in t for t in by_title)  # August is past
    # Reporting deadlines: September's own (National Day, mkdocs.yml), then month end + 5 days.
    for month, day in (("9", "20221010"), ("10", "20221105"), ("11", "20221205"), ("12", "20230105")):
        assert by_title[f"【报送期限】{month}月进展报告"]["DTSTART"].to_ical() == day.encode()
    assert by_title["【专项报告】牵头单位报送2022年专项报告"]["DTSTART"].to_ical() == b"20221225"
    # Rectifications issued by 2022-09-07, not closed by then, deadline still ahead (worked from the YAML).
    open_orders = [(pid, r) for pid, p in projects().items() for r in p.get("rectifications", [])
                   if str(r["issued"]) <= CUT and (r.get("closed") is None or str(r["closed"]) > CUT)
                   and str(r["deadline"]) >= CUT]
    assert len(open_orders) >= 2
    rect_events = [e for e in found if str(e["CATEGORIES"].to_ical().decode()) == "整改时限"]
    assert sorted(e["DTSTART"].to_ical().decode() for e in rect_events) == \
        sorted(str(r["deadline"]).replace("-", "") for _, r in open_orders)
    # Stamped with the public record's date (2022-09-07 00:00 in China), never the build time.
    assert {e["DTSTAMP"].to_ical() for e in found} == {b"20220906T160000Z"}
    assert len({str(e["UID"]) for e in found}) == len(found)


def test_every_calendar_is_what_the_icalendar_library_writes(sample_site: Path) -> None:
    paths = sorted((sample_site / "calendar").rglob("*.ics"))
    assert len(paths) > 20  # the site's and one for each unit with a task or a rectification
    for path in paths:
        events(path)  # parsed and written again by the library: the same bytes


def test_calendar_lines_are_escaped_and_folded_as_rfc_5545_says(sample_settings: Settings) -> None:
    from dataclasses import replace
    from datetime import date

    from generator.render.ical import Deadline, ical

    settings = replace(sample_settings, site_url=SITE_URL)
    text = "一" * 30  # "DESCRIPTION:" is 12 octets, each 一 3: 20 of them bring a line to 72, a 21st to 75
    url = "a" * 35 + "\\b"  # "URL:https://duban.example.gov.cn/2022/" is 38 octets: 38 + 35 a + "\\" = 74
    deadline = Deadline("k", date(2022, 11, 30), "节点,任务", "a;b,c\\d\n", text, url, frozenset())
    raw = ical(settings, "日历", [deadline]).decode("utf-8")
    assert "\r\nSUMMARY:a\\;b\\,c\\\\d\\n\r\n" in raw
    assert "\r\nCATEGORIES:节点\\,任务\r\n" in raw
    assert "\r\nDESCRIPTION:" + "一" * 20 + "\r\n " + "一" * 10 + "\r\n" in raw
    # A fold never parts a backslash from what it escapes: the backslash moves to the next line.
    assert "\r\nURL:https://duban.example.gov.cn/2022/" + "a" * 35 + "\r\n \\b\r\n" in raw
    assert "\r\nDTSTART;VALUE=DATE:20221130\r\nDTEND;VALUE=DATE:20221201\r\n" in raw
    assert all(len(line.encode("utf-8")) <= 75 for line in raw.split("\r\n"))
    cal = icalendar.Calendar.from_ical(raw)
    assert cal.to_ical().decode("utf-8") == raw
    event = next(iter(cal.walk("VEVENT")))
    assert (str(event["SUMMARY"]), str(event["DESCRIPTION"])) == ("a;b,c\\d\n", text)


def test_unit_calendar_holds_its_own_deadlines(sample_site: Path) -> None:
    mine = {str(e["SUMMARY"]) for e in events(sample_site / "calendar/units/urban-management-bureau.ics")}
    led = [pid for pid, p in projects().items() if p["lead_unit"] == "urban-management-bureau"]
    assert len(led) == 6
    assert "【节点任务】燃气安全提升工程：12月节点" in mine
    # Projects the bureau neither leads nor shares (no co-unit, no part): none of their milestones.
    others = [p["title"] for p in projects().values() if "urban-management-bureau" not in
              [p["lead_unit"], *p.get("co_units", []), *(part["unit"] for part in p.get("parts", []))]]
    assert others and not [t for t in mine for title in others if f"】{title}：" in t]
    # Every plan row from September on of every project it leads (the YAML's plan tables).
    ahead = [f"【节点任务】{projects()[pid]['title']}：{int(str(row['month'])[5:])}月节点" for pid in led
             for row in projects()[pid]["plan"] if str(row["month"]) >= "2022-09"]
    assert len(ahead) >= 10 and all(any(t.startswith(a) for t in mine) for a in ahead)
    assert "【专项报告】牵头单位报送2022年专项报告" in mine
    # Shahekou's rectification (home-care-beds.yaml, deadline 2022-09-25) is in its own calendar only.
    assert "【整改时限】建设家庭养老床位（8月节点）" in {str(e["SUMMARY"]) for e in events(sample_site / "calendar/units/shahekou-gov.ics")}


# ---------------------------------------------------------------- embeds


def test_badges_show_the_published_status(sample_site: Path) -> None:
    rows = august()
    for pid in projects():
        svg = ET.parse(sample_site / f"embed/{pid}/badge.svg").getroot()  # noqa: S314 - this build's own output
        ns = "{http://www.w3.org/2000/svg}"
        title = svg.find(f"{ns}title")
        assert title is not None and LABELS[rows[pid]["status"]] in (title.text or ""), pid
        texts = [t.text for t in svg.iter(f"{ns}text")]
        assert texts[1].startswith(f"● {SHORT[rows[pid]['status']]}"), pid
        assert texts[-1] == "示例"
        assert all(t.get("textLength") for t in svg.iter(f"{ns}text"))  # fitted in any font
        assert svg.get("viewBox") == f"0 0 {svg.get('width')} {svg.get('height')}"  # scales at any size
        assert "url(" not in ET.tostring(svg, encoding="unicode")  # no web font, no image
    gas = ET.parse(sample_site / "embed/gas-safety/badge.svg").getroot()  # noqa: S314 - this build's own output
    # 159000 of 270000 (gas-safety.yaml, August) = 58.89 %.
    assert [t.text for t in gas.iter("{http://www.w3.org/2000/svg}text")][:2] == ["燃气安全提升工程（8月）", "● 超额 58.9%"]


def _urls(markup: str) -> list[str]:
    return re.findall(r'(?:src|href|action)="([^"]*)"', markup)


def test_embeds_have_no_script_and_ask_no_other_host(sample_site: Path) -> None:
    files = sorted((sample_site / "embed").rglob("*.*"))
    assert len(files) == 35 * 2 + 7 + 1  # card and badge per project, a card per bulletin and the latest
    for path in files:
        markup = path.read_text(encoding="utf-8")
        assert "<script" not in markup.lower() and "javascript:" not in markup.lower(), path
        assert "@import" not in markup and "url(" not in markup, path
        for url in _urls(markup):
            assert url.startswith(SITE_URL) or not re.match(r"([a-z]+:|//)", url), (path, url)
        if path.suffix == ".html":
            policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', markup)
            assert policy is not None
            csp = policy.group(1).replace("&#39;", "'")
            assert csp.startswith("default-src 'none'") and "script-src" not in csp
            style = re.search(r"<style>(.*?)</style>", markup, re.S)
            assert style is not None and markup.count("<style") == 1 and ' style="' not in markup
            digest = base64.b64encode(hashlib.sha256(style.group(1).encode("utf-8")).digest()).decode()
            assert f"style-src 'sha256-{digest}'" in csp  # the only style the card has is the one its policy allows


def test_project_card_links_back_to_the_column(sample_site: Path) -> None:
    card = (sample_site / "embed/gas-safety/index.html").read_text(encoding="utf-8")
    assert f'href="{SITE_URL}projects/gas-safety/" target="_blank" rel="noopener"' in card
    shown = text_of(card)
    # gas-safety in the August bulletin: ahead; 159000 of 270000 户, which prose states in 万
    # (docs/typography.md): 15.9 万户 of 27 万户.
    for words in ("燃气安全提升工程", "提前或超额完成节点目标", "15.9 万户", "27 万户的", "58.9%", "市城市管理局",
                  "数据截至 2022 年 8 月底", "2022 年 9 月 7 日发布", "示例数据"):
        assert words in shown, words
    latest = text_of((sample_site / "embed/bulletins/latest/index.html").read_text(encoding="utf-8"))
    assert "2022年8月重点民生实事项目推进情况通报" in latest and "漏报：市人力资源社会保障局" in latest
    assert (sample_site / "embed/bulletins/latest/index.html").read_bytes() == (sample_site / "embed/bulletins/2022-08/index.html").read_bytes()


def test_column_has_the_cite_and_embed_box(sample_site: Path) -> None:
    column = page(sample_site, "projects/gas-safety")
    box = text_of(column[column.index('id="cite"'):])
    assert ("大连市人民政府督查考核办公室（示例），《燃气安全提升工程》（大连市2022年重点民生实事公开挂牌督办），"
            f"截至 2022 年 8 月底，2022 年 9 月 7 日发布，{SITE_URL}projects/gas-safety/，访问于（填写访问日期）。") in box
    assert f"{SITE_URL}bulletins/2022-08/#row-gas-safety" in box  # the sealed record of the month
    assert f'<iframe src="{SITE_URL}embed/gas-safety/"' in box
    assert f'<img src="{SITE_URL}embed/gas-safety/badge.svg"' in box
    assert "<iframe" not in column  # shown as text to copy, never embedded in the column itself


# ---------------------------------------------------------------- open data


def table(site: Path, name: str) -> list[dict[str, str]]:
    raw = (site / "data" / name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_exports_hold_the_published_record(sample_site: Path) -> None:
    data = projects()
    rows = table(sample_site, "projects.csv")
    assert [r["id"] for r in rows] == sorted(data, key=lambda pid: data[pid]["order"])
    monthly = table(sample_site, "monthly.csv")
    assert len(monthly) == 35 * 11  # February to December
    assert {r["month"] for r in monthly if r["due"] == "true"} == set(PUBLISHED)
    gas = {r["month"]: r for r in monthly if r["project"] == "gas-safety"}
    assert (gas["2022-05"]["planned"], gas["2022-05"]["reported_cumulative"], gas["2022-05"]["filed"]) == ("75000", "78000", "2022-05-31")
    assert gas["2022-09"]["progress"] == "" and gas["2022-09"]["status"] == "not_due"  # filed, not yet published
    assert gas["2022-09"]["milestone"] == "累计完成燃气安全改造17.5万户"  # the plan itself is public
    rects = [r for p in data.values() for r in p.get("rectifications", []) if str(r["issued"]) <= CUT]
    assert len(table(sample_site, "rectifications.csv")) == len(rects)
    feedback = [f for p in data.values() for f in p.get("feedback", []) if str(f["received"]) <= CUT]
    assert len(table(sample_site, "feedback.csv")) == len(feedback)
    cases = [p for p in (ROOT / "content/cases").glob("*/*.md")
             if str(yaml.safe_load(p.read_text(encoding="utf-8").split("---\n")[1])["date"]) <= CUT]
    assert len(table(sample_site, "cases.csv")) == len(cases)
    listed = re.findall(r'href="\.\./data/(\w+\.csv)">.*?<td data-label="行数">(\d+)</td>',
                        (sample_site / "data/index.html").read_text(encoding="utf-8"))
    assert dict(listed) == {"projects.csv": "35", "monthly.csv": "385", "rectifications.csv": str(len(rects)),
                            "feedback.csv": str(len(feedback)), "cases.csv": str(len(cases))}  # the data page's counts
    # home-care-beds' reply came on 2022-09-26, after the cut: not yet in the export.
    order = next(r for r in table(sample_site, "rectifications.csv") if r["id"] == "r-2022-08")
    assert order["reply"] == "" and order["replied"] == ""


def test_csv_json_and_pages_agree(sample_site: Path) -> None:
    rows = table(sample_site, "projects.csv")
    records = json.loads((sample_site / "data/projects.json").read_text(encoding="utf-8"))
    assert len(records) == len(rows)
    for row, record in zip(rows, records, strict=True):
        as_text = {k: (" ".join(v) if isinstance(v, list) else "" if v is None else
                       str(v).lower() if isinstance(v, bool) else str(v)) for k, v in record.items()}
        assert as_text == row
    sealed = august()
    for row in rows:
        assert row["status"] == sealed[row["id"]]["status"], row["id"]
        column = text_of(page(sample_site, f"projects/{row['id']}"))
        assert f"2022 年 8 月状态：{row['status_label']}" in column, row["id"]
        assert row["url"] == f"{SITE_URL}projects/{row['id']}/"
    monthly = table(sample_site, "monthly.csv")
    for r in monthly:
        if r["project"] != "gas-safety" and r["project"] != "home-care-beds":
            continue
        column = page(sample_site, f"projects/{r['project']}")
        line = re.search(rf'<tr id="plan-{r["month"]}">(.*?)</tr>', column)
        assert line is not None and SHORT[r["status"]] in text_of(line.group(1)), r


def test_data_package_validates(sample_site: Path, tmp_path: Path) -> None:
    from frictionless import Package

    descriptor = json.loads((sample_site / "data/datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["schema_version"] == "1.0.0" and descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    report = Package(str(sample_site / "data/datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])
    for resource in descriptor["resources"]:
        if resource["format"] != "csv":
            continue
        header = next(csv.reader(io.StringIO((sample_site / "data" / resource["path"]).read_text(encoding="utf-8-sig"))))
        assert header == [f["name"] for f in resource["schema"]["fields"]]
        assert all(f["title"] and f["title_en"] and f["type"] for f in resource["schema"]["fields"])
    # The validation has teeth: a status outside the codes fails it.
    broken = tmp_path / "data"
    shutil.copytree(sample_site / "data", broken)
    text = (broken / "monthly.csv").read_text(encoding="utf-8-sig").replace(",ahead,", ",bogus,", 1)
    (broken / "monthly.csv").write_text("\ufeff" + text, encoding="utf-8")
    assert not Package(str(broken / "datapackage.json")).validate().valid


def test_data_page_explains_every_file_and_field(sample_site: Path) -> None:
    shown = text_of(page(sample_site, "data"))
    descriptor = json.loads((sample_site / "data/datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert resource["path"] in shown
        for f in resource["schema"]["fields"]:  # the page is in Chinese; the English titles are in the package
            assert f["title"] in shown and f["title_en"] and f["title_en"] not in shown
    assert "知识共享署名 4.0 国际许可协议" in shown
    # The JSON Schema of the project files, which the site publishes beside the exports.
    assert 'href="../data/schema/project.json"' in page(sample_site, "data")
    assert (sample_site / "data/schema/project.json").is_file()
    for label in LABELS.values():
        assert label in shown


# ---------------------------------------------------------------- permalinks, sharing, sitemap


def test_every_page_has_open_graph_and_a_canonical_address(sample_site: Path) -> None:
    for path in public_pages(sample_site):
        url = SITE_URL + path.parent.relative_to(sample_site).as_posix().removeprefix(".") + "/"
        url = url.replace("2022//", "2022/")
        html = path.read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{url}">' in html, path
        assert f'<meta property="og:url" content="{url}">' in html, path
        image = re.search(r'<meta property="og:image" content="([^"]+)">', html)
        assert image is not None and image.group(1).startswith(SITE_URL), path
        assert (sample_site / image.group(1).removeprefix(SITE_URL)).is_file(), path
        assert re.search(r'<meta property="og:title" content="[^"<>]+">', html), path
    column = page(sample_site, "projects/gas-safety")
    assert f'<meta property="og:image" content="{SITE_URL}assets/share/projects/gas-safety.jpg">' in column
    assert '<meta property="og:image:type" content="image/jpeg">' in column
    from PIL import Image

    with Image.open(sample_site / "assets/share/projects/gas-safety.jpg") as image:
        assert (image.format, image.size) == ("JPEG", (1200, 630))


def test_sitemap_lists_every_public_page_with_dates_from_the_data(sample_site: Path) -> None:
    urls = dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>",
                           (sample_site / "sitemap.xml").read_text(encoding="utf-8")))
    pages = {SITE_URL + (p.parent.relative_to(sample_site).as_posix() + "/").removeprefix("./") for p in public_pages(sample_site)}
    assert set(urls) == pages
    assert not any("/embed/" in u for u in urls)
    # Dates of the record: a bulletin's publication (and later corrections of it), a case's date.
    assert urls[f"{SITE_URL}bulletins/2022-04/"] == PUBLISHED["2022-04"]
    assert urls[f"{SITE_URL}bulletins/2022-05/"] == "2022-07-12"
    assert urls[f"{SITE_URL}cases/praise/gas-safety-joint-visits/"] == "2022-06-10"
    assert urls[f"{SITE_URL}about/"] == CUT
    assert (sample_site / "robots.txt").read_text(encoding="utf-8") == f"User-agent: *\nAllow: /\nSitemap: {SITE_URL}sitemap.xml\n"


def test_share_metadata_is_escaped(mini_project: Path, tmp_path: Path) -> None:
    config = mini_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_url: https://duban.example.org/2022/\n", encoding="utf-8")
    gas = mini_project / "data/projects/gas.yaml"
    text = gas.read_text(encoding="utf-8")
    title = re.search(r"^title: .+$", text, re.M)
    assert title is not None
    gas.write_text(text.replace(title.group(0), "title: '燃气\"><script>alert(1)</script>&amp;'", 1), encoding="utf-8")
    site = tmp_path / "site"
    assert build_site(config, site).returncode == 0
    html = page(site, "projects/gas")
    # Escaped once by the plugin, read back and escaped once by the theme: the text, never markup.
    assert '<meta property="og:title" content="燃气&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;">' in html
    assert "<script>alert(1)" not in html


def test_without_site_url_the_build_warns_and_stays_relative(mini_project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = build_site(mini_project / "mkdocs.yml", site)
    assert result.returncode == 0
    assert "mkdocs.yml 未设置 site_url" in result.stderr
    home = page(site, "")
    assert "og:url" not in home and "og:image" not in home and 'rel="canonical"' not in home
    feed = parsed(site / "feeds/site.xml")
    assert all(not re.match(r"[a-z]+:", e.link) for e in feed.entries)
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"


def test_year_switcher_links_the_sibling_years(mini_project: Path, tmp_path: Path) -> None:
    config = mini_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("      sample: true\n", "      sample: true\n      other_years: [2023, 2021]\n")
    config.write_text(text + "site_url: https://duban.example.org/2022/\n", encoding="utf-8")
    site = tmp_path / "site"
    assert build_site(config, site).returncode == 0
    for url, prefix in (("", ""), ("projects/gas", "../../")):
        html = page(site, url)
        switcher = html[html.index('class="md-header__option duban-years"'):html.index("</ul>", html.index("duban-years"))]
        assert re.findall(r'href="([^"]+)"', switcher) == [f"{prefix}../2023/", prefix.rstrip("/") or ".", f"{prefix}../2021/"]
        assert "2022 年（本站）" in switcher
    plain = tmp_path / "plain"
    config.write_text(text.replace("      other_years: [2023, 2021]\n", ""), encoding="utf-8")
    assert build_site(config, plain).returncode == 0
    assert "duban-years" not in page(plain, "")


def test_header_override_is_materials_with_one_line_added() -> None:
    import material

    theirs = (Path(material.__file__).parent / "templates/partials/header.html").read_text(encoding="utf-8").splitlines()
    ours = (ROOT / "theme/partials/header.html").read_text(encoding="utf-8").splitlines()
    added = [line for line in ours if line not in theirs]
    removed = [line for line in theirs if line not in ours]
    assert [line.strip() for line in added if not line.startswith(("  Material", "  (partials", "  fails", "{#-", "-#}"))] == \
        ['{% include "partials/duban-years.html" %}']
    assert removed == ["  This file was automatically generated - do not edit"]


# ---------------------------------------------------------------- nothing unpublished


def texts(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8-sig") for p in sorted(site.rglob("*"))
                     if p.suffix in (".xml", ".json", ".csv", ".ics", ".svg", ".html", ".txt"))


def test_nothing_unpublished_in_feeds_calendars_embeds_or_open_data(sample_site: Path, sample_preview: Path) -> None:
    later = _later_than_the_august_bulletin()
    for folder in ("feeds", "calendar", "embed", "data"):
        public, preview = texts(sample_site / folder), texts(sample_preview / folder)
        shown_in_preview = 0
        for text in later:
            line = text.split("\n")[0][:40]
            assert line not in public, (folder, line)
            shown_in_preview += line in preview
        assert shown_in_preview or folder in ("calendar", "embed"), folder
    public_feed = parsed(sample_site / "feeds/bulletins.xml")
    preview_feed = parsed(sample_preview / "feeds/bulletins.xml")
    assert "2022年9月重点民生实事项目推进情况通报（预览，未发布）" in [e.title for e in preview_feed.entries]
    assert not any("9月" in e.title for e in public_feed.entries)
    assert "预览，未发布" in preview_feed.feed.title and "预览" not in public_feed.feed.title
    assert "预览，未发布" in (sample_preview / "embed/gas-safety/index.html").read_text(encoding="utf-8")
    assert "预览" in (sample_preview / "embed/gas-safety/badge.svg").read_text(encoding="utf-8")
    assert "截至 9 月底" in text_of((sample_preview / "embed/bulletins/latest/index.html").read_text(encoding="utf-8"))
    monthly = table(sample_preview, "monthly.csv")
    assert {r["month"] for r in monthly if r["due"] == "true"} == {*PUBLISHED, "2022-09"}
    assert (sample_preview / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    assert not (sample_preview / "sitemap.xml").exists()
    # The September milestone is still ahead on the public record's date; in the preview (as of 30 September) it is not.
    public_cal = {str(e["SUMMARY"]) for e in events(sample_site / "calendar/deadlines.ics")}
    preview_cal = {str(e["SUMMARY"]) for e in events(sample_preview / "calendar/deadlines.ics")}
    assert "【节点任务】燃气安全提升工程：9月节点" in public_cal and "【节点任务】燃气安全提升工程：9月节点" not in preview_cal


@pytest.mark.parametrize("bad", ["[2022]", "2023", "[1999]"])
def test_other_years_option_errors(mini_project: Path, tmp_path: Path, bad: str) -> None:
    config = mini_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      sample: true\n", f"      sample: true\n      other_years: {bad}\n"),
                      encoding="utf-8")
    result = build_site(config, tmp_path / "site")
    assert result.returncode == 1
    assert "other_years" in result.stderr


def test_data_page_links_the_schema_once_the_site_publishes_it(sample_output) -> None:  # type: ignore[no-untyped-def]
    from generator.render.pages import AssetSpec
    from generator.render.reuse import render_reuse

    d = sample_output.derived
    for assets, linked in (([], False), ([AssetSpec("data/schema/project.json", "{}")], True)):
        reuse = render_reuse(d.model, d.bulletins, d.specials, [], assets)
        data_page = next(p for p in reuse.pages if p.path == "data/index.md")
        assert ('href="../data/schema/project.json"' in data_page.body) is linked
