"""The sealed record and the file system under it: publishing is a locked transaction, the
year's bulletins form a hash chain that names every deleted, renamed or rewritten month, and a
full disk, a read-only folder or a mount point ends in a Chinese message or simply works."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from conftest import DUBAN, build_site, data_errors, duban, mini_settings, page, run_process

from generator import Month, load_dataset
from generator.data.snapshots import Snapshot
from generator.data.yamlio import load_yaml


def publish(root: Path, month: str, day: str, *extra: str):  # type: ignore[no-untyped-def]
    return duban("-f", str(root / "mkdocs.yml"), "publish", month, "--date", day, "--yes", *extra)


def snapshot(root: Path, month: str) -> Snapshot:
    return Snapshot.model_validate(load_yaml(root / f"data/bulletins/{month}.yaml"))


@pytest.fixture
def published(mini_project: Path) -> Path:
    """The mini fixture with February and March published (as of 2022-03)."""
    assert publish(mini_project, "2022-02", "2022-03-05").returncode == 0
    assert publish(mini_project, "2022-03", "2022-04-06").returncode == 0
    return mini_project


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[bool]:
    """A small tmpfs mounted at ``folder``; False where mounting is not allowed (then the test
    simulates the fault instead)."""
    folder.mkdir(parents=True, exist_ok=True)
    # DUBAN_TEST_NO_MOUNT=1 takes the simulated path, as on a machine without mount rights.
    mounted = not os.environ.get("DUBAN_TEST_NO_MOUNT") and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True).returncode == 0  # noqa: S607
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)  # noqa: S607


def fill(path: Path, leave: int = 0) -> None:
    """Fill the file system of ``path`` up to ``leave`` bytes."""
    free = os.statvfs(path.parent).f_bavail * os.statvfs(path.parent).f_frsize
    with contextlib.suppress(OSError), path.open("wb") as fh:
        for _ in range(max(free - leave, 0) // 4096 + 1):
            fh.write(b"\0" * 4096)
            fh.flush()


# ---------------------------------------------------------------- the chain


def test_each_snapshot_links_to_the_one_before(published: Path, tmp_path: Path) -> None:
    feb, mar = snapshot(published, "2022-02"), snapshot(published, "2022-03")
    assert feb.chain is not None and feb.chain.previous is None  # the year's first bulletin
    assert mar.chain is not None and (str(mar.chain.previous), mar.chain.previous_checksum) == ("2022-02", feb.checksum)
    site = tmp_path / "site"
    assert build_site(published / "mkdocs.yml", site).returncode == 0
    # The published JSON is exactly what the fingerprint is the SHA-256 of: `sha256sum` checks it.
    data = (site / "bulletins/2022-03/2022-03.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == mar.checksum
    assert json.loads(data)["chain"] == {"previous": "2022-02", "previous_checksum": feb.checksum}
    html = page(site, "bulletins/2022-03")
    assert f"本期通报指纹（SHA-256）：<code>{mar.checksum}</code>；上一期（2022年2月）指纹：<code>{feb.checksum}</code>" in html
    assert f"最新已发布通报（2022年3月）的指纹：<code>{mar.checksum}</code>" in page(site, "bulletins")


def test_a_deleted_month_breaks_the_chain(published: Path) -> None:
    (published / "data/bulletins/2022-02.yaml").unlink()
    assert data_errors(mini_settings(published)) == [
        "data/bulletins/2022-03.yaml chain.previous: 上一期通报 2022-02 的快照 data/bulletins/2022-02.yaml 不见了（被删除或改名）。"
        "已发布的通报不能删除，请从版本库恢复 / the previous bulletin's snapshot data/bulletins/2022-02.yaml is missing "
        "(deleted or renamed); restore it"]


@pytest.mark.parametrize("name", ["2022-02.yml", "2022-02.YAML", "2022-02.yaml.bak"])
def test_a_renamed_month_is_reported_not_ignored(published: Path, name: str) -> None:
    (published / "data/bulletins/2022-02.yaml").rename(published / "data/bulletins" / name)
    assert data_errors(mini_settings(published)) == [
        f"data/bulletins/{name}: 通报快照的文件名应为 YYYY-MM.yaml（如 2022-08.yaml）：此文件不会被读取，它记录的通报会显示为未发布。"
        "请恢复原文件名 / snapshot files are named YYYY-MM.yaml; this one is not read, so its bulletin would show as "
        "unpublished: restore its name",
        "data/bulletins/2022-03.yaml chain.previous: 上一期通报 2022-02 的快照 data/bulletins/2022-02.yaml 不见了（被删除或改名）。"
        "已发布的通报不能删除，请从版本库恢复 / the previous bulletin's snapshot data/bulletins/2022-02.yaml is missing "
        "(deleted or renamed); restore it"]


def test_a_rewritten_month_with_a_recomputed_checksum_breaks_the_chain(published: Path) -> None:
    # Someone changes a figure and recomputes the plain SHA-256: the file is consistent, the chain is not.
    feb = snapshot(published, "2022-02")
    rows = [feb.rows[0].model_copy(update={"cumulative": 300}), *feb.rows[1:]]
    forged = feb.model_copy(update={"rows": rows}).sealed()
    path = published / "data/bulletins/2022-02.yaml"
    path.write_text(yaml.safe_dump(forged.model_dump(mode="json", exclude_none=True), allow_unicode=True), encoding="utf-8")
    assert data_errors(mini_settings(published)) == [
        "data/bulletins/2022-03.yaml chain.previous_checksum: 上一期通报 2022-02（data/bulletins/2022-02.yaml）的指纹与本期发布时记录的"
        "不符：2022-02 在本期发布后被改写过。请从版本库恢复 / the fingerprint of the previous bulletin 2022-02 "
        "(data/bulletins/2022-02.yaml) differs from the one recorded at publication: it was rewritten afterwards; restore it"]


def test_republishing_a_month_records_what_it_replaces_and_relinks_the_later_ones(published: Path) -> None:
    old_feb, old_mar = snapshot(published, "2022-02"), snapshot(published, "2022-03")
    result = publish(published, "2022-02", "2022-03-06", "--force")
    assert result.returncode == 0, result.stderr
    assert "已重新链接 / relinked: data/bulletins/2022-03.yaml（内容不变，指纹已变" in result.stdout
    feb, mar = snapshot(published, "2022-02"), snapshot(published, "2022-03")
    assert feb.chain is not None and feb.chain.replaces == old_feb.checksum
    assert mar.chain is not None and mar.chain.previous_checksum == feb.checksum and mar.checksum != old_mar.checksum
    assert mar.rows == old_mar.rows and mar.published == old_mar.published  # what March published stands
    assert sorted(load_dataset(mini_settings(published)).snapshots) == [Month(2022, 2), Month(2022, 3)]  # the chain holds


# ---------------------------------------------------------------- publishing as a transaction


def test_two_concurrent_publishes_of_one_month_leave_one_snapshot(mini_project: Path) -> None:
    args = [*DUBAN, "publish", "2022-02", "--date", "2022-03-05", "--yes"]
    procs = [subprocess.Popen(args, cwd=mini_project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603
             for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    done = [out for out, _ in results if "已发布 2022-02" in out]
    refused = [err for _, err in results if err.startswith("未发布 / not published")]
    assert len(done) == 1 and len(refused) == 1, results
    assert "Traceback" not in refused[0]
    assert ("另一个 duban 正在发布或生成网站，请稍后再试" in refused[0] or "已发布，不能重复发布" in refused[0]
            or "刚被另一个 duban publish 写入" in refused[0])
    snap = snapshot(mini_project, "2022-02")
    assert snap.checksum == snap.digest()
    assert sorted(p.name for p in (mini_project / "data/bulletins").iterdir()) == ["2022-02.yaml"]


def test_a_publish_is_refused_while_a_build_holds_the_lock(mini_project: Path) -> None:
    from generator.adapters.store import project_lock

    with project_lock(mini_project, exclusive=False):  # a build in progress
        result = run_process(mini_project, "publish", "2022-02", "--date", "2022-03-05", "--yes")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "未发布 / not published:\n另一个 duban 正在发布或生成网站，请稍后再试 / another duban publish or build is running" \
        in result.stderr
    assert not (mini_project / "data/bulletins").exists()


def test_a_full_disk_during_publish_leaves_nothing_behind(mini_project: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    bulletins = mini_project / "data/bulletins"
    with tmpfs(bulletins, "16k") as mounted:
        if mounted:
            fill(bulletins / ".filler")
            result = run_process(mini_project, "publish", "2022-02", "--date", "2022-03-05", "--yes")
            (bulletins / ".filler").unlink()
        else:  # no mount allowed here: the write fails as a full disk makes it fail
            def full(fd: int) -> None:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            monkeypatch.setattr(os, "fsync", full)
            result = duban("-f", str(mini_project / "mkdocs.yml"), "publish", "2022-02", "--date", "2022-03-05", "--yes")
            monkeypatch.undo()
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "未发布 / not published: 磁盘空间已满" in result.stderr and "没有写入任何文件" in result.stderr
        assert list(bulletins.iterdir()) == []  # no truncated snapshot, no temporary file
        assert publish(mini_project, "2022-02", "2022-03-05").returncode == 0  # and the next publish simply works
    assert build_site(mini_project / "mkdocs.yml", tmp_path / "site").returncode == 0


# ---------------------------------------------------------------- builds on odd file systems


def test_a_site_folder_that_is_a_file_is_refused(mini_project: Path, tmp_path: Path) -> None:
    (tmp_path / "site").write_text("not a folder", encoding="utf-8")
    result = run_process(mini_project, "build", "-d", str(tmp_path / "site"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"输出路径 {tmp_path / 'site'} 是一个文件，不是文件夹：请换一个输出文件夹，或先移走该文件" in result.stderr


def test_a_read_only_parent_is_named(mini_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    www = tmp_path / "www"
    with tmpfs(www, "1m") as mounted:
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(www)], check=True)  # noqa: S607
            result = run_process(mini_project, "build", "-d", str(www / "site"))
        else:  # no mount allowed here: the folder says it cannot be written, as a read-only one does
            monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != www)
            result = duban("-f", str(mini_project / "mkdocs.yml"), "build", "-d", str(www / "site"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "构建失败，原网站未改动 / build failed, the published site is untouched\n" in result.stderr
    assert f"文件系统是只读的：{www / 'site'}" in result.stderr or f"没有写入权限：{www}" in result.stderr


def test_a_full_disk_during_a_build_leaves_the_old_site_intact(mini_project: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    www = tmp_path / "www"
    with tmpfs(www, "12m") as mounted:
        site = www / "site"
        assert build_site(mini_project / "mkdocs.yml", site).returncode == 0
        before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
        if mounted:
            fill(www / "filler", leave=256 * 1024)  # room for a quarter MB, not for a site
            result = run_process(mini_project, "build", "-d", str(site))
            (www / "filler").unlink()
        else:  # no mount allowed here: writing a page fails as on a full disk
            import mkdocs.utils

            def full(content: bytes, path: str) -> None:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
            monkeypatch.setattr(mkdocs.utils, "write_file", full)
            result = build_site(mini_project / "mkdocs.yml", site)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "构建失败，原网站未改动 / build failed, the published site is untouched\n磁盘空间已满：" in result.stderr
        assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
        assert sorted(p.name for p in www.iterdir()) == [".site.lock", "site"]  # no temporary folder left


def _made_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file()}


def _processes(project: Path, count: int) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      sample: true\n", f"      sample: true\n      processes: {count}\n"), encoding="utf-8")


def _calendar_writers(monkeypatch: pytest.MonkeyPatch, pids: Path) -> Callable[[], set[int]]:
    """Note which processes write the calendars (in ``pids``: a child's memory is its own); the
    returned function reads and forgets them."""
    from mkdocs.structure.files import File

    from generator.adapters.writer import MadeOnWrite

    real = File.copy_file

    def noted(self: File, dirty: bool = False) -> None:
        if isinstance(self, MadeOnWrite) and self.src_uri.endswith(".ics"):
            with pids.open("a") as fh:
                fh.write(f"{os.getpid()}\n")
        real(self, dirty)

    def read() -> set[int]:
        found = {int(line) for line in pids.read_text().split()}
        pids.unlink()
        return found

    monkeypatch.setattr(File, "copy_file", noted)
    return read


def test_the_second_process_writes_the_same_site_as_one(mini_project: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    writers = _calendar_writers(monkeypatch, tmp_path / "pids")
    assert build_site(mini_project / "mkdocs.yml", tmp_path / "two").returncode == 0
    two = writers()
    assert len(two) == 1 and os.getpid() not in two  # every calendar written by one other process
    _processes(mini_project, 1)
    assert build_site(mini_project / "mkdocs.yml", tmp_path / "one").returncode == 0
    assert writers() == {os.getpid()}
    one, both = _made_files(tmp_path / "one"), _made_files(tmp_path / "two")
    assert sum(name.endswith(".ics") for name in one) >= 3 and one.keys() == both.keys()
    assert [name for name in one if one[name] != both[name]] == []


def test_a_failure_in_the_second_process_fails_the_build(mini_project: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.structure.files import File

    site = tmp_path / "site"
    assert build_site(mini_project / "mkdocs.yml", site).returncode == 0
    before = _made_files(site)
    real = File.copy_file
    parent = os.getpid()

    def full(self: File, dirty: bool = False) -> None:
        if os.getpid() != parent and self.src_uri.endswith(".ics"):  # only in the child
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.abs_dest_path)
        real(self, dirty)

    monkeypatch.setattr(File, "copy_file", full)
    result = build_site(mini_project / "mkdocs.yml", site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "构建失败，原网站未改动 / build failed, the published site is untouched\n磁盘空间已满：" in result.stderr
    assert ".ics" in result.stderr  # the file it could not write
    assert _made_files(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "mini", "site"]  # no temporary folder left


def test_a_second_process_that_dies_fails_the_build(mini_project: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.structure.files import File

    real = File.copy_file
    parent = os.getpid()

    def killed(self: File, dirty: bool = False) -> None:
        if os.getpid() != parent and self.src_uri.endswith(".ics"):
            os._exit(9)  # as the kernel's out-of-memory killer would end it: without a word
        real(self, dirty)

    monkeypatch.setattr(File, "copy_file", killed)
    result = build_site(mini_project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "写出数据文件的子进程意外退出，网站未发布" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_build_into_a_mount_point_exchanges_the_sites_entries(mini_project: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    with tmpfs(site, "64m") as mounted:
        if not mounted:  # no mount allowed here: the folder reports itself as a mount point
            real = os.path.ismount
            monkeypatch.setattr(os.path, "ismount", lambda p: Path(p) == site or real(p))
        first = build_site(mini_project / "mkdocs.yml", site)
        assert first.returncode == 0, first.stderr
        assert os.path.ismount(site) and (site / "index.html").is_file()
        (mini_project / "content/about.md").write_text("# 关于\n\n第二版。\n", encoding="utf-8")
        # A web server keeps a file of the old site open: it is still readable after the exchange.
        with (site / "about/index.html").open(encoding="utf-8") as held:
            second = build_site(mini_project / "mkdocs.yml", site)
            assert "第二版" not in held.read()
        assert second.returncode == 0, second.stderr
        assert os.path.ismount(site)
        assert "第二版" in page(site, "about")
        assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == [".duban-site", ".duban.lock"]


def test_a_truncated_snapshot_is_named_once(published: Path) -> None:
    # What a full disk left behind before publishing was a transaction: the first 8,192 bytes.
    path = published / "data/bulletins/2022-02.yaml"
    text = path.read_text(encoding="utf-8")
    cut = text[:2000].rsplit("\n", 3)[0] + "\n  percent_of_target: [1"
    path.write_text(cut, encoding="utf-8")
    errors = data_errors(mini_settings(published))
    assert len(errors) == 1 and errors[0].startswith("data/bulletins/2022-02.yaml:")  # the file itself, not "missing"


def test_a_bind_mounted_site_folder_is_filled_in_place(mini_project: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # A bind mount looks like any folder (same device: os.path.ismount says no), yet renaming it
    # fails with EBUSY: the new site is copied onto it and its entries exchanged.
    from generator.adapters import store

    site, source = tmp_path / "site", tmp_path / "volume"
    site.mkdir()
    source.mkdir()
    bound = not os.environ.get("DUBAN_TEST_NO_MOUNT") and subprocess.run(
        ["mount", "--bind", str(source), str(site)], capture_output=True).returncode == 0  # noqa: S607
    try:
        if not bound:  # no mount allowed here: renaming the folder fails as it does on a bind mount
            real_replace, real_exchange = os.replace, store.exchange

            def busy(src: object, dst: object) -> None:
                if Path(str(src)) == site:
                    raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(src))
                real_replace(src, dst)  # type: ignore[arg-type]
            monkeypatch.setattr(store, "exchange", lambda a, b: False if Path(b) == site else real_exchange(a, b))
            monkeypatch.setattr(os, "replace", busy)
        assert build_site(mini_project / "mkdocs.yml", site).returncode == 0
        (mini_project / "content/about.md").write_text("# 关于\n\n第二版。\n", encoding="utf-8")
        result = build_site(mini_project / "mkdocs.yml", site)
        assert result.returncode == 0, result.stderr
        assert "第二版" in page(site, "about")
        assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "mini", "site", "volume"]
        assert not [p for p in site.iterdir() if p.name.startswith((".duban-building-", ".duban-old-"))]
    finally:
        if bound:
            subprocess.run(["umount", "-l", str(site)], check=False)  # noqa: S607


def test_a_damaged_snapshot_can_be_republished_as_its_message_says(published: Path) -> None:
    path = published / "data/bulletins/2022-02.yaml"
    path.write_text(path.read_text(encoding="utf-8")[:600], encoding="utf-8")  # cut in the middle of a row
    assert "或用 duban publish --force 重新发布" in data_errors(mini_settings(published))[0]
    result = publish(published, "2022-02", "2022-03-05", "--force")
    assert result.returncode == 0, result.stderr
    feb, mar = snapshot(published, "2022-02"), snapshot(published, "2022-03")
    assert feb.chain is not None and feb.chain.replaces is None  # a damaged file has no fingerprint to name
    assert mar.chain is not None and mar.chain.previous_checksum == feb.checksum
    assert sorted(load_dataset(mini_settings(published)).snapshots) == [Month(2022, 2), Month(2022, 3)]


def test_the_second_process_is_not_started_beyond_the_memory_budget(mini_project: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.adapters import writer
    from generator.adapters.writer import Writer

    budget = Writer([], 1024, base_mib=100)  # a build that started at 100 MiB, with the default budget
    assert budget.fits(500) and budget.fits(562) and not budget.fits(563) and not budget.fits(900)

    writers = _calendar_writers(monkeypatch, tmp_path / "pids")
    monkeypatch.setattr(writer, "rss_mib", lambda: 2000.0)  # when the files are written: over any start + growth in 1,024
    result = build_site(mini_project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0
    assert writers() == {os.getpid()}
    assert ("提示 / NOTE: 构建已用内存 2000 MiB，再开一个进程写出数据文件会超出 memory_budget（1024 MiB），已改由本进程写出（较慢）"
            in result.stderr)
