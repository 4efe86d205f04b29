"""Site-level settings: every option of the ``duban`` plugin, declared once, as plain data.

Each option is a field of :class:`Settings` with its kind (what values are allowed) and its
docstring. The MkDocs adapter builds its config schema from these fields, so the
defaults, bounds and messages cannot drift between the two. Nothing here imports MkDocs.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from dataclasses import MISSING, Field, dataclass, field, fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .dates import Month

_HOST = re.compile(r"(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}")

__all__ = ["LICENCES", "Choice", "DeadlineMap", "Flag", "Folder", "HostList", "Int", "Licence", "MonthOption", "Number",
           "OptionError", "OptionKind", "Settings", "TextOption", "YearList", "option_fields"]


class OptionError(ValueError):
    """An option value that is not allowed; both languages, for the editor of ``mkdocs.yml``."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


class OptionKind(ABC):
    """What values an option takes; ``parse`` returns the value or raises :class:`OptionError`."""

    @abstractmethod
    def parse(self, value: Any) -> Any:
        """The value, checked and converted, or :class:`OptionError`."""


@dataclass(frozen=True)
class Int(OptionKind):
    """A whole number within ``[low, high]``."""

    low: int
    high: int

    def parse(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise OptionError(f"应为整数，得到 {value!r}", f"expected a whole number, got {value!r}")
        if not self.low <= value <= self.high:
            raise OptionError(f"应在 {self.low} 到 {self.high} 之间，得到 {value}",
                              f"must be between {self.low} and {self.high}, got {value}")
        return value


@dataclass(frozen=True)
class Number(OptionKind):
    """A finite number within ``[low, high]``, returned as float."""

    low: float
    high: float

    def parse(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise OptionError(f"应为数字，得到 {value!r}", f"expected a finite number, got {value!r}")
        if not self.low <= value <= self.high:
            raise OptionError(f"应在 {self.low:g} 到 {self.high:g} 之间，得到 {value:g}",
                              f"must be between {self.low:g} and {self.high:g}, got {value:g}")
        return float(value)


@dataclass(frozen=True)
class Flag(OptionKind):
    """true or false."""

    def parse(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise OptionError(f"应为 true 或 false，得到 {value!r}", f"expected true or false, got {value!r}")
        return value


@dataclass(frozen=True)
class TextOption(OptionKind):
    """A line of text, at most ``max_length`` characters; with ``pattern``, of that form (or empty)."""

    max_length: int = 200
    pattern: str | None = None
    """A regular expression the whole value must match, when it is not empty."""
    example: str = ""
    """A value of the right form, for the message."""

    def parse(self, value: Any) -> str:
        if not isinstance(value, str):
            raise OptionError(f"应为文本（加引号），得到 {value!r}", f"expected text, got {value!r}")
        if len(value) > self.max_length or any(ch in value for ch in "\r\n\0"):
            raise OptionError(f"应为一行文本，最长 {self.max_length} 个字符",
                              f"expected one line of at most {self.max_length} characters")
        if self.pattern and value and not re.fullmatch(self.pattern, value):
            raise OptionError(f"格式不对，应如 {self.example}，得到 {value!r}",
                              f"not of the expected form (e.g. {self.example}), got {value!r}")
        return value


@dataclass(frozen=True)
class HostList(OptionKind):
    """A list of host names (``img.example.gov.cn``), returned as a tuple in lower case."""

    max_items: int = 20

    def parse(self, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list | tuple) or len(value) > self.max_items:
            raise OptionError(f"应为网站域名的列表（最多 {self.max_items} 个），如 [img.example.gov.cn]，得到 {value!r}",
                              f"expected a list of at most {self.max_items} host names, got {value!r}")
        for host in value:
            if not isinstance(host, str) or not _HOST.fullmatch(host):
                raise OptionError(f"应为域名（不带 https:// 和路径），如 img.example.gov.cn，得到 {host!r}",
                                  f"expected a host name without scheme or path, e.g. img.example.gov.cn; got {host!r}")
        return tuple(sorted({h.lower() for h in value}))


@dataclass(frozen=True)
class Folder(OptionKind):
    """A folder path relative to ``mkdocs.yml``."""

    def parse(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise OptionError(f"应为文件夹路径，得到 {value!r}", f"expected a folder path, got {value!r}")
        return value


@dataclass(frozen=True)
class MonthOption(OptionKind):
    """A month ``YYYY-MM`` (quoted in YAML)."""

    def parse(self, value: Any) -> Month:
        try:
            return Month.parse(value)
        except ValueError:
            raise OptionError(f"应写作 \"YYYY-MM\"（如 \"2022-09\"，加引号），得到 {value!r}",
                              f"must be \"YYYY-MM\" (quoted), got {value!r}") from None


@dataclass(frozen=True)
class Choice(OptionKind):
    """One of a few codes; the Chinese label is accepted too."""

    choices: tuple[tuple[str, str], ...]
    """(code, Chinese label) pairs."""

    def parse(self, value: Any) -> str:
        for code, label in self.choices:
            if value in (code, label):
                return code
        zh = "、".join(f"{code}（{label}）" for code, label in self.choices)
        raise OptionError(f"允许的值：{zh}，得到 {value!r}",
                          f"allowed values: {', '.join(c for c, _ in self.choices)}; got {value!r}")


@dataclass(frozen=True)
class DeadlineMap(OptionKind):
    """Months with a reporting deadline of their own: ``{"2022-09": 2022-10-10}`` (a holiday, say)."""

    def parse(self, value: Any) -> tuple[tuple[Month, date], ...]:
        if isinstance(value, tuple):
            return value
        if not isinstance(value, dict):
            raise OptionError(f"应写作 {{\"YYYY-MM\": YYYY-MM-DD}}（月份: 报送期限），得到 {value!r}",
                              f"expected a mapping {{\"YYYY-MM\": YYYY-MM-DD}} (month: deadline), got {value!r}")
        out = []
        for key, day in value.items():
            month = MonthOption().parse(key)
            if isinstance(day, str):
                try:
                    day = date.fromisoformat(day.strip())
                except ValueError:
                    day = None
            if not isinstance(day, date):
                raise OptionError(f"{key} 的报送期限应为日期 YYYY-MM-DD，得到 {value[key]!r}",
                                  f"the deadline of {key} must be a date YYYY-MM-DD, got {value[key]!r}")
            out.append((month, day))
        return tuple(sorted(out))


ERROR_REPORT = "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode="
"""The national "我为政府网站找错" page of a site, by its 网站标识码."""


@dataclass(frozen=True)
class YearList(OptionKind):
    """Years (2000–2100), returned sorted and without repeats."""

    def parse(self, value: Any) -> tuple[int, ...]:
        if isinstance(value, tuple):
            return value
        if not isinstance(value, list):
            raise OptionError(f"应为年份的列表，如 [2021, 2023]，得到 {value!r}",
                              f"expected a list of years, e.g. [2021, 2023]; got {value!r}")
        return tuple(sorted({Int(2000, 2100).parse(v) for v in value}))


@dataclass(frozen=True)
class Licence:
    """An open-data licence the data page and the data package can name."""

    code: str
    """Its identifier (SPDX where there is one), as the data package records it."""
    title: str
    """Its name, in Chinese and English."""
    url: str
    """Where its text is published."""

    @property
    def title_zh(self) -> str:
        """Its Chinese name alone, for the public pages (the data package carries both)."""
        return self.title.split(" / ")[0]


LICENCES = {
    "CC-BY-4.0": Licence("CC-BY-4.0", "知识共享署名 4.0 国际许可协议 / Creative Commons Attribution 4.0",
                         "https://creativecommons.org/licenses/by/4.0/"),
    "CC0-1.0": Licence("CC0-1.0", "CC0 1.0 公有领域贡献 / CC0 1.0 Universal Public Domain Dedication",
                       "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODC-BY-1.0": Licence("ODC-BY-1.0", "开放数据共享署名许可 1.0 / Open Data Commons Attribution License 1.0",
                          "https://opendatacommons.org/licenses/by/1-0/"),
    "ODbL-1.0": Licence("ODbL-1.0", "开放数据库许可 1.0 / Open Data Commons Open Database License 1.0",
                        "https://opendatacommons.org/licenses/odbl/1-0/"),
}
"""The licences ``licence`` may name; ``none`` (the default) declares none."""


def _option(kind: OptionKind, default: Any = MISSING) -> Any:
    return field(default=default, metadata={"option": kind})


@dataclass(frozen=True)
class Settings:
    """What the core needs to know about the site; never read from the wall clock."""

    year: int = _option(Int(2000, 2100))
    """The year of the list."""
    as_of: Month = _option(MonthOption())
    """Last month whose reports are due: statuses are computed up to here (never from the clock)."""
    city: str = _option(TextOption(40), "大连市")
    """City name."""
    office: str = _option(TextOption(80), "")
    """Issuing office (督考办); default ``<city>人民政府督查考核办公室``."""
    sample: bool = _option(Flag(), False)
    """Whether the data is sample data: every page then says so."""
    title: str = _option(TextOption(80), "")
    """Site title; default ``<city><year>年重点民生实事公开挂牌督办``."""
    first_month: int = _option(Int(1, 12), 2)
    """First month with bulletins and reports (the plan publishes from February)."""
    warning_gap: float = _option(Number(0, 100), 10.0)
    """Early warning when % of annual target trails time-elapsed progress by this many points."""
    alert_gap: float = _option(Number(0, 100), 30.0)
    """Serious warning (red) beyond this many points behind time-elapsed progress."""
    pace_months: int = _option(Int(1, 11), 3)
    """Months of recent progress used to project the year-end figure."""
    pace_threshold: float = _option(Number(0, 100), 95.0)
    """Warn when the projected year-end figure is below this % of the annual target."""
    due_soon_days: int = _option(Int(0, 366), 7)
    """A rectification is due soon when its deadline is at most this many days after the as-of date."""
    reopen_months: int = _option(Int(0, 12), 3)
    """A closed rectification reopens when its project lags again within this many months."""
    feedback_days: int = _option(Int(1, 366), 15)
    """Citizens' opinions should be answered within this many days of receipt."""
    report_grace_days: int = _option(Int(0, 31), 5)
    """A month's reports are due by its last day plus this many days (报送期限)."""
    report_deadlines: tuple[tuple[Month, date], ...] = _option(DeadlineMap(), ())
    """Months whose deadline differs from the rule (a public holiday, say): month → date."""
    points_not_reported: int = _option(Int(-100, 0), -10)
    """Scorecard points for each project-month not reported (漏报)."""
    points_late: int = _option(Int(-100, 0), -3)
    """Scorecard points for each report filed after its deadline (迟报)."""
    min_reason_length: int = _option(Int(1, 200), 5)
    """A written reason or measures shorter than this many characters is refused."""
    warning_basis: str = _option(Choice((("plan", "计划"), ("elapsed", "序时进度"))), "plan")
    """Early warnings compare progress with the project's own plan (plan) or with 序时进度 (elapsed)."""
    meeting_months: int = _option(Int(1, 12), 2)
    """A responsible leader with no dispatch meeting for this many months is flagged."""
    image_hosts: tuple[str, ...] = _option(HostList(), ())
    """Other hosts whose images editors' pages may show (the site's own images always may); each is
    also allowed by the pages' Content-Security-Policy. Empty: no image from any other host."""
    page_size: int = _option(Int(10, 10000), 50)
    """Most projects (or records) one page lists. Longer listings — the home page and project
    index, each bulletin and report, the unit index, rectifications, coordination, feedback and
    cases — continue on numbered pages (``…/page/2/``)."""
    documents: bool = _option(Flag(), True)
    """Write each bulletin's Word and WeChat versions. ``duban serve`` turns this off, so that a
    saved change shows at once; the bulletin page then says the versions are made by ``duban build``."""
    processes: int = _option(Int(1, 2), 2)
    """Processes that write the site. 2: the files that are not pages (feeds, calendars, share
    images, embeds, open data, Word) are written by a second process while the pages are built,
    where the system forks (Linux; never while serving), and only within ``memory_budget``.
    1: one process writes everything."""
    memory_budget: int = _option(Int(256, 1_048_576), 1024)
    """MiB the build should stay within. The second process copies about as much memory as the
    build has taken by then (Python touches what it reads), so it is started only when the
    build's memory now plus what it has grown since it started fits; else one process writes
    everything, more slowly (and says so)."""
    quantity_style: str = _option(Choice((("wan", "万"), ("exact", "精确"))), "wan")
    """How prose states large quantities: ``wan`` writes 10,000 and more in 万 (7.8 万户, as Chinese
    readers expect), ``exact`` the full figure; tables always show the exact figure."""
    # The site's identity as a government website (政府网站发展指引, 2017): each is shown in the
    # footer only when set.
    sponsor: str = _option(TextOption(80), "")
    """主办单位: the government body that runs the site (e.g. 大连市人民政府办公室)."""
    organizer: str = _option(TextOption(80), "")
    """承办单位: the office that maintains it (e.g. 大连市人民政府督查考核办公室)."""
    site_code: str = _option(TextOption(10, r"[0-9A-Za-z]{10}", "2102000001"), "")
    """网站标识码: the ten-character code of the national government-website register."""
    icp: str = _option(TextOption(40, r".{1,4}ICP备\d+号(-\d+)?", "辽ICP备05001234号"), "")
    """ICP 备案号, linked to the MIIT filing site (beian.miit.gov.cn)."""
    police_record: str = _option(TextOption(40, r".{1,4}公网安备\s?\d{10,16}号", "辽公网安备 21020302000123号"), "")
    """公网安备号, linked to the public-security filing site."""
    gov_mark: str = _option(TextOption(200), "")
    """The 党政机关网站标识 image, a path on this site (an image in ``content/``, e.g. ``images/dzjg.png``)."""
    gov_mark_link: str = _option(TextOption(300, r"https://[^\s\"<>]+", "https://bszs.conac.cn/sitename?method=show&id=…"), "")
    """Where the 党政机关网站标识 links to (its certificate page)."""
    contact: str = _option(TextOption(200), "")
    """The contact line (联系电话、地址、电子邮箱) shown in the footer and the accessibility statement."""
    error_report: str = _option(TextOption(300, r"https://[^\s\"<>]+", "https://zfwzzc.www.gov.cn/…"), "")
    """The "我为政府网站找错" link; by default the national error-report page of ``site_code``."""
    other_years: tuple[int, ...] = _option(YearList(), ())
    """Other years' sites published beside this one (``<site_url>/../<year>/``): the header's year switcher."""
    licence: str = _option(Choice((*((code, code) for code in LICENCES), ("none", "未声明"))), "none")
    """Licence of the open data (``/data/``): one of :data:`LICENCES`, or ``none`` (not declared)."""
    share_font: str = _option(TextOption(500), "")
    """A font file with Chinese glyphs for the share images' text (relative to ``mkdocs.yml``); empty: the
    first usual system font found; none found: the images carry no text."""
    data_dir: Path = _option(Folder(), Path("data"))
    """Folder holding ``items.yaml`` … and ``projects/``; relative to ``mkdocs.yml``."""
    root: Path | None = None
    """The project root (the folder of ``mkdocs.yml``): file names in messages and edit links are
    relative to it. Default: the parent of ``data_dir``."""
    content_dir: Path | None = None
    """Hand-written pages (MkDocs' ``docs_dir``). Default: ``<root>/content``."""
    preview: bool = False
    """A preview (``duban serve``, ``duban build --preview``): months not yet published are shown,
    marked 预览，未发布. Never a plugin option, so a production build cannot turn it on by accident."""
    today: date | None = None
    """The day deadlines are judged on; default the last day of ``as_of``. The public view sets it to
    the publication date of the latest bulletin."""
    site_url: str = ""
    """The site's address with the year (MkDocs' ``site_url``, e.g. ``https://duban.example.gov.cn/2022/``):
    canonical links, feeds, the sitemap and citations use it. Empty: addresses stay relative."""
    require_reasons: bool = True
    """Refuse reports behind plan without a written reason and measures; ``duban check --due`` lists
    them instead."""

    def __post_init__(self) -> None:
        # Derived defaults, so that each is written once (here) and not by every caller.
        root = self.root if self.root is not None else self.data_dir.parent
        object.__setattr__(self, "root", root)
        if self.content_dir is None:
            object.__setattr__(self, "content_dir", root / "content")
        if not self.office:
            object.__setattr__(self, "office", f"{self.city}人民政府督查考核办公室")
        if self.site_code and not self.error_report:
            object.__setattr__(self, "error_report", ERROR_REPORT + self.site_code)

    def problems(self) -> list[tuple[str, str, str]]:
        """Options that contradict each other: (option, zh, en)."""
        out = []
        if self.as_of.year != self.year:
            out.append(("as_of", f"as_of {self.as_of} 不在 year {self.year} 年内",
                        f"as_of {self.as_of} is outside year {self.year}"))
        if self.first_month > self.as_of.month:
            out.append(("first_month", f"first_month 应在 1 到 as_of 的月份（{self.as_of.month}）之间",
                        f"first_month must be 1..{self.as_of.month}"))
        for month, day in self.report_deadlines:
            if month.year != self.year or day < month.last_day:
                out.append(("report_deadlines", f"{month} 的报送期限 {day} 应在该月月底之后，且月份在 {self.year} 年内",
                            f"the deadline {day} of {month} must be after the month ends, in {self.year}"))
        if self.year in self.other_years:
            out.append(("other_years", f"other_years 不应包含本站的年份 {self.year}",
                        f"other_years must not list this site's own year {self.year}"))
        if self.alert_gap < self.warning_gap:
            out.append(("alert_gap", f"alert_gap（{self.alert_gap:g}）不能小于 warning_gap（{self.warning_gap:g}）",
                        "alert_gap must be at least warning_gap"))
        return out

    @property
    def project_root(self) -> Path:
        """``root``, always set after construction."""
        assert self.root is not None
        return self.root

    @property
    def site_title(self) -> str:
        """The title shown on every page."""
        return self.title or f"{self.city}{self.year}年重点民生实事公开挂牌督办"

    @property
    def as_of_date(self) -> date:
        """ "Today" for every deadline: the last day of the as-of month, unless ``today`` is set."""
        return self.today or self.as_of.last_day

    @property
    def as_of_label(self) -> str:
        """What "数据截至" says: ``2022 年 8 月底``, or that nothing has been published yet."""
        if not self.due_months:
            return "首期月度通报发布前"
        return f"{self.as_of.year} 年 {self.as_of.month} 月底"

    @property
    def licence_terms(self) -> Licence | None:
        """The open data's licence, if one is declared."""
        return LICENCES.get(self.licence)

    def absolute(self, path: str) -> str:
        """The address of ``path`` (relative to the site root, e.g. ``projects/gas-safety/``): absolute
        when ``site_url`` is set, else ``path`` itself."""
        return self.site_url.rstrip("/") + "/" + path if self.site_url else path

    @property
    def warns_by_plan(self) -> bool:
        """Early warnings measure progress against the project's own plan (not 序时进度)."""
        return self.warning_basis == "plan"

    def deadline(self, month: Month) -> date:
        """The reporting deadline of ``month`` (报送期限): its own, or its last day plus the grace days."""
        return dict(self.report_deadlines).get(month) or month.last_day + timedelta(days=self.report_grace_days)

    @property
    def months(self) -> list[Month]:
        """Reporting months from ``first_month`` to December."""
        return [Month(self.year, m) for m in range(self.first_month, 13)]

    @property
    def due_months(self) -> list[Month]:
        """Reporting months up to and including ``as_of``."""
        return [m for m in self.months if m <= self.as_of]


def option_fields() -> list[tuple[Field[Any], OptionKind]]:
    """The options (fields with a kind), in declaration order, for the adapters' schemas."""
    return [(f, f.metadata["option"]) for f in fields(Settings) if "option" in f.metadata]
