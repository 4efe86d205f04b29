"""Typed models of every data file. Validated once at load; the rest of the code sees these.

Field docstrings are the reference; ``docs/data-format.md`` shows them with examples.
Cross-field and cross-file rules (sums, orderings, references) live in ``rules.py`` so
that a spreadsheet importer can call the same rules.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from .fields import (
    Day,
    Deadline,
    DistrictRef,
    ItemRef,
    Label,
    LabeledEnum,
    LeaderRef,
    Line,
    MonthField,
    Quantity,
    Slug,
    Text,
    UnitRef,
    Url,
)

__all__ = [
    "Adjustment", "AdjustmentKind", "Case", "CaseKind", "CaseUpdate", "Channel", "CoordinationItem", "CorrectionRecord",
    "Handover", "RosterRole",
    "District",
    "Domain", "Feedback", "FeedbackStatus", "FeedbackType", "FoundBy", "Inspection", "InspectionKind", "Item", "Meeting",
    "Leader", "Link", "MediaReport", "MilestoneResult", "Part", "PartPlanEntry", "PartReport",
    "PlanEntry", "Project", "Rectification", "Report", "SpecialReportData", "Staff", "Unit", "UnitKind",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


# ---------------------------------------------------------------- enums


class Domain(LabeledEnum):
    """The five domains of the list."""

    HOUSING = ("housing", "城市安居")
    MUNICIPAL = ("municipal", "市政配套")
    WELFARE = ("welfare", "救助保障")
    CARE = ("care", "养老托幼")
    SERVICES = ("services", "文化医疗教育")


class UnitKind(LabeledEnum):
    """What kind of body a unit is."""

    DEPARTMENT = ("department", "市直部门")
    DISTRICT = ("district", "区市县政府")
    ENTERPRISE = ("enterprise", "国有企业")


class MilestoneResult(LabeledEnum):
    """Self-reported result for projects without a numeric target."""

    MET = ("met", "完成")
    EXCEEDED = ("exceeded", "超额")
    MISSED = ("missed", "未完成")


class AdjustmentKind(LabeledEnum):
    """An approved change to the plan."""

    ADJUST = ("adjust", "调整节点目标")
    DEFER = ("defer", "暂缓实施")


class Channel(LabeledEnum):
    """How a citizen's opinion reached the office."""

    HOTLINE = ("hotline", "12345热线")
    PORTAL = ("portal", "政府网站")
    LETTER = ("letter", "来信")
    MEDIA = ("media", "媒体")


class FeedbackType(LabeledEnum):
    """Kind of citizen opinion."""

    CONSULT = ("consult", "咨询")
    COMPLAINT = ("complaint", "投诉")
    SUGGESTION = ("suggestion", "建议")
    HELP = ("help", "求助")


class FeedbackStatus(LabeledEnum):
    """Handling state of a citizen opinion."""

    PENDING = ("pending", "待处理")
    PROCESSING = ("processing", "办理中")
    ANSWERED = ("answered", "已答复")


class InspectionKind(LabeledEnum):
    """Kind of inspection."""

    UNANNOUNCED = ("unannounced", "暗访")
    SITE = ("site", "现场督查")


# ---------------------------------------------------------------- shared lists


class Item(_Model):
    """One item (项) of the year's list."""

    no: Annotated[int, Field(ge=1, le=999)]
    """Item number, unique, in list order."""
    title: Line
    """Item title as published."""
    domain: Label(Domain)  # type: ignore[valid-type]
    """Domain of the item."""
    aliases: list[Text] = []
    """Short names clerks may write instead of the title (e.g. 老旧小区)."""
    distinct_from: list[int] = []
    """Items whose titles are one character from this one and are confirmed to be different."""


class Unit(_Model):
    """A responsible unit (责任单位)."""

    id: Slug
    """Slug; the unit page is ``/units/<id>/``."""
    name: Line
    """Full Chinese name."""
    kind: Label(UnitKind)  # type: ignore[valid-type]
    """Department, district government or enterprise."""
    aliases: list[Text] = []
    """Short names clerks may write instead of the full name (e.g. 市住建局, 住建局)."""
    distinct_from: list[Slug] = []
    """Units whose names are one character from this one and are confirmed to be different (市财政局 / 市民政局)."""


