"""How numbers are printed, everywhere: pages, Word documents, error messages."""

from __future__ import annotations

from decimal import Decimal

__all__ = ["WAN", "amount", "pct", "qty", "show"]

WAN = 10_000
"""From this many on, prose states a quantity in 万 (``quantity_style: wan``)."""


def qty(value: float | int | None) -> str:
    """A quantity as published: integers plainly, decimals without trailing zeros."""
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(round(value, 4))), "f")  # never exponent notation or float noise
    return text.rstrip("0").rstrip(".") if "." in text else text


def amount(value: float | int | None, measure: str | None = "", style: str = "wan") -> str:
    """A quantity with its unit, as prose states it: ``7.8 万户`` from 10,000 on in the ``wan`` style
    (two decimals at most), else the exact figure ``780 户``. Tables always print :func:`qty`."""
    if value is None:
        return "—"
    unit = measure or ""
    if style == "wan" and abs(value) >= WAN:
        return f"{qty(round(value / WAN, 2))} 万{unit}"
    return f"{qty(value)} {unit}".rstrip()


def pct(value: float | None) -> str:
    """A percentage, or a dash when not applicable."""
    return "—" if value is None else f"{qty(value)}%"


def show(field_name: str, value: object) -> str:
    """A corrected figure as printed: status wording, percentages, quantities."""
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    if field_name.startswith("percent"):
        return pct(value)  # type: ignore[arg-type]
    return qty(value)  # type: ignore[arg-type]
