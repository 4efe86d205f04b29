"""The edit loop under ``duban serve``: a saved change shows in under a second.

Only while serving (``duban build`` and ``duban check`` always render every page in full):

* Word and WeChat files are not made (``Settings.documents``; the bulletin page says so);
* a generated page whose body, title, description, edit link and site chrome (``mkdocs.yml``,
  the theme folder, the navigation) are what they were in the previous rebuild is not passed
  through the theme again: the previous rebuild's HTML is written as it was;
* a file made on write (feeds, calendars, embeds, share images) whose function and arguments
  compare equal to the previous rebuild's is written with the previous content, not made again
  (every such function is pure: the same arguments make the same bytes);
* MkDocs' file watcher looks for changes every 0.1 s instead of 0.5 s, and the listing of
  Material's own theme files (which do not change while serving) is made once
  (:func:`.material.quick_theme_listing`).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..render.markup import Html
from ..render.pages import PageSpec

__all__ = ["UNCHANGED", "LiveCache", "MadeCache", "fast_polling", "nav_fingerprint", "with_unchanged_template"]

UNCHANGED = "duban-unchanged.html"
"""The template of a page whose previous output is reused: it prints that output."""
POLL_SECONDS = 0.1


class LiveCache:
    """Pages of the previous rebuild, by source path: their key and their HTML."""

    def __init__(self) -> None:
        self.outputs: dict[str, tuple[str, str]] = {}
        self.pending: dict[str, tuple[Html, str]] = {}
        self.chrome = ""

    def start(self, config: MkDocsConfig) -> None:
        """A new rebuild: fingerprint what every page shows besides its own body."""
        digest = hashlib.sha256(Path(config.config_file_path).read_bytes() if config.config_file_path else b"")
        custom = config.theme.custom_dir
        if custom and Path(custom).is_dir():
            for path in sorted(Path(custom).rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
        self.chrome = digest.hexdigest()
        self.pending = {}

    def prepare(self, page: Page, spec: PageSpec, nav: str) -> None:
        """Render the body now; if the page would come out as before, mark it for reuse."""
        html = spec.html()
        head = json.dumps([spec.title, spec.description, spec.meta, page.edit_url, nav, self.chrome],
                          ensure_ascii=False, sort_keys=True, default=str)
        key = hashlib.sha256((head + "\0" + html.content).encode("utf-8")).hexdigest()
        self.pending[spec.path] = (html, key)
        if self.outputs.get(spec.path, ("", ""))[0] == key:
            page.meta["template"] = UNCHANGED

    def html(self, path: str) -> Html | None:
        """The body rendered by :meth:`prepare`, if it was."""
        entry = self.pending.get(path)
        return entry[0] if entry else None

    def previous(self, path: str) -> str | None:
        """The previous output of a page marked for reuse."""
        entry = self.pending.get(path)
        old = self.outputs.get(path)
        return old[1] if entry and old and old[0] == entry[1] else None

    def remember(self, path: str, output: str) -> None:
        """Keep a page's output for the next rebuild."""
        entry = self.pending.get(path)
        if entry is not None:
            self.outputs[path] = (entry[1], output)


class MadeCache:
    """The content of files made on write in the previous rebuild, by path, with what made it."""

    def __init__(self) -> None:
        self.previous: dict[str, tuple[object, bytes | str]] = {}
        self.current: dict[str, tuple[object, bytes | str]] = {}

    def start(self) -> None:
        """A new rebuild: what the last one made is what this one may reuse."""
        self.previous, self.current = self.current or self.previous, {}

    def wrap(self, path: str, make: Callable[[], bytes | str]) -> Callable[[], bytes | str]:
        """``make``, answered from the previous rebuild when it is the same function of equal
        arguments (a ``functools.partial``; anything else is made every time)."""
        if not isinstance(make, functools.partial):
            return make
        key = (make.func, make.args, make.keywords)

        def made() -> bytes | str:
            old = self.previous.get(path)
            content = old[1] if old is not None and old[0] == key else make()
            self.current[path] = (key, content)
            return content

        return made


def nav_fingerprint(nav: Navigation) -> str:
    """The navigation every page carries: titles and addresses of its pages."""
    return hashlib.sha256(json.dumps([(p.title, p.url) for p in nav.pages], ensure_ascii=False).encode()).hexdigest()


def with_unchanged_template(env: Environment) -> Environment:
    """Let pages marked for reuse render as their previous output."""
    env.loader = ChoiceLoader([DictLoader({UNCHANGED: "{{ duban_output }}"}), env.loader])  # type: ignore[list-item]
    return env


def fast_polling(server: Any) -> None:
    """Watch later paths (``data/``, the theme) every 0.1 s: MkDocs' watcher polls every 0.5 s."""
    observer = getattr(server, "observer", None)
    if observer is not None and hasattr(observer, "_timeout"):
        observer._timeout = POLL_SECONDS  # the emitters it creates from now on take this interval
