"""Synthetic benchmark data: a deterministic site of ``n`` projects, every reference valid.

``write_site(folder, n, template)`` writes a complete Duban project — ``mkdocs.yml`` (the
sample's, pointed at the real theme), ``data/`` (shared lists, one YAML per project, published
bulletin snapshots) and ``content/`` (about page, cases, a preface) — in the proportions of the
Dalian sample: parts, adjustments, rectifications, coordination, feedback, media, inspections,
cases, meetings, seven published months and a few corrections after publication.
:mod:`.plain` writes the same projects for plain MkDocs, the baseline they are measured against.

Everything comes from ``random.Random`` with a fixed seed, so a size always gives the same files.
This is an edge module (it writes files); the core never imports it.
"""

from __future__ import annotations

import dataclasses
import math
import random
import re
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from ..data.names import one_apart_pairs
from ..dates import Month
from .synthetic_text import (
    BENEFITS,
    CHANNEL_TEXT,
    COORDINATION,
    DEPARTMENTS,
    DETAILS,
    ENTERPRISES,
    EXPLANATIONS,
    MEASURES,
    OUTLETS,
    PLACE_A,
    PLACE_B,
    PLACE_SUFFIX,
    POSTS,
    PRAISE,
    REPLIES,
    STAGES,
    SURNAMES,
    THEMES,
    Theme,
)

__all__ = ["VERSION", "Site", "write_site"]

VERSION = 4
"""Bump when the generated data changes: the benchmark regenerates its cached data then."""
YEAR, AS_OF, FIRST = 2022, 9, 2
PUBLISHED = range(FIRST, AS_OF)  # February to August are published; September is the live preview
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass
class Site:
    """What was generated (kept for the plain baseline and the benchmark's report)."""

    root: Path
    config: Path
    projects: list[dict[str, Any]] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)
    districts: dict[str, str] = field(default_factory=dict)


