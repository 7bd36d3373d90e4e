"""Hook: search. A Pagefind index per language, fed while MkDocs renders.

* ``on_pre_build`` starts an :class:`Indexer`: a background thread with its
  own asyncio loop that drives Pagefind's Python API (a ``pagefind --service``
  subprocess). MkDocs renders on one core; Pagefind indexes on the other.
* ``on_page_context`` turns every article of the language being built into a
  :class:`kb.search.Record` (title, description, body text, topic, tags; no
  navigation, series box, related block or other chrome, because those come
  from the templates, not from ``page.content``) and hands it to the indexer.
  Every page gets ``kb_search`` (its language's root and the UI strings) for
  ``overrides/partials/kb/search.html``.
* ``on_post_build`` tells the indexer that every page is queued; it then
  writes the bundle to ``<site>/pagefind/`` (German) or
  ``<site>/en/pagefind/`` (English). It writes ``search/records.jsonl``
  beside it and starts a forked process that writes the query vocabulary
  ``search/vocab/*.json``. A language followed by another one does not wait
  for either: Pagefind finishes the German index and the German compound
  splitting runs while the English pages render. The last language's build
  waits for every index and vocabulary.

static-i18n runs the whole build once per language, so all of this runs once
per language; ``mkdocs serve`` writes into its served directory the same way.
The indexer (``_INDEXER``) lives in this module for one build of one
language, the finishing indexers (``_FINISHING``) and vocabulary processes
(``_PENDING``) until the last language's build ends.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import multiprocessing
import os
import shutil
import threading
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import get_relative_url

import shared
from kb import pagefind_bundle, search as core
from kb.catalog import DEFAULT_LANG

log = get_plugin_logger("kb.search")

#: Requests to Pagefind in flight at once (bounded so the pipes never fill up).
IN_FLIGHT = 32
#: Largest single response read from Pagefind (the whole bundle, base64).
READ_LIMIT = 1 << 30
#: Files of the Pagefind bundle the search box needs (not Pagefind's own UIs).
BUNDLE_KEEP = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")


def lang_root(lang: str) -> str:
    """The URL prefix of ``lang``'s pages: ``""`` for German, ``"en/"`` for English."""
    return "" if lang == DEFAULT_LANG else f"{lang}/"


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


class Indexer:
    """A Pagefind index built in a background thread while pages render."""

    def __init__(self, out_dir: Path):
        """Start the thread; the index will be written to ``out_dir``.

        The loop and its queue exist before the thread runs, so pages can be
        queued at once; nothing here waits for Pagefind to start.
        """
        self.out_dir = out_dir
        self.count = 0
        self.error: BaseException | None = None
        self._loop = asyncio.new_event_loop()
        self._queue: asyncio.Queue = asyncio.Queue()
        self._thread = threading.Thread(target=self._run, name="kb-search-index", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        """Thread body: run :meth:`_main` on the indexer's own event loop."""
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._main())
        except BaseException as err:  # reported by finish() in the build thread
            self.error = err
        finally:
            self._loop.close()

    async def _main(self) -> None:
        """Start Pagefind, index what arrives until ``None``, write the bundle."""
        service = await _service_class()().launch()
        try:
            index = await service.create_index(None)
            limit = asyncio.Semaphore(IN_FLIGHT)
            tasks = []

            async def add(url: str, html_text: str) -> None:
                """Index one page, with at most IN_FLIGHT requests open."""
                async with limit:
                    await index.add_html_file(content=html_text, url=url)

            while True:
                item = await self._queue.get()
                if item is None:
                    break
                tasks.append(asyncio.ensure_future(add(*item)))
            await asyncio.gather(*tasks)
            files = await index.get_files()
        finally:
            await service.close()
        write_bundle(files, self.out_dir)

    def add(self, url: str, html_text: str) -> None:
        """Queue one page (called from the build thread)."""
        if self.error is not None or not self._thread.is_alive():
            return  # finish() reports the error
        self.count += 1
        self._loop.call_soon_threadsafe(self._queue.put_nowait, (url, html_text))

    def close(self) -> None:
        """No more pages: let the thread write the index and stop, without waiting for it."""
        if self._thread.is_alive():
            try:
                self._loop.call_soon_threadsafe(self._queue.put_nowait, None)
            except RuntimeError:  # the loop has just closed after an error
                pass

    def finish(self) -> None:
        """Write the index and stop; raise a PluginError if Pagefind failed."""
        self.close()
        self._thread.join()
        if self.error is not None:
            raise PluginError(f"search: Pagefind could not build the index in {self.out_dir}: "
                              f"{self.error}") from None


_INDEXER: Indexer | None = None
#: Indexers of earlier languages still writing their bundle while a later language renders.
_FINISHING: list[Indexer] = []


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


def on_pre_build(config):
    """Start indexing this language in the background."""
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
    _INDEXER = Indexer(root / core.PAGEFIND_DIR)
    state.data["search"] = {"records": [], "seconds": 0.0}


