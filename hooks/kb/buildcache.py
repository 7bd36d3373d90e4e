"""What the incremental preview (``mkdocs serve --dirty``) keeps from one build to the next.

Framework-free: plain data in, plain data out. hooks/incremental.py is the
MkDocs glue. Everything here is keyed by content, so nothing can go stale:

* :class:`Store` keeps, per output file, the key of what was last written
  there (:func:`digest` of everything the page's template reads), and per
  page the converted Markdown (HTML, table of contents, anchors) under the
  key of what the conversion read: the Markdown text, the page's address,
  the Markdown settings and the answer to every link lookup it made.
* :func:`canonical` turns a template context value into plain JSON data, or
  raises :class:`Unstable` for a value it cannot describe (the page is then
  always rendered: slower, never wrong).
* :func:`stale_files` lists what a build left untouched and no file of the
  build owns any more (a deleted or renamed page, a vanished listing page);
  files a stage kept on purpose (:attr:`Store.kept`) are not among them.

The store lives for the process (module level), like MkDocs' own hook
modules under ``mkdocs serve``; the per-build state of the hooks is still
reset in their ``on_config``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
from typing import Any, Iterable


class Unstable(TypeError):
    """A value :func:`canonical` cannot describe by content."""


def canonical(value: Any, describe=None) -> Any:
    """``value`` as JSON-ready data that is equal exactly when the values are equal.

    Strings, numbers, booleans and ``None`` as they are; mappings with sorted
    string keys; lists and tuples in order, sets sorted; dates as ISO text;
    dataclasses as their fields. Any other value is passed to ``describe``
    (which returns plain data for it or raises :class:`Unstable`); without
    ``describe`` it raises :class:`Unstable`.
    """
    def again(item):
        return canonical(item, describe)

    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, dict):
        pairs = [(json.dumps(again(k), sort_keys=True), again(v)) for k, v in value.items()]
        return {"{}": [list(pair) for pair in sorted(pairs, key=lambda pair: pair[0])]}
    if isinstance(value, (list, tuple)):
        return [again(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return {"set": sorted(json.dumps(again(v), sort_keys=True) for v in value)}
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return {"date": value.isoformat()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {type(value).__name__: again(dataclasses.asdict(value))}
    if describe is not None:
        return {type(value).__name__: again(describe(value))}
    raise Unstable(f"{type(value).__module__}.{type(value).__qualname__}")


def digest(*parts: Any, describe=None) -> str:
    """A SHA-256 hex digest of ``parts``: equal exactly when their :func:`canonical` forms are.

    The common case goes through the C JSON encoder directly (dates, sets,
    dataclasses and ``describe`` for what JSON lacks); data it cannot encode
    that way (keys that are no strings, mixed key types) through :func:`canonical`.
    """
    def fallback(value):
        if isinstance(value, (dt.date, dt.datetime, dt.time)):
            return {"date": value.isoformat()}
        if isinstance(value, (set, frozenset)):
            return {"set": sorted(encode(v) for v in value)}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {type(value).__name__: {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}}
        if describe is None:
            raise Unstable(f"{type(value).__module__}.{type(value).__qualname__}")
        return {type(value).__name__: describe(value)}

    def encode(value):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                          default=fallback)

    try:
        text = "f" + encode(parts)
    except TypeError as err:
        if isinstance(err, Unstable):
            raise
        text = "c" + json.dumps([canonical(p, describe) for p in parts], ensure_ascii=False,
                                sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def tree_signature(roots: Iterable[str], suffixes: tuple[str, ...] = ()) -> list:
    """``(path, mtime_ns, size)`` of every file below ``roots`` (those ending in ``suffixes``
    if given), sorted: equal as long as no file there was added, removed or rewritten."""
    found = []
    for root in roots:
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in names:
                if suffixes and not name.endswith(suffixes):
                    continue
                path = os.path.join(folder, name)
                stat = os.stat(path)
                found.append((path, stat.st_mtime_ns, stat.st_size))
    return sorted(found)


@dataclasses.dataclass
class Converted:
    """One page's converted Markdown, and what the conversion looked up."""

    key: str  #: digest of the Markdown text, the page's address and the Markdown settings
    lookups: tuple  #: ``((path, url of the file found or None), ...)`` in lookup order
    content: str
    toc: Any  #: MkDocs' table of contents (reused as it is: nothing changes it)
    title: str | None  #: the title the conversion found (first heading)
    anchors: frozenset  #: the anchor ids the page contains
    links_to_anchors: dict | None  #: ``{target src_uri: {anchor: link}}``, or None
    records: tuple  #: the log records the conversion emitted, replayed on a reuse


