"""Names as clerks write them: a shared-list entry may be referred to by its id, its Chinese
name or one of its short names (``aliases``), and every spelling resolves to the id.

The loader hands a :class:`Names` to pydantic as validation context; the reference field types
in ``fields.py`` (``UnitRef``, ``DistrictRef``, ``LeaderRef``, ``ItemRef``) ask it. So the rest of
the code sees ids only, and a name that matches nothing is refused with the closest names.

:func:`check_names` checks the names of the shared lists against each other: a name or alias
used twice, and names one character apart (市财政局 / 市民政局 are both real; 市住房城乡建设局 /
市住房城乡建没局 is a typo; names shorter than :data:`SIMILAR_MIN` are not compared), which must
be confirmed with ``distinct_from``.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..dates import fail

__all__ = ["KINDS", "Names", "NameClash", "check_names", "one_apart_pairs"]

KINDS: dict[str, tuple[str, str, str]] = {
    "units": ("单位", "unit", "units.yaml"),
    "districts": ("区市县", "district", "districts.yaml"),
    "leaders": ("责任领导", "leader", "leaders.yaml"),
    "items": ("项", "item", "items.yaml"),
}
"""Each shared list that data refers to: (Chinese noun, English noun, file)."""


@dataclass(frozen=True)
class Names:
    """Every spelling of every shared-list entry, by kind: ``{kind: {spelling: id}}``."""

    spellings: dict[str, dict[str, Any]] = field(default_factory=dict)
    labels: dict[str, dict[Any, str]] = field(default_factory=dict)
    """``{kind: {id: name}}``, for messages."""

    @classmethod
    def of(cls, tables: Mapping[str, Mapping[Any, Any] | None]) -> Names:
        """From the loaded shared lists (``{kind: {id: entry}}``); a list that failed is left out."""
        spellings: dict[str, dict[Any, Any]] = {}
        labels: dict[str, dict[Any, str]] = {}
        for kind, table in tables.items():
            if table is None or kind not in KINDS:
                continue
            spell: dict[str, Any] = {}
            for ident, entry in table.items():
                for name in _spellings(entry):
                    spell.setdefault(name, ident)
                spell[str(ident)] = ident
            spellings[kind] = spell
            labels[kind] = {ident: _name(entry) for ident, entry in table.items()}
        return cls(spellings, labels)

    def knows(self, kind: str) -> bool:
        """Whether the list ``kind`` was loaded (references to it can be resolved)."""
        return kind in self.spellings

    def lookup(self, kind: str, value: str) -> Any:
        """The id that ``value`` names exactly, or None."""
        return self.spellings.get(kind, {}).get(value.strip())

    def resolve(self, kind: str, value: str) -> Any:
        """The id that ``value`` (id, name or alias) names; a bilingual validation error if none."""
        table = self.spellings.get(kind, {})
        key = value.strip()
        if key in table:
            return table[key]
        zh_noun, en_noun, file = KINDS[kind]
        if "，" in key or "、" in key:
            raise fail(f"“{key}”里用了全角逗号或顿号：列表中的各项要用半角逗号“,”分隔，如 [a, b]，或每项一行、以“- ”开头",
                       f"{key!r}: separate list entries with a half-width comma ',', e.g. [a, b]")
        hint_zh, hint_en = self.hint(kind, key)
        raise fail(f"{zh_noun}“{key}”不在 {file} 中{hint_zh}（可写编号、全称或 {file} 中的简称 aliases）",
                   f"unknown {en_noun} {key!r} (not in {file}){hint_en}; write its id, full name or an alias")

    def suggest(self, kind: str, value: str, n: int = 3) -> list[Any]:
        """Ids whose spellings are closest to ``value``."""
        table = self.spellings.get(kind, {})
        out: list[Any] = []
        for spelling in difflib.get_close_matches(value, list(table), n=n * 3, cutoff=0.5):
            if table[spelling] not in out:
                out.append(table[spelling])
        return out[:n]

    def hint(self, kind: str, value: str) -> tuple[str, str]:
        """``；是否应为 X（id）？`` and its English, or two empty strings."""
        found = self.suggest(kind, value)
        if not found:
            return "", ""
        shown = [f"{self.labels[kind][i]}（{i}）" for i in found]
        return f"；是否应为 {'、'.join(shown)}？", f"; did you mean {', '.join(str(i) for i in found)}?"


def _spellings(entry: Any) -> list[str]:
    return [_name(entry), *getattr(entry, "aliases", [])]


def _name(entry: Any) -> str:
    return str(getattr(entry, "name", None) or getattr(entry, "title", ""))


def one_apart_pairs(names: Sequence[str], shortest: int = 0) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, of ``names`` one character apart (one changed, added or
    dropped; equal names are no pair), both at least ``shortest`` long, in order. Found through each
    name with one character removed, so a list of thousands is not compared pair by pair (2,288
    units: 2.6 million pairs, 3 s): names of one length that differ in one place have the same key
    at that place, and a name one character shorter than another is one of the other's keys."""
    at: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        if len(name) >= shortest:
            at.setdefault(name, []).append(i)
    pairs: set[tuple[int, int]] = set()
    changed: dict[tuple[int, str], list[str]] = {}
    for name, owners in at.items():
        for k in range(len(name)):
            cut = name[:k] + name[k + 1:]
            changed.setdefault((k, cut), []).append(name)
            pairs.update((min(i, j), max(i, j)) for i in at.get(cut, ()) for j in owners)
    for group in changed.values():
        for a, b in itertools.combinations(group, 2):
            pairs.update((min(i, j), max(i, j)) for i in at[a] for j in at[b])
    return sorted(pairs)


