"""One language's search files, made by a background task while the pages render.

The build side (:class:`Indexer`, used by ``hooks/search.py``) streams every
article's item (the keyword arguments of :func:`kb.search.make_record`) to a
:func:`kb.background.stream` task as soon as MkDocs has converted it; the task
runs :func:`run` in its own interpreter, below the build's priority: it turns
each item into a :class:`kb.search.Record`, feeds it to Pagefind (a
``pagefind --service`` subprocess driven through Pagefind's Python API), and
at the end writes the Pagefind bundle, ``records.jsonl`` and the query
vocabulary. Its result is a few figures for the debug log.

Pagefind's public ``pagefind.index.PagefindIndex`` is not used: its service
client sleeps 100 ms before it reads each response, so it indexes at most ten
pages a second (100 pages: 10.2 s against 0.09 s with :func:`_service_class`,
measured with Pagefind 1.5.2), and its ``write_files`` can answer before the
last file is written. :func:`_service_class` subclasses ``PagefindService``
to read the same protocol without the pause (its ``launch`` and
``_wait_for_responses``); ``create_index``, ``add_html_file`` and
``get_files`` are the public API.

Under ``mkdocs serve`` a :class:`ReusingIndexer` keeps a language's files
when nothing they are made from changed (:data:`_BUILT`).
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import hashlib
import json
import os
import pickle
import shutil
import threading
import time
from pathlib import Path

from kb import background, buildcache, pagefind_bundle, search as core

#: Requests to Pagefind in flight at once (bounded so the pipes never fill up).
IN_FLIGHT = 32
#: Largest single response read from Pagefind (the whole bundle, base64).
READ_LIMIT = 1 << 30
#: At most this many characters of HTML go into one Pagefind index (one service); more makes
#: further shards, the pages spread evenly over all of them (:func:`_index`). Pagefind peaks at
#: about 43 bytes of memory per character while it writes an index (German MDN, 47.9 M
#: characters: 1.98 GB in one index; two interleaved halves 1.04 and 1.06 GB), so 25 M keeps
#: one ``pagefind --service`` under 1.2 GB. ``KB_SEARCH_SHARD_BYTES`` sets another bound
#: (0: one index per language, whatever its size).
SHARD_HTML_BYTES = 25_000_000
#: The one item of a task's stream that is no page: ``[characters, pages]`` the build expects
#: (:meth:`Indexer.expect`), so the task opens as many shards at once as they will need.
EXPECT = "expect_html"
#: The guess of :func:`expected_html`: this share of the articles' Markdown. Pagefind is given
#: more than the Markdown on text (German MDN: 42.5 M characters of Markdown, 47.7 M of HTML),
#: so the guess stays low: a guess too low re-feeds the pages when a shard is added, as without
#: one; a guess too high costs one re-feed of every page at the end.
EXPECT_SHARE = 0.8
#: Files of the Pagefind bundle the search box needs (not Pagefind's own UIs).
BUNDLE_KEEP = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
#: The glossary page (its key in the catalogue): each of its terms is searchable on its own.
GLOSSARY_KEY = "glossar.md"
#: The search box's script (``hooks/search.py`` writes it), below the language's search folder.
DIALOG_FILE = "dialog.js"


class PagefindError(RuntimeError):
    """Pagefind failed: it stopped answering, reported an error, or wrote no index."""


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
                        future.set_exception(PagefindError(f"Pagefind stopped answering: {err!r}"))

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
                    future.set_exception(PagefindError(f"Pagefind: {payload.get('message')}"))
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

        async def kill(self) -> None:
            """End the service at once, dropping the requests still open (an index not written)."""
            self._poll_task.cancel()
            self._backend.kill()
            await self._backend.wait()

    return FastService



def wanted(path: str) -> bool:
    """Whether a file of Pagefind's bundle is needed by the search box."""
    return (path in BUNDLE_KEEP or path.endswith(".pf_meta") or path.startswith("wasm.")
            or path.split("/", 1)[0] in ("index", "fragment", "filter"))