class Leader(_Model):
    """A responsible city leader (责任领导)."""

    id: Slug
    """Slug."""
    name: Line
    """Name."""
    post: Line
    """Post, e.g. 副市长."""
    aliases: list[Text] = []
    """Other spellings clerks may write (e.g. 张副市长)."""


class District(_Model):
    """A district or county (区市县)."""

    id: Slug
    """Slug."""
    name: Line
    """Chinese name."""
    aliases: list[Text] = []
    """Short names clerks may write instead of the name (e.g. 金普新区 for 金州区)."""
    distinct_from: list[Slug] = []
    """Districts whose names are one character from this one and are confirmed to be different."""


# ---------------------------------------------------------------- project parts


class Link(_Model):
    """An evidence or source link."""

    title: Line
    """What the link shows."""
    url: Url
    """http(s) address."""


class Staff(_Model):
    """A named member of the responsible team."""

    name: Line
    """Name."""
    post: Line
    """Post in the division."""


class PlanEntry(_Model):
    """One row of the monthly progress plan table (月度推进计划表)."""

    month: MonthField
    """The month."""
    milestone: Line
    """The milestone (节点任务) due by month end."""
    planned: Quantity | None = None
    """Planned cumulative quantity; required when the project has a numeric target."""


class Report(_Model):
    """A monthly progress report filed by the lead unit."""

    month: MonthField
    """The month reported on."""
    filed: Day
    """Date filed."""
    progress: Text
    """What was done."""
    cumulative: Quantity | None = None
    """Cumulative quantity at month end (numeric projects)."""
    milestone: Label(MilestoneResult) | None = None  # type: ignore[valid-type]
    """Self-reported result (projects without a numeric target)."""
    completed: Day | None = None
    """Date the annual target was met, if it was."""
    explanation: Text | None = None
    """Why the milestone was missed (required when behind plan)."""
    measures: Text | None = None
    """Corrective measures (required when behind plan)."""
    evidence: list[Link] = []
    """Evidence links."""


class Adjustment(_Model):
    """An approved adjustment or deferral (报市政府同意)."""

    kind: Label(AdjustmentKind)  # type: ignore[valid-type]
    """Adjust the milestones, or defer the project."""
    start: MonthField = Field(alias="from")
    """First month it applies (YAML key ``from``)."""
    until: MonthField | None = None
    """Deferral only: last deferred month (default: year end)."""
    approval: Line
    """Approval document reference."""
    approved: Day
    """Approval date."""
    reason: Text
    """Why."""
    plan: list[PlanEntry] = []
    """Adjust only: replacement plan rows from ``from`` on."""


class PartPlanEntry(_Model):
    """A part's planned cumulative for one month."""

    month: MonthField
    """The month."""
    planned: Quantity | None = None
    """Planned cumulative quantity."""
    milestone: Line | None = None
    """Optional milestone text for this part."""


class PartReport(_Model):
    """A part's reported figure for one month."""

    month: MonthField
    """The month."""
    cumulative: Quantity | None = None
    """Cumulative quantity at month end."""
    milestone: Label(MilestoneResult) | None = None  # type: ignore[valid-type]
    """Self-reported result (parts without a numeric target)."""


class Part(_Model):
    """One unit's or district's share of a project (任务分解)."""

    id: Slug
    """Slug, unique in the project."""
    unit: UnitRef
    """Responsible unit."""
    district: DistrictRef | None = None
    """District, when the part is a district's share."""
    target: Quantity | None = None
    """This part's annual target; parts' targets add up to the project's."""
    plan: list[PartPlanEntry] = []
    """Planned cumulative by month."""
    reports: list[PartReport] = []
    """Reported cumulative by month."""


class Rectification(_Model):
    """A rectification order (整改要求) for a missed milestone."""

    id: Slug
    """Slug, unique in the project."""
    month: MonthField
    """Month of the missed milestone."""
    issued: Day
    """Date issued."""
    unit: UnitRef
    """Unit that must rectify."""
    requirement: Text
    """What must be done."""
    deadline: Deadline
    """Deadline (完成时限); may lie after the as-of month."""
    reply: Text | None = None
    """The unit's reply."""
    replied: Day | None = None
    """Date of the reply."""
    closed: Day | None = None
    """Date the order was closed (销号)."""
    evidence: list[Link] = []
    """Evidence of completion."""


