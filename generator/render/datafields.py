"""The open-data contract: every exported file and field, declared once.

The exports (:mod:`.opendata`), the Frictionless Data Package that describes them and the data
page that explains them are all made from these declarations, so the three cannot drift. Other
sites read these files (the ROADMAP's province or national index), so they are a versioned
contract: :data:`SCHEMA_VERSION` follows semantic versioning — a new file or a new column at the
end is a minor change; renaming, removing, re-typing or re-ordering a column is a major one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..data.models import CaseKind, Channel, Domain, FeedbackStatus, FeedbackType, FoundBy
from ..data.statuses import Light, Status
from ..engine.accountability import RectState

__all__ = ["RESOURCES", "SCHEMA_VERSION", "Column", "Resource"]

SCHEMA_VERSION = "1.0.0"
"""Version of the export contract (files, columns, types, codes)."""


@dataclass(frozen=True)
class Column:
    """One field of an exported file."""

    name: str
    type: str
    """Table Schema type: string, integer, number, boolean, date, yearmonth, array."""
    title: str
    title_en: str
    description: str = ""
    """What it holds, in Chinese (the data page prints it)."""
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None

    @property
    def kind_label(self) -> str:
        """Its type in Chinese, as the data page prints it."""
        return _KINDS[self.type]

    def schema(self, list_type: str) -> dict[str, Any]:
        """Its Table Schema field descriptor (``list_type``: how this file holds lists)."""
        kind = list_type if self.type == "array" else self.type
        out: dict[str, Any] = {"name": self.name, "type": kind, "title": self.title, "title_en": self.title_en}
        if self.description:
            out["description"] = self.description
        if kind == "string" and self.type == "array":
            out["description"] = (self.description + "；" if self.description else "") + "多个值以空格分隔"
        constraints: dict[str, Any] = {}
        for key, value in (("required", self.required), ("unique", self.unique)):
            if value:
                constraints[key] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if self.pattern:
            constraints["pattern"] = self.pattern
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class Resource:
    """One exported table: its file, its columns and keys."""

    name: str
    title: str
    title_en: str
    description: str
    columns: list[Column]
    primary_key: list[str]
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)
    """(field, resource, field) references to another table."""

    @property
    def names(self) -> list[str]:
        """The column names, in file order."""
        return [c.name for c in self.columns]


_KINDS = {"string": "文本", "integer": "整数", "number": "数字", "boolean": "是否（true 或 false）", "date": "日期 YYYY-MM-DD",
          "yearmonth": "月份 YYYY-MM", "array": "编号列表（CSV 中以空格分隔，JSON 中为数组）"}
_SLUG = r"^[a-z0-9][a-z0-9-]*$"
_STATUS = tuple(s.value for s in Status)
_LIGHT = tuple(light.value for light in Light)


def _codes(kind: Any) -> tuple[str, ...]:
    return tuple(member.value for member in kind)


def _project_ref() -> Column:
    return Column("project", "string", "项目编号", "Project id", "即 projects.csv 的项目编号", required=True, pattern=_SLUG)


def _unit(name: str, title: str, title_en: str) -> list[Column]:
    return [Column(name, "string", f"{title}编号", f"{title_en} id", pattern=_SLUG),
            Column(f"{name}_name", "string", title, f"{title_en} name")]


PROJECTS = Resource("projects", "项目", "Projects", "每个项目一行：项目内容、责任分工和数据截止月份的状态。", [
    Column("id", "string", "项目编号", "Project id", "网址中的编号（栏目网址为 projects/编号/）", required=True, unique=True,
           pattern=_SLUG),
    Column("order", "integer", "项目序号", "Number in the list", required=True, unique=True, minimum=1),
    Column("item", "integer", "所属项", "Item number", required=True, minimum=1),
    Column("item_title", "string", "项名称", "Item title"),
    Column("domain", "string", "领域代码", "Domain code", enum=_codes(Domain)),
    Column("domain_label", "string", "领域", "Domain"),
    Column("title", "string", "项目名称", "Project title", required=True),
    Column("summary", "string", "项目内容", "What was promised"),
    Column("target", "number", "全年目标", "Annual target", "无数量目标的项目为空", minimum=0),
    Column("measure", "string", "计量单位", "Unit of measure"),
    *_unit("lead_unit", "牵头单位", "Lead unit"),
    Column("co_units", "array", "责任单位编号", "Co-responsible unit ids"),
    Column("leader", "string", "责任领导编号", "Responsible leader id", pattern=_SLUG),
    Column("leader_name", "string", "责任领导", "Responsible leader"),
    Column("leader_post", "string", "责任领导职务", "Leader's post"),
    Column("division", "string", "负责处室", "Responsible division"),
    Column("districts", "array", "涉及区市县编号", "District ids", "空为全市"),
    Column("as_of", "yearmonth", "数据截至月份", "As-of month", "公开网站为最新一期已发布月度通报的月份", required=True),
    Column("status", "string", "当前状态代码", "Status code", "见统计口径页", required=True, enum=_STATUS),
    Column("status_label", "string", "当前状态", "Status"),
    Column("light", "string", "状态灯", "Light", enum=_LIGHT),
    Column("cumulative", "number", "累计完成", "Cumulative quantity", "截至数据截止月底", minimum=0),
    Column("percent_of_target", "number", "完成全年目标比例（%）", "% of annual target", minimum=0),
    Column("warning", "string", "预警", "Early warning", "预警或严重预警及原因；无预警为空"),
    Column("url", "string", "项目专栏网址", "Column address"),
], ["id"])

MONTHLY = Resource("monthly", "逐月计划、报告和状态", "Monthly plan, report and status",
                   "每个项目每个报送月份一行（含尚未到期的月份）：节点任务和计划累计数、牵头单位的报告、按统计口径判定的状态。", [
    _project_ref(),
    Column("month", "yearmonth", "月份", "Month", required=True),
    Column("milestone", "string", "节点任务", "Milestone", "经批准调整的，为调整后的节点任务"),
    Column("planned", "number", "计划累计", "Planned cumulative", minimum=0),
    Column("adjusted", "boolean", "经批准调整", "Plan adjusted with approval"),
    Column("milestone_original", "string", "原节点任务", "Original milestone"),
    Column("planned_original", "number", "原计划累计", "Original planned cumulative", minimum=0),
    Column("due", "boolean", "已到报送期", "Due", "该月不晚于数据截止月份", required=True),
    Column("deadline", "date", "报送期限", "Reporting deadline"),
    Column("filed", "date", "报送日期", "Date filed", "未报送为空"),
    Column("reported_cumulative", "number", "本月报送累计数", "Cumulative reported this month", minimum=0),
    Column("progress", "string", "进展情况", "Progress reported"),
    Column("explanation", "string", "未完成原因", "Why the milestone was missed"),
    Column("measures", "string", "整改措施", "Corrective measures"),
    Column("cumulative", "number", "月底累计完成", "Cumulative at month end", "未报送的月份沿用最近一次报送的累计数", minimum=0),
    Column("percent_of_milestone", "number", "完成节点比例（%）", "% of milestone", minimum=0),
    Column("percent_of_target", "number", "完成全年目标比例（%）", "% of annual target", minimum=0),
    Column("status", "string", "状态代码", "Status code", required=True, enum=_STATUS),
    Column("status_label", "string", "状态", "Status"),
    Column("light", "string", "状态灯", "Light", enum=_LIGHT),
    Column("note", "string", "记录说明", "Record note", "迟报、补报，或更正后不改变的原通报判定"),
    Column("late_days", "integer", "迟报天数", "Days late", minimum=1),
    Column("warning", "string", "预警", "Early warning"),
    Column("bulletin", "yearmonth", "已发布通报", "Published bulletin", "该月已发布月度通报时为其月份：状态为通报的判定"),
], ["project", "month"], [("project", "projects", "id")])

RECTIFICATIONS = Resource("rectifications", "整改要求", "Rectification orders",
                          "每项整改要求一行：下达、时限、答复、销号和状态。", [
    _project_ref(),
    Column("id", "string", "整改编号", "Order id", "项目内唯一", required=True, pattern=_SLUG),
    Column("month", "yearmonth", "未完成节点的月份", "Month of the missed milestone", required=True),
    Column("issued", "date", "下达日期", "Issued", required=True),
    *_unit("unit", "责任单位", "Responsible unit"),
    Column("requirement", "string", "整改要求", "Requirement", required=True),
    Column("deadline", "date", "完成时限", "Deadline", required=True),
    Column("reply", "string", "单位答复", "Reply"),
    Column("replied", "date", "答复日期", "Replied"),
    Column("closed", "date", "销号日期", "Closed"),
    Column("state", "string", "状态代码", "State code", required=True, enum=_codes(RectState)),
    Column("state_label", "string", "状态", "State"),
], ["project", "id"], [("project", "projects", "id")])

FEEDBACK = Resource("feedback", "市民意见建议", "Citizens' opinions",
                    "每件市民意见建议一行：只有摘要（不含个人信息），以及转办、办理和答复情况。", [
    _project_ref(),
    Column("code", "string", "编号", "Tracking code", required=True),
    Column("received", "date", "收到日期", "Received", required=True),
    Column("channel", "string", "渠道代码", "Channel code", enum=_codes(Channel)),
    Column("channel_label", "string", "渠道", "Channel"),
    Column("type", "string", "类型代码", "Type code", enum=_codes(FeedbackType)),
    Column("type_label", "string", "类型", "Type"),
    Column("summary", "string", "摘要", "Summary", "不含个人信息", required=True),
    *_unit("unit", "办理单位", "Handling unit"),
    Column("forwarded", "date", "转办日期", "Forwarded"),
    Column("status", "string", "办理状态代码", "Status code", required=True, enum=_codes(FeedbackStatus)),
    Column("status_label", "string", "办理状态", "Status"),
    Column("replied", "date", "答复日期", "Replied"),
    Column("reply", "string", "答复", "Reply"),
    Column("days_to_reply", "integer", "答复用时（天）", "Days to reply", minimum=0),
], ["project", "code"], [("project", "projects", "id")])

CASES = Resource("cases", "典型案例", "Cases", "每个好经验好做法和反面典型一行。", [
    Column("kind", "string", "类别代码", "Kind code", required=True, enum=_codes(CaseKind)),
    Column("kind_label", "string", "类别", "Kind"),
    Column("slug", "string", "案例编号", "Case id", required=True, pattern=_SLUG),
    Column("date", "date", "发布日期", "Published", required=True),
    Column("title", "string", "标题", "Title", required=True),
    Column("projects", "array", "涉及项目编号", "Project ids"),
    Column("units", "array", "涉及单位编号", "Unit ids"),
    Column("found_by", "string", "发现方式代码", "Found by (code)", enum=_codes(FoundBy)),
    Column("found_by_label", "string", "发现方式", "Found by"),
    Column("problem", "string", "问题", "Problem"),
    Column("milestone_month", "yearmonth", "未完成节点的月份", "Month of the missed milestone"),
    *_unit("responsible_unit", "责任单位", "Unit held responsible"),
    Column("responsible_post", "string", "责任职务", "Post held responsible"),
    Column("named_person", "string", "经官方点名的责任人", "Person officially named", "仅在官方点名通报时填写"),
    Column("sanction", "string", "处理", "Sanction"),
    Column("rectification", "string", "整改要求", "Rectification"),
    Column("outcome", "string", "整改结果", "Outcome"),
    Column("last_update", "date", "最近后续进展日期", "Latest follow-up"),
    Column("url", "string", "案例网址", "Case address"),
], ["kind", "slug"])

RESOURCES = [PROJECTS, MONTHLY, RECTIFICATIONS, FEEDBACK, CASES]
"""Every exported table, in the order the data package and the data page list them."""