@dataclasses.dataclass
class Store:
    """Keys and results that outlive a build (one per process)."""

    #: output file (absolute path) → key of the page last written there
    written: dict[str, str] = dataclasses.field(default_factory=dict)
    #: output file → :class:`Converted` of its page
    converted: dict[str, Converted] = dataclasses.field(default_factory=dict)
    #: files a stage kept from an earlier build instead of writing them again (kb.search_index's
    #: unchanged index): the sweep leaves them; emptied when an outer build starts
    kept: set[str] = dataclasses.field(default_factory=set)

    def converted_for(self, dest: str, key: str, lookup) -> Converted | None:
        """The stored conversion for ``dest`` if it was made from ``key`` and every link
        lookup it made still gives the same answer (``lookup(path)`` → URL or None)."""
        entry = self.converted.get(dest)
        if entry is None or entry.key != key:
            return None
        if any(lookup(path) != url for path, url in entry.lookups):
            return None
        return entry

    def prune(self, dests: set[str]) -> None:
        """Forget every output file not in ``dests`` (the files of the latest build)."""
        for table in (self.written, self.converted):
            for dest in [d for d in table if d not in dests]:
                del table[dest]


class RecordingFiles:
    """The build's files for one conversion, noting every path it looks up."""

    def __init__(self, files) -> None:
        """Wrap ``files``."""
        self._files = files
        self.lookups: list[tuple[str, str | None]] = []

    def get_file_from_path(self, path: str):
        """The files' own lookup, recorded with the URL it found."""
        found = self._files.get_file_from_path(path)
        self.lookups.append((path, found.url if found is not None else None))
        return found

    def __getattr__(self, name):
        """Everything else as the files themselves."""
        return getattr(self._files, name)


class _Capture(logging.Handler):
    """Collects the log records of one conversion."""

    def __init__(self) -> None:
        """No records yet."""
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep ``record``."""
        self.records.append(record)


def _url_of(files, path: str) -> str | None:
    """The URL of the file at ``path`` in ``files`` now, or None."""
    found = files.get_file_from_path(path)
    return found.url if found is not None else None


def convert(page, files, key: str, render, logger: logging.Logger, store: Store | None = None) -> bool:
    """Give ``page`` its converted Markdown: the stored conversion if it was made from
    ``key`` and its link lookups still hold, else ``render(page, files)``'s, which is stored.

    ``logger`` is where the conversion logs (MkDocs' ``mkdocs.structure.pages``): a
    reused conversion replays its records there. True if the stored one was reused.
    """
    store = STORE if store is None else store
    dest = page.file.abs_dest_path
    entry = store.converted_for(dest, key, lambda path: _url_of(files, path))
    if entry is not None:
        page.content, page.toc, page._title_from_render = entry.content, entry.toc, entry.title
        page.present_anchor_ids = set(entry.anchors)
        if entry.links_to_anchors is not None:
            page.links_to_anchors = {files.get_file_from_path(src): dict(links)
                                     for src, links in entry.links_to_anchors.items()}
        for record in entry.records:
            logger.handle(record)
        return True
    recording, capture = RecordingFiles(files), _Capture()
    logger.addHandler(capture)
    try:
        render(page, recording)
    finally:
        logger.removeHandler(capture)
    links = page.links_to_anchors
    store.converted[dest] = Converted(
        key=key, lookups=tuple(recording.lookups), content=page.content, toc=page.toc,
        title=page._title_from_render, anchors=frozenset(page.present_anchor_ids or ()),
        links_to_anchors=None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
        records=tuple(capture.records))
    return False


def stale_files(site_dir: str, since_ns: int, owned: set[str], keep: set[str] = frozenset()) -> list[str]:
    """Files below ``site_dir`` the build neither wrote (modified before ``since_ns``) nor owns.

    ``owned`` holds the output paths of the build's files (a page not
    re-rendered keeps its older file); ``keep`` paths are never listed.
    """
    stale = []
    for folder, _dirs, names in os.walk(site_dir):
        for name in names:
            path = os.path.join(folder, name)
            if path in owned or path in keep:
                continue
            if os.stat(path).st_mtime_ns < since_ns:
                stale.append(path)
    return sorted(stale)


def remove_files(paths: Iterable[str], site_dir: str) -> None:
    """Delete ``paths`` and the folders below ``site_dir`` they leave empty."""
    root = os.path.abspath(site_dir)
    for path in paths:
        os.unlink(path)
        folder = os.path.dirname(path)
        while os.path.abspath(folder) != root and folder.startswith(root) and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)


#: The marker file whose modification time tells the files a build wrote from older ones.
MARKER = ".kb-build-started"


def mark_start(site_dir: str) -> int:
    """Write :data:`MARKER` into ``site_dir`` and return its modification time (ns)."""
    os.makedirs(site_dir, exist_ok=True)
    marker = os.path.join(site_dir, MARKER)
    with open(marker, "w", encoding="utf-8"):
        pass
    return os.stat(marker).st_mtime_ns


def sweep(site_dir: str, since_ns: int, owned: set[str], kept: set[str]) -> int:
    """Delete the :func:`stale_files` of ``site_dir`` (besides ``kept``) and the marker;
    the number of files deleted."""
    marker = os.path.join(site_dir, MARKER)
    stale = stale_files(site_dir, since_ns, owned, keep={marker} | kept)
    remove_files(stale, site_dir)
    if os.path.exists(marker):
        os.unlink(marker)
    return len(stale)


#: The store of this process.
STORE = Store()
