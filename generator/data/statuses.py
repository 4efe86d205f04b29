"""The status vocabulary: monthly statuses and lights, in Dalian's bulletin wording.

Shared by the status engine (which decides them) and the published bulletin snapshots
(which record them), so it sits with the data models.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["HEADLINE_ORDER", "LIGHTS", "Light", "Status"]


class Light(str, Enum):
    """The status light, always shown with its text."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    BLUE = "blue"
    GREY = "grey"

    @property
    def label(self) -> str:
        """Chinese name of the light."""
        return _LIGHT_LABELS[self]


_LIGHT_LABELS = {
    Light.GREEN: "绿灯：完成节点目标（按计划、提前或超额、已完成全年目标）",
    Light.YELLOW: "黄灯：不再使用（早期通报快照中为进度预警）",
    Light.RED: "红灯：未完成节点目标（滞后）或未报送（漏报）",
    Light.BLUE: "蓝灯：经市政府同意调整节点目标或暂缓实施",
    Light.GREY: "灰色：未到报送期",
}

LIGHTS = [Light.GREEN, Light.RED, Light.BLUE, Light.GREY]
"""The lights a month can show: the colour follows the status alone (``Status.base_light``); an
early warning is a mark of its own. Yellow remains readable in older snapshots only."""


class Status(str, Enum):
    """Monthly status, in Dalian's bulletin wording."""

    COMPLETED = "completed"
    AHEAD = "ahead"
    ON_TRACK = "on_track"
    LAGGING = "lagging"
    ADJUSTED = "adjusted"
    DEFERRED = "deferred"
    NOT_REPORTED = "not_reported"
    NOT_DUE = "not_due"

    @property
    def label(self) -> str:
        """Bulletin wording, e.g. 按计划完成节点目标."""
        return _STATUS_TEXT[self][0]

    @property
    def short(self) -> str:
        """Short label for tables and the status grid."""
        return _STATUS_TEXT[self][1]

    @property
    def base_light(self) -> Light:
        """The light before early warnings are taken into account."""
        return _STATUS_TEXT[self][2]

    @property
    def letter(self) -> str:
        """The one character a status-grid cell shows (empty for months not yet due)."""
        return "" if self == Status.NOT_DUE else self.short[:1]

    @property
    def behind(self) -> bool:
        """Lagging or not reported: the milestone was not shown to be met (滞后或漏报)."""
        return self in (Status.LAGGING, Status.NOT_REPORTED)


_STATUS_TEXT = {
    Status.COMPLETED: ("已完成全年目标任务", "已完成", Light.GREEN),
    Status.AHEAD: ("提前或超额完成节点目标", "超额", Light.GREEN),
    Status.ON_TRACK: ("按计划完成节点目标", "按计划", Light.GREEN),
    Status.LAGGING: ("未完成节点目标（滞后）", "滞后", Light.RED),
    Status.ADJUSTED: ("报市政府同意后调整节点目标", "调整", Light.BLUE),
    Status.DEFERRED: ("报市政府同意后暂缓实施", "暂缓", Light.BLUE),
    Status.NOT_REPORTED: ("未报送（漏报）", "未报送", Light.RED),
    Status.NOT_DUE: ("未到报送期", "未到期", Light.GREY),
}

HEADLINE_ORDER = [Status.COMPLETED, Status.AHEAD, Status.ON_TRACK, Status.LAGGING,
                  Status.ADJUSTED, Status.DEFERRED, Status.NOT_REPORTED]
"""Order of the headline counts, as bulletins print them."""
