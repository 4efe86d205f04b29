"""The site's identity as a government website, as the State Council's 政府网站发展指引 (2017) asks
of every government site: 主办单位, 承办单位, 网站标识码, ICP 备案号, 公网安备号, the 党政机关网站标识,
a contact line and the "我为政府网站找错" link. Each comes from an option in ``mkdocs.yml`` and is
shown only when set; the theme prints these lines (``theme/partials/duban-portal.html``).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ..settings import Settings

__all__ = ["ICP_SITE", "POLICE_SITE", "PortalLine", "portal_lines"]

ICP_SITE = "https://beian.miit.gov.cn/"
"""The MIIT filing site every ICP 备案号 links to."""
POLICE_SITE = "https://beian.mps.gov.cn/#/query/webSearch?code="
"""The public-security filing site; the record's number follows."""


@dataclass(frozen=True)
class PortalLine:
    """One item of the footer's identity block: a label and text, a link, or an image."""

    label: str
    text: str
    href: str = ""
    image: str = ""
    """A path on this site (the 党政机关网站标识)."""


def portal_lines(settings: Settings) -> list[dict[str, str]]:
    """The identity lines that are set, in the customary order, as plain values for the theme."""
    s = settings
    lines = [PortalLine("主办单位", s.sponsor), PortalLine("承办单位", s.organizer),
             PortalLine("网站标识码", s.site_code), PortalLine("", s.icp, ICP_SITE)]
    if s.police_record:
        lines.append(PortalLine("", s.police_record, POLICE_SITE + "".join(re.findall(r"\d", s.police_record))))
    lines.append(PortalLine("联系方式", s.contact))
    if s.error_report:
        lines.append(PortalLine("", "我为政府网站找错", s.error_report))
    if s.gov_mark:
        lines.append(PortalLine("", "党政机关网站标识", s.gov_mark_link, s.gov_mark.lstrip("/")))
    return [asdict(line) for line in lines if line.text]