class CoordinationItem(_Model):
    """A problem escalated to the supervision office (协调解决台账)."""

    id: Slug
    """Slug, unique in the project."""
    raised: Day
    """Date raised."""
    units: list[UnitRef] = Field(min_length=1)
    """Units involved."""
    problem: Text
    """The problem."""
    action: Text | None = None
    """What the supervision office did."""
    resolution: Text | None = None
    """How it was resolved."""
    resolved: Day | None = None
    """Date resolved."""


class Feedback(_Model):
    """A citizen opinion (市民意见建议), published as a summary only."""

    code: Line
    """Tracking code."""
    received: Day
    """Date received."""
    channel: Label(Channel)  # type: ignore[valid-type]
    """How it arrived."""
    type: Label(FeedbackType)  # type: ignore[valid-type]
    """Consultation, complaint, suggestion or request for help."""
    summary: Text
    """Summary without personal data."""
    unit: UnitRef
    """Unit it was forwarded to."""
    forwarded: Day | None = None
    """Date forwarded."""
    status: Label(FeedbackStatus)  # type: ignore[valid-type]
    """Handling state."""
    reply: Text | None = None
    """The unit's reply (required when answered)."""
    replied: Day | None = None
    """Date of the reply (required when answered)."""


class MediaReport(_Model):
    """A report in one of the media columns (专栏)."""

    date: Day
    """Publication date."""
    outlet: Line
    """Newspaper, station or portal."""
    title: Line
    """Headline."""
    url: Url | None = None
    """Link, if online."""


class Inspection(_Model):
    """An inspection (督查检查) of the project."""

    date: Day
    """Date of the inspection."""
    kind: Label(InspectionKind)  # type: ignore[valid-type]
    """Unannounced visit or site inspection."""
    findings: Text
    """What was found."""
    warning: Text | None = None
    """Early warning issued, if any."""
    month: MonthField | None = None
    """The report month the site check verifies (with ``observed``)."""
    observed: Quantity | None = None
    """Quantity counted on site; below the reported figure it is a suspected concealment (疑似瞒报)."""
    lifted: Day | None = None
    """Date the warning was lifted (预警解除); until then it shows on the column."""

    @property
    def unannounced(self) -> bool:
        """An unannounced visit ("四不两直": no notice, no reception, straight to the site)."""
        return self.kind == InspectionKind.UNANNOUNCED


class CorrectionRecord(_Model):
    """Why a figure or text of a published bulletin was changed afterwards (更正记录)."""

    month: MonthField
    """The published month whose figures or text change."""
    date: Day
    """Date the change was made."""
    reason: Text
    """Why it was changed (a written reason)."""
    requested_by: Text
    """Who asked for the change: the unit, the supervision office, an inspection …"""


class RosterRole(LabeledEnum):
    """A place in a project's team that is handed over (交接)."""

    LEADER = ("leader", "责任领导")
    CONTACT = ("contact", "联络员")
    STAFF = ("staff", "工作人员")


class Handover(_Model):
    """A dated handover of a role in a project's team: from whom to whom (交接记录)."""

    date: Day
    """The day the new person took over; from that month's end on, the months are theirs."""
    role: Label(RosterRole)  # type: ignore[valid-type]
    """Which place: the responsible leader, the unit's contact or one of the staff."""
    from_: Text = Field(alias="from")
    """Who handed over (a leader: id, name or alias from ``leaders.yaml``; others: the name)."""
    to: Text
    """Who took over (as ``from``); after the last handover of a role, the project's current holder."""
    reason: Text | None = None
    """Why (工作调整, 退休 …)."""


class Meeting(_Model):
    """A city leader's dispatch meeting (调度会) on some projects."""

    date: Day
    """Date of the meeting."""
    leader: LeaderRef
    """Leader who chaired it (``leaders.yaml``)."""
    projects: list[Slug] = Field(min_length=1)
    """Projects discussed."""
    decisions: Text
    """What was decided."""


class CaseKind(LabeledEnum):
    """Praise or exposure."""

    PRAISE = ("praise", "好经验好做法")
    EXPOSED = ("exposed", "反面典型")


class FoundBy(LabeledEnum):
    """How an exposed case came to light."""

    INSPECTION = ("inspection", "督查")
    UNANNOUNCED = ("unannounced", "暗访")
    CITIZEN = ("citizen", "群众反映")
    MEDIA = ("media", "媒体")


