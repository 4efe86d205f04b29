"""Limits in time: a deferral ends within the year (当年必须完成), a warning is lifted after it was
given, a correction comes after the month it corrects. (No record dated after the as-of month's
reporting deadline: :func:`generator.data.rules.check_fields`, for every date field.)"""

from __future__ import annotations

from collections.abc import Iterator

from ..dates import Month
from ..settings import Settings
from .content import Found
from .models import Project

__all__ = ["DEFERRAL_ENDS_BY", "correction_dates", "dated_records", "deferral_ends"]

DEFERRAL_ENDS_BY = 11
"""A deferral (暂缓实施) ends by November at the latest, so December is left to finish the work."""


def deferral_ends(at: tuple[str | int, ...], until: Month | None, settings: Settings) -> Iterator[Found]:
    """当年必须完成: a deferral ends before December, so the work can still be finished in the year."""
    last = Month(settings.year, DEFERRAL_ENDS_BY)
    if until is None or until > last:
        yield ((*at, "until"), f"暂缓实施必须写明截止月 until，且不晚于 {last}：项目当年必须完成，暂缓后须留出完成时间",
               f"a deferral needs an end month (until) no later than {last}: every project must be finished "
               "within the year")


def dated_records(p: Project, settings: Settings) -> Iterator[Found]:
    """A lifted warning needs the warning, and comes after the inspection. (That no record is dated
    after the as-of month's reporting deadline is checked for every date field at one place,
    :func:`~generator.data.rules.check_fields`.)"""
    for i, ins in enumerate(p.inspections):
        if ins.lifted is not None and (ins.warning is None or ins.lifted < ins.date):
            yield (("inspections", i, "lifted"), f"预警解除日期 {ins.lifted} 须有预警 warning，且不早于督查日期 {ins.date}",
               f"lifted {ins.lifted} needs a warning and must not be before the inspection {ins.date}")


def correction_dates(p: Project, settings: Settings) -> Iterator[Found]:
    """A correction record names a month of the year and is dated after that month ended."""
    for i, c in enumerate(p.corrections):
        if c.month.year != settings.year:
            yield (("corrections", i, "month"), f"月份 {c.month} 不在 {settings.year} 年内",
               f"month {c.month} is outside {settings.year}")
        if c.date <= c.month.last_day:
            yield (("corrections", i, "date"), f"更正日期 {c.date} 应在所更正月份 {c.month} 结束之后（更正已发布的通报）",
               f"the correction date {c.date} must be after the month {c.month} it corrects")
