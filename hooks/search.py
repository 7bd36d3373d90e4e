"""Hook: search. A Pagefind index per language, made beside the build while MkDocs renders.

* ``on_pre_build`` starts an :class:`Indexer` for the language being built:
  a forked worker process (the second core; MkDocs renders on one) that
  drives Pagefind's Python API (a ``pagefind --service`` subprocess).
* ``on_page_content`` hands every article of the language to the worker as
  soon as MkDocs has converted its Markdown: its metadata (title,
  description, topic, tags, date) and body HTML, pickled into a pipe. That is
  all the build thread does per article; the worker turns it into a
  :class:`kb.search.Record` (no navigation, series box, related block or
  other chrome, because those come from the templates, not from the page's
  converted body) and indexes it. The glossary page (:data:`GLOSSARY_KEY`)
  goes in as one record per term (its ``<dt>`` get ids, the result links to
  ``glossar/#term`` and is marked "Glossar"). ``on_page_context`` gives every page
  ``kb_search`` (its language's root and the UI strings) for
  ``overrides/partials/kb/search.html``: the button and an empty box. The
  box's inside (``partials/kb/search-dialog.html``) is rendered once per
  language in ``on_post_build`` into ``search/dialog.js``, which fills the box
  before search.js starts, instead of being repeated in every page.
* MkDocs converts every page before it renders any template. Once the last
  article of the language is queued (the catalog says which there are), or
  at the latest in ``on_post_build``, the worker is told that every article
  is queued, so Pagefind finishes the index while MkDocs renders the pages'
  templates. The worker then writes the bundle to ``<site>/pagefind/`` (German) or
  ``<site>/en/pagefind/`` (English), ``search/records.jsonl`` beside it and
  the query vocabulary ``search/vocab/*.json``. A language followed by
  another one does not wait: the German worker finishes (index, compound
  splitting) while the English pages render. The last language's build waits
  for every worker.

static-i18n runs the whole build once per language, so all of this runs once
per language; ``mkdocs serve`` writes into its served directory the same way.
The worker of the language being built (``_INDEXER``) lives in this module
for one build of one language, the finishing ones (``_FINISHING``) until the
last language's build ends.
"""

from __future__ import annotations

import asyncio
import base64
import collections
import dataclasses
import hashlib
import json
import logging
import os
import pickle
import queue
import shutil
import struct
import threading
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.utils import get_relative_url

import shared
from pipeline import priority
from kb import buildcache, forked, pagefind_bundle, search as core
from kb.texts import texts
from kb.urls import lang_root

log = get_plugin_logger("kb.search")

#: Requests to Pagefind in flight at once (bounded so the pipes never fill up).
IN_FLIGHT = 32
#: Pages are written to the worker in batches of about this many bytes: each write wakes
#: the worker, and on a busy machine a woken process can take the core from the build.
BATCH_BYTES = 256 << 10
#: Largest single response read from Pagefind (the whole bundle, base64).
READ_LIMIT = 1 << 30
#: At most this much HTML goes into one Pagefind index (one service) when set; more makes
#: further shards. Pagefind peaks at about 40 bytes of memory per byte while it writes an
#: index; 24 MB keeps one ``pagefind --service`` near 1 GB (German MDN: 924-1,026 MiB).
#: Off by default (0: one index per language); ``KB_SEARCH_SHARD_BYTES`` turns it on. The 8 MB
#: first query once measured with shards was not the shards' (BENCHMARKS.md, "Memory and page size").
SHARD_HTML_BYTES = 0
#: The glossary page (its key in the catalog): each of its terms is searchable on its own.
GLOSSARY_KEY = "glossar.md"
#: Files of the Pagefind bundle the search box needs (not Pagefind's own UIs).
BUNDLE_KEEP = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
#: The search box's inside, rendered once per language (not repeated in every page).
DIALOG_TEMPLATE = "partials/kb/search-dialog.html"
#: Where that rendering goes, below the language's search folder.
DIALOG_FILE = "dialog.js"