class CaseUpdate(_Model):
    """A follow-up on a case."""

    date: Day
    """Date of the follow-up."""
    text: Text
    """What happened."""


class Case(_Model):
    """Front matter of a case page in ``content/cases/praise/`` or ``content/cases/exposed/``."""

    slug: str = ""
    """Set from the file name by the loader."""
    source: str = ""
    """Path of the Markdown file, set by the loader."""
    kind: Label(CaseKind)  # type: ignore[valid-type]
    """Praise or exposed; must match the folder."""
    date: Day
    """Date published."""
    title: Line
    """Headline."""
    projects: list[Slug] = Field(min_length=1)
    """Projects concerned."""
    units: list[UnitRef] = Field(min_length=1)
    """Units concerned."""
    found_by: Label(FoundBy) | None = None  # type: ignore[valid-type]
    """Exposed only: how it was found."""
    problem: Text | None = None
    """Exposed only: which milestone was missed and by how long."""
    milestone_month: MonthField | None = None
    """Exposed only: month of the missed milestone."""
    responsible_unit: UnitRef | None = None
    """Exposed only: the unit held responsible."""
    responsible_post: Line | None = None
    """Exposed only: the post held responsible (not a private person's name)."""
    named_officially: bool = False
    """True only when the case says the person was officially named."""
    named_person: Line | None = None
    """The person's name; allowed only with ``named_officially: true``."""
    sanction: Text | None = None
    """Exposed only: the sanction."""
    rectification: Text | None = None
    """Exposed only: the rectification required."""
    outcome: Text | None = None
    """Outcome of the rectification."""
    updates: list[CaseUpdate] = []
    """Follow-up updates."""


class Project(_Model):
    """One project (具体项目) of the year's list; the file name is its id."""

    id: Slug = ""
    """Set from the file name by the loader; not written in the file."""
    source: str = ""
    """Path of the data file, set by the loader (for edit links and errors)."""
    item: Annotated[ItemRef, Field(ge=1)]
    """Item number from ``items.yaml`` (or its title)."""
    order: Annotated[int, Field(ge=1)]
    """Project number in the year's list, unique."""
    title: Line
    """Short title."""
    summary: Text
    """项目内容: the promise as published."""
    target: Quantity | None = None
    """Numeric annual target, if there is one."""
    measure: Line | None = None
    """Unit of the target (户, 条, 辆 …)."""
    leader: LeaderRef
    """Responsible city leader."""
    lead_unit: UnitRef
    """Lead unit (牵头单位)."""
    co_units: list[UnitRef] = []
    """Co-responsible units (责任单位)."""
    division: Line
    """Responsible division (负责处室)."""
    staff: list[Staff] = Field(min_length=1)
    """Named staff."""
    districts: list[DistrictRef] = []
    """Districts concerned; empty means city-wide."""
    plan: list[PlanEntry] = Field(min_length=1)
    """Monthly progress plan table."""
    reports: list[Report] = []
    """Monthly reports."""
    adjustments: list[Adjustment] = []
    """Approved adjustments and deferrals."""
    parts: list[Part] = []
    """Task decomposition by unit or district."""
    rectifications: list[Rectification] = []
    """Rectification orders."""
    coordination: list[CoordinationItem] = []
    """Coordination ledger entries."""
    feedback: list[Feedback] = []
    """Citizen feedback."""
    media: list[MediaReport] = []
    """Media reports."""
    inspections: list[Inspection] = []
    """Inspections."""
    integer: bool | None = None
    """Whole things only (no fractions); default: decided by the measure (户, 部, 个 … are whole)."""
    corrections: list[CorrectionRecord] = []
    """Why published figures or texts were changed afterwards."""
    contact: Staff | None = None
    """The lead unit's contact person for this project (联络员)."""
    handovers: list[Handover] = []
    """Dated handovers of the leader, contact or staff: ``leader``, ``contact`` and ``staff`` are
    who holds each place now; the handovers say who held it before."""

    @property
    def numeric(self) -> bool:
        """Whether progress is measured against a numeric target."""
        return self.target is not None



class SpecialReportData(_Model):
    """``data/special-reports/<unit-id>.yaml``: a lead unit's year-end special report."""

    filed: Day
    """Date the report was filed (due before 25 December)."""
    summary: Text
    """The unit's own summary of the year."""
