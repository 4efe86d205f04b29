"""Open data (开放数据) at ``/data/``: the published record as CSV and JSON, with a Frictionless
Data Package that describes every file and field (:mod:`.datafields`).

The rows come from the same model as the pages, so a public build exports only what the office
has published, and the statuses are the sealed ones the pages show. CSV files are UTF-8 with a
byte-order mark, so Excel in China opens them without garbling; ``projects.json`` holds the same
rows as ``projects.csv`` (lists as arrays). No clock anywhere: the package is dated with the
public record's date.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from ..dates import Month
from ..engine.bulletins import Bulletin
from ..engine.model import SiteModel
from ..formats import qty
from ..settings import Settings
from .datafields import CASES, FEEDBACK, MONTHLY, PROJECTS, RECTIFICATIONS, RESOURCES, SCHEMA_VERSION, Resource

__all__ = ["DATA_FOLDER", "count", "datapackage", "export_files", "rows"]

DATA_FOLDER = "data"
"""Where the exports are in the site: ``/data/``."""
Row = dict[str, Any]


def _month(m: Month | None) -> str | None:
    return str(m) if m is not None else None


def _day(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _number(value: float | None) -> float | int | None:
    """As the pages print it: whole numbers without a decimal point, no float noise."""
    if value is None:
        return None
    text = qty(value)
    return float(text) if "." in text else int(text)


def _projects(model: SiteModel) -> Iterator[Row]:
    d = model.data
    for s in model.statuses:
        p, ms = s.project, s.current
        leader = d.leaders[p.leader]
        yield {
            "id": p.id, "order": p.order, "item": p.item, "item_title": d.items[p.item].title,
            "domain": d.items[p.item].domain.value, "domain_label": d.items[p.item].domain.label, "title": p.title,
            "summary": p.summary, "target": _number(p.target), "measure": p.measure, "lead_unit": p.lead_unit,
            "lead_unit_name": d.units[p.lead_unit].name, "co_units": list(p.co_units), "leader": p.leader,
            "leader_name": leader.name, "leader_post": leader.post, "division": p.division, "districts": list(p.districts),
            "as_of": str(d.settings.as_of), "status": ms.status.value, "status_label": ms.status.label,
            "light": ms.light.value, "cumulative": _number(ms.cumulative), "percent_of_target": _number(ms.percent_of_target),
            "warning": f"{ms.warning.label}：{'；'.join(ms.warning.reasons)}" if ms.warning else None,
            "url": d.settings.absolute(f"projects/{p.id}/"),
        }


def _monthly(model: SiteModel) -> Iterator[Row]:
    settings = model.data.settings
    published = set(model.data.snapshots)
    for s in model.statuses:
        p = s.project
        for ms in s.months:
            report = next((r for r in p.reports if r.month == ms.month), None) if ms.due else None
            changed = ms.milestone != ms.milestone_original or ms.planned != ms.planned_original
            yield {
                "project": p.id, "month": str(ms.month), "milestone": ms.milestone, "planned": _number(ms.planned),
                "adjusted": changed, "milestone_original": ms.milestone_original if changed else None,
                "planned_original": _number(ms.planned_original) if changed else None, "due": ms.due,
                "deadline": _day(settings.deadline(ms.month)), "filed": _day(report.filed if report else None),
                "reported_cumulative": _number(report.cumulative if report else None),
                "progress": report.progress if report else None, "explanation": report.explanation if report else None,
                "measures": report.measures if report else None, "cumulative": _number(ms.cumulative),
                "percent_of_milestone": _number(ms.percent_of_milestone), "percent_of_target": _number(ms.percent_of_target),
                "status": ms.status.value, "status_label": ms.status.label, "light": ms.light.value,
                "note": ms.note or None, "late_days": ms.late_days,
                "warning": f"{ms.warning.label}：{'；'.join(ms.warning.reasons)}" if ms.warning else None,
                "bulletin": str(ms.month) if ms.month in published else None,
            }


def _rectifications(model: SiteModel) -> Iterator[Row]:
    d = model.data
    views = sorted(model.rectifications, key=lambda v: (v.project.project.order, v.order.issued, v.order.id))
    return ({
        "project": v.project.project.id, "id": v.order.id, "month": str(v.order.month), "issued": _day(v.order.issued),
        "unit": v.order.unit, "unit_name": d.units[v.order.unit].name, "requirement": v.order.requirement,
        "deadline": _day(v.order.deadline), "reply": v.order.reply, "replied": _day(v.order.replied),
        "closed": _day(v.order.closed), "state": v.state.value, "state_label": v.state.label,
    } for v in views)


def _feedback(model: SiteModel) -> Iterator[Row]:
    d = model.data
    entries = sorted(model.feedback, key=lambda e: (e.project.project.order, e.item.received, e.item.code))
    return ({
        "project": e.project.project.id, "code": f.code, "received": _day(f.received), "channel": f.channel.value,
        "channel_label": f.channel.label, "type": f.type.value, "type_label": f.type.label, "summary": f.summary,
        "unit": f.unit, "unit_name": d.units[f.unit].name, "forwarded": _day(f.forwarded), "status": f.status.value,
        "status_label": f.status.label, "replied": _day(f.replied), "reply": f.reply,
        "days_to_reply": (f.replied - f.received).days if f.replied else None,
    } for e in entries for f in [e.item])


def _cases(model: SiteModel) -> Iterator[Row]:
    d = model.data
    return ({
        "kind": c.kind.value, "kind_label": c.kind.label, "slug": c.slug, "date": _day(c.date), "title": c.title,
        "projects": list(c.projects), "units": list(c.units), "found_by": c.found_by.value if c.found_by else None,
        "found_by_label": c.found_by.label if c.found_by else None, "problem": c.problem,
        "milestone_month": _month(c.milestone_month), "responsible_unit": c.responsible_unit,
        "responsible_unit_name": d.units[c.responsible_unit].name if c.responsible_unit else None,
        "responsible_post": c.responsible_post,
        "named_person": c.named_person if c.named_officially else None,  # never a name the office has not named
        "sanction": c.sanction, "rectification": c.rectification, "outcome": c.outcome,
        "last_update": _day(max((u.date for u in c.updates), default=None)),
        "url": d.settings.absolute(f"cases/{c.kind.value}/{c.slug}/"),
    } for c in sorted(model.cases, key=lambda c: (c.date, c.kind.value, c.slug)))


_ROWS = {PROJECTS.name: _projects, MONTHLY.name: _monthly, RECTIFICATIONS.name: _rectifications,
         FEEDBACK.name: _feedback, CASES.name: _cases}


_COUNTS: dict[str, Callable[[SiteModel], int]] = {
    PROJECTS.name: lambda model: len(model.statuses),
    MONTHLY.name: lambda model: sum(len(s.months) for s in model.statuses),
    RECTIFICATIONS.name: lambda model: len(model.rectifications),
    FEEDBACK.name: lambda model: len(model.feedback),
    CASES.name: lambda model: len(model.cases),
}


def count(model: SiteModel, resource: Resource) -> int:
    """How many rows :func:`rows` makes of ``resource``, without making them (the data page gives
    the counts as the pages are made; the rows are made with the files: at 5,000 projects making
    them twice cost the pages 1.2 s)."""
    return _COUNTS[resource.name](model)


def rows(model: SiteModel, resource: Resource) -> Iterator[Row]:
    """The rows of one exported table, each with exactly the resource's columns, made one by one
    (the monthly table of 10,000 projects is 110,000 rows: held at once, 125 MB more at the peak)."""
    for row in _ROWS[resource.name](model):
        assert list(row) == resource.names, (resource.name, list(row))  # the contract, field for field
        yield row


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(value)
    return str(value)


def _csv(resource: Resource, table: Iterable[Row]) -> bytes:
    """UTF-8 with a byte-order mark, encoded a thousand rows at a time (a text buffer of the whole
    table holds four bytes per character)."""
    out = io.BytesIO()
    buffer = io.StringIO("\ufeff")
    buffer.seek(0, io.SEEK_END)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(resource.names)
    for n, row in enumerate(table, 1):
        writer.writerow([_cell(row[name]) for name in resource.names])
        if n % 1000 == 0:
            out.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue().encode("utf-8"))
    return out.getvalue()


def _resource(resource: Resource, path: str, fmt: str) -> dict[str, Any]:
    lists = "array" if fmt == "json" else "string"
    schema: dict[str, Any] = {"fields": [c.schema(lists) for c in resource.columns], "missingValues": [""],
                              "primaryKey": resource.primary_key}
    if resource.foreign_keys:
        schema["foreignKeys"] = [{"fields": f, "reference": {"resource": r, "fields": rf}} for f, r, rf in resource.foreign_keys]
    out: dict[str, Any] = {"name": resource.name if fmt == "csv" else f"{resource.name}-json", "path": path,
                           "profile": "tabular-data-resource", "title": resource.title, "title_en": resource.title_en,
                           "description": resource.description, "format": fmt}
    if fmt == "csv":
        out.update(mediatype="text/csv", encoding="utf-8-sig", dialect={"delimiter": ",", "header": True})
    else:
        out.update(mediatype="application/json", encoding="utf-8")
    out["schema"] = schema
    return out


def datapackage(settings: Settings, published: date | None) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the exports."""
    pkg: dict[str, Any] = {
        "profile": "tabular-data-package", "name": f"duban-{settings.year}",
        "title": f"{settings.site_title}：开放数据" + ("（预览，未发布）" if settings.preview else ""),
        "description": (f"{settings.city}{settings.year}年重点民生实事项目公开挂牌督办的公开记录，"
                        f"数据截至 {settings.as_of_label}。"
                        + ("示例数据：除公开报道的事实外，数字和进度均为示例。" if settings.sample else "")),
        "schema_version": SCHEMA_VERSION, "city": settings.city, "year": settings.year, "as_of": str(settings.as_of),
        "published": _day(published), "sample": settings.sample,
        "created": f"{settings.as_of_date.isoformat()}T00:00:00+08:00",
        "contributors": [{"title": settings.office, "role": "publisher"}],
        "keywords": ["重点民生实事", "公开挂牌督办", settings.city, str(settings.year)],
    }
    if settings.site_url:
        pkg["homepage"] = settings.absolute("")
    if settings.licence_terms:
        lic = settings.licence_terms
        pkg["licenses"] = [{"name": lic.code, "path": lic.url, "title": lic.title}]
    pkg["resources"] = [_resource(r, f"{r.name}.csv", "csv") for r in RESOURCES]
    pkg["resources"].insert(1, _resource(PROJECTS, "projects.json", "json"))
    return pkg


def export_files(model: SiteModel, bulletins: list[Bulletin]) -> dict[str, Callable[[], bytes]]:
    """Every file of ``/data/`` by its path in the site, each made when it is called (the tables
    of 10,000 projects are some 120 MB: made as each file is written, they are never all held)."""
    published = max((b.published for b in bulletins if b.published), default=None)
    # Closures, not functools.partial: `duban serve` reuses a partial's output when its arguments
    # compare equal, and these depend on the whole model (comparing it costs more than remaking them).
    files: dict[str, Callable[[], bytes]] = {
        f"{DATA_FOLDER}/{r.name}.csv": (lambda r=r: _csv(r, rows(model, r))) for r in RESOURCES}  # type: ignore[misc]
    files[f"{DATA_FOLDER}/projects.json"] = lambda: _json(list(rows(model, PROJECTS)))
    files[f"{DATA_FOLDER}/datapackage.json"] = lambda: _json(datapackage(model.data.settings, published))
    return dict(sorted(files.items()))


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
