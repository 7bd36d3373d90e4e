"""Related articles: text, link graph and structure blended into a short, explained list.

Pure: plain data in (:class:`Doc`), plain data out (``{path: [Relation, …]}``);
no MkDocs. The MkDocs layer (``hooks/related.py``) and the command line
(:mod:`kb.related_cli`) both call :func:`compute`, so the build and the
command line give the same relations.

Signals, for each pair of documents of one language:

* **text**: BM25-weighted term vectors (title and tags boosted, description
  a little), terms from :mod:`kb.german` (folded stems plus compound parts),
  cosine of the vectors truncated to each document's :data:`Settings.max_terms`
  strongest terms. An inverted index over those truncated vectors (postings
  capped at :data:`Settings.max_postings`, terms in more than
  :data:`Settings.max_df` of the documents pruned once the corpus is big)
  gives each document its candidates without an all-pairs matrix.
* **links**: A links B or B links A; co-citation (both linked from the same
  pages) and bibliographic coupling (both link the same pages), each as the
  cosine of the in-link or out-link sets. Hub pages with more than
  :data:`Settings.max_hub` links, or links to more than :data:`Settings.hub_share`
  of all documents (a list of every article says nothing about any two of
  them), are left out of co-citation and coupling.
* **structure**: same series (strong), same topic, same folder. These only
  boost pairs that a text or link signal found, or, on small sites, every pair
  (see :data:`Settings.all_pairs_below`), so a topic with 3,000 articles does
  not make 9 million candidates.

The blend is a weighted sum (:class:`Settings`) of the square root of the
text cosine (long texts give cosines around 0.01 to 0.2; the root spreads
them onto the scale of the other signals without changing their order) and
the other signals; pairs under
:data:`Settings.threshold` are left out. Pins (``related``) always appear,
first, in the order given; excludes (``related_exclude``) never do. Order:
score, then date (newest first, undated last), then title, then path.
"""

from __future__ import annotations

import dataclasses
import gc
import datetime as _dt
import hashlib
import heapq
import itertools
import math
import operator
import posixpath
import re
from collections import Counter, defaultdict
from typing import Iterable, Mapping, Sequence

from kb import german

#: Reason labels per language.
LABELS = {
    "de": {"common": "Gemeinsam: ", "series": "Gleiche Serie", "linked": "Verlinkt",
           "cited": "Ähnlich verlinkt", "topic": "Gleiches Thema", "pinned": "Empfohlen"},
    "en": {"common": "In common: ", "series": "Same series", "linked": "Linked",
           "cited": "Similar links", "topic": "Same topic", "pinned": "Recommended"},
}

#: Text fields of a document and their weight in the term vector.
FIELDS = ("title", "tags", "description", "topic", "body")


@dataclasses.dataclass(frozen=True)
class Settings:
    """The knobs of :func:`compute`, with the values the site uses."""

    top: int = 5  #: at most this many entries per document
    threshold: float = 0.14  #: blended scores below this are left out
    title_boost: float = 3.0
    tag_boost: float = 3.0
    description_boost: float = 1.5
    topic_boost: float = 1.0
    k1: float = 1.2  #: BM25 term-frequency saturation
    b: float = 0.75  #: BM25 length normalisation
    max_terms: int = 32  #: strongest terms kept per document vector
    max_terms_big: int = 24  #: ... once the corpus is big (prune_from documents)
    max_postings: int = 24  #: documents kept per term in the inverted index
    text_candidates: int = 10  #: strongest text matches per document that go on to the blend
    query_terms: int = 8  #: a document's strongest terms that look for candidates (big corpora)
    max_df: float = 0.3  #: terms in more than this share of documents are pruned ...
    prune_from: int = 200  #: ... once there are at least this many documents
    max_hub: int = 50  #: pages with more links take no part in co-citation/coupling
    hub_share: float = 0.5  #: ... nor do pages linking more than this share of the documents
    reason_min: float = 0.03  #: signals contributing less are not named as a reason
    all_pairs_below: int = 300  #: below this many documents every pair is a candidate
    w_text: float = 1.0
    w_link: float = 0.25
    w_cocite: float = 0.15
    w_couple: float = 0.15
    w_series: float = 0.5
    w_topic: float = 0.1
    w_folder: float = 0.02
    reason_terms: int = 2  #: words named in "Gemeinsam: …"