def _record_for(page, state) -> core.Record | None:
    """The search record of ``page`` if it is an article of the language being built."""
    catalog = state.catalog
    entry = catalog.pages.get(page.file.src_uri) if catalog else None
    if entry is None or not entry.is_article or entry.lang != state.lang:
        return None
    root = lang_root(state.lang)
    url = page.url[len(root):] if page.url.startswith(root) else page.url
    return core.make_record(
        url=url, lang=state.lang, title=entry.title, description=entry.description,
        topic=shared.topic_label(entry.topic, state.lang) if entry.topic else "",
        tags=entry.tags, date=entry.date, content_html=page.content or "",
    )


def on_page_context(context, page, config, nav):
    """Index an article as it is rendered; give every page the search box's settings."""
    state = shared.STATE
    started = time.perf_counter()
    record = _record_for(page, state)
    if record is not None:
        data = state.data.setdefault("search", {"records": [], "seconds": 0.0})
        data["records"].append(record)
        if _INDEXER is not None:
            _INDEXER.add(record.url, core.pagefind_html(record))
        data["seconds"] = data.get("seconds", 0.0) + time.perf_counter() - started
    root = lang_root(state.lang)
    context["kb_search"] = {
        "lang": state.lang,
        "root": get_relative_url(root or ".", page.url).rstrip("/") + "/",
        "strings": core.strings(state.lang),
    }
    return context


def write_vocabulary(records: list, lang: str, vocab_dir: Path) -> int:
    """Build ``lang``'s query vocabulary from ``records`` and write its shards; return their number."""
    vocab = core.build_vocabulary((r.all_text() for r in records), lang)
    manifest, shards = core.shard_vocabulary(vocab)
    if vocab_dir.exists():
        shutil.rmtree(vocab_dir)
    vocab_dir.mkdir(parents=True)
    for name, text in shards.items():
        (vocab_dir / f"{name}.json").write_text(text, "utf-8")
    (vocab_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return len(shards)


def _vocabulary_child(records: list, lang: str, vocab_dir: Path) -> None:
    """Body of the vocabulary process: exit code 0 on success, 1 (message on stderr) on failure."""
    try:
        write_vocabulary(records, lang, vocab_dir)
    except Exception as err:  # reported by the parent as a PluginError
        os.write(2, f"search: vocabulary for {lang}: {err!r}\n".encode())
        os._exit(1)


#: Vocabulary processes still running: (language, process).
_PENDING: list[tuple[str, "multiprocessing.process.BaseProcess"]] = []


def start_vocabulary(records: list, lang: str, vocab_dir: Path) -> None:
    """Write the vocabulary in a forked process (the second core), or here if fork is missing.

    The German vocabulary, the expensive one (compound splitting), is then
    computed while the English pages render.
    """
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:
        write_vocabulary(records, lang, vocab_dir)
        return
    proc = ctx.Process(target=_vocabulary_child, args=(records, lang, vocab_dir),
                       name=f"kb-search-vocab-{lang}")
    proc.start()
    _PENDING.append((lang, proc))


def join_vocabularies() -> None:
    """Wait for every vocabulary process; a failed one is a PluginError."""
    failed = []
    while _PENDING:
        lang, proc = _PENDING.pop(0)
        proc.join()
        if proc.exitcode != 0:
            failed.append(lang)
    if failed:
        raise PluginError(f"search: the query vocabulary for {', '.join(failed)} could not be "
                          "written (see the message above)")


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
    """Finish the index; write the records export and (in the background) the vocabulary.

    A language another one follows does not wait for its index: Pagefind
    finishes it while the next language renders. The last language's build
    (and a build of one language alone) waits for every index and vocabulary,
    so ``mkdocs build`` and each ``mkdocs serve`` rebuild end with all files
    written.
    """
    global _INDEXER
    state = shared.STATE
    indexer, _INDEXER = _INDEXER, None
    data = state.data.get("search", {})
    records = data.get("records", [])
    last = is_last_language(config, state.lang) or _only_locale()
    started = time.perf_counter()
    if indexer is not None:
        if last:
            indexer.finish()
        else:
            indexer.close()
            _FINISHING.append(indexer)
    waited = time.perf_counter() - started
    out = Path(config.site_dir) / lang_root(state.lang) / core.SEARCH_DIR
    out.mkdir(parents=True, exist_ok=True)
    (out / core.RECORDS_FILE).write_text(
        core.records_jsonl(records, config.site_url or "", lang_root(state.lang)), "utf-8")
    start_vocabulary(records, state.lang, out / "vocab")
    exported = time.perf_counter()
    if last:
        try:
            join_indexers()
        finally:
            join_vocabularies()
    log.debug("%s: %d articles; records %.2f s while rendering, waited %.2f s for Pagefind, "
              "export %.2f s, waited %.2f s for earlier indexes and vocabularies", state.lang, len(records),
              data.get("seconds", 0.0), waited, exported - started - waited,
              time.perf_counter() - exported)


def on_shutdown():
    """Stop a still-running indexer and wait for vocabularies (after a failed build)."""
    global _INDEXER
    if _INDEXER is not None:
        try:
            _INDEXER.finish()
        except PluginError:
            pass
        _INDEXER = None
    for join in (join_indexers, join_vocabularies):
        try:
            join()
        except PluginError as err:
            log.error(str(err))
