"""Material's markup where no partial can be overridden, made valid HTML.

Material's ``base.html`` (not a partial) writes the drawer and search toggles as
``<input type="checkbox" … autocomplete="off">``; ``autocomplete`` is not allowed on a checkbox
(the Nu HTML checker's error on every page). Material sets it so that Firefox does not restore a
toggle's state when a reader comes back with the back button; ``theme/assets/duban-input.js``
clears both toggles on ``pageshow`` instead. Every other invalid pattern is fixed by a partial in
``theme/partials/``.
"""

from __future__ import annotations

import re

__all__ = ["valid_toggles"]

_TOGGLE = re.compile(r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" '
                     r'id="__(?:drawer|search)") autocomplete="off">')


def valid_toggles(page_html: str) -> str:
    """``page_html`` with the two toggles' ``autocomplete`` attribute removed."""
    return _TOGGLE.sub(r"\1>", page_html, count=2)