@dataclasses.dataclass
class Doc:
    """One document as :func:`compute` needs it (plain data)."""

    path: str  #: its id: a docs path like ``artikel/x.en.md``
    title: str
    body: str = ""
    description: str = ""
    tags: Sequence[str] = ()
    topic: str | None = None
    series: str | None = None
    date: _dt.date | None = None
    related: Sequence[str] = ()  #: pinned paths (already resolved to this language)
    related_exclude: Sequence[str] = ()  #: excluded paths (resolved)

    @property
    def folder(self) -> str:
        """The folder of the document's path ("" at the top)."""
        return posixpath.dirname(self.path)

    def fingerprint(self) -> str:
        """A hash of everything the text analysis reads (for the serve cache)."""
        parts = [self.title, self.description or "", "\x1f".join(self.tags), self.topic or "", self.body]
        return hashlib.blake2b("\x1e".join(parts).encode("utf-8"), digest_size=16).hexdigest()


@dataclasses.dataclass
class Relation:
    """One entry of a document's related list."""

    path: str
    score: float
    reasons: list[str]

    def as_dict(self) -> dict:
        """The JSON shape: ``{"path", "score", "reasons"}`` with the score rounded."""
        return {"path": self.path, "score": round(self.score, 4), "reasons": list(self.reasons)}


# --- Markdown → text and links ---------------------------------------------------

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
_INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
_REF_DEF = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.M)
_HTML_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.I)
_TAG = re.compile(r"<[^>]*>")
_URL = re.compile(r"\b(?:https?://|www\.)\S+")
_ENTITY = re.compile(r"&[A-Za-z]+;|&#\d+;")


