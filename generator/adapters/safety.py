"""What the plugin does so that nothing from an editor's file runs in a reader's browser.

Kept apart from the plugin's events, one function per job:

* :func:`page_meta`: every page's metadata, escaped at this one place (MkDocs and Material
  print ``page.title`` and ``page.meta`` into the page shell without escaping);
* :func:`file_problems`: no editor's file lands on a path the theme or Duban writes, and no
  hand-written page takes the address of a generated one;
* :func:`content_security_policy`: the policy every page carries (and the web server sends),
  with hashes of the theme's few inline scripts.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..data.editors import PageMeta
from ..errors import DataError
from ..render.pages import WECHAT_CSP

__all__ = ["CSP_SCOPE", "content_security_policy", "file_problems", "inline_script_hashes", "page_meta", "unlisted_scripts",
           "wechat_policy"]

CSP_SCOPE = "/"
"""Material's storage scope (``extra.scope``): fixed, so that its inline script is the same text
on every page and one hash in the policy covers it (by default it holds the page's depth)."""
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_INLINE = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, Mapping):
        return {k: _escaped(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_escaped(v) for v in value]
    return value


def page_meta(title: str | None, description: str | None, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A page's ``page.meta``, every text escaped. Meta is set on the page object, never written
    as YAML front matter that a value could break out of."""
    meta: dict[str, Any] = {}
    if title is not None:
        meta["title"] = title
    if description is not None:
        meta["description"] = description
    meta.update(extra or {})
    return _escaped(meta)


def editor_meta(meta: PageMeta) -> dict[str, Any]:
    """``page.meta`` of an ordinary hand-written page: only the keys the core validated."""
    extra: dict[str, Any] = {}
    if meta.hide:
        extra["hide"] = [h.value for h in meta.hide]
    if meta.search is not None:
        extra["search"] = meta.search.model_dump(exclude_none=True)
    return page_meta(meta.title, meta.description, extra)


def rendered_title(title: str) -> str:
    """The title MkDocs took from a page's first heading (HTML text, tags stripped), escaped once."""
    return html.escape(html.unescape(title))


# ---------------------------------------------------------------- files


def _in_theme(config: MkDocsConfig, src_uri: str) -> bool:
    """Whether a theme folder has a file at ``src_uri`` (asked per editor's file: Material's folder
    holds some 14,500 files, and walking it took 0.14 s of every build)."""
    for folder in config.theme.dirs:
        path = os.path.join(folder, *src_uri.split("/"))
        if os.path.lexists(path) and not os.path.isdir(path):
            return True
    return False


def file_problems(files: Files, generated: Iterable[File], config: MkDocsConfig, root: Path) -> list[DataError]:
    """Editors' files that would replace a theme file or take a generated page's address."""
    docs = Path(config.docs_dir).resolve()
    taken = {f.dest_uri: f.src_uri for f in generated}
    problems = []
    for f in files:
        if f.generated_by is not None or f.abs_src_path is None or docs not in Path(f.abs_src_path).resolve().parents:
            continue
        name = Path(os.path.relpath(f.abs_src_path, root)).as_posix()
        if f.dest_uri in taken:
            url = f.dest_uri.removesuffix("index.html")
            problems.append(DataError(name, None, (),
                                      f"网址 /{url} 已是自动生成的页面（{taken[f.dest_uri]}），请改名或删除此文件",
                                      f"the address /{url} belongs to a generated page; rename or remove this file"))
        elif not f.is_documentation_page() and _in_theme(config, f.src_uri):
            problems.append(DataError(name, None, (), f"会替换网站主题自带的文件 {f.src_uri}，请改名",
                                      f"would replace the theme's own file {f.src_uri}; rename it"))
    return problems


# ---------------------------------------------------------------- Content-Security-Policy


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_script_hashes(config: MkDocsConfig) -> list[str]:
    """Hashes of the inline scripts Material's partials put into pages, rendered from the theme's
    own templates (never from built pages, which may carry what an attacker wrote)."""
    env = config.theme.get_env()
    features = config.theme.get("features", [])
    out: set[str] = set()
    # Material keeps every inline script of its pages in these partials (storage helpers, palette,
    # announcement, tabs, consent); scripts a page does not use cost nothing in the policy.
    for name in _partials(env, "partials/javascripts"):
        text = env.get_template(name).render(config=config, base_url=CSP_SCOPE, features=features)
        out.update(_sha256(script) for script in _SCRIPT.findall(text))
    return sorted(out)


def _partials(env: Environment, folder: str) -> list[str]:
    """The templates in ``folder`` of the theme (and its overrides): walking only that folder,
    not all of Material's 14,500 files (most of them icons) as ``list_templates`` does."""
    loader = env.loader
    if not isinstance(loader, FileSystemLoader):
        return [n for n in env.list_templates() if n.startswith(folder + "/")]
    names: set[str] = set()
    for root in loader.searchpath:
        base = Path(root) / folder
        names.update(f"{folder}/{p.relative_to(base).as_posix()}" for p in base.rglob("*") if p.is_file())
    return sorted(names)


def unlisted_scripts(page_html: str, hashes: Iterable[str]) -> int:
    """How many inline scripts of a built page the policy does not allow (a theme override that
    adds one, a new Material version): browsers would refuse them, so the build says so."""
    allowed = set(hashes)
    return sum(1 for attrs, body in _INLINE.findall(page_html)
               if "src=" not in attrs and "application/json" not in attrs and _sha256(body) not in allowed)


def _image_sources(hosts: Iterable[str]) -> str:
    return " ".join(["'self'", "data:", *(f"https://{h}" for h in hosts)])


def content_security_policy(config: MkDocsConfig, image_hosts: Iterable[str], header: bool = False,
                            hashes: Iterable[str] | None = None) -> str:
    """The policy of every page: script only from the site and the theme's hashed inline scripts,
    no other origin for anything (but images from ``image_hosts``), no plugins, no base change.

    ``header`` adds what a ``<meta>`` policy cannot carry (``frame-ancestors``); ``hashes`` are
    :func:`inline_script_hashes` when the caller has them already."""
    parts = [
        "default-src 'none'",
        "script-src 'self' " + " ".join(inline_script_hashes(config) if hashes is None else hashes),
        "style-src 'self'",
        f"img-src {_image_sources(image_hosts)}",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
    if header:
        parts.append("frame-ancestors 'self'")
    return "; ".join(parts)


def wechat_policy(header: bool = False) -> str:
    """The WeChat version of a bulletin is meant to be copied with its inline styles: no script at all."""
    return WECHAT_CSP + ("; frame-ancestors 'self'" if header else "")
