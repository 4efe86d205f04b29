"""Plan-vs-actual chart as inline SVG, drawn at build time (no JavaScript).

Only numbers and fixed labels reach the SVG; the caller passes the accessible title and
description already as plain text, which is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..engine.status import Light, MonthStatus

__all__ = ["LIGHT_COLOURS", "milestone_strip", "plan_chart"]

LIGHT_COLOURS = {
    Light.GREEN: "#1b7f3b",
    Light.YELLOW: "#b58100",
    Light.RED: "#c62828",
    Light.BLUE: "#1565c0",
    Light.GREY: "#9e9e9e",
}

# Drawn for a phone: the chart is 360 units wide, about as many CSS pixels as a phone's screen, so
# that its 14-unit labels show at 12 px or more at 360 px (the stylesheet caps the width on desktops).
_W, _H = 360, 220
_LEFT, _RIGHT, _TOP, _BOTTOM = 52, 8, 12, 30


def _fmt(value: float) -> str:
    return f"{value:g}" if value < 10000 else f"{value / 10000:g}万"


def plan_chart(months: Sequence[MonthStatus], target: float, chart_id: str, title: str, desc: str) -> str:
    """An SVG with planned cumulative (line), original plan if adjusted (dotted) and actual (bars)."""
    n = len(months)
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    step = plot_w / max(n, 1)

    def y(value: float) -> float:
        return round(_TOP + plot_h - (value / target * plot_h if target else 0), 1)

    def x(i: int) -> float:
        return round(_LEFT + step * i + step / 2, 1)

    parts = [
        f'<svg class="duban-chart" viewBox="0 0 {_W} {_H}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]
    for frac in (0, 0.25, 0.5, 0.75, 1):
        gy = y(target * frac)
        parts.append(f'<line x1="{_LEFT}" y1="{gy}" x2="{_W - _RIGHT}" y2="{gy}" class="grid"/>')
        if frac in (0, 0.5, 1):  # three labels: each stays legible at phone size
            parts.append(f'<text x="{_LEFT - 4}" y="{gy + 5}" text-anchor="end" class="axis">{_fmt(target * frac)}</text>')
    for i, m in enumerate(months):
        parts.append(f'<text x="{x(i)}" y="{_H - _BOTTOM + 20}" text-anchor="middle" class="axis">{m.month.month}</text>')
        if m.due and m.cumulative is not None:
            top = y(m.cumulative)
            colour = LIGHT_COLOURS[m.light]
            parts.append(f'<rect x="{round(x(i) - step * 0.3, 1)}" y="{top}" width="{round(step * 0.6, 1)}" '
                         f'height="{round(_TOP + plot_h - top, 1)}" fill="{colour}"/>')
    for attr, css in (("planned_original", "plan-original"), ("planned", "plan")):
        points = [(x(i), y(getattr(m, attr))) for i, m in enumerate(months) if getattr(m, attr) is not None]
        if attr == "planned_original" and all(m.planned == m.planned_original for m in months):
            continue
        if points:
            path = " ".join(f"{px},{py}" for px, py in points)
            parts.append(f'<polyline points="{path}" class="{css}" fill="none"/>')
            parts += [f'<circle cx="{px}" cy="{py}" r="3" class="{css}"/>' for px, py in points]
    parts.append("</svg>")
    return "".join(parts)


def milestone_strip(months: Sequence[MonthStatus], chart_id: str, title: str, desc: str) -> str:
    """For projects without a numeric target: one coloured cell per month, labelled."""
    n = len(months)
    width, height, cell = _W, 84, (_W - 16) / max(n, 1)
    parts = [
        f'<svg class="duban-chart duban-strip" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]
    for i, m in enumerate(months):
        x = round(8 + cell * i, 1)
        parts.append(f'<rect x="{x + 2}" y="8" width="{round(cell - 4, 1)}" height="40" rx="4" '
                     f'fill="{LIGHT_COLOURS[m.light]}"/>')
        parts.append(f'<text x="{round(x + cell / 2, 1)}" y="34" text-anchor="middle" class="cell cell--{m.light.value}">'
                     f'{escape(m.status.short[:1]) if m.due else ""}</text>')
        parts.append(f'<text x="{round(x + cell / 2, 1)}" y="72" text-anchor="middle" class="axis">{m.month.month}</text>')
    parts.append("</svg>")
    return "".join(parts)