def markdown_text(body: str) -> str:
    """The readable words of a Markdown body: no link targets, URLs, tags or code blocks."""
    text = body
    if "```" in text or "~~~" in text:
        text = _FENCE.sub(" ", text)
    if "]:" in text:
        text = _REF_DEF.sub(" ", text)
    if "](" in text:
        text = _INLINE_LINK.sub(lambda m: " " + m.group(1) + " ", text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    if "&" in text:
        text = _ENTITY.sub(" ", text)
    return text


def markdown_links(body: str) -> list[str]:
    """Every link target of a Markdown body (inline, reference definitions, HTML href)."""
    if "```" in body or "~~~" in body:
        body = _FENCE.sub(" ", body)
    targets = [m.group(2) for m in _INLINE_LINK.finditer(body)] if "](" in body else []
    if "]:" in body:
        targets += _REF_DEF.findall(body)
    if "href" in body.lower():
        targets += _HTML_HREF.findall(body)
    return targets


def resolve_link(source: str, target: str, known: Mapping[str, object] | set[str],
                 lang: str | None = None) -> str | None:
    """The docs path a link in ``source`` points to, if it is a known ``.md`` page.

    Relative to the source's folder; ``/x.md`` is relative to docs/. With a
    language suffix structure (``x.en.md``), a link to ``y.md`` from an
    English page means ``y.en.md`` when that exists.
    """
    target = target.split("#", 1)[0].split("?", 1)[0].strip()
    if not target.endswith(".md") or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
        return None
    if target.startswith("/"):
        path = posixpath.normpath(target.lstrip("/"))
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
    if path.startswith("../") or path == "..":
        return None
    if lang and lang != "de" and not re.search(r"\.[a-z]{2}\.md$", path):
        localized = path[:-3] + f".{lang}.md"
        if localized in known:
            return localized
    return path if path in known else None


def link_graph(bodies: Mapping[str, str], lang: str | None = None) -> dict[str, set[str]]:
    """``{source: {target, …}}`` for the pages in ``bodies`` (self-links dropped)."""
    graph: dict[str, set[str]] = {}
    for source in sorted(bodies):
        out = set()
        for target in markdown_links(bodies[source]):
            path = resolve_link(source, target, bodies, lang)
            if path and path != source:
                out.add(path)
        graph[source] = out
    return graph


def backlinks(graph: Mapping[str, set[str]]) -> dict[str, list[str]]:
    """``{target: [source, …]}`` (sources sorted) from a link graph."""
    back: dict[str, list[str]] = defaultdict(list)
    for source in sorted(graph):
        for target in graph[source]:
            back[target].append(source)
    return dict(back)


# --- text analysis (cached across serve rebuilds) --------------------------------

#: ``(lang, path) → (fingerprint, {field: Counter(token)})``. Kept across
#: builds on purpose: under ``mkdocs serve`` an edit to one article only
#: re-tokenises that article. Bounded by the number of documents ever seen.
_TOKEN_CACHE: dict[tuple[str, str], tuple[str, dict[str, Counter]]] = {}


def _field_texts(doc: Doc) -> dict[str, str]:
    """The text of each field of ``doc``."""
    return {"title": doc.title, "tags": " ".join(doc.tags), "description": doc.description or "",
            "topic": doc.topic or "", "body": markdown_text(doc.body)}


def tokens(doc: Doc, lang: str) -> dict[str, Counter]:
    """Surface-token counts per field of ``doc``, from the cache when unchanged."""
    key = (lang, doc.path)
    fingerprint = doc.fingerprint()
    hit = _TOKEN_CACHE.get(key)
    if hit and hit[0] == fingerprint:
        return hit[1]
    counts = {field: Counter(german.tokenize(text)) for field, text in _field_texts(doc).items()}
    _TOKEN_CACHE[key] = (fingerprint, counts)
    return counts


def clear_cache() -> None:
    """Forget every cached analysis (tests, benchmarks)."""
    _TOKEN_CACHE.clear()


class _Lexicon:
    """Surface token → index terms for one build of one language (memoised)."""

    def __init__(self, lang: str, token_counts: Iterable[dict[str, Counter]]):
        """Build the corpus vocabulary (for compounds) from every document's tokens."""
        self.lang = lang
        self.stop = german.STOPWORDS[lang if lang in german.LANGS else "de"]
        # How many documents use each written form (counted in C; the
        # frequencies compounds and the displayed forms are chosen by).
        total = Counter(itertools.chain.from_iterable(
            counter for fields in token_counts for field, counter in fields.items() if field != "topic"))
        self.total = total
        vocab_counts: Counter = Counter()
        for token, n in total.items():
            if len(token) >= german.MIN_PART and not token.isdigit():
                key = german.fold(token, lang)
                if key not in self.stop:
                    vocab_counts[key] += n
        self.vocab = german.Vocabulary(vocab_counts, lang) if lang == "de" else None
        self.memo: dict[str, tuple[str, ...]] = {}
        self.part_surface: dict[str, str] = {}  # stem → base form, for parts never written alone
        self._display: dict[str, str] | None = None

    def terms(self, token: str) -> tuple[str, ...]:
        """The index terms of one surface token: its stem and its parts' stems."""
        hit = self.memo.get(token)
        if hit is not None:
            return hit
        result: tuple[str, ...] = ()
        if len(token) >= 2 and not token.isdigit():
            key = german.fold(token, self.lang)
            if key not in self.stop:
                main = german.stem(key, self.lang)
                result = (main,)
                if self.vocab is not None and len(key) >= 2 * german.MIN_PART:
                    for part in self.vocab.split(key):
                        term = german.stem(part, self.lang)
                        self.part_surface.setdefault(term, part)
                        result += (term,)
        self.memo[token] = result
        return result

    def display_map(self) -> dict[str, str]:
        """``{term: most frequent written form}`` over the corpus (built once)."""
        if self._display is None:
            self.display("")
        return self._display

    def display(self, term: str) -> str:
        """The word readers see for ``term``: its most frequent written form in the corpus."""
        if self._display is None:
            best: dict[str, tuple[int, str]] = {}
            for token, n in self.total.items():
                terms = self.memo.get(token) or self.terms(token)
                if terms:
                    key = (-n, token)
                    if terms[0] not in best or key < best[terms[0]]:
                        best[terms[0]] = key
            self._display = {t: k[1] for t, k in best.items()}
        word = self._display.get(term)
        if word is not None:
            return word
        part = self.part_surface.get(term, term)
        return part.capitalize() if self.lang == "de" else part


def _vectors(docs: Sequence[Doc], lang: str, settings: Settings) -> tuple[list[dict[str, float]], _Lexicon]:
    """BM25 term weights per document, L2-normalised and truncated to the strongest terms."""
    boosts = {"title": settings.title_boost, "tags": settings.tag_boost,
              "description": settings.description_boost, "topic": settings.topic_boost, "body": 1.0}
    all_tokens = [tokens(doc, lang) for doc in docs]
    lex = _Lexicon(lang, all_tokens)
    memo, terms_of = lex.memo, lex.terms
    tfs: list[dict[str, float]] = []
    lengths: list[float] = []
    df: Counter = Counter()
    for fields in all_tokens:
        tf: dict[str, float] = {}
        get = tf.get
        length = 0
        for field, counter in fields.items():
            boost = boosts[field]
            for token, n in counter.items():
                terms = memo.get(token)
                if terms is None:
                    terms = terms_of(token)
                if not terms:
                    continue
                length += n
                main = terms[0]
                tf[main] = get(main, 0.0) + boost * n
                if len(terms) > 1:
                    for part in terms[1:]:
                        tf[part] = get(part, 0.0) + 0.5 * boost * n  # a part counts half a whole word
        tfs.append(tf)
        lengths.append(length)
        df.update(tf.keys())
    n_docs = len(docs)
    avg = (sum(lengths) / n_docs) if n_docs else 1.0
    max_df = settings.max_df * n_docs if n_docs >= settings.prune_from else n_docs + 1
    idf = {t: math.log(1 + (n_docs - d + 0.5) / (d + 0.5)) for t, d in df.items() if d <= max_df}
    k1, b = settings.k1, settings.b
    top = settings.max_terms if n_docs < settings.prune_from else settings.max_terms_big
    vectors = []
    for tf, length in zip(tfs, lengths):
        norm_len = k1 * (1 - b + b * (length / avg if avg else 1.0))
        weights = {t: idf[t] * f * (k1 + 1) / (f + norm_len) for t, f in tf.items() if t in idf}
        # Cosine uses the full norm; the index keeps only terms that can relate
        # (df >= 2), at most max_terms of them, the strongest.
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        shared = [(w, t) for t, w in weights.items() if df[t] >= 2]
        if len(shared) > top:
            shared = heapq.nlargest(top, shared)
        vectors.append({t: w / norm for w, t in shared})
    return vectors, lex


def _text_scores(vectors: list[dict[str, float]], settings: Settings) -> list[dict[int, float]]:
    """Cosine of each document with its strongest text candidates.

    Small corpora (under :data:`Settings.prune_from` documents) are scored
    exactly, pair by pair through the inverted index. Big ones go through an
    impact-ordered index: each term keeps the :data:`Settings.max_postings`
    documents it weighs most in, each document asks with its
    :data:`Settings.query_terms` strongest terms, and the
    :data:`Settings.text_candidates` best of those candidates are rescored
    with the exact cosine. So the work grows with the number of documents,
    not with its square.
    """
    n = len(vectors)
    small = n < settings.prune_from
    postings: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for term, w in vec.items():
            postings[term].append((w, i))
    cap = settings.max_postings
    index: dict[str, list[tuple[int, float]]] = {}
    for term, plist in postings.items():
        if len(plist) < 2:
            continue  # a term of one document relates nothing
        if not small and len(plist) > cap:
            plist = heapq.nlargest(cap, plist)
        index[term] = [(i, w) for w, i in plist]
    shortlist = settings.text_candidates
    value = operator.itemgetter(1)
    query_terms = settings.query_terms
    scores: list[dict[int, float]] = []
    for i, vec in enumerate(vectors):
        acc: dict[int, float] = {}
        get = acc.get
        query = vec.items()
        if not small and len(vec) > query_terms:
            query = heapq.nlargest(query_terms, query, key=value)
        for term, wq in query:
            plist = index.get(term)
            if plist is None:
                continue
            for j, w in plist:
                acc[j] = get(j, 0.0) + wq * w
        acc.pop(i, None)
        if not small:
            if len(acc) > shortlist:
                acc = dict(heapq.nlargest(shortlist, acc.items(), key=value))
            for j in acc:
                other = vectors[j]
                acc[j] = sum([vec[t] * other[t] for t in vec.keys() & other.keys()])
        scores.append(acc)
    return scores


def _set_cosines(sets: Mapping[str, set[str]], members: Mapping[str, int], max_hub: int) -> dict[tuple[int, int], float]:
    """Cosine of the membership vectors: pairs of members that share a set, weighted.

    ``sets`` maps a page to the members it groups (its out-links for
    co-citation, the pages linking to it for coupling).
    """
    shared: Counter = Counter()
    degree: Counter = Counter()
    for page in sorted(sets):
        group = sorted(members[m] for m in sets[page] if m in members)
        for m in group:
            degree[m] += 1
        if len(group) < 2 or len(group) > max_hub:
            continue
        for x in range(len(group)):
            for y in range(x + 1, len(group)):
                shared[(group[x], group[y])] += 1
    return {pair: n / math.sqrt(degree[pair[0]] * degree[pair[1]]) for pair, n in shared.items()}


def compute(docs: Sequence[Doc], lang: str = "de", links: Mapping[str, set[str]] | None = None,
            settings: Settings = Settings()) -> dict[str, list[Relation]]:
    """The related list of every document in ``docs`` (one language).

    ``links`` is the link graph ``{source: {target, …}}`` over all pages of the
    language (editorial pages included, so they count for co-citation);
    targets outside ``docs`` are fine. Returns ``{path: [Relation, …]}`` with
    at most ``settings.top`` entries, never the document itself.

    The cyclic garbage collector is paused meanwhile: the step allocates
    millions of small dicts and tuples and creates no cycles, and with 10,000
    documents the collector's full passes cost a fifth of the time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _compute(docs, lang, links, settings)
    finally:
        if enabled:
            gc.enable()


def _compute(docs: Sequence[Doc], lang: str, links: Mapping[str, set[str]] | None,
             settings: Settings) -> dict[str, list[Relation]]:
    """:func:`compute` without the garbage-collector switch."""
    docs = sorted(docs, key=lambda d: d.path)  # input order must not matter
    n = len(docs)
    index = {d.path: i for i, d in enumerate(docs)}
    labels = LABELS.get(lang, LABELS["de"])
    vectors, lex = _vectors(docs, lang, settings)
    text = _text_scores(vectors, settings)

    links = links or {}
    direct: set[tuple[int, int]] = set()
    for source, targets in links.items():
        i = index.get(source)
        if i is None:
            continue
        for target in targets:
            j = index.get(target)
            if j is not None and j != i:
                direct.add((min(i, j), max(i, j)))
    hub = min(settings.max_hub, max(2, int(settings.hub_share * n)))
    cocite = _set_cosines(links, index, hub)
    inlinks: dict[str, set[str]] = defaultdict(set)
    for source, targets in links.items():
        if source in index:
            for target in targets:
                inlinks[target].add(source)
    couple = _set_cosines(inlinks, index, hub)

    series: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        if d.series:
            series[d.series].append(i)

    # Non-text signals per document: {other: score}. Sparse: only linked pairs and series.
    extra: list[dict[int, float]] = [defaultdict(float) for _ in range(n)]
    for (i, j) in direct:
        extra[i][j] += settings.w_link
        extra[j][i] += settings.w_link
    for pairs, weight in ((cocite, settings.w_cocite), (couple, settings.w_couple)):
        for (i, j), value in pairs.items():
            extra[i][j] += weight * value
            extra[j][i] += weight * value
    for members in series.values():
        for i in members:
            for j in members:
                if i != j:
                    extra[i][j] += settings.w_series
    everyone = range(n) if n < settings.all_pairs_below else ()

    # Ties: newer date first, undated last, then title, then path.
    order = sorted(range(n), key=lambda k: _order_key(docs[k]))
    rank = [0] * n
    for position, k in enumerate(order):
        rank[k] = position
    topics = [d.topic for d in docs]
    folders = [d.folder for d in docs]
    shortlist = settings.text_candidates
    value = operator.itemgetter(1)

    common: dict[tuple[int, int], list[str]] = {}

    def explain(i: int, j: int, pinned: bool = False) -> Relation:
        """The relation of i to j: the blended score (as in the loop below) and its reasons."""
        doc, other = docs[i], docs[j]
        pair = (i, j) if i < j else (j, i)
        parts: list[tuple[float, str]] = []
        t = text[i].get(j, 0.0)
        if t > 0:
            words = common.get(pair)
            if words is None:  # symmetric: j's entry for i names the same words
                words = common[pair] = _common_words(vectors[i], vectors[j], lex, settings.reason_terms)
            parts.append((settings.w_text * math.sqrt(t), labels["common"] + ", ".join(words) if words else ""))
        if doc.series and doc.series == other.series:
            parts.append((settings.w_series, labels["series"]))
        if pair in direct:
            parts.append((settings.w_link, labels["linked"]))
        graph = settings.w_cocite * cocite.get(pair, 0.0) + settings.w_couple * couple.get(pair, 0.0)
        if graph > 0:
            parts.append((graph, labels["cited"]))
        score = settings.w_text * math.sqrt(t) + extra[i].get(j, 0.0)
        if topics[i] and topics[i] == topics[j]:
            parts.append((settings.w_topic, labels["topic"]))
            score += settings.w_topic
        if folders[i] == folders[j]:
            score += settings.w_folder
        reasons = _reasons([p for p in parts if p[0] >= settings.reason_min])
        if pinned:
            reasons = [labels["pinned"], *reasons][:3]
        return Relation(other.path, score, reasons)

    result: dict[str, list[Relation]] = {}
    threshold = settings.threshold
    w_text, w_topic, w_folder = settings.w_text, settings.w_topic, settings.w_folder
    sqrt = math.sqrt
    for i, doc in enumerate(docs):
        exclude = {index[p] for p in doc.related_exclude if p in index}
        pins = [index[p] for p in dict.fromkeys(doc.related) if p in index and p != doc.path]
        pins = [j for j in pins if j not in exclude]
        skip = exclude | set(pins) | {i}
        t, x = text[i], extra[i]
        # Only the strongest text matches go on (the other signals are far
        # smaller than a strong text match, except links and series, which
        # are candidates of their own).
        strong = t if len(t) <= shortlist else dict(heapq.nlargest(shortlist, t.items(), key=value))
        topic, folder = topics[i], folders[i]
        scored = []
        for j in set(strong).union(x, everyone):
            if j in skip:
                continue
            score = w_text * sqrt(t.get(j, 0.0)) + x.get(j, 0.0)
            if topic and topics[j] == topic:
                score += w_topic
            if folders[j] == folder:
                score += w_folder
            if score >= threshold:
                scored.append((-round(score, 9), rank[j], j))
        room = max(settings.top - len(pins), 0)
        best = heapq.nsmallest(room, scored)
        entries = [explain(i, j, pinned=True) for j in pins[: settings.top]]
        entries += [explain(i, j) for _, _, j in best]
        result[doc.path] = entries
    return result


def _order_key(doc: Doc) -> tuple:
    """Order among equal scores: newer date first (undated last), then title, then path."""
    return (doc.date is None, -(doc.date.toordinal() if doc.date else 0), doc.title.casefold(), doc.path)


def _common_words(vi: Mapping[str, float], vj: Mapping[str, float], lex: _Lexicon, count: int) -> list[str]:
    """The ``count`` words that contribute most to the text match, as readers write them.

    German: capitalised words (nouns, names) go before the others among the
    strongest few.
    """
    shared = sorted([(-w * vj[k], k) for k, w in vi.items() if k in vj])[: 3 * count]
    shown = lex.display_map()
    words = [shown.get(term) or lex.display(term) for _, term in shared]
    if lex.lang == "de":
        words.sort(key=lambda w: not w[:1].isupper())  # stable: strength order within each group
    out: list[str] = []
    seen: set[str] = set()
    for word in words:
        if word.casefold() not in seen:
            seen.add(word.casefold())
            out.append(word)
        if len(out) == count:
            break
    return out


def _reasons(parts: list[tuple[float, str]]) -> list[str]:
    """Up to three labels, strongest signal first."""
    ordered = sorted((p for p in parts if p[1]), key=lambda p: -p[0])
    return [label for _, label in ordered][:3]


def resolve_override(value: str, lang: str, known: Mapping[str, object] | set[str]) -> str | None:
    """The path in ``lang`` that an override names (``artikel/x.md`` → ``artikel/x.en.md``), or None."""
    path = posixpath.normpath(value.strip().lstrip("/"))
    if path.startswith("docs/"):
        path = path[len("docs/"):]
    if lang != "de":
        m = re.search(r"\.([a-z]{2})\.md$", path)
        key = path[: m.start()] + ".md" if m else path
        localized = key[:-3] + f".{lang}.md" if key.endswith(".md") else key
        return localized if localized in known else None
    return path if path in known else None


@dataclasses.dataclass(frozen=True)
class OverrideProblem:
    """A ``related``/``related_exclude`` entry that names no article of the language."""

    path: str
    field: str
    value: str

    def __str__(self) -> str:
        return (f"{self.path}: field '{self.field}': '{self.value}' names no article; "
                "give a path below docs/, e.g. artikel/beispiel.md")


def from_pages(pages: Iterable, lang: str) -> tuple[list[Doc], dict[str, set[str]], list[OverrideProblem]]:
    """Turn catalogue pages (``kb.catalog.Page`` or alike) of ``lang`` into :func:`compute` input.

    Returns the article documents of ``lang`` (overrides resolved to this
    language), the link graph over every page of ``lang`` (editorial pages
    included) and the override entries that name no article.
    """
    pages = list(pages)
    known = {p.path for p in pages}
    own = sorted((p for p in pages if p.lang == lang), key=lambda p: p.path)
    articles = {p.path for p in own if p.is_article}
    problems: list[OverrideProblem] = []
    docs = []
    for page in own:
        if not page.is_article:
            continue
        resolved = {}
        for field in ("related", "related_exclude"):
            paths = []
            for value in getattr(page, field) or ():
                target = resolve_override(value, lang, articles)
                if target is None:
                    problems.append(OverrideProblem(page.path, field, value))
                else:
                    paths.append(target)
            resolved[field] = paths
        docs.append(Doc(path=page.path, title=page.title, body=page.body or "",
                        description=page.description or "", tags=list(page.tags or ()),
                        topic=page.topic, series=page.series, date=page.date,
                        related=resolved["related"], related_exclude=resolved["related_exclude"]))
    graph: dict[str, set[str]] = {}
    for page in own:
        out = set()
        for target in markdown_links(page.body or ""):
            path = resolve_link(page.path, target, known, lang)
            if path and path != page.path:
                out.add(path)
        graph[page.path] = out
    return docs, graph, problems


def as_json(relations: Mapping[str, list[Relation]]) -> dict[str, list[dict]]:
    """``{path: [{"path", "score", "reasons"}, …]}``: the shape of ``STATE.data["related"]``."""
    return {path: [r.as_dict() for r in rels] for path, rels in sorted(relations.items())}