def _service_class():
    """Pagefind's service client without its 0.1 s pause before reading each response.

    ``pagefind.service.PagefindService._wait_for_responses`` sleeps 100 ms per
    message, i.e. at most ten indexed pages a second. This subclass reads the
    same protocol (base64 JSON terminated by ``,``) without the pause.
    """
    from pagefind.service import PagefindService

    class FastService(PagefindService):
        """PagefindService reading responses as soon as they arrive."""

        async def _wait_for_responses(self) -> None:
            """Resolve each request's future from the service's stdout; fail them all if it stops."""
            try:
                await self._read_responses()
            except Exception as err:  # Pagefind exited or sent garbage: nobody may wait forever
                for future in self._responses.values():
                    if not future.done():
                        future.set_exception(PluginError(f"Pagefind stopped answering: {err!r}"))

        async def _read_responses(self) -> None:
            """Read ``,``-terminated base64 JSON responses until the stream ends."""
            while True:
                output = await self._backend.stdout.readuntil(b",")
                resp = json.loads(base64.b64decode(output[:-1]))
                if resp is None:
                    continue
                message_id = resp.get("message_id")
                if message_id is None and (original := resp["payload"].get("original_message")):
                    message_id = (json.loads(original) or {}).get("message_id")
                future = self._responses.get(message_id)
                if future is None or future.done():
                    continue
                payload = resp["payload"]
                if payload["type"] == "Error":
                    future.set_exception(PluginError(f"Pagefind: {payload.get('message')}"))
                else:
                    future.set_result(payload)

        async def launch(self) -> "FastService":
            """Start ``pagefind --service`` with a read buffer big enough for ``get_files``."""
            self._backend = await asyncio.create_subprocess_exec(
                self._bin, "--service", cwd=os.getcwd(),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT, limit=READ_LIMIT,
            )
            self._poll_task = self._loop.create_task(self._wait_for_responses())
            return self

    return FastService


def wanted(path: str) -> bool:
    """Whether a file of Pagefind's bundle is needed by the search box."""
    return (path in BUNDLE_KEEP or path.endswith(".pf_meta") or path.startswith("wasm.")
            or path.split("/", 1)[0] in ("index", "fragment", "filter"))


def write_bundle(files, out_dir: Path) -> None:
    """Write the Pagefind files (``{"path", "content"}``) into a clean ``out_dir``.

    Written here rather than by Pagefind's ``write_files``, whose response can
    arrive before the last file is complete; made reproducible on the way
    (:func:`kb.pagefind_bundle.stable`).
    """
    bundle = pagefind_bundle.stable({f["path"]: f["content"] for f in files if wanted(f["path"])})
    if out_dir.exists():
        shutil.rmtree(out_dir)
    for path, content in sorted(bundle.items()):
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    if not (out_dir / "pagefind-entry.json").is_file():
        raise PluginError(f"search: Pagefind wrote no index to {out_dir}")


def write_search_files(records: list, job: "Job") -> None:
    """Write ``records.jsonl`` and the query vocabulary of one language into ``job.search_dir``.

    The vocabulary's manifest also lists the index shards after the first
    (``pagefind_shards``: folders relative to the language's root) for
    search.js to merge.
    """
    job.search_dir.mkdir(parents=True, exist_ok=True)
    (job.search_dir / core.RECORDS_FILE).write_text(
        core.records_jsonl(records, job.site_url, job.lang_root), "utf-8")
    extra = [shard_dir(job, n).name + "/" for n in range(1, job.shards)]
    write_vocabulary(records, job.lang, job.search_dir / "vocab", shards=extra)


@dataclasses.dataclass
class Job:
    """Where one language's search files go (all a worker needs besides the pages)."""

    lang: str
    pagefind_dir: Path
    search_dir: Path
    site_url: str
    lang_root: str
    #: at most this much HTML per index shard (:data:`SHARD_HTML_BYTES`)
    shard_bytes: int = SHARD_HTML_BYTES
    #: how many index shards the worker made (set once every page has arrived)
    shards: int = 1


def run_job(job: Job, recv) -> dict:
    """Index the pages ``recv()`` returns, then write the bundle, records and vocabulary.

    ``recv()`` returns one pickled page (the keyword arguments of
    :func:`kb.search.make_record`) per call, and ``b""`` after the last one.
    Runs in the worker (a forked process, or a thread where fork is missing);
    returns a few figures for the debug log.
    """
    records: list = []
    started = time.perf_counter()
    stats = asyncio.run(_index(job, recv, records))
    stats["seconds"] = round(time.perf_counter() - started, 3)
    return stats


