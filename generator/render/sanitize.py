"""Sanitizing editors' HTML (hand-written pages, case articles) with nh3 (Rust ammonia).

Generated pages never pass through here: their every value is escaped when rendered.
Hand-written Markdown may contain raw HTML; what survives is an allowlist of structural
tags and harmless attributes, and links only to http(s), mailto and relative targets.
"""

from __future__ import annotations

import nh3

__all__ = ["markdown_to_safe_html", "sanitize_html"]

_TAGS = set(nh3.ALLOWED_TAGS) - {"map", "area"}
_GLOBAL = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden"}
_ATTRIBUTES = {
    "*": _GLOBAL,
    "a": _GLOBAL | {"href", "rel", "hreflang"},
    "img": _GLOBAL | {"src", "alt", "width", "height", "loading"},
    "th": _GLOBAL | {"scope", "colspan", "rowspan"},
    "td": _GLOBAL | {"colspan", "rowspan"},
    "ol": _GLOBAL | {"start", "reversed"},
    "time": _GLOBAL | {"datetime"},
}
_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(fragment: str) -> str:
    """Keep safe structure and text; drop scripts, event handlers, iframes and unsafe URLs."""
    return nh3.clean(fragment, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, link_rel=None,
                     strip_comments=True)


def markdown_to_safe_html(text: str) -> str:
    """Editors' Markdown (e.g. a bulletin preface) to sanitized HTML, inside one ``<div>``."""
    import markdown  # type: ignore[import-untyped]

    rendered = markdown.markdown(text, extensions=["admonition", "attr_list", "tables"], output_format="html")
    return f'<div class="duban-preface">\n{sanitize_html(rendered)}\n</div>'