def write_bundle(files, out_dir: Path, shards: int = 1) -> None:
    """Write the Pagefind files (``{"path", "content"}``) into a clean ``out_dir``.

    Written here rather than by Pagefind's ``write_files``, whose response can
    arrive before the last file is complete; made reproducible on the way
    (:func:`kb.pagefind_bundle.stable`, for one of ``shards`` index shards).
    """
    bundle = pagefind_bundle.stable({f["path"]: f["content"] for f in files if wanted(f["path"])}, shards)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    for path, content in sorted(bundle.items()):
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    if not (out_dir / "pagefind-entry.json").is_file():
        raise PagefindError(f"Pagefind wrote no index to {out_dir}")


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


def run(items, job: Job) -> dict:
    """Index the items, then write the bundle, records and vocabulary; a few figures for the log.

    The function of the :func:`kb.background.stream` task: ``items`` yields
    the keyword arguments of :func:`kb.search.make_record`, one article (or
    glossary term) each, until the build closes the stream.
    """
    records: list = []
    started = time.perf_counter()
    stats = asyncio.run(_index(job, items, records))
    stats["seconds"] = round(time.perf_counter() - started, 3)
    return stats


def _read_items(items, loop, queue: asyncio.Queue) -> None:
    """Reader thread: hand every item to ``queue``, then None (or the error that ended the stream)."""
    try:
        for item in items:
            loop.call_soon_threadsafe(queue.put_nowait, item)
        loop.call_soon_threadsafe(queue.put_nowait, None)
    except BaseException as err:  # the build stopped sending (EOF): end the task with an error
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


@dataclasses.dataclass
class _Shard:
    """One index shard being fed: its ``pagefind --service``, index, open requests and HTML fed."""

    service: object
    index: object
    tasks: list = dataclasses.field(default_factory=list)
    fed: int = 0  #: characters of HTML given to it