def _read_items(recv, loop, queue: asyncio.Queue) -> None:
    """Reader thread: hand every page ``recv()`` returns to ``queue``, then None (or the error)."""
    try:
        while True:
            data = recv()
            item = pickle.loads(data) if data else None
            loop.call_soon_threadsafe(queue.put_nowait, item)
            if item is None:
                return
    except BaseException as err:  # the build stopped sending (EOF): end the worker with an error
        loop.call_soon_threadsafe(queue.put_nowait, err)


def shard_dir(job: Job, number: int) -> Path:
    """The folder of the index shard ``number`` (0: ``pagefind/``, then ``pagefind-2/`` …)."""
    base = job.pagefind_dir
    return base if number == 0 else base.with_name(f"{base.name}-{number + 1}")


def remove_stale_shards(job: Job, shards: int) -> None:
    """Delete shard folders beyond ``shards`` left by an earlier, larger build (serve)."""
    for path in job.pagefind_dir.parent.glob(f"{job.pagefind_dir.name}-*"):
        suffix = path.name.rsplit("-", 1)[1]
        if path.is_dir() and suffix.isdigit() and int(suffix) > shards:
            shutil.rmtree(path)


async def _index(job: Job, recv, records: list) -> dict:
    """Index what arrives until the end in shards, write every file of the language.

    Pagefind's memory while it writes an index grows with the text indexed
    (about 40 bytes per byte of the HTML it is given: 1.9 GB for the 14,600
    pages of the German MDN). With ``job.shard_bytes`` set
    (:data:`SHARD_HTML_BYTES`), a language's pages go into shards of at most
    that much HTML, each indexed and written by its own ``pagefind
    --service`` that ends before the next starts; search.js merges them at
    query time (Pagefind's ``mergeIndex``, listed in the vocabulary manifest).
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    threading.Thread(target=_read_items, args=(recv, loop, queue), name="kb-search-read",
                     daemon=True).start()
    side = None
    shards: list[dict] = []
    service = index = None
    try:
        limit = asyncio.Semaphore(IN_FLIGHT)
        tasks: list = []
        fed = 0  #: bytes of HTML given to the current shard

        async def add(target, url: str, html_text: str) -> None:
            """Index one page, with at most IN_FLIGHT requests open."""
            async with limit:
                await target.add_html_file(content=html_text, url=url)

        async def finish_shard() -> None:
            """Wait for the current shard's pages, write its bundle, stop its service."""
            nonlocal service, index, tasks
            started = time.perf_counter()
            await asyncio.gather(*tasks)
            files = await index.get_files()
            await service.close()
            service = index = None
            write_bundle(files, shard_dir(job, len(shards)))
            shards.append({"pages": len(tasks), "seconds": round(time.perf_counter() - started, 3)})
            tasks = []

        while True:
            item = await queue.get()
            if item is None:
                break
            if isinstance(item, BaseException):
                raise PluginError(f"the build stopped sending pages ({item!r})")
            record = core.make_record(**item)
            records.append(record)
            html_text = core.pagefind_html(record)
            if index is not None and job.shard_bytes and fed + len(html_text) > job.shard_bytes:
                await finish_shard()
            if index is None:
                service = await _service_class()().launch()
                index = await service.create_index(None)
                fed = 0
            fed += len(html_text)
            tasks.append(asyncio.ensure_future(add(index, record.url, html_text)))
        last_page = time.perf_counter()
        if index is None:  # no page at all: still an (empty) index for the search box
            service = await _service_class()().launch()
            index = await service.create_index(None)
        job.shards = len(shards) + 1
        # records and vocabulary are written while Pagefind finishes the index
        side = loop.run_in_executor(None, write_search_files, records, job)
        await finish_shard()
    finally:
        if service is not None:
            await service.close()
        if side is not None and not side.done():
            await asyncio.wait([side])
    remove_stale_shards(job, len(shards))
    await side  # raises if the records or the vocabulary could not be written
    done = time.perf_counter()
    return {"pages": len(records), "after_last_page": round(done - last_page, 3), "shards": shards}


