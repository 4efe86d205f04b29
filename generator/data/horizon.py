"""The data as it was known on a given day: what the public may see, and what a bulletin knew.

Two uses, one cut:

* the **public view** (:func:`public_view`): the site shows the record up to the latest
  published bulletin — its month's reports and earlier ones, and every other record dated on
  or before the day it was published. Later months, and rectifications, cases, feedback,
  inspections and meetings dated after that day, wait for the next bulletin (they appear in a
  preview only);
* **publication** (``engine.bulletins.make_snapshot``): a bulletin published on a day judges
  each unit on what had been filed by that day; a report filed later is a back-filled report
  (补报), never an on-time one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from ..dates import Month
from .loader import Dataset
from .models import Feedback, FeedbackStatus, Project

__all__ = ["known_on", "public_view", "published_through"]


def _unless_later(value: Any, day: date | None, cut: date) -> Any:
    return value if day is None or day <= cut else None


def _feedback(f: Feedback, cut: date) -> Feedback:
    if f.replied is None or f.replied <= cut:
        return f.model_copy(update={"forwarded": _unless_later(f.forwarded, f.forwarded, cut)})
    # Answered later than the cut: on the cut day it was still being handled.
    return f.model_copy(update={"status": FeedbackStatus.PROCESSING, "reply": None, "replied": None,
                                "forwarded": _unless_later(f.forwarded, f.forwarded, cut)})


def _project(p: Project, cut: date, through: Month, filed_by: date | None) -> Project:
    reports = [r for r in p.reports if r.month <= through and (filed_by is None or r.filed <= filed_by)]
    parts = [part.model_copy(update={"reports": [r for r in part.reports if r.month <= through]}) for part in p.parts]
    rects = [r.model_copy(update={"closed": _unless_later(r.closed, r.closed, cut),
                                  "reply": _unless_later(r.reply, r.replied, cut),
                                  "replied": _unless_later(r.replied, r.replied, cut)})
             for r in p.rectifications if r.issued <= cut]
    coordination = [c.model_copy(update={"resolution": _unless_later(c.resolution, c.resolved, cut),
                                         "resolved": _unless_later(c.resolved, c.resolved, cut)})
                    for c in p.coordination if c.raised <= cut]
    return p.model_copy(update={
        "reports": reports, "parts": parts, "rectifications": rects, "coordination": coordination,
        "feedback": [_feedback(f, cut) for f in p.feedback if f.received <= cut],
        "media": [m for m in p.media if m.date <= cut],
        "inspections": [i.model_copy(update={"lifted": _unless_later(i.lifted, i.lifted, cut)})
                        for i in p.inspections if i.date <= cut],
        "adjustments": [a for a in p.adjustments if a.approved <= cut],
    })


def known_on(data: Dataset, cut: date, through: Month, *, filed_by: date | None = None,
             snapshots_before: Month | None = None) -> Dataset:
    """``data`` as known on ``cut``: reports up to month ``through`` (and, with ``filed_by``, only
    those filed by then); every other record dated after ``cut`` left out; later dates inside a
    record (a closure, a reply, a resolution, a lifted warning) not yet known.

    ``snapshots_before`` keeps only the bulletins published for earlier months (a bulletin being
    published judges its month afresh).
    """
    settings = replace(data.settings, as_of=through, today=cut)
    snapshots = {m: s for m, s in data.snapshots.items() if snapshots_before is None or m < snapshots_before}
    cases = [c.model_copy(update={"updates": [u for u in c.updates if u.date <= cut]}) for c in data.cases if c.date <= cut]
    return replace(
        data, settings=settings, projects=[_project(p, cut, through, filed_by) for p in data.projects],
        meetings=[m for m in data.meetings if m.date <= cut], snapshots=snapshots, cases=cases,
        special_reports={u: r for u, r in data.special_reports.items() if r.filed <= cut},
    )


def published_through(data: Dataset) -> Month | None:
    """The latest month with a published bulletin, if any."""
    return max(data.snapshots) if data.snapshots else None


def public_view(data: Dataset) -> Dataset:
    """What the public build shows: the record up to the latest published bulletin, as known on
    the day it was published (reports of published months are shown whenever they were filed, so a
    back-filled report appears as 补报). Nothing at all before the first bulletin."""
    latest = published_through(data)
    if latest is None:
        first = Month(data.settings.year, data.settings.first_month)
        return known_on(data, first.previous().last_day, first.previous())
    return known_on(data, data.snapshots[latest].published, latest)
