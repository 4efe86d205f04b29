"""Calendar months: the unit every plan, report and bulletin is counted in."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any, NamedTuple

from pydantic_core import PydanticCustomError

__all__ = ["Month", "fail", "month_of"]

_MONTH_RE = re.compile(r"(\d{4})-(\d{2})")


def fail(zh: str, en: str) -> PydanticCustomError:
    """A validation error carrying both languages (read back by the loader)."""
    return PydanticCustomError("duban", "{en}", {"zh": zh, "en": en})


class Month(NamedTuple):
    """A calendar month; sorts chronologically, prints as ``2022-03``."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """Chinese label, e.g. ``3月``."""
        return f"{self.month}月"

    @property
    def first_day(self) -> date:
        """The first day of the month."""
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        """The last day of the month."""
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def next(self) -> Month:
        """The following month."""
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        """The month before."""
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    @classmethod
    def parse(cls, value: Any) -> Month:
        """Parse ``YYYY-MM`` (text only) or raise a bilingual validation error."""
        if isinstance(value, Month):
            return value
        if isinstance(value, str):
            m = _MONTH_RE.fullmatch(value.strip())
            if m and 1 <= int(m.group(2)) <= 12:
                return cls(int(m.group(1)), int(m.group(2)))
        raise fail(
            f"月份应写作 YYYY-MM（如 2022-03），得到 {value!r}",
            f"month must be YYYY-MM (e.g. 2022-03), got {value!r}",
        )



def month_of(day: date) -> Month:
    """The month a date falls in."""
    return Month(day.year, day.month)
