"""Feeds written out: Atom 1.0 (RFC 4287) with ElementTree, JSON Feed 1.1 with json.

Every text goes through the XML serializer or the JSON encoder, so no data can break out of
its element; entry content is HTML made of escaped paragraphs only. Dates are the data's
days at midnight China Standard Time. Output is sorted and carries no version or clock, so the
same data writes the same bytes.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 - writing only, never parsing
from datetime import date

from markupsafe import escape

from ..settings import Settings
from .feeds import Entry, Feed, entry_id

__all__ = ["ATOM", "atom", "json_feed", "xml_text"]

ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (the loader refuses them; this is the last guard)."""
    return _NOT_XML.sub("", text)


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def _href(settings: Settings, feed: Feed, path: str) -> str:
    """Absolute with ``site_url``; otherwise relative to the feed file, which readers resolve against it."""
    if settings.site_url:
        return settings.absolute(path)
    return "../" * (feed.slug.count("/") + 1) + path


def _html(entry: Entry) -> str:
    return "".join(f"<p>{escape(xml_text(line))}</p>" for line in entry.text for line in line.splitlines() if line.strip())


def _plain(entry: Entry) -> str:
    return xml_text("\n".join(entry.text))


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = xml_text(text)
    return el


def atom(settings: Settings, feed: Feed) -> bytes:
    """The feed as an Atom 1.0 document."""
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "zh-CN"})
    _sub(root, "id", entry_id(settings, f"feed/{feed.slug}"))
    _sub(root, "title", feed.title)
    _sub(root, "subtitle", feed.description)
    _sub(root, "updated", _stamp(feed.updated))
    _sub(root, "link", rel="self", type="application/atom+xml", href=_href(settings, feed, feed.atom))
    _sub(root, "link", rel="alternate", type="text/html", href=_href(settings, feed, feed.page))
    author = _sub(root, "author")
    _sub(author, "name", settings.office)
    if settings.licence_terms:
        _sub(root, "rights", settings.licence_terms.title)
    _sub(root, "generator", "Duban")
    for e in feed.entries:
        el = _sub(root, "entry")
        _sub(el, "id", entry_id(settings, e.key))
        _sub(el, "title", e.title)
        _sub(el, "link", rel="alternate", type="text/html", href=_href(settings, feed, e.path))
        _sub(el, "published", _stamp(e.published))
        _sub(el, "updated", _stamp(e.updated))
        _sub(el, "category", term=e.kind)
        _sub(el, "summary", e.text[0] if e.text else e.title, type="text")
        _sub(el, "content", _html(e), type="html")
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def json_feed(settings: Settings, feed: Feed) -> bytes:
    """The feed as a JSON Feed 1.1 document."""
    doc: dict[str, object] = {"version": "https://jsonfeed.org/version/1.1", "title": feed.title,
                              "description": feed.description, "language": "zh-CN",
                              "authors": [{"name": settings.office}]}
    if settings.site_url:  # both must be full addresses: left out rather than relative
        doc["home_page_url"] = settings.absolute(feed.page)
        doc["feed_url"] = settings.absolute(feed.json)
    doc["items"] = [{
        "id": entry_id(settings, e.key), "url": _href(settings, feed, e.path), "title": xml_text(e.title),
        "summary": xml_text(e.text[0] if e.text else e.title), "content_text": _plain(e), "content_html": _html(e),
        "date_published": _stamp(e.published), "date_modified": _stamp(e.updated), "tags": [e.kind],
    } for e in feed.entries]
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
