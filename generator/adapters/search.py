"""Duban's pages in Material's search index: what citizens search, segmented, written as UTF-8.

Material's search plugin stays the search: its browser side, its configuration (``lang: zh``,
separator, fields) and its Chinese segmentation with jieba. Duban changes four things:

* generated pages are not parsed back out of their HTML; each gets one entry with the text
  the core chose for it (:attr:`PageSpec.search`), segmented by Material's own function;
* the index is rewritten as UTF-8 JSON instead of ``\\uXXXX`` escapes (a Chinese character
  is 3 bytes instead of 6, and U+200B, which Material puts between words, too);
* ``theme/assets/duban-search.js`` holds the index request back until a reader uses search;
* the entries are segmented once every page is built (:func:`segment_entries`), Material's
  included, so that jieba's dictionary (half a million words: 55 MiB, about 80 while it
  loads) is loaded only after the build has let go of its dataset, not under its peak; and
  each run of Chinese characters is cut once, the cuts kept between builds, so that a build
  whose text jieba has cut before does not load the dictionary at all (:class:`_Cuts`).
"""

from __future__ import annotations

import array
import contextlib
import functools
import hashlib
import html
import io
import itertools
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backrefs import bre  # type: ignore[import-untyped]  # Material's own dependency
from jinja2 import BytecodeCache, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from ..data.yamlio import decode_text, read_bytes
from ..errors import DataErrors
from ..render.pages import PageSpec

log = logging.getLogger("mkdocs.plugins.duban")

__all__ = ["add_entry", "add_words", "defer_segmentation", "import_jieba", "index_as_utf8", "material_search",
           "read_search_terms", "segment_entries", "skip_unindexed", "template_cache"]

def material_search(config: MkDocsConfig) -> Any | None:
    """Material's search plugin, if it is enabled in ``mkdocs.yml``."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    enabled = plugin is not None and getattr(getattr(plugin, "config", None), "enabled", True)
    return plugin if enabled and hasattr(plugin, "search_index") else None


_HAN = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)  # Material's expression
_CUTS: dict[str, str] = {}
"""Each run of Chinese characters as segmented (reset whenever jieba's dictionary changes)."""


def _segment(text: str, used: dict[str, str] | None = None) -> str:
    """Material's own segmentation (``SearchIndex._segment_chinese``: jieba on each run of Chinese
    characters, the words joined by U+200B), so that our entries and the ones it makes for
    hand-written pages are cut alike and the browser finds both. Each run is cut once per
    build: unit, district and item names recur on thousands of pages (at 1,000 projects
    46,712 runs, 5,393 distinct; 0.95 s of jieba becomes 0.19 s). ``used`` collects this
    build's runs with their cuts."""
    from material.plugins.search import plugin as material  # type: ignore[import-untyped]

    if not material.jieba:
        return text

    def cut(match: Any) -> str:
        run = match.group(0)
        done = _CUTS.get(run)
        if done is None:
            _Cuts.ready()
            done = _CUTS[run] = "\u200b" + "\u200b".join(material.jieba.cut(run.encode("utf-8"))) + "\u200b"
        if used is not None:
            used[run] = done
        return done

    return _HAN.sub(cut, text).strip("\u200b")


class _Cuts:
    """The cuts of the runs of Chinese characters, kept between builds.

    jieba's cut of a run depends only on jieba's version, its dictionary, the project's search
    terms and the words Duban adds (district names). Builds with all four the same — every
    rebuild of a site whose text changed a little — find the cuts of the last build in a file
    named by a hash of the four, beside jieba's own cache, and load jieba's dictionary (0.2–0.3 s,
    55 MiB) only when a run is new. The file is used only if this user owns it, and only if every
    cut in it is its run with U+200B between characters (nothing else can reach the index from
    it). Not with Material's own ``jieba_dict`` or ``jieba_dict_user`` options: Material loads
    those itself, and the cuts are made afresh in every build, as before."""

    key: str | None = None
    """The dictionary :data:`_CUTS` belongs to (``None``: not kept)."""
    taught: str | None = None
    """The key jieba's dictionary was taught for in this process."""
    pending: Callable[[], bool] | None = None
    """What teaches jieba for :attr:`key`, run before the first cut that is not in :data:`_CUTS`."""

    @classmethod
    def open(cls, plugin: Any, terms: str | None, words: list[str]) -> str | None:
        """Make :data:`_CUTS` hold the cuts for this dictionary, terms and words; the key, or ``None``
        when the cuts are not kept."""
        jieba = import_jieba()
        key = _cuts_key(jieba, plugin, terms, words)
        if key is None or key != cls.key:
            if key is not None and cls.taught not in (None, key):  # taught other words: start from jieba's own
                jieba.dt.initialized = False
                cls.taught = None
            _CUTS.clear()
            if key is not None:
                _CUTS.update(_read_cuts(_cuts_path(key)))
            cls.key = key

            def teach() -> bool:
                done = _teach_jieba(terms, words)
                cls.taught = key or "material"  # (Material's own dictionary options: never reset)
                return done

            cls.pending = teach
        return key

    @classmethod
    def ready(cls) -> None:
        """Teach jieba, if a cut is to be made and it has not been taught yet."""
        teach, cls.pending = cls.pending, None
        if teach is not None:
            teach()


def _cuts_key(jieba: Any, plugin: Any, terms: str | None, words: list[str]) -> str | None:
    options = getattr(plugin, "config", None)
    if getattr(options, "jieba_dict", None) or getattr(options, "jieba_dict_user", None):
        return None
    try:
        stat = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME).stat()
    except OSError:
        return None
    if jieba.dt.dictionary != jieba.DEFAULT_DICT:
        return None
    what = [f"duban-cuts 1 jieba {jieba.__version__} {stat.st_size} {int(stat.st_mtime)}", terms or "",
            *sorted(set(words))]
    return hashlib.sha256("\n\0".join(what).encode("utf-8")).hexdigest()[:32]