def _dump(path: Path, data: Any, header: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(header + text, encoding="utf-8")


def _day(month: int, day: int) -> str:
    return date(YEAR, month, min(day, Month(YEAR, month).last_day.day)).isoformat()


def _names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct two-character place names."""
    pairs = [a + b for a in PLACE_A for b in PLACE_B if a != b]
    rng.shuffle(pairs)
    return pairs[:count]


@dataclass
class _World:
    """The shared lists, grouped by city (an aggregator of many city lists)."""

    items: list[dict[str, Any]]
    item_no: dict[str, int]
    units: list[dict[str, Any]]
    leaders: list[dict[str, Any]]
    districts: list[dict[str, Any]]
    cities: list[dict[str, Any]]


def _world(rng: random.Random, n: int) -> _World:
    titles = list(dict.fromkeys(t.item for t in THEMES))
    domain = {t.item: t.domain for t in THEMES}
    items = [{"no": i + 1, "title": t, "domain": domain[t]} for i, t in enumerate(titles)]
    count = max(1, math.ceil(n / 35))
    per_city = 11 if count == 1 else 4
    names = _names(rng, count * (1 + per_city))
    units: list[dict[str, Any]] = []
    leaders: list[dict[str, Any]] = []
    districts: list[dict[str, Any]] = []
    cities = []
    for c in range(count):
        city = names[c] + "市"
        own = [{"id": f"d{c:03d}-{k}", "name": names[count + c * per_city + k] + PLACE_SUFFIX[k % len(PLACE_SUFFIX)]}
               for k in range(per_city)]
        depts = [{"id": f"u{c:03d}-{k:02d}", "name": f"{city}{d}", "kind": "department"}
                 for k, d in enumerate(DEPARTMENTS[: 14 if count == 1 else 10])]
        govs = [{"id": f"g{d['id']}", "name": f"{d['name']}人民政府", "kind": "district"} for d in own]
        firms = [{"id": f"e{c:03d}-{k}", "name": f"{city[:-1]}{e}有限公司", "kind": "enterprise"}
                 for k, e in enumerate(ENTERPRISES[:2])]
        heads = [{"id": f"l{c:03d}-{k}", "name": _leader_name(c * 6 + k), "post": "副市长"} for k in range(6)]
        districts += own
        units += depts + govs + firms
        leaders += heads
        cities.append({"name": city, "districts": own, "depts": {d["name"][len(city):]: d for d in depts},
                       "govs": govs, "firms": firms, "units": depts + govs + firms, "leaders": heads})
    _confirm_similar(units)
    _confirm_similar(districts)
    return _World(items, {t: i + 1 for i, t in enumerate(titles)}, units, leaders, districts, cities)


_GIVEN = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬东南西北金木水火土山川林泉石松竹梅兰菊"
"""Placeholders for a leader's given name (the sample writes people as 周某某, never real names)."""


def _leader_name(i: int) -> str:
    """The ``i``-th leader's name, distinct from every other (a name in a shared list names one
    entry): surname, 某 and a placeholder character, e.g. 周某甲."""
    surname, given = SURNAMES[i % len(SURNAMES)], _GIVEN[(i // len(SURNAMES)) % len(_GIVEN)]
    if i >= len(SURNAMES) * len(_GIVEN):
        raise ValueError(f"more than {len(SURNAMES) * len(_GIVEN)} synthetic leaders")
    return f"{surname}某{given}"


def _confirm_similar(entries: list[dict[str, Any]]) -> None:
    """Mark names one character apart (宁远市体育局 / 宁远市教育局) as distinct, as an office would
    after checking them (``distinct_from``)."""
    for a, b in one_apart_pairs([e["name"] for e in entries]):
        entries[b].setdefault("distinct_from", []).append(entries[a]["id"])


def _curve(rng: random.Random, target: int, months: int) -> list[int]:
    """A planned cumulative curve: never decreasing, integers, ending at the target."""
    weights = [rng.uniform(0.6, 1.4) * (1 + 0.15 * k) for k in range(months)]
    total, run, out = sum(weights), 0.0, []
    for w in weights:
        run += w
        out.append(int(target * run / total))
    out[-1] = target
    return out


class _Project:
    """One synthetic project, built up field by field."""

    def __init__(self, rng: random.Random, world: _World, city: dict[str, Any], theme: Theme, order: int) -> None:
        self.rng, self.world, self.city, self.theme, self.order = rng, world, city, theme, order
        self.id = f"x{order:05d}"
        self.months = list(range(FIRST, 13))
        lead = city["depts"].get(theme.department) or rng.choice(list(city["depts"].values()))
        self.lead = lead["id"]
        self.place = rng.choice(city["districts"])
        self.co = rng.sample([u["id"] for u in city["units"] if u["id"] != self.lead], rng.choice((0, 1, 2, 2, 3, 4)))
        self.target = rng.randint(*theme.scale) if theme.measure else None
        self.behind: list[int] = []

    def base(self) -> dict[str, Any]:
        rng, t, place = self.rng, self.theme, self.place["name"]
        verb = rng.choice(("实施", "推进", "完成", "开展", "加快"))
        amount = f"{self.target}{t.measure}" if self.target else ""
        title = rng.choice((f"{place}{t.obj}", f"{verb}{place}{t.obj}工程", f"{self.city['name']}{place}{t.obj}",
                            f"{place}{t.obj}提升行动", f"{verb}{t.obj}（{place}）"))
        summary = (f"{verb}{place}{amount}{t.obj}，{rng.choice(DETAILS)}，{rng.choice(BENEFITS)}"
                   f"{rng.choice(('。', '，' + rng.choice(BENEFITS) + '。'))}")
        out: dict[str, Any] = {
            "item": self.world.item_no[t.item], "order": self.order, "title": title, "summary": summary}
        if self.target:
            out |= {"target": self.target, "measure": t.measure}
        districts = sorted({self.place["id"], *(d["id"] for d in rng.sample(self.city["districts"], rng.randint(0, 2)))})
        out |= {"leader": rng.choice(self.city["leaders"])["id"], "lead_unit": self.lead, "co_units": self.co,
                "division": rng.choice(("综合", "规划建设", "公共服务", "项目管理", "社会事务", "基层建设")) + "处",
                "staff": [{"name": rng.choice(SURNAMES) + rng.choice(("某", "某某")), "post": rng.choice(POSTS)}
                          for _ in range(rng.randint(1, 2))],
                "districts": [] if rng.random() < 0.2 else districts}
        return out

    def plan(self) -> list[dict[str, Any]]:
        t = self.theme
        if not self.target:
            stages = sorted(self.rng.sample(range(len(STAGES)), len(self.months)))
            return [{"month": str(Month(YEAR, m)), "milestone": STAGES[s] if s < len(STAGES) - 1 else "全面完成年度任务"}
                    for m, s in zip(self.months, stages, strict=True)]
        curve = _curve(self.rng, self.target, len(self.months))
        word = self.rng.choice(("累计完成", "累计", "完成"))
        rows = [{"month": str(Month(YEAR, m)), "milestone": f"{word}{t.obj}{q}{t.measure}", "planned": q}
                for m, q in zip(self.months, curve, strict=True)]
        rows[-1]["milestone"] = f"全面完成全年目标，累计完成{t.obj}{self.target}{t.measure}"
        return rows

    def reports(self, plan: list[dict[str, Any]], deferred: set[int], parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rng, t, out, last = self.rng, self.theme, [], 0
        months = [m for m in range(FIRST, AS_OF + 1) if rng.random() >= 0.04]
        totals = dict(zip(months, self.part_reports(parts, months), strict=True)) if parts else {}
        for row in plan:
            m = int(row["month"][5:])
            if m not in months:
                continue
            report: dict[str, Any] = {"month": row["month"], "filed": _day(m, rng.choice((28, 30, 31, 31, 31)))}
            behind = False
            if self.target:
                planned = row["planned"]
                value = totals[m] if parts else last if m in deferred else \
                    min(self.target, max(last, int(planned * rng.uniform(0.88, 1.12))))
                behind = value < planned and m not in deferred
                first_completion = value >= self.target > last
                last = value
                report["progress"] = (f"截至{m}月底，累计完成{t.obj}{value}{t.measure}，占全年目标的"
                                      f"{round(100 * value / self.target, 1)}%，{rng.choice(DETAILS)}。")
                if not parts:
                    report["cumulative"] = value
                if first_completion and not parts:
                    report["completed"] = report["filed"]
            else:
                result = rng.choices(("met", "exceeded", "missed"), (8, 1, 1))[0]
                behind = result == "missed"
                report |= {"progress": f"{row['milestone']}，{rng.choice(DETAILS)}。", "milestone": result}
            if behind:
                report["explanation"] = rng.choice(EXPLANATIONS).format(d=rng.randint(3, 15)) + "。"
                report["measures"] = rng.choice(MEASURES) + "。"
                self.behind.append(m)
            if rng.random() < 0.05:
                report["evidence"] = [{"title": "现场照片和验收记录", "url": f"https://example.org/duban/{self.id}/{m}"}]
            out.append(report)
        return out

    def parts(self) -> list[dict[str, Any]]:
        """Split a numeric project by district: each part has its own plan and figures; the
        project's plan and reported figures are their sums."""
        rng = self.rng
        assert self.target is not None
        count = min(len(self.city["districts"]), rng.randint(3, 6), self.target)
        chosen = rng.sample(self.city["districts"], count)
        shares = [rng.uniform(0.5, 1.5) for _ in chosen]
        # Every part gets at least 1; the rest is shared by weight, the last part taking what is left.
        targets = [1 + int((self.target - count) * s / sum(shares)) for s in shares]
        targets[-1] = self.target - sum(targets[:-1])
        govs = {g["id"][1:]: g["id"] for g in self.city["govs"]}
        out = []
        for d, share in zip(chosen, targets, strict=True):
            curve = _curve(rng, share, len(self.months))
            plan = [{"month": str(Month(YEAR, m)), "planned": q} for m, q in zip(self.months, curve, strict=True)]
            out.append({"id": d["id"], "unit": govs[d["id"]], "district": d["id"], "target": share, "plan": plan})
        return out

    def part_reports(self, parts: list[dict[str, Any]], months: list[int]) -> list[int]:
        """Each part's reported figures for ``months``; returns the project's totals."""
        totals = [0] * len(months)
        for part in parts:
            last, reports = 0, []
            for k, m in enumerate(months):
                planned = part["plan"][m - FIRST]["planned"]
                last = min(part["target"], max(last, int(planned * self.rng.uniform(0.9, 1.1))))
                reports.append({"month": str(Month(YEAR, m)), "cumulative": last})
                totals[k] += last
            part["reports"] = reports
        return totals

    def adjustment(self, plan: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, set[int]]:
        start = self.rng.randint(5, 8)
        approval = f"示政办〔{YEAR}〕{self.rng.randint(10, 80)}号"
        if self.rng.random() < 0.5 or not self.target:
            until = start + 2
            return ({"kind": "defer", "from": str(Month(YEAR, start)), "until": str(Month(YEAR, until)),
                     "approval": approval, "approved": _day(start - 1, 26),
                     "reason": f"{start}至{until}月{self.rng.choice(EXPLANATIONS).format(d=10)}，经批准暂缓实施，全年目标不变。"},
                    set(range(start, until + 1)))
        before = plan[start - FIRST - 1]["planned"]
        rows = []
        for row in plan[start - FIRST:]:
            lowered = row["planned"] if row is plan[-1] else max(before, int(row["planned"] * 0.8))
            rows.append({"month": row["month"], "milestone": row["milestone"] + "（调整后）", "planned": lowered})
            before = lowered
        for old, new in zip(plan[start - FIRST:], rows, strict=True):
            old["planned_effective"] = new["planned"]
        return ({"kind": "adjust", "from": str(Month(YEAR, start)), "approval": approval, "approved": _day(start - 1, 25),
                 "reason": f"{self.rng.choice(EXPLANATIONS).format(d=10)}，经批准调整{start}月起的节点目标，全年目标不变。",
                 "plan": rows}, set())

    def records(self, out: dict[str, Any], serial: list[int]) -> None:
        """Rectifications, coordination, feedback, media and inspections, in the sample's proportions."""
        rng, t, place = self.rng, self.theme, self.place["name"]
        rects = []
        for m in self.behind:
            if m < AS_OF and rng.random() < 0.6:
                issued = date(YEAR, m + 1, rng.randint(3, 8))
                deadline = issued + timedelta(days=25)
                rect: dict[str, Any] = {
                    "id": f"r-{YEAR}-{m:02d}", "month": str(Month(YEAR, m)), "issued": issued.isoformat(), "unit": self.lead,
                    "requirement": f"于{deadline.month}月{deadline.day}日前补齐{m}月节点欠账，"
                                   f"{rng.choice(MEASURES)}，并每周报送整改进展。",
                    "deadline": deadline.isoformat()}
                cut = date(YEAR, AS_OF, 30)
                if rng.random() < 0.7 and issued + timedelta(days=12) <= cut:
                    rect |= {"reply": f"已{rng.choice(MEASURES)}，{rng.choice(DETAILS)}。",
                             "replied": (issued + timedelta(days=12)).isoformat()}
                    if rng.random() < 0.6 and issued + timedelta(days=20) <= cut:
                        rect["closed"] = (issued + timedelta(days=20)).isoformat()
                rects.append(rect)
        if rects:
            out["rectifications"] = rects
        if rng.random() < 0.2:
            problem, action, resolution = rng.choice(COORDINATION)
            raised = date(YEAR, rng.randint(3, AS_OF), rng.randint(1, 20))
            item: dict[str, Any] = {"id": "c-01", "raised": raised.isoformat(), "units": [self.lead, *self.co[:2]],
                                    "problem": f"{place}{t.obj}{problem}。", "action": action + "。"}
            if rng.random() < 0.6 and raised + timedelta(days=18) <= date(YEAR, AS_OF, 30):
                item |= {"resolution": resolution + "。", "resolved": (raised + timedelta(days=18)).isoformat()}
            out["coordination"] = [item]
        feedback = []
        for _ in range(rng.choices((0, 1, 2, 3), (45, 35, 15, 5))[0]):
            kind = rng.choice(tuple(CHANNEL_TEXT))
            received = date(YEAR, rng.randint(FIRST, AS_OF), rng.randint(1, 25))
            serial[0] += 1
            f: dict[str, Any] = {"code": f"12345-{YEAR}-{serial[0]:06d}", "received": received.isoformat(),
                                 "channel": rng.choice(("hotline", "hotline", "portal", "letter", "media")), "type": kind,
                                 "summary": rng.choice(CHANNEL_TEXT[kind]).format(place=place, obj=t.obj) + "。",
                                 "unit": rng.choice([self.lead, *self.co]), "forwarded": received.isoformat()}
            replied = received + timedelta(days=rng.randint(2, 20))
            if replied <= date(YEAR, AS_OF, 30) and rng.random() < 0.8:
                f |= {"status": "answered", "reply": rng.choice(REPLIES).format(d=rng.randint(3, 10)),
                      "replied": replied.isoformat()}
            else:
                f["status"] = rng.choice(("pending", "processing"))
            feedback.append(f)
        if feedback:
            out["feedback"] = feedback
        if rng.random() < 0.3:
            out["media"] = [{"date": _day(rng.randint(FIRST, AS_OF), rng.randint(1, 28)), "outlet": rng.choice(OUTLETS),
                             "title": rng.choice(PRAISE).format(place=place, obj=t.obj),
                             **({"url": f"https://example.org/media/{self.id}"} if rng.random() < 0.5 else {})}]
        if rng.random() < 0.2:
            out["inspections"] = [self._inspection(out)]

    def _inspection(self, out: dict[str, Any]) -> dict[str, Any]:
        rng, t = self.rng, self.theme
        how = rng.choice(("暗访", "现场督查"))
        check: dict[str, Any] = {"date": _day(rng.randint(4, AS_OF), rng.randint(1, 25)),
                                 "kind": rng.choice(("unannounced", "site")),
                                 "findings": f"{how}{self.place['name']}{t.obj}点位，{rng.choice(DETAILS)}。"}
        if rng.random() < 0.3:
            check["warning"] = f"提醒{t.obj}责任单位加快进度，防止出现节点滞后。"
        reported = [r for r in out.get("reports", []) if "cumulative" in r and r["cumulative"] > 10]
        if reported and rng.random() < 0.3:
            r = rng.choice(reported)
            m = int(r["month"][5:])
            if date(YEAR, min(m + 1, 12), 10) <= date(YEAR, AS_OF, 30):
                check |= {"date": date(YEAR, min(m + 1, 12), 10).isoformat(), "month": r["month"],
                          "observed": int(r["cumulative"] * rng.uniform(0.9, 1.0))}
        return check

    def build(self, serial: list[int]) -> dict[str, Any]:
        out = self.base()
        parts = self.parts() if self.target and self.rng.random() < 0.09 else []
        plan = self.plan()
        if parts:  # the project's plan is the parts' sum
            for k, row in enumerate(plan):
                row["planned"] = sum(part["plan"][k]["planned"] for part in parts)
                row["milestone"] = re.sub(r"\d+(?=\D*$)", str(row["planned"]), row["milestone"], count=1)
        out["plan"] = plan
        adjust, deferred = self.adjustment(plan) if not parts and self.rng.random() < 0.06 else (None, set())
        effective = [{**row, "planned": row.get("planned_effective", row.get("planned"))} for row in plan]
        for row in plan:
            row.pop("planned_effective", None)
        out["reports"] = self.reports(effective, deferred, parts)
        if parts:
            out["parts"] = parts
            out["districts"] = sorted({*out["districts"], *(p["district"] for p in parts)})
        if adjust:
            out["adjustments"] = [adjust]
        self.records(out, serial)
        return out


# ---------------------------------------------------------------- the site


def _projects(rng: random.Random, world: _World, n: int) -> list[dict[str, Any]]:
    """``n`` projects spread over the cities, numbered in item order as a list is published."""
    picks = sorted(((world.item_no[t.item], rng.random(), rng.randrange(len(world.cities)), t)
                    for t in (rng.choice(THEMES) for _ in range(n))), key=lambda x: (x[0], x[1]))
    serial, out = [0], []
    for order, (_, _, c, theme) in enumerate(picks, start=1):
        maker = _Project(rng, world, world.cities[c] if len(world.cities) > 1 else world.cities[0], theme, order)
        out.append({"id": maker.id, "theme": theme, "behind": None, **maker.build(serial), "_behind": maker.behind})
    return out


def _case(rng: random.Random, k: int, p: dict[str, Any], units: dict[str, str]) -> tuple[str, str]:
    """One editor's case page (front matter and body), praise or exposed."""
    theme: Theme = p["theme"]
    month = rng.randint(FIRST, AS_OF)
    exposed = bool(p["_behind"]) and rng.random() < 0.45
    place = p["title"][:3]
    meta: dict[str, Any] = {"kind": "exposed" if exposed else "praise", "date": _day(month, rng.randint(1, 28)),
                            "projects": [p["id"]], "units": [p["lead_unit"], *p["co_units"][:1]]}
    if exposed:
        m = p["_behind"][0]
        meta["title"] = f"{theme.obj}{m}月节点滞后 {units[p['lead_unit']]}被约谈（{k}）"
        meta |= {"found_by": rng.choice(("inspection", "unannounced", "citizen", "media")),
                 "problem": f"{m}月节点任务未完成，{rng.choice(EXPLANATIONS).format(d=rng.randint(3, 15))}",
                 "milestone_month": str(Month(YEAR, m)), "responsible_unit": p["lead_unit"],
                 "responsible_post": f"{units[p['lead_unit']]}分管负责同志",
                 "sanction": rng.choice(("约谈", "通报批评", "书面检查")),
                 "rectification": f"限期补齐{m}月节点欠账，{rng.choice(MEASURES)}"}
        meta["date"] = _day(min(AS_OF, m + 1), rng.randint(1, 28))
    else:
        meta["title"] = rng.choice(PRAISE).format(place=place, obj=theme.obj) + f"（{k}）"
    body = (f"> 示例案例（sample data）：人物、单位表述和情节均为示例。\n\n{p['summary']}\n\n"
            f"{rng.choice(DETAILS)}，{rng.choice(DETAILS)}。{rng.choice(BENEFITS)}，{rng.choice(BENEFITS)}。\n")
    front = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000)
    return meta["kind"], f"---\n{front}---\n{body}"


def copy_guide(template: Path, root: Path) -> None:
    """The editors' guide the sample's navigation lists (``docs/editors-guide.md`` and its screenshots)."""
    source = template.parent / "docs"
    if (source / "editors-guide.md").is_file():
        (root / "docs").mkdir(parents=True, exist_ok=True)
        shutil.copy(source / "editors-guide.md", root / "docs" / "editors-guide.md")
        if (source / "images" / "editors-guide").is_dir():
            shutil.copytree(source / "images" / "editors-guide", root / "docs" / "images" / "editors-guide")


def _config(template: Path, root: Path, rename: bool = True) -> str:
    """The sample's mkdocs.yml, with the theme folder made absolute and (``rename``) a benchmark title."""
    text = template.read_text(encoding="utf-8")
    theme = (template.parent / "theme").resolve()
    text = re.sub(r"(?m)^(\s*custom_dir:).*$", rf"\1 {theme.as_posix()}", text)
    text = re.sub(r"(?m)^(\s*-\s*)theme\s*$", rf"\1{theme.as_posix()}", text)  # the watch list
    if not rename:
        return text
    text = re.sub(r"(?m)^site_name:.*$", "site_name: 示例省2022年重点民生实事公开挂牌督办（基准测试）", text)
    text = re.sub(r"(?m)^(\s*city:).*$", r"\1 示例省", text)
    return re.sub(r"(?m)^(\s*office:).*$", r"\1 示例省人民政府督查考核办公室（示例）", text)


def _write_shared(root: Path, world: _World, rng: random.Random, projects: list[dict[str, Any]]) -> None:
    data = root / "data"
    header = "# 基准测试数据（synthetic benchmark data）：由 duban bench 生成，全部为示例。\n"
    _dump(data / "items.yaml", {"items": world.items}, header)
    _dump(data / "units.yaml", {"units": world.units}, header)
    _dump(data / "leaders.yaml", {"leaders": world.leaders}, header)
    _dump(data / "districts.yaml", {"districts": world.districts}, header)
    meetings = []
    for k in range(max(1, len(projects) // 7)):
        chosen = rng.sample(projects, min(3, len(projects)))
        meetings.append({"date": _day(rng.randint(3, AS_OF), rng.randint(1, 28)),
                         "leader": chosen[0]["leader"], "projects": [p["id"] for p in chosen],
                         "decisions": f"会议要求各责任单位{rng.choice(MEASURES)}，{rng.choice(DETAILS)}（第{k + 1}次调度）。"})
    _dump(data / "meetings.yaml", {"meetings": meetings}, header)
    leads = sorted({p["lead_unit"] for p in projects})
    for unit in rng.sample(leads, len(leads) // 10):
        _dump(data / "special-reports" / f"{unit}.yaml",
              {"filed": _day(AS_OF, 20), "summary": f"全年牵头项目总体进展顺利，{rng.choice(DETAILS)}。"})


def write_site(root: Path, n: int, template: Path, seed: int = YEAR) -> Site:
    """A complete synthetic Duban project of ``n`` projects in ``root`` (replaced if it exists)."""
    from ..data.loader import load_dataset
    from ..engine.bulletins import make_snapshot
    from ..engine.model import build_model
    from .store import write_snapshot

    shutil.rmtree(root, ignore_errors=True)
    rng = random.Random(f"duban-bench-{seed}-{n}")  # noqa: S311 - reproducible sample text, not secrets
    world = _world(rng, n)
    projects = _projects(rng, world, n)
    units = {u["id"]: u["name"] for u in world.units}
    for p in projects:
        _dump(root / "data" / "projects" / f"{p['id']}.yaml", _project_file(p))
    _write_shared(root, world, rng, projects)
    content = root / "content"
    (content / "cases" / "praise").mkdir(parents=True)
    (content / "cases" / "exposed").mkdir(parents=True)
    for k, p in enumerate(rng.sample(projects, max(2, round(len(projects) * 12 / 35))), start=1):
        kind, text = _case(rng, k, p, units)
        (content / "cases" / kind / f"case-{k:05d}.md").write_text(text, encoding="utf-8")
    (content / "bulletins" / "prefaces").mkdir(parents=True)
    (content / "bulletins" / "prefaces" / f"{YEAR}-08.md").write_text(
        '!!! note "编者按（示例）"\n    8 月是汛期施工的关键月份，请各牵头单位对照节点任务，倒排工期。\n', encoding="utf-8")
    sample_about = template.parent / "content" / "about.md"
    (content / "about.md").write_text(sample_about.read_text(encoding="utf-8") if sample_about.is_file()
                                      else "# 关于本站\n\n基准测试数据。\n", encoding="utf-8")
    terms = template.parent / "data" / "search-terms.txt"
    if terms.is_file():
        shutil.copy(terms, root / "data" / "search-terms.txt")
    copy_guide(template, root)
    config = root / "mkdocs.yml"
    config.write_text(_config(template, root), encoding="utf-8")
    site = Site(root, config, projects, units, {d["id"]: d["name"] for d in world.districts})
    # Publish February to August as `duban publish` would, then correct a few figures afterwards.
    from mkdocs.config import load_config

    from .config import settings_from

    cfg = load_config(str(config))
    settings = settings_from(cfg.plugins["duban"].config, cfg.config_file_path, cfg.docs_dir)
    model = build_model(load_dataset(settings))
    for k, m in enumerate(PUBLISHED, start=1):
        snap = make_snapshot(model, Month(YEAR, m), date(YEAR, m + 1, 5 + k % 3), f"示督考办通报〔{YEAR}〕{k}号（示例）")
        write_snapshot(settings.data_dir, snap)
        # As `duban publish` reloads: the next month is linked to this one and judged after it.
        model = build_model(dataclasses.replace(model.data, snapshots={**model.data.snapshots, snap.month: snap}))
    _correct(rng, projects, root)
    return site


def _project_file(p: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in p.items() if k not in ("id", "theme", "behind", "_behind") and v != []}


def _correct(rng: random.Random, projects: list[dict[str, Any]], root: Path) -> None:
    """Lower a published figure in about one project in fifty (still on plan), as units do after
    a recount, with the correction record the office requires (dated before the last published
    bulletin, so the public site shows it): the bulletins then list corrections."""
    for p in projects:
        if "parts" in p or "target" not in p or rng.random() >= 0.02:
            continue
        reports = [r for r in p["reports"] if int(r["month"][5:]) in PUBLISHED[:-1]]
        reported = {str(r["month"]) for r in p["reports"]}
        plan = {row["month"]: row.get("planned") for row in p["plan"]}
        for i, r in enumerate(reports):
            floor = max(plan.get(r["month"]) or 0, reports[i - 1]["cumulative"] if i else 0)
            # Only a month followed by a report of its own: a month without one carries the figure
            # forward, and its published bulletin would change too (a correction of its own).
            follows = f"{YEAR}-{int(r['month'][5:]) + 1:02d}" in reported
            if r["cumulative"] > floor + 1 and "completed" not in r and follows:
                r["cumulative"] -= 1
                month = int(r["month"][5:])
                p["corrections"] = [{"month": r["month"], "date": f"{YEAR}-{month + 2:02d}-01",
                                     "reason": "牵头单位复核后发现多计1个，按复核数更正。", "requested_by": "牵头单位"}]
                _dump(root / "data" / "projects" / f"{p['id']}.yaml", _project_file(p))
                break
