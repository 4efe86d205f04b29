"""The Chinese name of every field a clerk writes, in one table.

The same name is the column header of the reporting workbook, the ``title`` of the field in the
JSON Schema, the hint in "unknown field" messages, and an accepted spelling of the key itself:
``未完成原因: …`` in a project file is read as ``explanation: …`` (:func:`english_keys`).
"""

from __future__ import annotations

import functools
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

__all__ = ["FIELD_NAMES", "HIDDEN", "english_keys", "field_name", "inner_model", "model_name"]

_COMMON = {
    "month": "月份", "date": "日期", "id": "编号", "title": "标题", "name": "名称", "url": "链接", "post": "职务",
    "aliases": "简称", "distinct_from": "确认不同于", "evidence": "证明材料", "reason": "理由", "unit": "责任单位",
    "kind": "类别", "plan": "月度计划", "reports": "月度报告", "summary": "摘要", "target": "全年目标",
    "milestone": "节点任务", "planned": "计划累计", "cumulative": "累计完成", "reply": "答复", "replied": "答复日期",
    "district": "区市县", "units": "涉及单位", "projects": "涉及项目", "leader": "责任领导",
}

FIELD_NAMES: dict[str, dict[str, str]] = {
    "Project": {"item": "所属项", "order": "项目序号", "title": "项目名称", "summary": "项目内容", "measure": "计量单位",
                "lead_unit": "牵头单位", "co_units": "责任单位", "division": "负责处室", "staff": "工作人员",
                "districts": "涉及区市县", "adjustments": "调整", "parts": "任务分解", "rectifications": "整改要求",
                "coordination": "协调解决事项", "feedback": "市民意见建议", "media": "媒体报道", "inspections": "督查检查",
                "corrections": "更正记录", "contact": "联络员", "handovers": "交接记录", "integer": "只计整数"},
    "Report": {"filed": "报送日期", "progress": "本月进展", "milestone": "节点完成情况", "completed": "完成全年目标日期",
               "explanation": "未完成原因", "measures": "整改措施"},
    "PartReport": {"milestone": "节点完成情况"},
    "Part": {"target": "分解目标"},
    "Adjustment": {"start": "起始月份", "until": "暂缓截止月份", "approval": "批准文件", "approved": "批准日期",
                   "plan": "调整后的计划"},
    "Rectification": {"month": "未完成节点月份", "issued": "下达日期", "requirement": "整改要求", "deadline": "完成时限",
                      "reply": "单位答复", "closed": "销号日期"},
    "CoordinationItem": {"raised": "提出日期", "problem": "问题", "action": "协调措施", "resolution": "解决情况",
                         "resolved": "解决日期"},
    "Feedback": {"code": "编号", "received": "收到日期", "channel": "渠道", "type": "类型", "summary": "意见摘要",
                 "unit": "转办单位", "forwarded": "转办日期", "status": "办理状态"},
    "MediaReport": {"outlet": "媒体"},
    "Inspection": {"findings": "发现的问题", "warning": "预警", "month": "核查月份", "observed": "现场核查数量"},
    "Meeting": {"leader": "主持领导", "decisions": "会议决定"},
    "Case": {"found_by": "发现方式", "problem": "问题", "milestone_month": "未完成节点月份", "responsible_unit": "被问责单位",
             "responsible_post": "被问责职务", "named_officially": "是否点名通报", "named_person": "姓名", "sanction": "处理",
             "rectification": "整改要求", "outcome": "整改结果", "updates": "后续进展"},
    "CaseUpdate": {"text": "内容"},
    "CorrectionRecord": {"date": "更正日期", "reason": "更正原因", "requested_by": "提出方"},
    "SpecialReportData": {"filed": "报送日期", "summary": "全年总结"},
    "Unit": {"name": "单位全称"},
    "Item": {"no": "项序号", "domain": "领域"},
    "Leader": {"name": "姓名"},
    "Staff": {"name": "姓名"},
    "Handover": {"role": "岗位", "date": "交接日期", "from_": "交出人", "to": "接任人", "reason": "交接原因"},
}
"""Per model (by class name), the fields whose Chinese name is not the common one above."""

HIDDEN: dict[str, tuple[str, ...]] = {"Project": ("id", "source"), "Case": ("slug", "source")}
"""Fields the loader sets itself: editors never write them."""


def field_name(model: type[BaseModel], name: str) -> str | None:
    """The Chinese name of ``model``'s field ``name`` (the Python name, not the alias)."""
    return FIELD_NAMES.get(model.__name__, {}).get(name) or _COMMON.get(name)


@functools.cache
def model_name(model: type[BaseModel]) -> MappingProxyType[str, str]:
    """``{Chinese name: YAML key}`` for every field of ``model`` that has one (read-only: it is
    worked out once per model)."""
    out: dict[str, str] = {}
    for name, info in model.model_fields.items():
        zh = field_name(model, name)
        if zh and name not in HIDDEN.get(model.__name__, ()):
            out.setdefault(zh, info.alias or name)
    return MappingProxyType(out)


@functools.cache
def _nested(model: type[BaseModel]) -> tuple[tuple[str, type[BaseModel]], ...]:
    """(YAML key, model) of each field of ``model`` that holds models."""
    found = ((info.alias or name, inner_model(info.annotation)) for name, info in model.model_fields.items())
    return tuple((key, inner) for key, inner in found if inner is not None)


def english_keys(model: type[BaseModel], node: Any) -> None:
    """Rename Chinese keys of ``node`` (a parsed mapping for ``model``) to the English keys, in place
    and recursively, keeping order and line numbers. A Chinese key whose English key is also present
    is left alone (and reported as unknown)."""
    if not isinstance(node, dict):
        return
    aliases = model_name(model)
    if any(key in aliases and aliases[key] not in node for key in node):
        items = [(aliases[k] if k in aliases and aliases[k] not in node else k, v) for k, v in node.items()]
        lines = getattr(node, "lines", None)
        if lines is not None:
            node.lines = {(aliases[k] if k in aliases and aliases[k] not in node else k): n for k, n in lines.items()}  # type: ignore[attr-defined]
        node.clear()
        node.update(items)
    for key, inner in _nested(model):
        value = node.get(key)
        if value is None:
            continue
        for entry in value if isinstance(value, list) else [value]:
            english_keys(inner, entry)


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside a field's type (``list[Report]``, ``Staff | None`` …), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = inner_model(arg)
        if found is not None:
            return found
    return None