@dataclass(frozen=True)
class NameClash:
    """A problem with a name in a shared list: the list, the entry's index, the field, both messages."""

    kind: str
    index: int
    field: str
    zh: str
    en: str


_SIMILAR_KINDS = ("units", "districts", "items")
"""Lists whose names are checked for one-character differences. Leaders are people: 张某某 and
李某某 are one character apart by nature."""
SIMILAR_MIN = 5
"""Names shorter than this are not compared: in a short name one character is the whole
difference (市财政局 / 市民政局, 东区 / 西区); in 市住房城乡建设局 it is a typo."""


def check_names(kind: str, entries: Iterable[Any]) -> Iterator[NameClash]:
    """Names and aliases used twice in one list; names one character from another (unless confirmed)."""
    rows = list(entries)
    owner: dict[str, tuple[int, Any]] = {}
    for i, entry in enumerate(rows):
        ident = _ident(entry)
        for j, name in enumerate(_spellings(entry)):
            where = "name" if j == 0 and hasattr(entry, "name") else ("title" if j == 0 else "aliases")
            if name in owner and owner[name][1] != ident:
                yield NameClash(kind, i, where, f"名称“{name}”已用于 {owner[name][1]}，同一名称不能指两个条目",
                                f"the name {name!r} already names {owner[name][1]}")
            owner.setdefault(name, (i, ident))
    if kind not in _SIMILAR_KINDS:
        return
    names = [_name(row) for row in rows]
    for i, j in one_apart_pairs(names, SIMILAR_MIN):
        a, b, na, nb = rows[i], rows[j], names[i], names[j]
        if not _confirmed(a, b):
            yield NameClash(kind, j, "name" if hasattr(b, "name") else "title",
                            f"名称“{nb}”与 {_ident(a)}“{na}”只差一个字，请核对是否写错；如两者都正确，"
                            f"请在这一条下写 distinct_from: [{_ident(a)}]",
                            f"{nb!r} is one character from {_ident(a)} {na!r}: check for a typo; if both are "
                            f"right, write distinct_from: [{_ident(a)}] under this entry")


def _ident(entry: Any) -> Any:
    return getattr(entry, "id", None) or getattr(entry, "no", None)


def _confirmed(a: Any, b: Any) -> bool:
    return str(_ident(a)) in map(str, getattr(b, "distinct_from", [])) or \
        str(_ident(b)) in map(str, getattr(a, "distinct_from", []))