def _widen(fd: int) -> None:
    """Let the pipe ``fd`` buffer 1 MiB (Linux), so the build rarely has a backlog."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError, ValueError):
        pass


_HEADER = struct.Struct("!I")


def _frame_reader(fd: int):
    """``recv()`` for :func:`run_job`: the next length-prefixed frame of the pipe ``fd``."""
    stream = os.fdopen(fd, "rb")

    def recv() -> bytes:
        """One frame (``b""`` is the end); EOFError if the build closed the pipe before the end."""
        header = stream.read(_HEADER.size)
        if len(header) < _HEADER.size:
            raise EOFError("the pipe from the build closed")
        size = _HEADER.unpack(header)[0]
        data = stream.read(size) if size else b""
        if len(data) < size:
            raise EOFError("the pipe from the build closed")
        return data

    return recv


def _worker_main(job: Job, read_fd: int, write_fd: int, results) -> None:
    """Body of the forked worker: run the job, send ``("ok", stats)`` or ``("error", text)`` back.

    It runs below the build's priority (:func:`kb.forked.background`), and so
    does Pagefind, which it starts.
    """
    forked.background()
    os.close(write_fd)  # so that the pages pipe ends (EOF) if the build dies
    try:
        outcome = ("ok", run_job(job, _frame_reader(read_fd)))
    except BaseException as err:  # reported by Indexer.finish in the build
        outcome = ("error", str(err) or repr(err))
    try:
        results.send(outcome)
    except OSError:
        pass


class Indexer:
    """One language's search files, made by a worker while the pages render.

    The worker is a forked process (the second core; no share of the build
    thread's GIL): the build thread only pickles each article's metadata and
    rendered HTML into a pipe (:meth:`add`), without blocking and without a
    thread of its own (a thread would take the GIL from the build thread for
    every page): what the pipe cannot take yet waits in :attr:`_backlog` and
    goes with the next page. The worker extracts the text
    (:func:`kb.search.make_record`), drives Pagefind's Python API, and at the
    end writes the Pagefind bundle, ``records.jsonl`` and the vocabulary.
    Where fork is missing, the same work runs in a thread of this process.
    """

    def __init__(self, job: Job):
        """Start the worker for ``job``; nothing here waits for Pagefind."""
        self.job = job
        self.out_dir = job.pagefind_dir
        self.count = 0
        self.stats: dict = {}
        self.late: list[str] = []  #: urls of articles that came after close()
        self.closed_at: float | None = None  #: when close() was called (time.time())
        self._outcome = None
        self._closed = False
        self._backlog: collections.deque = collections.deque()
        self._pending = 0  #: bytes in the backlog
        self._pid = os.getpid()
        self._thread: threading.Thread | None = None
        self._queue = None
        ctx = forked.fork_context()
        if ctx is None:
            self._start_thread()
            return
        read_fd, self._fd = os.pipe()
        _widen(self._fd)
        self._results, results = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_worker_main, args=(job, read_fd, self._fd, results),
                                 name=f"kb-search-{job.lang}")
        self._proc.start()
        os.close(read_fd)
        results.close()
        os.set_blocking(self._fd, False)

    def _start_thread(self) -> None:
        """Run the worker in a thread of this process (platforms without fork)."""
        self._proc = None
        self._fd = None
        self._queue = queue.SimpleQueue()

        def body() -> None:
            """Thread body: keep the outcome for :meth:`finish`."""
            try:
                self._outcome = ("ok", run_job(self.job, self._queue.get))
            except BaseException as err:  # reported by finish()
                self._outcome = ("error", str(err) or repr(err))

        self._thread = threading.Thread(target=body, name=f"kb-search-{self.job.lang}", daemon=True)
        self._thread.start()

    def _send(self, data: bytes) -> None:
        """Queue one frame for the worker and write what the pipe takes now."""
        if self._queue is not None:
            self._queue.put(data)
            return
        if os.getpid() != self._pid:  # a forked copy (e.g. hooks/render.py's child) never writes
            return
        self._backlog.append(memoryview(_HEADER.pack(len(data)) + data))
        self._pending += len(data) + _HEADER.size
        if self._pending >= BATCH_BYTES or not data:
            self._pump()

    def _pump(self) -> None:
        """Write the backlog into the pipe until it would block (or the worker is gone)."""
        backlog = self._backlog
        if len(backlog) > 1:  # one write (one wake-up of the worker) for the whole batch
            joined = memoryview(b"".join(backlog))
            backlog.clear()
            backlog.append(joined)
        while backlog and self._fd is not None:
            try:
                written = os.write(self._fd, backlog[0])
            except BlockingIOError:
                return
            except OSError:  # the worker died: finish() reports why
                backlog.clear()
                return
            self._pending -= written
            if written < len(backlog[0]):
                backlog[0] = backlog[0][written:]
            else:
                backlog.popleft()

    def _drain(self) -> None:
        """Write the rest of the backlog, blocking, then close the pipe."""
        if self._fd is None:
            return
        os.set_blocking(self._fd, True)
        try:
            for chunk in self._backlog:
                while len(chunk):  # a write may take only part of the chunk
                    chunk = chunk[os.write(self._fd, chunk):]
        except OSError:  # the worker died: finish() reports why
            pass
        self._backlog.clear()
        os.close(self._fd)
        self._fd = None

    def add(self, page: dict) -> None:
        """Queue one article (the keyword arguments of :func:`kb.search.make_record`)."""
        if self._closed:  # would be missing from the index: finish() fails the build
            self.late.append(page.get("url", "?"))
            return
        self._send(pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL))
        self.count += 1

    def close(self) -> None:
        """No more pages: the worker finishes on its own; nothing here waits for it.

        A backlog the pipe could not take yet is written by a short-lived
        thread (it blocks in ``write``, which releases the GIL).
        """
        if self._closed or (self._queue is None and os.getpid() != self._pid):
            return  # a forked copy of the build (hooks/render.py's child) leaves the pipe alone
        self._closed = True
        self.closed_at = time.time()
        self._send(b"")
        if self._queue is None:
            if self._backlog:
                self._thread = threading.Thread(target=self._drain, name=f"kb-search-send-{self.job.lang}",
                                                daemon=True)
                self._thread.start()
            else:
                self._drain()

    def finish(self) -> None:
        """Wait until every file of the language is written; raise a PluginError if not."""
        self.close()
        if self._thread is not None:
            self._thread.join()
        if self._proc is not None:
            try:
                self._outcome = self._results.recv()
            except (EOFError, OSError):
                self._outcome = ("error", "the search worker stopped without an answer")
            self._results.close()
            self._proc.join()
        kind, value = self._outcome or ("error", "no answer")
        if kind == "ok" and self.late:
            kind, value = "error", f"articles arrived after the index was closed: {', '.join(self.late)}"
        if kind != "ok":
            raise PluginError(f"search: Pagefind could not build the index in {self.out_dir}: "
                              f"{value}")
        self.stats = value


class ReusingIndexer:
    """An :class:`Indexer` that ``mkdocs serve`` skips when nothing its index is built from changed.

    It hashes exactly what the worker reads: the :class:`Job` and every page
    handed to :meth:`add`, pickled, in order. When the previous build of the
    language in this process (:data:`_BUILT`) had the same digest and the
    files it wrote are still there unchanged (paths, sizes, modification
    times), no worker and no Pagefind run: the files stay, and
    :data:`kb.buildcache.STORE` ``.kept`` tells hooks/incremental.py's sweep to
    leave them. Without an earlier build of the language the worker starts at
    once and gets every page as it comes (as :class:`Indexer` alone); with
    one, the pages wait here until :meth:`close` decides.
    """

    def __init__(self, job: Job):
        """Hash ``job``; start the worker now unless an earlier build may be reused."""
        self.job = job
        self.out_dir = job.pagefind_dir
        self.count = 0
        self.stats: dict = {}
        self.late: list[str] = []
        self.closed_at: float | None = None
        self._closed = False
        self._pid = os.getpid()
        self._hash = hashlib.sha256(pickle.dumps(dataclasses.astuple(job), protocol=pickle.HIGHEST_PROTOCOL))
        self._waiting: list[dict] = []
        self._key = ""
        self._inner = None if job.lang in _BUILT else Indexer(job)

    def add(self, page: dict) -> None:
        """Hash one article's item and hand it on (or keep it until :meth:`close`)."""
        if self._closed:
            self.late.append(page.get("url", "?"))
            return
        data = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
        self._hash.update(len(data).to_bytes(8, "big") + data)
        self.count += 1
        if self._inner is not None:
            self._inner.add(page)
        else:
            self._waiting.append(page)

    def close(self) -> None:
        """No more pages: keep the earlier build's files if they fit, else let the worker finish."""
        if self._closed or os.getpid() != self._pid:
            return
        self._closed = True
        self.closed_at = time.time()
        key = self._hash.hexdigest()
        earlier = _BUILT.pop(self.job.lang, None)
        if self._inner is None:
            files = index_files(self.job)
            if earlier == (key, files):
                _BUILT[self.job.lang] = earlier
                buildcache.STORE.kept.update(path for path, _mtime, _size in files)
                self.stats = {"pages": self.count, "reused": True}
                self._waiting.clear()
                return
            self._inner = Indexer(self.job)
            for page in self._waiting:
                self._inner.add(page)
            self._waiting.clear()
        self._key = key
        self._inner.close()

    def finish(self) -> None:
        """Wait for the worker (if one runs) and remember what its files were made from."""
        self.close()
        if self.late:
            raise PluginError(f"search: articles arrived after the index was closed: {', '.join(self.late)}")
        if self._inner is None:
            return
        self._inner.finish()
        self.stats = self._inner.stats
        _BUILT[self.job.lang] = (self._key, index_files(self.job))
        self._inner = None


def index_files(job: Job) -> list:
    """``(path, mtime_ns, size)`` of every file the worker writes for ``job``'s language."""
    roots = [str(job.pagefind_dir), *map(str, sorted(job.pagefind_dir.parent.glob(job.pagefind_dir.name + "-*"))),
             str(job.search_dir)]
    dialog = str(job.search_dir / DIALOG_FILE)
    return [entry for entry in buildcache.tree_signature(roots) if entry[0] != dialog]


#: language → (digest of its index's inputs, :func:`index_files`) of its last build in this
#: process (``mkdocs serve``), for :class:`ReusingIndexer`; kept across builds on purpose.
_BUILT: dict[str, tuple[str, list]] = {}
#: Whether this process is ``mkdocs serve`` (set in ``on_startup``): only it builds again.
_SERVE = {"on": False}

_INDEXER: Indexer | ReusingIndexer | None = None
#: Indexers of earlier languages still writing their files while a later language renders.
_FINISHING: list[Indexer | ReusingIndexer] = []


def join_indexers() -> None:
    """Wait for every finishing indexer; the first failure is a PluginError (after all stopped)."""
    errors = []
    while _FINISHING:
        try:
            _FINISHING.pop(0).finish()
        except PluginError as err:
            errors.append(err)
    if errors:
        raise errors[0]


def on_startup(command, dirty):
    """Remember whether this is ``mkdocs serve`` (whose rebuilds may keep an unchanged index)."""
    _SERVE["on"] = command == "serve"


def on_pre_build(config):
    """Start this language's search worker."""
    global _INDEXER
    state = shared.STATE
    logging.getLogger("pagefind").setLevel(logging.WARNING)
    if is_first_language(config, state.lang):
        on_shutdown()  # a build that failed half-way under serve may have left one running
    elif _INDEXER is not None:  # a language whose build failed before its on_post_build
        _INDEXER.close()
        _FINISHING.append(_INDEXER)
        _INDEXER = None
    root = Path(config.site_dir) / lang_root(state.lang)
    _INDEXER = (ReusingIndexer if _SERVE["on"] else Indexer)(Job(lang=state.lang, pagefind_dir=root / core.PAGEFIND_DIR,
                           search_dir=root / core.SEARCH_DIR, site_url=config.site_url or "",
                           lang_root=lang_root(state.lang), shard_bytes=shard_bytes()))
    state.data["search"] = {"articles": 0, "seconds": 0.0}


def shard_bytes() -> int:
    """The bound of one index shard: ``KB_SEARCH_SHARD_BYTES`` if set, else :data:`SHARD_HTML_BYTES`
    (0: no bound, one index)."""
    value = os.environ.get("KB_SEARCH_SHARD_BYTES", "")
    try:
        return max(0, int(value)) if value.strip() else SHARD_HTML_BYTES
    except ValueError:
        raise PluginError(f"search: KB_SEARCH_SHARD_BYTES must be a number of bytes, not {value!r}")


def _expected(state) -> set[str]:
    """The articles this language's build can hand to the worker (paths), from the catalog.

    Every page :func:`_page_for` accepts is one of them, so once all were
    sent, none can follow.
    """
    catalog = state.catalog
    return {path for path, entry in (catalog.pages.items() if catalog else ())
            if (entry.is_article or entry.key == GLOSSARY_KEY) and entry.lang == state.lang}


def _glossary_items(page, state, html: str) -> list[dict] | None:
    """One item per term of the glossary page (see :func:`kb.search.glossary_terms`);
    None if ``page`` is not the glossary of the language being built."""
    catalog = state.catalog
    entry = catalog.pages.get(page.file.src_uri) if catalog else None
    if entry is None or entry.key != GLOSSARY_KEY or entry.lang != state.lang:
        return None
    root = lang_root(state.lang)
    url = page.url[len(root):] if page.url.startswith(root) else page.url
    return [{"url": f"{url}#{term['anchor']}", "lang": state.lang, "title": term["term"],
             "description": "", "topic": "", "tags": [], "date": None,
             "content_html": term["html"], "kind": "glossary"}
            for term in core.glossary_terms(html)]


def _page_for(page, state, html: str) -> dict | None:
    """What the worker needs of ``page`` with its converted Markdown ``html`` (see
    :func:`kb.search.make_record`), if it is an article of the language being built."""
    catalog = state.catalog
    entry = catalog.pages.get(page.file.src_uri) if catalog else None
    if entry is None or not entry.is_article or entry.lang != state.lang:
        return None
    root = lang_root(state.lang)
    url = page.url[len(root):] if page.url.startswith(root) else page.url
    return {
        "url": url, "lang": state.lang, "title": entry.title, "description": entry.description,
        "topic": shared.topic_label(entry.topic, state.lang) if entry.topic else "",
        "tags": list(entry.tags), "date": entry.date, "content_html": html or "",
    }


@event_priority(priority("search.on_page_content"))
def on_page_content(html, page, config, files):
    """Hand an article to the search worker as soon as its Markdown is converted.

    MkDocs converts every page before it renders any template, so the worker
    has the language's last article (and Pagefind starts writing the index)
    while the templates are still rendering, not only at the end of the build.
    """
    state = shared.STATE
    started = time.perf_counter()
    item = _page_for(page, state, html)
    data = state.data.setdefault("search", {"articles": 0, "seconds": 0.0})
    data["pages"] = data.get("pages", 0) + 1
    # What this page hands to the worker: an article is one item, the glossary one per term.
    items = [item] if item is not None else _glossary_items(page, state, html)
    if item is None and items is not None:
        html = core.anchor_glossary(html)
    if items is not None:
        data["last_article_at"] = data["pages"]
        data["articles"] = data.get("articles", 0) + (item is not None)
        if _INDEXER is not None:
            for one in items:
                _INDEXER.add(one)
            if "waiting_for" not in data:  # the catalog is made after on_pre_build
                data["waiting_for"] = _expected(state)
            waiting_for = data["waiting_for"]
            if waiting_for:
                waiting_for.discard(page.file.src_uri)
                if not waiting_for:  # the last article: Pagefind finishes while the templates render
                    _INDEXER.close()
        data["seconds"] = data.get("seconds", 0.0) + time.perf_counter() - started
    return html


def on_page_context(context, page, config, nav):
    """Give every page the search box's settings."""
    state = shared.STATE
    root = lang_root(state.lang)
    context["kb_search"] = {
        "lang": state.lang,
        "root": get_relative_url(root or ".", page.url).rstrip("/") + "/",
        "strings": texts(state.lang, "search"),
    }
    return context


def dialog_script(inner_html: str, lang: str, strings: dict) -> str:
    """The script that fills the header's empty search box (``partials/kb/search.html``).

    It puts ``inner_html`` (the rendered ``partials/kb/search-dialog.html``)
    into the ``.kb-search[data-kb-root]`` element and gives it the
    ``data-kb-search`` settings search.js reads (language, texts, and the
    page's own ``data-kb-root``). Loaded with ``defer`` before search.js, so
    the box is complete when search.js starts.
    """
    settings = json.dumps({"lang": lang, "strings": strings}, sort_keys=True)
    return ("(function () {\n"
            '  var box = document.querySelector(".kb-search[data-kb-root]");\n'
            '  if (!box || box.hasAttribute("data-kb-search")) return;\n'
            f"  var cfg = {settings};\n"
            '  cfg.root = box.getAttribute("data-kb-root");\n'
            f"  box.innerHTML = {json.dumps(inner_html.strip())};\n"
            '  box.setAttribute("data-kb-search", JSON.stringify(cfg));\n'
            "})();\n")


def write_dialog(config, lang: str) -> Path:
    """Render the search box's inside for ``lang`` into ``<root>/search/dialog.js``; return the path."""
    strings = texts(lang, "search")
    inner = config.theme.get_env().get_template(DIALOG_TEMPLATE).render(s=strings)
    target = Path(config.site_dir) / lang_root(lang) / core.SEARCH_DIR / DIALOG_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dialog_script(inner, lang, strings), "utf-8")
    return target