def _cuts_path(key: str) -> Path:
    return Path(tempfile.gettempdir()) / f"duban-jieba-cuts-{os.getuid()}-{key}.json"


def _read_cuts(path: Path) -> dict[str, str]:
    """The cuts in ``path`` if this user owns it and every cut is its run cut, else none."""
    try:
        if not path.is_file() or path.stat().st_uid != os.getuid():
            return {}
        cuts = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(cuts, dict):
        return {}
    for run, done in cuts.items():
        if not (isinstance(run, str) and isinstance(done, str) and run and done.replace("\u200b", "") == run
                and done.startswith("\u200b") and done.endswith("\u200b")):
            return {}
    return cuts


def add_entry(plugin: Any, page: Page, spec: PageSpec) -> None:
    """Index ``page`` by its spec's search text (one entry, segmented by :func:`segment_entries`);
    Material skips the page itself."""
    search = spec.meta.get("search") or {}
    page.meta["search"] = {**search, "exclude": True}
    if search.get("exclude"):
        return
    text = " ".join(t for t in (spec.description, spec.search) if t)
    # Material escapes page text before indexing it, and its results insert it as HTML: so do we.
    entry: dict[str, Any] = {"location": page.url, "title": html.escape(spec.title, quote=False),
                             "text": html.escape(text, quote=False)}
    if "boost" in search:
        entry["boost"] = search["boost"]
    plugin.search_index.entries.append(entry)


def skip_unindexed(config: MkDocsConfig, plugin: Any, generated: Callable[[Page], bool]) -> None:
    """Run Material's search ``on_page_context`` only for pages it indexes or that are not generated.

    For every page it strips ``data-search-*`` attributes with a regular expression over the whole
    body (0.6 ms a page of the sample, a tenth of page building), then parses pages not excluded
    from search. A generated page is excluded (its entry is :func:`add_entry`'s) and has no such
    attribute (every value in it escaped, ``"`` included), so neither changes anything there.
    MkDocs keeps each plugin's event methods in its list of the event's handlers: Material's
    entry there is wrapped, once per configuration."""
    handlers = config.plugins.events["page_context"]
    for i, method in enumerate(handlers):
        if getattr(method, "__self__", None) is plugin and not hasattr(method, "duban_skips"):
            def on_page_context(context: Any, *, page: Page, config: MkDocsConfig, nav: Any,
                                material: Callable[..., Any] = method) -> Any:
                if generated(page) and (page.meta.get("search") or {}).get("exclude"):
                    return context
                return material(context, page=page, config=config, nav=nav)

            on_page_context.duban_skips = True  # type: ignore[attr-defined]
            handlers[i] = on_page_context


def defer_segmentation(plugin: Any) -> None:
    """Have Material keep its entries' text as it is until :func:`segment_entries` (an attribute of
    this build's index, which Material makes anew in each ``on_config``)."""
    plugin.search_index._segment_chinese = _as_it_is


def _as_it_is(text: str) -> str:
    return text


