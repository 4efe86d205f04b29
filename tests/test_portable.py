"""Runs where offices work: export-sheet, import-sheet, check and build with no Linux-only call.

The commands run in a process where ``fcntl`` cannot be imported and ``renameat2`` does not
exist, as on Windows: locks fall back (``adapters/portable.py``), the site is swapped in with two
renames (``store.swap``), and everything still works. A subprocess, because the process's
modules are what is under test.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import sys
sys.modules["fcntl"] = None          # import fcntl raises ImportError, as on Windows
import ctypes
def no_libc(*args, **kwargs):        # as on Windows: there is no libc.so.6, so no renameat2
    raise OSError("no libc")
ctypes.CDLL = no_libc
from generator.adapters.cli import main
config, out = sys.argv[1], sys.argv[2]
for args in (["export-sheet", "gas-office", "-o", out + "/gas.xlsx"], ["import-sheet", out + "/gas.xlsx"], ["check"],
             ["build", "-d", out + "/site"], ["build", "-d", out + "/site"]):
    code = main(["-f", config, *args])
    assert code == 0, (args, code)
import fcntl
"""


def test_commands_without_linux_only_calls(mini_project: Path, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(mini_project / "mkdocs.yml"), str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    # the last line proves fcntl really was unavailable to the commands above
    assert result.stderr.strip().endswith("ModuleNotFoundError: import of fcntl halted; None in sys.modules"), result.stderr
    assert "与现有数据相同，没有改动" in result.stdout
    assert result.stdout.count("已生成") == 2  # built, then rebuilt over the first site (the two-rename swap)
    assert (tmp_path / "site" / "projects" / "gas" / "index.html").is_file()