def shards_needed(total: int, bound: int, pages: int) -> int:
    """How many shards of at most ``bound`` characters ``total`` characters of HTML in
    ``pages`` pages need: never more than the pages (1 without a bound)."""
    return max(1, min(pages, -(-total // bound))) if bound else 1


async def _index(job: Job, items, records: list) -> dict:
    """Index what arrives until the end in shards, write every file of the language.

    Pagefind's memory while it writes an index grows with the text indexed
    (about 43 bytes per character of the HTML it is given: 1.9-2.0 GB for the
    14,619 pages of the German MDN, with ``get_files``, ``write_files`` or
    its command line alike). With ``job.shard_bytes`` set
    (:data:`SHARD_HTML_BYTES`), a language's pages are spread over as many
    shards as the HTML fed so far needs, each page to the shard with the
    least HTML (so every shard is a sample of the whole site, of equal size,
    and weighs its words alike); when one more is needed, fresh services get
    every page again. The build's guess of its HTML (an :data:`EXPECT` item
    first, see :meth:`Indexer.expect`) opens the shards it will need at the
    first page, so on the MDN no page is fed twice; whatever the guess, the
    shards are those the HTML that came needs (a guess too high re-feeds
    every page at the end), fed alike: the same files. Each shard is
    written by its own ``pagefind --service``, which ends before the next
    shard is written; search.js
    merges them at query time (Pagefind's ``mergeIndex``, listed in the
    vocabulary manifest).
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    threading.Thread(target=_read_items, args=(items, loop, queue), name="kb-search-read",
                     daemon=True).start()
    side = None
    open_shards: list[_Shard] = []
    written: list[dict] = []
    fed: list[tuple[str, str]] = []  #: (url, html) of every page, fed again when shards are added
    total = refed = 0
    hint = 0  #: the shards the build expects (EXPECT): opened at the first page, fed once
    limit = asyncio.Semaphore(IN_FLIGHT)

    async def add(target, url: str, html_text: str) -> None:
        """Index one page, with at most IN_FLIGHT requests open."""
        async with limit:
            await target.add_html_file(content=html_text, url=url)

    def feed(url: str, html_text: str) -> None:
        """Give one page to the shard with the least HTML (the first of them on a tie)."""
        shard = min(open_shards, key=lambda s: s.fed)
        shard.fed += len(html_text)
        shard.tasks.append(asyncio.ensure_future(add(shard.index, url, html_text)))

    async def stop(shard: _Shard) -> None:
        """Drop a shard that will not be written: cancel its requests, end its service."""
        for task in shard.tasks:
            task.cancel()
        await asyncio.gather(*shard.tasks, return_exceptions=True)
        await shard.service.kill()

    async def start(count: int) -> None:
        """Replace the open shards by ``count`` fresh ones and feed them every page so far."""
        while open_shards:
            await stop(open_shards.pop())
        for _ in range(count):
            service = await _service_class()().launch()
            open_shards.append(_Shard(service, await service.create_index(None)))
        for url, html_text in fed:
            feed(url, html_text)

    try:
        while True:
            item = await queue.get()
            if item is None:
                break
            if isinstance(item, BaseException):
                raise PagefindError(f"the build stopped sending pages ({item!r})")
            if EXPECT in item:
                chars, pages = item[EXPECT]
                hint = shards_needed(chars, job.shard_bytes, pages)
                continue
            record = core.make_record(**item)
            records.append(record)
            html_text = core.pagefind_html(record)
            total += len(html_text)
            count = max(hint, shards_needed(total, job.shard_bytes, len(records)))
            if count != len(open_shards):
                refed += len(fed) if open_shards else 0
                await start(count)
            if job.shard_bytes:
                fed.append((record.url, html_text))
            feed(record.url, html_text)
        last_page = time.perf_counter()
        final = shards_needed(total, job.shard_bytes, len(records))
        if open_shards and final != len(open_shards):  # the build expected more than came
            refed += len(fed)
            await start(final)
        fed.clear()
        if not open_shards:  # no page at all: still an (empty) index for the search box
            await start(1)
        job.shards = len(open_shards)
        # records and vocabulary are written while Pagefind finishes the index
        side = loop.run_in_executor(None, write_search_files, records, job)
        while open_shards:  # one service writes at a time, then ends
            shard = open_shards[0]
            started = time.perf_counter()
            await asyncio.gather(*shard.tasks)
            files = await shard.index.get_files()
            await shard.service.close()
            open_shards.pop(0)
            write_bundle(files, shard_dir(job, len(written)), job.shards)
            written.append({"pages": len(shard.tasks), "seconds": round(time.perf_counter() - started, 3)})
    finally:
        for shard in open_shards:
            await shard.service.close()
        if side is not None and not side.done():
            await asyncio.wait([side])
    remove_stale_shards(job, len(written))
    await side  # raises if the records or the vocabulary could not be written
    done = time.perf_counter()
    return {"pages": len(records), "after_last_page": round(done - last_page, 3), "shards": written,
            "refed": refed}



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
    for name, data in core.vocabulary_files(manifest, parts).items():
        (vocab_dir / name).write_bytes(data)
    return len(parts)


class Indexer:
    """One language's search files, made by a :func:`kb.background.stream` task (:func:`run`).

    The build thread only pickles each article's item into the task's pipe
    (:meth:`add`), without blocking and without a thread of its own; the
    task extracts the text, drives Pagefind and writes every file. A failure
    is a :class:`kb.background.Failed` from :meth:`finish`.
    """

    def __init__(self, job: Job):
        """Start the task for ``job``; nothing here waits for Pagefind."""
        self.job = job
        self.count = 0
        self.stats: dict = {}
        self.late: list[str] = []  #: urls of articles that came after close()
        self.closed_at: float | None = None  #: when close() was called (time.time())
        self._closed = False
        self._task = background.stream(run, job, name=f"search ({job.lang})")

    def add(self, page: dict) -> None:
        """Queue one article (the keyword arguments of :func:`kb.search.make_record`)."""
        if self._closed:  # would be missing from the index: finish() fails the build
            self.late.append(page.get("url", "?"))
            return
        self._task.send(page)
        self.count += 1

    def expect(self, chars: int, pages: int) -> None:
        """Tell the task, before the first page, how much HTML (:func:`expected_html`) and how
        many pages to expect: it opens the shards they need at once."""
        if not self._closed:
            self._task.send({EXPECT: [chars, pages]})

    def close(self) -> None:
        """No more pages: the task finishes on its own; nothing here waits for it."""
        if self._closed:
            return
        self._closed = True
        self.closed_at = time.time()
        self._task.close()

    def finish(self) -> None:
        """Wait until every file of the language is written; :class:`kb.background.Failed` if not."""
        self.close()
        try:
            self.stats = self._task.result()
        except background.Failed as err:
            raise background.Failed(f"Pagefind could not build the index in {self.job.pagefind_dir}: {err}") from None
        if self.late:
            raise background.Failed(f"articles arrived after the index was closed: {', '.join(self.late)}")

    def kill(self) -> None:
        """Stop the task (and Pagefind) without waiting for its files (a failed build)."""
        self._closed = True
        self._task.kill()


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
        self.count = 0
        self.stats: dict = {}
        self.late: list[str] = []
        self.closed_at: float | None = None
        self._closed = False
        self._hash = hashlib.sha256(pickle.dumps(dataclasses.astuple(job), protocol=pickle.HIGHEST_PROTOCOL))
        self._waiting: list[dict] = []
        self._key = ""
        self._inner = None if job.lang in _BUILT else Indexer(job)

    def add(self, page: dict) -> None:
        """Hash one article's item and hand it on (or keep it until :meth:`close`)."""
        if self._closed:
            self.late.append(page.get("url", "?"))
            return
        self._hand_on(page)
        self.count += 1

    def expect(self, chars: int, pages: int) -> None:
        """:meth:`Indexer.expect`, hashed and handed on like a page."""
        if not self._closed:
            self._hand_on({EXPECT: [chars, pages]})

    def _hand_on(self, item: dict) -> None:
        """Hash ``item`` into the inputs' digest; give it to the worker, or keep it for :meth:`close`."""
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        self._hash.update(len(data).to_bytes(8, "big") + data)
        if self._inner is not None:
            _send(self._inner, item)
        else:
            self._waiting.append(item)

    def close(self) -> None:
        """No more pages: keep the earlier build's files if they fit, else let the worker finish."""
        if self._closed:
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
            for item in self._waiting:
                _send(self._inner, item)
            self._waiting.clear()
        self._key = key
        self._inner.close()

    def finish(self) -> None:
        """Wait for the worker (if one runs) and remember what its files were made from."""
        self.close()
        if self.late:
            raise background.Failed(f"articles arrived after the index was closed: {', '.join(self.late)}")
        if self._inner is None:
            return
        self._inner.finish()
        self.stats = self._inner.stats
        _BUILT[self.job.lang] = (self._key, index_files(self.job))
        self._inner = None

    def kill(self) -> None:
        """Stop the task, if one runs (a failed build)."""
        self._closed = True
        if self._inner is not None:
            self._inner.kill()
            self._inner = None


def _send(indexer: Indexer, item: dict) -> None:
    """Give ``indexer`` one item of the stream: the :data:`EXPECT` guess or a page."""
    if EXPECT in item:
        indexer.expect(*item[EXPECT])
    else:
        indexer.add(item)


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


def shard_bytes() -> int:
    """The bound of one index shard: ``KB_SEARCH_SHARD_BYTES`` if set, else :data:`SHARD_HTML_BYTES`
    (0: no bound, one index); a ValueError names the variable if it is not a number."""
    value = os.environ.get("KB_SEARCH_SHARD_BYTES", "")
    try:
        return max(0, int(value)) if value.strip() else SHARD_HTML_BYTES
    except ValueError:
        raise ValueError(f"KB_SEARCH_SHARD_BYTES must be a number of bytes, not {value!r}") from None


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



def page_items(entry, url: str, lang: str, topic: str, html: str) -> list[dict] | None:
    """What the task needs of a converted page (the keyword arguments of
    :func:`kb.search.make_record`): one item for an article of ``lang``, one per
    term for the glossary (:data:`GLOSSARY_KEY`, see :func:`kb.search.glossary_terms`),
    None for any other page.

    ``entry`` is the page's catalogue entry, ``url`` its URL below the
    language's root, ``topic`` its topic's label, ``html`` its converted Markdown.
    """
    if entry.lang != lang:
        return None
    if entry.is_article:
        return [{"url": url, "lang": lang, "title": entry.title, "description": entry.description,
                 "topic": topic, "tags": list(entry.tags), "date": entry.date, "content_html": html or ""}]
    if entry.key != GLOSSARY_KEY:
        return None
    return [{"url": f"{url}#{term['anchor']}", "lang": lang, "title": term["term"],
             "description": "", "topic": "", "tags": [], "date": None,
             "content_html": term["html"], "kind": "glossary"}
            for term in core.glossary_terms(html)]


def expected(pages, lang: str) -> set[str]:
    """The paths of the catalogue ``pages`` (path → entry) :func:`page_items` gives items for."""
    return {path for path, entry in pages.items()
            if (entry.is_article or entry.key == GLOSSARY_KEY) and entry.lang == lang}


def expected_html(pages, paths) -> int:
    """A low guess of the characters of HTML Pagefind will get for the catalogue ``pages``
    (path → entry) at ``paths`` (:func:`expected`): :data:`EXPECT_SHARE` of their Markdown."""
    return int(EXPECT_SHARE * sum(len(pages[path].body) for path in paths))


def finish_all(indexers) -> None:
    """:meth:`Indexer.finish` each of ``indexers``, all of them; then raise the first failure."""
    errors = []
    for indexer in indexers:
        try:
            indexer.finish()
        except background.Failed as err:
            errors.append(err)
    if errors:
        raise errors[0]


def build_order(i18n) -> list[str]:
    """The languages the static-i18n plugin ``i18n`` builds, in order (the default first);
    empty without it."""
    langs = list(getattr(i18n, "build_languages", None) or [])
    first = getattr(i18n, "default_language", None)
    return ([first] if first in langs else []) + [x for x in langs if x != first]


def is_first(i18n, lang: str) -> bool:
    """Whether ``lang`` is the first language static-i18n builds (or there is no i18n)."""
    order = build_order(i18n)
    return not order or lang not in order or lang == order[0]


def is_last(i18n, lang: str) -> bool:
    """Whether ``lang`` is the last language static-i18n builds (or there is no i18n)."""
    order = build_order(i18n)
    return not order or lang not in order or lang == order[-1]


def job_for(site_dir, lang: str, lang_root: str, site_url: str) -> Job:
    """The :class:`Job` of ``lang`` in the site ``site_dir`` (its shard bound from
    :func:`shard_bytes`: a ValueError names ``KB_SEARCH_SHARD_BYTES`` if it is no number)."""
    root = Path(site_dir) / lang_root
    return Job(lang=lang, pagefind_dir=root / core.PAGEFIND_DIR, search_dir=root / core.SEARCH_DIR,
               site_url=site_url, lang_root=lang_root, shard_bytes=shard_bytes())


def write_dialog(inner_html: str, root: Path, lang: str, strings: dict) -> Path:
    """Write the search box's script (:func:`dialog_script`) into ``<root>/search/dialog.js``."""
    target = root / core.SEARCH_DIR / DIALOG_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dialog_script(inner_html, lang, strings), "utf-8")
    return target