def segment_entries(plugin: Any, terms: str | None, words: list[str], eager: bool = False) -> None:
    """Segment the title and text of every entry of this build, as Material would have as each page
    was indexed (``SearchIndex.create_entry_for_section``), with jieba's dictionary, the project's
    search terms and ``words`` (district names); runs cut by an earlier build with the same
    dictionary, terms and words are taken from :class:`_Cuts`, and the dictionary is loaded only
    for a new run (``eager``: now, so that ``duban serve``'s first edit does not wait for it).
    Entries merged from a previous build by ``serve --dirty`` are not in this list: they were
    segmented then."""
    if import_jieba() is None:  # search still works, with coarser Chinese segmentation
        log.warning("duban: jieba is not installed; Chinese search segmentation is off")
        return
    key = _Cuts.open(plugin, terms, words)
    if eager or key is None:
        _Cuts.ready()
    known, used = len(_CUTS), dict[str, str]()
    for entry in plugin.search_index.entries:
        entry["title"] = _segment(entry["title"], used)
        entry["text"] = _segment(entry["text"], used)
    if key is not None and (len(_CUTS) > known or not _cuts_path(key).is_file()):
        with contextlib.suppress(OSError):  # a read-only temp folder: the next build cuts again
            _write_atomic(_cuts_path(key), json.dumps(used, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def index_as_utf8(plugin: Any) -> None:
    """Have Material write its index as UTF-8 JSON: the same document, about half the bytes."""
    index = plugin.search_index
    original = index.generate_search_index

    def generate(prev: Any) -> str:
        if prev is not None:  # Material's incremental `serve --dirty` merge: keep its logic
            return json.dumps(json.loads(original(prev)), ensure_ascii=False, separators=(",", ":"))
        config = {key: index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
        return json.dumps({"config": config, "docs": index.entries}, ensure_ascii=False, separators=(",", ":"),
                          default=str)

    index.generate_search_index = generate


def read_search_terms(path: Path, root: Path) -> str | None:
    """The project's domain words (``data/search-terms.txt``, read with the data rules: a link or a
    pipe there is an error, never followed or waited on), or ``None`` without the file."""
    if not (path.exists() or path.is_symlink()):
        return None
    try:
        name = Path(os.path.relpath(path, root)).as_posix()
        return decode_text(read_bytes(path, name), name)
    except DataErrors as exc:
        raise PluginError(exc.report()) from None


def import_jieba() -> Any:
    """jieba, imported without ``pkg_resources`` (``None`` if it is not installed).

    jieba 0.42 imports ``pkg_resources`` only to find its own data files, and falls back to
    opening them beside its modules when that import fails. ``pkg_resources`` scans every
    installed distribution when imported: 0.17 s of each build. It is hidden while jieba imports
    (if nothing imported it before), so jieba takes its fallback; nothing else changes. Material's
    search plugin imports jieba too, so ``duban`` calls this before MkDocs loads its plugins."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # `import` then raises ImportError
    try:
        import jieba  # type: ignore[import-untyped]
    except ImportError:
        jieba = None
    finally:
        if hidden:
            del sys.modules["pkg_resources"]
    if jieba is None and hidden:  # a jieba that needs pkg_resources after all
        with contextlib.suppress(ImportError):
            import jieba
    return jieba


def _prepare_jieba(terms: str | None, words: list[str]) -> bool:
    """:func:`_teach_jieba`, and forget the cuts made before."""
    done = _teach_jieba(terms, words)
    _CUTS.clear()
    _Cuts.key = None
    return done


def _teach_jieba(terms: str | None, words: list[str]) -> bool:
    """Load jieba's dictionary (quickly, :func:`_load_dictionary`) and teach it ``terms`` (a jieba
    user dictionary) and ``words``; ``False`` if jieba is not installed."""
    jieba = import_jieba()
    if jieba is None:
        return False
    jieba.setLogLevel(logging.WARNING)
    _load_dictionary(jieba)
    if terms is not None:
        jieba.load_userdict(io.BytesIO(terms.encode("utf-8")))
    for word in sorted(set(words)):
        jieba.add_word(word)
    return True


def _load_dictionary(jieba: Any) -> None:
    """jieba's default dictionary from a plain-data copy: 0.2 s instead of 0.9 s for jieba's own
    cache (a marshal of half a million words). The copy is written beside jieba's own cache on
    first use, keyed by the dictionary file, and used only if this user owns it; it holds words
    and numbers only, never code."""
    tokenizer = jieba.dt
    if tokenizer.initialized or tokenizer.dictionary != jieba.DEFAULT_DICT:
        return
    source = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    try:
        stat = source.stat()
    except OSError:
        return
    folder = Path(tempfile.gettempdir())
    cache = folder / f"duban-jieba-{os.getuid()}-{stat.st_size}-{int(stat.st_mtime)}"
    try:
        if cache.is_file() and cache.stat().st_uid == os.getuid():
            lines = cache.read_text(encoding="utf-8").split("\n")  # a header, then the words
            counts = array.array("q")
            counts.frombytes(cache.with_suffix(".counts").read_bytes())
            if lines[0].startswith("duban-jieba 1 ") and len(lines) == len(counts) + 1:
                words = itertools.islice(lines, 1, None)
                tokenizer.FREQ, tokenizer.total = dict(zip(words, counts, strict=True)), int(lines[0].split()[2])
                tokenizer.initialized = True
                return
    except (OSError, ValueError, UnicodeDecodeError):
        pass
    tokenizer.initialize()
    try:
        _write_atomic(cache.with_suffix(".counts"), array.array("q", tokenizer.FREQ.values()).tobytes())
        _write_atomic(cache, f"duban-jieba 1 {tokenizer.total}\n".encode() + "\n".join(tokenizer.FREQ).encode("utf-8"))
    except OSError:  # a read-only temp folder: jieba's own cache still works
        pass


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def add_words(words: list[str]) -> None:
    """Make jieba keep these words whole (district names: 中山区, not 中 + 山区)."""
    jieba = import_jieba()
    if jieba is None:
        return
    for word in sorted(set(words)):
        jieba.add_word(word)
    _CUTS.clear()


@functools.cache
def template_cache() -> BytecodeCache:
    """Jinja's file cache of compiled templates (a per-user folder in the temp directory, which
    Jinja creates private and checks): the theme's 50-odd templates are compiled once, not per build."""
    return FileSystemBytecodeCache()