def write_vocabulary(records: list, lang: str, vocab_dir: Path, shards: list[str] | None = None) -> int:
    """Build ``lang``'s query vocabulary from ``records`` and write its shards; return their number.

    ``shards``: the Pagefind index shards after the first, written into the
    manifest as ``pagefind_shards`` (omitted when there is none).
    """
    vocab = core.build_vocabulary((r.all_text() for r in records), lang,
                                  named=(r.named() for r in records))
    manifest, parts = core.shard_vocabulary(vocab, filters=core.filter_counts(records))
    if shards:
        manifest["pagefind_shards"] = list(shards)
    if vocab_dir.exists():
        shutil.rmtree(vocab_dir)
    vocab_dir.mkdir(parents=True)
    for name, text in parts.items():
        (vocab_dir / f"{name}.json").write_text(text, "utf-8")
    (vocab_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return len(parts)


def _build_order(config) -> list[str]:
    """The languages static-i18n builds, in order (the default first); empty without i18n."""
    plugin = config.plugins.get("i18n")
    langs = list(getattr(plugin, "build_languages", None) or [])
    first = getattr(plugin, "default_language", None)
    return ([first] if first in langs else []) + [x for x in langs if x != first]


def is_last_language(config, lang: str) -> bool:
    """Whether ``lang`` is the last language static-i18n builds (or there is no i18n)."""
    order = _build_order(config)
    return not order or lang not in order or lang == order[-1]


def is_first_language(config, lang: str) -> bool:
    """Whether ``lang`` is the first language static-i18n builds (or there is no i18n)."""
    order = _build_order(config)
    return not order or lang not in order or lang == order[0]


def _only_locale() -> bool:
    """Whether this process builds one language alone (``KB_ONLY_LOCALE``, hooks/split.py)."""
    return bool(os.environ.get("KB_ONLY_LOCALE"))


def on_post_build(config):
    """Tell the worker that every article is queued; the last language waits for every worker.

    A language another one follows does not wait: its worker finishes the
    Pagefind index, the records export and the vocabulary while the next
    language renders. The last language's build (and a build of one language
    alone) waits for every worker, so ``mkdocs build`` and each ``mkdocs
    serve`` rebuild end with all files written.
    """
    global _INDEXER
    state = shared.STATE
    indexer, _INDEXER = _INDEXER, None
    data = state.data.get("search", {})
    last = is_last_language(config, state.lang) or _only_locale()
    write_dialog(config, state.lang)
    started = time.perf_counter()
    post_build_at = time.time()
    waited = 0.0
    if not last:
        if indexer is not None:
            indexer.close()
            _FINISHING.append(indexer)
    else:
        try:
            if indexer is not None:
                indexer.finish()
            waited = time.perf_counter() - started
        finally:
            join_indexers()
    closed_at = getattr(indexer, "closed_at", None) or post_build_at
    stats = getattr(indexer, "stats", {})
    log.debug("%s: %d articles; records %.2f s while rendering, waited %.2f s for Pagefind, "
              "waited %.2f s for earlier indexes and vocabularies; "
              "last article %d of %d pages, worker told %.2f s before on_post_build; worker %s",
              state.lang, data.get("articles", 0), data.get("seconds", 0.0), waited,
              time.perf_counter() - started - waited, data.get("last_article_at", 0),
              data.get("pages", 0), post_build_at - closed_at, stats)


def on_shutdown():
    """Stop a still-running worker and wait for the others (after a failed build)."""
    global _INDEXER
    if _INDEXER is not None:
        try:
            _INDEXER.finish()
        except PluginError:
            pass
        _INDEXER = None
    try:
        join_indexers()
    except PluginError as err:
        log.error(str(err))


def on_build_error(error):
    """A failed build (e.g. a front-matter error under serve) stops its worker at once: a serve
    rebuild loads this module afresh and would never reach the old one's worker again."""
    on_shutdown()
