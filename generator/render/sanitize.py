"""Sanitizing editors' HTML (hand-written pages, case articles, prefaces) with nh3 (Rust ammonia).

Generated pages never pass through here: their every value is escaped when rendered.
Hand-written Markdown may contain raw HTML; what survives is an allowlist of structural
tags and harmless attributes, and links only to http(s), mailto and relative targets. On top
of that allowlist the sanitizer knows the theme and the site's promises:

* an id an editor writes can never be one the theme or its scripts look up (Material's ids all
  start with ``__``, such as ``__config``, which its bundle reads as its configuration): ids in
  the theme's and Duban's namespaces get the ``user-content-`` prefix, as GitHub does;
* images come from the site itself (relative addresses) or from the hosts in ``image_hosts``;
  any other image would make every reader's browser call another host, so it is removed and
  reported;
* protocol-relative addresses (``//host/…``, and ``/\\host``, which browsers read the same way)
  are removed and reported;
* links to other hosts get ``rel="noopener noreferrer"``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import nh3

__all__ = ["ID_PREFIX", "Policy", "Sanitized", "markdown_to_safe_html", "sanitize_html"]

_TAGS = set(nh3.ALLOWED_TAGS) - {"map", "area"}
_GLOBAL = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden"}
_ATTRIBUTES = {
    "*": _GLOBAL,
    "a": _GLOBAL | {"href", "hreflang"},
    "img": _GLOBAL | {"src", "alt", "width", "height", "loading"},
    "th": _GLOBAL | {"scope", "colspan", "rowspan"},
    "td": _GLOBAL | {"colspan", "rowspan"},
    "ol": _GLOBAL | {"start", "reversed"},
    "time": _GLOBAL | {"datetime"},
}
_SCHEMES = {"http", "https", "mailto"}
ID_PREFIX = "user-content-"
"""Put before an editor's id that lies in the theme's or Duban's namespace."""
_RESERVED_ID = re.compile(r"__|md-|duban-|user-content-", re.IGNORECASE)
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_LINK = re.compile(r'<a\s([^>]*)>')
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')


@dataclass(frozen=True)
class Policy:
    """What editors' HTML may point to."""

    image_hosts: frozenset[str] = frozenset()
    """Hosts (lower case) whose images may be shown, besides the site itself."""


@dataclass
class Sanitized:
    """Sanitized HTML and what was removed that the editor should hear about."""

    html: str
    refused: list[tuple[str, str]] = field(default_factory=list)
    """(zh, en) per removed image or address."""


def _address(value: str) -> tuple[str, str | None]:
    """("relative" | "absolute" | "protocol-relative" | "other", host) as a browser reads ``value``."""
    text = value.strip().replace("\\", "/")
    if text.startswith("//"):
        return "protocol-relative", urlsplit("https:" + text).hostname
    if _SCHEME.match(text):
        parts = urlsplit(text)
        if parts.scheme.lower() in ("http", "https"):
            # "https:evil.example" is https://evil.example/ to a browser: only "://" is plain.
            return ("absolute", parts.hostname) if text[len(parts.scheme) + 1:].startswith("//") else ("protocol-relative", None)
        return "other", None
    return "relative", None


def _filter(policy: Policy, refused: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id":
            return ID_PREFIX + value if _RESERVED_ID.match(value) else value
        if attribute not in ("href", "src"):
            return value
        kind, host = _address(value)
        if kind == "protocol-relative":
            refused.append((f"地址 {value} 省略了 http(s):，浏览器会请求其他网站，已删除；请写完整的 https:// 地址或站内相对地址",
                            f"protocol-relative address {value} removed: write a full https:// address or a relative one"))
            return None
        if tag == "img" and kind != "relative" and (host or "") not in policy.image_hosts:
            refused.append((f"图片 {value} 来自其他网站，会让每位读者的浏览器请求该网站，已删除；"
                            "请把图片放进 content/ 用相对地址引用，或在 mkdocs.yml 的 image_hosts 中列出该网站",
                            f"image {value} comes from another host and was removed: put the image in content/ and use a "
                            "relative address, or list the host in image_hosts in mkdocs.yml"))
            return None
        return value
    return keep


def _rel(match: re.Match[str]) -> str:
    attrs = dict(_ATTR.findall(match.group(1)))
    kind, _ = _address(html.unescape(attrs.get("href", "")))
    if kind != "absolute":
        return match.group(0)
    attrs["rel"] = "noopener noreferrer"
    return "<a " + " ".join(f'{k}="{v}"' for k, v in attrs.items()) + ">"


def sanitize_html(fragment: str, policy: Policy = Policy()) -> Sanitized:  # noqa: B008 - a frozen value
    """Keep safe structure and text; drop scripts, event handlers, iframes, unsafe URLs, foreign
    images and protocol-relative addresses; keep editors' ids out of the theme's namespace."""
    refused: list[tuple[str, str]] = []
    clean = nh3.clean(fragment, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, link_rel=None,
                      strip_comments=True, attribute_filter=_filter(policy, refused))
    return Sanitized(_LINK.sub(_rel, clean), refused)


def markdown_to_safe_html(text: str, policy: Policy = Policy()) -> Sanitized:  # noqa: B008 - a frozen value
    """Editors' Markdown (e.g. a bulletin preface) to sanitized HTML, inside one ``<div>``."""
    import markdown  # type: ignore[import-untyped]

    rendered = markdown.markdown(text, extensions=["admonition", "attr_list", "tables"], output_format="html")
    clean = sanitize_html(rendered, policy)
    return Sanitized(f'<div class="duban-preface">\n{clean.html}\n</div>', clean.refused)
