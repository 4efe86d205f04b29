"""The hash chain of published bulletins: what a deleted, renamed, inserted or rewritten month
looks like to the next month's link (``docs/hardening.md`` says what the chain does and does not
prove). A plain function of the loaded snapshots, so that every way to break it has a message.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from ..dates import Month
from ..errors import DataError
from .snapshots import Snapshot, snapshot_path

__all__ = ["check_chain"]


def check_chain(snapshots: Mapping[Month, tuple[Snapshot, str]], refused: set[str], data_dir: Path,
                root: Path) -> list[DataError]:
    """Problems of the chain of ``snapshots`` (each with the name messages use for its file).

    Each snapshot's link must name the latest bulletin published before it, with that bulletin's
    current checksum. Snapshots written before the chain existed are accepted only before the
    first linked one. Links to the months in ``refused`` (files refused for their own damage,
    already reported) are not reported again."""
    errors: list[DataError] = []
    months = sorted(snapshots)
    linked = False
    for i, month in enumerate(months):
        snap, name = snapshots[month]
        before = months[i - 1] if i else None
        if snap.chain is None:
            if linked:
                errors.append(DataError(name, None, ("chain",), "快照缺少链记录 chain，而此前的通报都有：它可能被旧文件替换过。"
                                        "请从版本库恢复原文件", "the snapshot has no chain link although earlier ones do: "
                                        "it may have been replaced by an old file; restore it from version control"))
            continue
        linked = True
        link = snap.chain.previous
        if str(link) in refused:
            continue
        if link != before:
            shown = Path(os.path.relpath(snapshot_path(data_dir, link), root)).as_posix() if link else ""
            if link is None:
                zh, en = (f"快照记录本期为全年第一期，但 {before} 的通报已经发布：链条被改写过",
                          f"the snapshot says it is the year's first bulletin, but {before} was published before it")
            elif link not in snapshots:
                zh, en = (f"上一期通报 {link} 的快照 {shown} 不见了（被删除或改名）。已发布的通报不能删除，请从版本库恢复",
                          f"the previous bulletin's snapshot {shown} is missing (deleted or renamed); restore it")
            else:
                zh, en = (f"快照记录的上一期是 {link}，但其后 {before} 也已发布：{before} 不在链中，是事后加入的",
                          f"the snapshot's previous bulletin is {link}, but {before} was published in between: "
                          f"{before} was added afterwards")
            errors.append(DataError(name, None, ("chain", "previous"), zh, en))
        elif link is not None and snap.chain.previous_checksum != snapshots[link][0].checksum:
            errors.append(DataError(name, None, ("chain", "previous_checksum"),
                                    f"上一期通报 {link}（{snapshots[link][1]}）的指纹与本期发布时记录的不符："
                                    f"{link} 在本期发布后被改写过。请从版本库恢复",
                                    f"the fingerprint of the previous bulletin {link} ({snapshots[link][1]}) differs from the "
                                    "one recorded at publication: it was rewritten afterwards; restore it"))
    return errors
