"""What a citizen searches for on each generated page, as plain text for the search index.

Material's search would index every table cell of every page (the plan table, every report,
every reply): at 10,000 projects that is a 238 MB index no phone can fetch. The index holds
instead, per page, the text people search by — a project's title, item, summary, units,
districts, status and milestones; a unit's name; a bulletin's headline and the projects it
names — and the page itself carries the rest.
"""

from __future__ import annotations

import re

from ..engine.bulletins import Bulletin
from ..engine.model import SiteModel
from ..engine.status import ProjectStatus

__all__ = ["bulletin_text", "project_text", "unit_text"]


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _unique(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(t for t in texts if t))


def _distinct(texts: list[str]) -> list[str]:
    """One of each milestone wording: 累计完成改造1.5万户, 累计完成改造3万户 … index as the first."""
    shapes: dict[str, str] = {}
    for text in texts:
        if text:
            shapes.setdefault(re.sub(r"[0-9０-９.]+", "#", text), text)
    return list(shapes.values())


def project_text(model: SiteModel, s: ProjectStatus) -> str:
    """A project's column: item, units, districts, status and every distinct milestone."""
    d, p = model.data, s.project
    item = d.items[p.item]
    units = _unique([d.units[p.lead_unit].name, *(d.units[u].name for u in p.co_units),
                     *(d.units[part.part.unit].name for part in s.parts)])
    districts = _unique([*(d.districts[x].name for x in p.districts),
                         *(d.districts[part.part.district].name for part in s.parts if part.part.district)])
    milestones = _distinct([m.milestone or "" for m in s.months])
    return _join(f"第{item.no}项 {item.title}（{item.domain.label}）", f"牵头单位：{units[0]}",
                 f"责任单位：{'、'.join(units[1:])}" if units[1:] else "",
                 f"涉及区市县：{'、'.join(districts)}" if districts else "全市",
                 f"{s.current.month.label}状态：{s.current.status.label}",
                 f"节点任务：{'；'.join(milestones)}" if milestones else "")


def unit_text(model: SiteModel, unit: str) -> str:
    """A unit's page: its kind and how many projects it carries."""
    u = model.data.units[unit]
    return _join(u.kind.label, f"承担 {len(model.roles.get(unit, []))} 项任务")


def bulletin_text(b: Bulletin) -> str:
    """A bulletin (its headline is the description): the projects it names as behind or not reported."""
    named = _unique([r.title for r in [*b.behind, *b.unreported]])
    return f"未完成节点目标或未报送：{'、'.join(named)}" if named else ""
