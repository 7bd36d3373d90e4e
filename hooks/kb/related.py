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
* **links**: A links B (out), B links A (in); co-citation (both linked from
  the same pages) and bibliographic coupling (both link the same pages), each
  as a cosine of the in-link or out-link sets and as an Adamic-Adar sum (a
  shared page counts 1 / log(1 + its links): one linking three pages says
  more than one linking forty); optionally 2-hop paths (off: no gain on dev). Hub pages with more than :data:`Settings.max_hub` links, or
  links to more than :data:`Settings.hub_share` of all documents (a list of
  every article says nothing about any two of them), are no intermediates.
* **popularity**: how often the other page is linked to (log scale), only for
  pages another signal relates: "see also" lists favour the main pages.
* **structure**: parent page (``a/b.md`` for ``a/b/c.md``) and children;
  siblings (same folder, less in bigger folders); same series (strong), same
  topic. A topic or folder holding most of the documents fades out
  (:data:`Settings.topic_share_full` … :data:`Settings.topic_share_max`).
  Ancestors above the parent and pages anywhere below a page count against
  (negative weights: a section's start page is too general, an overview
  lists its own parts already); the pages the parent page links count for.
* **link count**: how often the body links the other (log scale): an article
  that links a page three times builds on it.
* **code names**: rare inline code words both bodies use (``Set-Cookie``).
* **introduction links**: A links B before its first heading (what an
  article names in its first paragraphs is what it builds on), and back.
* **title**: the titles' shared terms (idf-weighted cosine: ``flex-basis``
  and ``flex-grow``).
* **relative text**: the text cosine divided by the document's best one, and
  by the other document's best one (long and short texts on one scale).

Each document is scored against its candidates only (its strongest text
matches, strongest graph neighbours and code-name sharers, see
:data:`Settings.graph_candidates`, parent and children; on small sites, see
:data:`Settings.all_pairs_below`, every document), so a topic with 3,000
articles does not make 9 million pairs, nor a page linked from hundreds of
pages thousands of co-citation pairs. The blend is a weighted sum
(:class:`Settings`, weights set on the dev half of the German MDN corpus,
BENCHMARKS.md) of the square root of the text cosine (long texts give cosines
around 0.01 to 0.2; the root spreads them onto the scale of the other
signals without changing their order) and the other signals (:func:`_features`);
pairs under :data:`Settings.threshold` are left out. Pins (``related``) always appear,
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
from kb.texts import texts


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
    k1: float = 10.0  #: BM25 term-frequency saturation (high: close to plain term frequency; best on dev)
    b: float = 1.0  #: BM25 length normalisation (full; best on dev)
    max_terms: int = 32  #: strongest terms kept per document vector
    max_terms_big: int = 128  #: ... once the corpus is big (prune_from documents)
    max_postings: int = 100  #: documents kept per term in the inverted index
    text_candidates: int = 30  #: strongest text matches per document that go on to the blend
    graph_candidates: int = 30  #: strongest link-graph neighbours (weighted link signals) that go on to the blend
    code_candidates: int = 10  #: strongest code-name sharers that go on to the blend
    query_terms: int = 16  #: a document's strongest terms that look for candidates (big corpora)
    max_df: float = 0.3  #: terms in more than this share of documents are pruned ...
    prune_from: int = 200  #: ... once there are at least this many documents
    max_hub: int = 50  #: pages with more links take no part in co-citation/coupling
    hub_share: float = 0.5  #: ... nor do pages linking more than this share of the documents
    reason_min: float = 0.03  #: signals contributing less are not named as a reason
    all_pairs_below: int = 300  #: below this many documents every pair is a candidate
    code_max_df: float = 0.01  #: code names in more than this share of the documents are not rare
    topic_share_full: float = 0.5  #: a topic holding up to this share of the documents counts fully ...
    topic_share_max: float = 0.9  #: ... and one holding this share or more not at all (linear between)
    # The blend's weights, set on the dev half of the German MDN corpus
    # (BENCHMARKS.md, "Related articles on real German text").
    w_text: float = 1.0  #: square root of the text cosine
    w_out: float = 0.064  #: this document links the other
    w_in: float = 0.125  #: the other links this one
    w_cocite: float = 0.3531  #: linked from the same pages (cosine)
    w_couple: float = 0.0  #: linking the same pages (cosine; 0: the Adamic-Adar sum below does it better on dev)
    w_hop: float = 0.0  #: paths over one page (0: not computed; it did not help on dev)
    w_parent: float = 0.0096  #: parent page or child page (about 0 on dev; kept so the reason shows)
    w_sibling: float = 0.1361  #: same folder, divided by log2(1 + folder size)
    w_code: float = 0.0781  #: shared rare code names (cosine); named as a reason from code_reason_min
    w_popular: float = 0.401  #: how often the other is linked to (log scale, 0..1)
    w_title: float = 0.0  #: the titles' shared terms (idf-weighted cosine; 0: no gain on dev once k1 is 10)
    w_lead_out: float = 0.25  #: this document links the other before its first heading (its introduction)
    w_lead_in: float = 0.05  #: the other links this one in its introduction
    w_text_rel: float = 0.2  #: the text cosine relative to the document's best text match (0..1)
    w_aa_cocite: float = 0.04  #: linked from the same pages, each counting 1 / log(1 + its links) (Adamic-Adar)
    w_aa_couple: float = 0.05  #: linking the same pages, each counting 1 / log(1 + the links to it)
    w_link_count: float = 0.1  #: log(1 + how many links this document's body makes to the other)
    w_text_rel_other: float = 0.2  #: the text cosine relative to the other document's best text match (0..1)
    w_above: float = -2.0  #: the other is an ancestor above the parent (``a.md`` for ``a/b/c.md``): a section's start page, too general
    w_below: float = -1.6  #: the other sits anywhere below this one (``a/b/c.md`` for ``a.md``; children too): an overview lists its own parts already
    w_parent_links: float = 0.1  #: this document's parent page links the other (the overview lists it)
    code_reason_min: float = 0.3  #: code-name cosine from which "Gemeinsam: Set-Cookie" is named
    w_series: float = 0.5
    w_topic: float = 0.1
    reason_terms: int = 2  #: words named in "Gemeinsam: …"
    part_weight: float = 0.5  #: a compound part counts this much of a whole word


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
# ``(?:!\[|\[)`` rather than ``!?\[``: a pattern that starts with a set of
# literals lets the regex engine skip to the next "!" or "[" (half the time).
_INLINE_LINK = re.compile(r"(?:!\[|\[)([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
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
        text = _INLINE_LINK.sub(r" \1 ", text)
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


def backlinks(graph: Mapping[str, set[str]],
              relations: Mapping[str, Sequence["Relation"]] | None = None) -> dict[str, list[str]]:
    """``{target: [source, …]}`` from a link graph, the most relevant source first.

    Without ``relations`` the sources are sorted by path. With them (the
    result of :func:`compute`): first the sources that are among the target's
    related articles (in that order), then the sources the target links back
    to, then the others by how few links they make (a page that links to
    three pages says more about each than a list of a thousand), then path.
    """
    back: dict[str, list[str]] = defaultdict(list)
    for source in sorted(graph):
        for target in graph[source]:
            back[target].append(source)
    if relations is None:
        return dict(back)
    ranked = {}
    for target, sources in back.items():
        listed = {r.path: k for k, r in enumerate(relations.get(target, ()))}
        mine = graph.get(target, set())
        ranked[target] = sorted(sources, key=lambda s: (listed.get(s, len(listed)), s not in mine,
                                                        len(graph.get(s, ())), s))
    return ranked


# --- text analysis (cached across serve rebuilds) --------------------------------

#: ``(lang, path) → (fingerprint, {field: Counter(token)})``. Kept across
#: builds on purpose: under ``mkdocs serve`` an edit to one article only
#: re-tokenises that article. Bounded by the number of documents ever seen.
_TOKEN_CACHE: dict[tuple[str, str], tuple[str, dict[str, Counter]]] = {}


def _field_texts(doc: Doc) -> dict[str, str]:
    """The text of each field of ``doc`` (:data:`FIELDS`)."""
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
        # How many documents use each written form (counted in C): the
        # frequencies compounds are split by.
        total = self.total = Counter(itertools.chain.from_iterable(
            counter for fields in token_counts for field, counter in fields.items() if field != "topic"))
        self.vocab = german.Vocabulary.from_counts(total, lang) if lang == "de" else None
        self.memo: dict[str, tuple[str, ...]] = {}
        self._forms: dict[str, tuple[str, ...]] | None = None
        self._forms_upper: dict[str, tuple[str, ...]] | None = None

    def terms(self, token: str) -> tuple[str, ...]:
        """The index terms of one surface token: its stem and its parts' stems."""
        hit = self.memo.get(token)
        if hit is not None:
            return hit
        # Only capitalised words (German nouns: "Versicherungspflicht") are
        # split; code names ("getElementById") and lower-case words are not.
        result = tuple(term for term, _ in german.token_terms(token, self.lang, self.vocab, nouns_only=True))
        self.memo[token] = result
        return result

    def forms(self, term: str) -> tuple[str, ...]:
        """The written forms of ``term`` as a whole word (not as a compound part) in the corpus."""
        if self._forms is None:
            forms: dict[str, list[str]] = defaultdict(list)
            for token, terms in self.memo.items():
                if terms:
                    forms[terms[0]].append(token)
            self._forms = {t: tuple(f) for t, f in forms.items()}
        return self._forms.get(term, ())

    def forms_upper(self, term: str) -> tuple[str, ...]:
        """The capitalised ones of :meth:`forms` (German nouns and names: what a reason names)."""
        if self._forms_upper is None:
            self.forms("")
            self._forms_upper = {t: u for t, f in self._forms.items() if (u := tuple(w for w in f if w[:1].isupper()))}
        return self._forms_upper.get(term, ())


def _vectors(docs: Sequence[Doc], lang: str,
             settings: Settings) -> tuple[list[dict[str, float]], _Lexicon, list[dict[str, Counter]]]:
    """BM25 term weights per document, L2-normalised and truncated to the strongest terms.

    Each vector's terms are in descending weight order (the candidate search
    takes the first :data:`Settings.query_terms`). Also returns the lexicon and
    each document's token counts per field (for the reasons).
    """
    boosts = {"title": settings.title_boost, "tags": settings.tag_boost,
              "description": settings.description_boost, "topic": settings.topic_boost}
    all_tokens = [tokens(doc, lang) for doc in docs]
    lex = _Lexicon(lang, all_tokens)
    # Each distinct written form is analysed once: its main term ("" for a
    # stopword) and its compound parts (only a few forms have any).
    main_of: dict[str, str] = {}
    parts_of: dict[str, tuple[str, ...]] = {}
    for token in lex.total:
        terms = lex.terms(token)
        main_of[token] = terms[0] if terms else ""
        if len(terms) > 1:
            parts_of[token] = terms[1:]
    part_weight, has_parts = settings.part_weight, parts_of.__contains__
    tfs: list[dict[str, float]] = []
    lengths: list[float] = []
    df: Counter = Counter()
    for fields in all_tokens:
        body = fields["body"]
        tf: dict[str, float] = {}
        get = tf.get
        for token, n in body.items():
            term = main_of[token]
            tf[term] = get(term, 0) + n
        tf.pop("", None)
        length = sum(tf.values())
        # In the text's order (the float sums do not depend on hashing); the
        # few compounds are picked out in C.
        for token in filter(has_parts, body):
            n = part_weight * body[token]
            for part in parts_of[token]:
                tf[part] = get(part, 0) + n
        for field, boost in boosts.items():
            for token, n in fields[field].items():
                term = main_of.get(token)
                if term is None:  # a topic's word (the compound vocabulary leaves topics out)
                    terms = lex.terms(token)
                    term = main_of[token] = terms[0] if terms else ""
                    if len(terms) > 1:
                        parts_of[token] = terms[1:]
                if not term:
                    continue
                length += n
                tf[term] = get(term, 0) + boost * n
                for part in parts_of.get(token, ()):
                    tf[part] = get(part, 0) + part_weight * boost * n
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
    for k, length in enumerate(lengths):
        tf, tfs[k] = tfs[k], None  # freed as its vector is made: the peak holds one set of dicts, not two
        norm_len = k1 * (1 - b + b * (length / avg if avg else 1.0))
        weights = {t: idf[t] * f * (k1 + 1) / (f + norm_len) for t, f in tf.items() if t in idf}
        # Cosine uses the full norm; the index keeps only terms that can relate
        # (df >= 2), at most max_terms of them, the strongest.
        norm = math.sqrt(math.fsum(w * w for w in weights.values())) or 1.0
        shared = [(w, t) for t, w in weights.items() if df[t] >= 2]
        shared.sort(reverse=True)  # (in C: faster than heapq.nlargest for these sizes, same terms)
        vectors.append({t: w / norm for w, t in shared[:top]})
    return vectors, lex, all_tokens


def _text_scores(vectors: list[dict[str, float]], settings: Settings) -> list[dict[int, float]]:
    """Cosine of each document with its strongest text candidates.

    Small corpora (under :data:`Settings.prune_from` documents) are scored
    exactly, every pair that shares a term, through the inverted index. Big
    ones go through an impact-ordered index: each term keeps the
    :data:`Settings.max_postings` documents it weighs most in, each document
    asks with its :data:`Settings.query_terms` strongest terms, the
    :data:`Settings.text_candidates` documents found under most of those terms
    (counted in C, no weights summed in Python) are scored with the exact
    cosine. So the work grows with the number of documents, not with its square.
    """
    n = len(vectors)
    postings: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for term, w in vec.items():
            postings[term].append((w, i))
    if n < settings.prune_from:
        return _exact_text_scores(vectors, postings)
    cap = settings.max_postings
    index: dict[str, list[int]] = {}
    for term, plist in postings.items():
        if len(plist) >= 2:  # a term of one document relates nothing
            if len(plist) > cap:
                plist.sort(reverse=True)  # the strongest first (a sort in C beats heapq.nlargest here)
                del plist[cap:]
            index[term] = [i for _, i in plist]
    del postings
    shortlist, query_terms = settings.text_candidates, settings.query_terms
    mul, chain, islice = operator.mul, itertools.chain.from_iterable, itertools.islice

    def row(i: int, vec: dict[str, float]) -> dict[int, float]:
        """Document ``i``'s text candidates and their cosines."""
        # The vector's terms come strongest first (:func:`_vectors`).
        found = Counter(chain([index[t] for t in islice(vec, query_terms) if t in index]))
        found.pop(i, None)
        if len(found) > shortlist:
            # The documents found under most query terms, in the order found
            # among equals: every one above the shortlist's lowest count, then
            # the first ones with that count.
            least = sorted(found.values(), reverse=True)[shortlist - 1]
            best = [j for j, c in found.items() if c > least]
            best += islice((j for j, c in found.items() if c == least), shortlist - len(best))
        else:
            best = found
        terms, weight_of = vec.keys(), vec.__getitem__
        cosines = {}
        for j in best:
            if j < i:  # the cosine is symmetric: row j may hold it already (a quarter of the pairs)
                known = rows[j].get(i)
                if known is not None:
                    cosines[j] = known
                    continue
            other = vectors[j]
            shared = terms & other.keys()
            cosines[j] = math.fsum(map(mul, map(weight_of, shared), map(other.__getitem__, shared)))
        return cosines

    rows: list[dict[int, float]] = []
    for i, vec in enumerate(vectors):
        rows.append(row(i, vec))
    return rows


def _exact_text_scores(vectors: list[dict[str, float]],
                       postings: Mapping[str, list[tuple[float, int]]]) -> list[dict[int, float]]:
    """The cosine of every pair of documents that share a term (small corpora)."""
    scores: list[dict[int, float]] = []
    for i, vec in enumerate(vectors):
        acc: dict[int, float] = {}
        get = acc.get
        for term, wq in vec.items():
            plist = postings[term]
            if len(plist) >= 2:
                for w, j in plist:
                    acc[j] = get(j, 0.0) + wq * w
        acc.pop(i, None)
        scores.append(acc)
    return scores


#: What each document knows about another: the signals of :func:`_features`.
SIGNALS = ("text", "out", "in", "cocite", "couple", "hop", "parent", "sibling", "code", "popular", "title",
           "lead_out", "lead_in", "text_rel", "aa_cocite", "aa_couple", "link_count", "text_rel_other",
           "above", "below", "parent_links")

_CODE = re.compile(r"`([^`\s]{3,60})`")
_IDENT = re.compile(r"[A-Za-z_$@:-][\w$@:.-]*[\w)]")


def code_names(body: str) -> set[str]:
    """The code names of a Markdown body: inline code spans of one word (``Set-Cookie``, ``flex-basis``).

    Lower-cased, a trailing ``()`` dropped; spans with no letter (``100``,
    ``--``) are none.
    """
    names = set()
    if "`" not in body:
        return names
    for span in _CODE.findall(body):
        span = span.strip("<>;,.")
        if span.endswith("()"):
            span = span[:-2]
        if len(span) >= 3 and _IDENT.fullmatch(span) and any(ch.isalpha() for ch in span):
            names.add(span.lower())
    return names


def parent_path(path: str, known: Mapping[str, int]) -> str | None:
    """The page a path sits below: ``a/b.md`` for ``a/b/c.md`` (or ``a/b/index.md``), if it exists."""
    folder = posixpath.dirname(path)
    if not folder:
        return None
    if path.endswith("/index.md") or path == "index.md":
        folder = posixpath.dirname(folder)
        if not folder and "index.md" in known and path != "index.md":
            return "index.md"
    for candidate in (folder + ".md", folder + "/index.md"):
        if candidate != path and candidate in known:
            return candidate
    return None


def _graph_features(n: int, out: list[set[int]], inn: list[set[int]], max_hub: int,
                    hops: bool = True) -> list[dict[int, list[float]]]:
    """Per document ``{other: [out, in, cocite, couple, hop]}`` from the link graph.

    ``out[i]``/``inn[i]`` are the documents ``i`` links to / is linked from
    (indices; pages outside the documents take part as intermediates, see
    :func:`compute`). Co-citation counts the pages linking to both, coupling
    the pages both link to, hop the paths ``i → k → j`` and ``j → k → i``;
    each count is divided by the square root of the two degrees (a cosine).
    Pages with more than ``max_hub`` links (out for co-citation and hop, in for
    coupling) are no intermediates: a list of everything relates nothing.
    ``hops=False`` leaves the hop signal (and its candidates) out.
    """
    return [_graph_row(i, n, out, inn, max_hub, hops) for i in range(n)]


def _graph_row(i: int, n: int, out: list[set[int]], inn: list[set[int]], max_hub: int,
               hops: bool = True) -> dict[int, list[float]]:
    """Row ``i`` of :func:`_graph_features`: ``{other: [out, in, cocite, couple, hop]}``."""
    feats: dict[int, list[float]] = {}
    for j in out[i]:
        if j < n and j != i:
            feats[j] = [1.0, 0.0, 0.0, 0.0, 0.0]
    for j in inn[i]:
        if j < n and j != i:
            f = feats.get(j)
            if f is None:
                feats[j] = [0.0, 1.0, 0.0, 0.0, 0.0]
            else:
                f[1] = 1.0
    cocite: Counter = Counter()
    for k in inn[i]:
        if len(out[k]) <= max_hub:
            cocite.update(out[k])
    couple: Counter = Counter()
    hop: Counter = Counter()
    for k in out[i]:
        if len(inn[k]) <= max_hub:
            couple.update(inn[k])
        if hops and len(out[k]) <= max_hub:
            hop.update(out[k])
    for k in inn[i] if hops else ():
        if len(inn[k]) <= max_hub:
            hop.update(inn[k])
    din, dout = len(inn[i]) or 1, len(out[i]) or 1
    sqrt = math.sqrt
    for counter, slot, degree, own in ((cocite, 2, inn, din), (couple, 3, out, dout)):
        counter.pop(i, None)
        for j, c in counter.items():  # (the hottest loop of the rows: no setdefault, no [0.0] * 5 per pair)
            if j < n:
                f = feats.get(j)
                if f is None:
                    f = feats[j] = [0.0, 0.0, 0.0, 0.0, 0.0]
                f[slot] = c / sqrt(own * (len(degree[j]) or 1))
    dall = din + dout
    for j, c in hop.items():
        if j < n and j != i:
            feats.setdefault(j, [0.0] * 5)[4] = c / math.sqrt(dall * (len(inn[j]) + len(out[j]) or 1))
    return feats


def _code_scores(names: list[set[str]], max_df: int) -> list[dict[int, float]]:
    """Per document ``{other: score}`` for shared rare code names: cosine of idf-weighted name sets."""
    n = len(names)
    holders: dict[str, list[int]] = defaultdict(list)
    for i, found in enumerate(names):
        for name in found:
            holders[name].append(i)
    idf = {name: math.log(n / len(ids)) for name, ids in holders.items() if 2 <= len(ids) <= max_df}
    norms = [math.sqrt(math.fsum(idf[x] ** 2 for x in found if x in idf)) for found in names]
    scores: list[dict[int, float]] = [dict() for _ in range(n)]
    for name, weight in sorted(idf.items()):  # sorted: the float sums do not depend on hashing
        ids, square = holders[name], weight * weight
        for a in ids:
            row = scores[a]
            get = row.get
            for b in ids:  # a itself too (no test per pair): dropped below
                row[b] = get(b, 0.0) + square
    for a, row in enumerate(scores):
        row.pop(a, None)
        norm = norms[a]
        for b, value in row.items():
            row[b] = value / (norm * norms[b])
    return scores


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


class _GraphRows:
    """The rows of :func:`_graph_features`, each made when asked for (the last one kept).

    All rows at once would hold every candidate pair's graph signals (hundreds
    of MB at 14,000 pages); :func:`_compute` needs one document's row at a time.
    """

    def __init__(self, n: int, out: list[set[int]], inn: list[set[int]], max_hub: int, hops: bool):
        """Keep the graph (index sets) and the hub limit."""
        self.args = (n, out, inn, max_hub, hops)
        self.last: tuple[int, dict[int, list[float]]] | None = None

    def __getitem__(self, i: int) -> dict[int, list[float]]:
        """Row ``i``."""
        if self.last is None or self.last[0] != i:
            n, out, inn, max_hub, hops = self.args
            self.last = (i, _graph_row(i, n, out, inn, max_hub, hops))
        return self.last[1]


@dataclasses.dataclass
class _Signals:
    """Everything :func:`_compute` blends, per document (indices into the sorted documents)."""

    docs: list[Doc]
    index: dict[str, int]
    vectors: list[dict[str, float]]
    lex: "_Lexicon"
    tokens: list[dict[str, Counter]]  #: surface-token counts per field of each document (:func:`tokens`)
    text: list[dict[int, float]]
    graph: "_GraphRows"  #: ``graph[i]``: row i of :func:`_graph_features`, made when asked for
    code: list[dict[int, float]]
    names: list[set[str]]
    parent: list[int | None]
    children: dict[int, list[int]]
    folder_size: Counter
    topic_share: dict[str, float]
    popular: list[float]
    sibling: dict[str, float]  #: folder → sibling signal of two of its documents
    folders: list[str]  #: each document's folder
    titles: list[dict[str, float]]  #: each title's terms, idf-weighted and L2-normalised
    lead_out: list[set[int]]  #: the documents each one links in its introduction (:func:`intro_links`)
    lead_in: list[set[int]]  #: the documents linking each one in their introduction
    text_max: list[float]  #: each document's best text cosine among its candidates
    aa_cite: list[float]  #: per graph node: 1 / log(1 + its out-links) as a shared citer (0 for hubs, single links)
    aa_cited: list[float]  #: per graph node: 1 / log(1 + its in-links) as a shared target (0 likewise)
    link_counts: list[dict[int, int]]  #: per document: how many links its body makes to each document (:func:`link_counts`)
    above: list[frozenset[int]]  #: per document: its ancestors above its parent (the parent's parent, …)


def signals(docs: Sequence[Doc], lang: str, links: Mapping[str, set[str]] | None,
            settings: Settings) -> _Signals:
    """Compute every signal of ``docs`` once (the blend, and the benchmark's weight search, read them)."""
    docs = sorted(docs, key=lambda d: d.path)  # input order must not matter
    n = len(docs)
    index = {d.path: i for i, d in enumerate(docs)}
    vectors, lex, counts = _vectors(docs, lang, settings)
    text = _text_scores(vectors, settings)
    # Pages outside docs (editorial pages, pages of no article folder) take
    # part in the graph as intermediates, with indices from n on.
    nodes = dict(index)
    for source, targets in (links or {}).items():
        nodes.setdefault(source, len(nodes))
        for target in targets:
            nodes.setdefault(target, len(nodes))
    out: list[set[int]] = [set() for _ in nodes]
    inn: list[set[int]] = [set() for _ in nodes]
    for source, targets in (links or {}).items():
        s = nodes[source]
        for target in targets:
            t = nodes[target]
            if t != s:
                out[s].add(t)
                inn[t].add(s)
    hub = min(settings.max_hub, max(2, int(settings.hub_share * n)))
    graph = _GraphRows(n, out, inn, hub, settings.w_hop > 0)
    # How often a document is linked to, on a 0..1 log scale: "see also" lists
    # favour the pages many others point to (the guide, the main reference).
    # Hub pages (a list of every article) do not count.
    indegree = [sum(1 for k in inn[i] if len(out[k]) <= hub) for i in range(n)]
    top_in = math.log1p(max(indegree, default=0)) or 1.0
    popular = [math.log1p(d) / top_in for d in indegree]
    names = [code_names(d.body) for d in docs]
    code = _code_scores(names, max(2, int(settings.code_max_df * n)))
    parent = []
    for d in docs:
        p = parent_path(d.path, index)
        parent.append(index[p] if p else None)
    children: dict[int, list[int]] = defaultdict(list)
    for j, p in enumerate(parent):
        if p is not None:
            children[p].append(j)
    folder_size = Counter(d.folder for d in docs)
    lead_out = [intro_links(d, index, lang) for d in docs]
    lead_in: list[set[int]] = [set() for _ in docs]
    for i, targets in enumerate(lead_out):
        for j in targets:
            lead_in[j].add(i)
    # Siblings: the smaller the folder the more it says; a folder holding
    # nearly every document (all articles in artikel/) says nothing, as a topic.
    sibling = {f: _share_fade(size / n, settings) / math.log2(1 + size) for f, size in folder_size.items()}
    topics = Counter(d.topic for d in docs if d.topic)
    topic_share = {t: c / n for t, c in topics.items()}
    return _Signals(docs, index, vectors, lex, counts, text, graph, code, names, parent, dict(children),
                    folder_size, topic_share, popular, sibling, [d.folder for d in docs],
                    _title_vectors(counts, lex) if settings.w_title else [{}] * n, lead_out, lead_in, [max(row.values(), default=0.0) for row in text],
                    _adamic_adar(out, hub), _adamic_adar(inn, hub), link_counts(docs, index, lang), _above(parent))


def _above(parent: Sequence[int | None]) -> list[frozenset[int]]:
    """Per document the ancestors above its parent (parent's parent and up), from the parent of each."""
    above = []
    for p in parent:
        found: list[int] = []
        k = parent[p] if p is not None else None
        while k is not None and k not in found and k != p:
            found.append(k)
            k = parent[k]
        above.append(frozenset(found))
    return above


def link_counts(docs: Sequence[Doc], index: Mapping[str, int], lang: str) -> list[dict[int, int]]:
    """Per document ``{other: how many links its body makes to it}`` (indices; self-links left out).

    An article that links another three times builds on it more than one
    that names it once in passing. Link targets are resolved once per folder.
    """
    resolved: dict[tuple[str, str], str | None] = {}
    counts = []
    for doc in docs:
        folder = posixpath.dirname(doc.path)
        found: dict[int, int] = {}
        for target in markdown_links(doc.body):
            key = (folder, target)
            path = resolved[key] if key in resolved else resolved.setdefault(key, resolve_link(doc.path, target, index, lang))
            if path is not None and path != doc.path:
                j = index[path]
                found[j] = found.get(j, 0) + 1
        counts.append(found)
    return counts


_FIRST_HEADING = re.compile(r"^#{1,6}[ \t]", re.M)


def _adamic_adar(links: Sequence[set[int]], max_hub: int) -> list[float]:
    """``1 / log(1 + len(links[k]))`` per node ``k`` (Adamic-Adar): a shared neighbour with few links says more.

    Nodes with one link (they relate no two pages) or more than ``max_hub``
    (hubs, as for co-citation) count 0.
    """
    return [1 / math.log(1 + len(x)) if 1 < len(x) <= max_hub else 0.0 for x in links]


def _aa(sig: _Signals, i: int, j: int) -> tuple[float, float]:
    """Adamic-Adar co-citation and coupling of ``i`` and ``j``: sums over their shared citers and targets."""
    _, out, inn, _, _ = sig.graph.args
    return (math.fsum(map(sig.aa_cite.__getitem__, inn[i] & inn[j])),
            math.fsum(map(sig.aa_cited.__getitem__, out[i] & out[j])))


def intro_links(doc: Doc, index: Mapping[str, int], lang: str) -> set[int]:
    """The documents ``doc`` links before its first heading (its introduction), as indices.

    A link in the introduction names what the article is about or builds on:
    on the German MDN a third of those links are among the authors' own
    "see also" pages, against a fifth of all body links.
    """
    m = _FIRST_HEADING.search(doc.body)
    intro = doc.body[: m.start()] if m else doc.body
    found = set()
    for target in markdown_links(intro):
        path = resolve_link(doc.path, target, index, lang)
        if path is not None and path != doc.path:
            found.add(index[path])
    return found


def _title_vectors(counts: Sequence[Mapping[str, Counter]], lex: "_Lexicon") -> list[dict[str, float]]:
    """Each title's index terms weighted ``log(n / df)`` over the titles, L2-normalised.

    Terms of one title only are left out: they relate nothing.
    """
    sets = [{t for token in fields["title"] for t in (lex.memo.get(token) or lex.terms(token))} for fields in counts]
    df = Counter(itertools.chain.from_iterable(sets))
    n = len(sets)
    vectors = []
    for terms in sets:
        weights = {t: math.log(n / df[t]) for t in terms if df[t] >= 2}
        norm = math.sqrt(math.fsum(w * w for w in weights.values()))
        vectors.append({t: w / norm for t, w in weights.items() if w > 0} if norm else {})
    return vectors


def _title_cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The cosine of two :func:`_title_vectors` entries."""
    return math.fsum([a[t] * b[t] for t in a.keys() & b.keys()]) if a and b else 0.0


def _features(sig: _Signals, i: int, j: int) -> tuple[float, ...]:
    """The signal values of ``j`` for ``i``, in the order of :data:`SIGNALS`."""
    g = sig.graph[i].get(j) or (0.0,) * 5
    parent = 1.0 if sig.parent[i] == j or sig.parent[j] == i else 0.0
    folder = sig.folders[i]
    sibling = sig.sibling[folder] if folder == sig.folders[j] else 0.0
    t = sig.text[i].get(j)
    if t is None:  # not among i's text candidates: the exact cosine of the two (truncated) vectors
        vi, vj = sig.vectors[i], sig.vectors[j]
        t = math.fsum([vi[k] * vj[k] for k in vi.keys() & vj.keys()]) if vi and vj else 0.0
    code = sig.code[i].get(j, 0.0)
    evidence = t > 0 or code > 0 or any(g)  # popularity only ranks pages some signal relates
    return (math.sqrt(t), *g, parent, sibling, code, sig.popular[j] if evidence else 0.0,
            _title_cosine(sig.titles[i], sig.titles[j]), float(j in sig.lead_out[i]), float(j in sig.lead_in[i]),
            min(t / sig.text_max[i], 1.0) if sig.text_max[i] else 0.0,
            *(_aa(sig, i, j) if g[2] or g[3] else (0.0, 0.0)),
            math.log1p(sig.link_counts[i].get(j, 0)), min(t / sig.text_max[j], 1.0) if sig.text_max[j] else 0.0,
            float(j in sig.above[i]), float(i == sig.parent[j] or i in sig.above[j]),
            float(sig.parent[i] is not None and j in sig.graph.args[1][sig.parent[i]]))


def _weights(settings: Settings) -> tuple[float, ...]:
    """The blend weights of :data:`SIGNALS`."""
    return (settings.w_text, settings.w_out, settings.w_in, settings.w_cocite, settings.w_couple,
            settings.w_hop, settings.w_parent, settings.w_sibling, settings.w_code, settings.w_popular,
            settings.w_title, settings.w_lead_out, settings.w_lead_in, settings.w_text_rel,
            settings.w_aa_cocite, settings.w_aa_couple, settings.w_link_count, settings.w_text_rel_other,
            settings.w_above, settings.w_below, settings.w_parent_links)


def candidates(sig: _Signals, i: int, settings: Settings) -> set[int]:
    """The documents ``i`` is scored against: strongest text matches, graph neighbours, code names, parent, children."""
    t = sig.text[i]
    shortlist = settings.text_candidates
    # Ties go to the lower index, so the lists do not depend on the order of a set (hashing).
    strong = t if len(t) <= shortlist else dict(heapq.nlargest(shortlist, t.items(), key=lambda kv: (kv[1], -kv[0])))
    graph, code = sig.graph[i], sig.code[i]
    # (value, -index) pairs: the tuples compare in C, no key function per entry.
    if len(graph) > settings.graph_candidates:  # a page linked from hundreds co-cites thousands
        w0, w1, w2, w3, w4 = settings.w_out, settings.w_in, settings.w_cocite, settings.w_couple, settings.w_hop
        weighted = [(w0 * f[0] + w1 * f[1] + w2 * f[2] + w3 * f[3] + w4 * f[4], -j) for j, f in graph.items()]
        graph = [-j for _, j in heapq.nlargest(settings.graph_candidates, weighted)]
    if len(code) > settings.code_candidates:
        code = [-j for _, j in heapq.nlargest(settings.code_candidates, zip(code.values(), map(operator.neg, code)))]
    found = set(strong).union(graph, code, sig.children.get(i, ()))
    if sig.parent[i] is not None:
        found.add(sig.parent[i])
    return found


def _compute(docs: Sequence[Doc], lang: str, links: Mapping[str, set[str]] | None,
             settings: Settings) -> dict[str, list[Relation]]:
    """:func:`compute` without the garbage-collector switch."""
    sig = signals(docs, lang, links, settings)
    docs, index, n = sig.docs, sig.index, len(sig.docs)
    labels = texts(lang, "related")
    weights = _weights(settings)
    series: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        if d.series:
            series[d.series].append(i)
    everyone = range(n) if n < settings.all_pairs_below else ()
    order = sorted(range(n), key=lambda k: _order_key(docs[k]))
    rank = [0] * n
    for position, k in enumerate(order):
        rank[k] = position
    topics = [d.topic for d in docs]
    # A topic that holds nearly every document says nothing about two of them:
    # its weight falls from w_topic to 0 between the two shares.
    topic_weight = {t: settings.w_topic * _share_fade(share, settings) for t, share in sig.topic_share.items()}
    threshold = settings.threshold
    (w_text, w_out, w_in, w_cocite, w_couple, w_hop, w_parent, w_sibling, w_code, w_popular, w_title,
     w_lead_out, w_lead_in, w_text_rel, w_aa_cocite, w_aa_couple, w_link_count, w_text_rel_other,
     w_above, w_below, w_parent_links) = weights
    w_series = settings.w_series
    popular, parents = sig.popular, sig.parent
    folders = sig.folders
    sibling_weight = {f: w_sibling * value for f, value in sig.sibling.items()}
    popular_w = [w_popular * p for p in popular]
    series_of = [d.series for d in docs]
    _, out, inn, _, _ = sig.graph.args
    aa_cite, aa_cited = sig.aa_cite.__getitem__, sig.aa_cited.__getitem__
    vectors, titles, sqrt, mul, log1p, text = sig.vectors, sig.titles, math.sqrt, operator.mul, math.log1p, sig.text
    text_max, above = sig.text_max, sig.above
    # Cosines computed in the loop below for a later document (j > i), kept
    # for its turn: pools are nearly symmetric (graph and code neighbours).
    later: dict[int, dict[int, float]] = defaultdict(dict)

    def score(i: int, j: int) -> float:
        """The blended score of ``j`` for ``i`` (:func:`_features` · weights, plus topic and series)."""
        return (sum(w * x for w, x in zip(weights, _features(sig, i, j)) if x)
                + (topic_weight[topics[i]] if topics[i] and topics[i] == topics[j] else 0.0)
                + (w_series if docs[i].series and docs[i].series == docs[j].series else 0.0))

    def related_of(i: int, doc: Doc) -> list[Relation]:
        """Document ``i``'s related list."""
        exclude = {index[p] for p in doc.related_exclude if p in index}
        pins = [index[p] for p in dict.fromkeys(doc.related) if p in index and p != doc.path]
        pins = [j for j in pins if j not in exclude]
        skip = exclude | set(pins) | {i}
        pool = candidates(sig, i, settings).union(everyone)
        if doc.series:
            pool.update(series[doc.series])
        pool.difference_update(skip)
        # The loop below is score() unrolled: it runs for every candidate pair.
        text_i, graph_i, code_i, vi, title_i = sig.text[i], sig.graph[i], sig.code[i], vectors[i], titles[i]
        lead_out_i, lead_in_i, best_t = sig.lead_out[i], sig.lead_in[i], sig.text_max[i]
        counts_i, above_i = sig.link_counts[i], above[i]
        parent_out = out[parents[i]] if parents[i] is not None else set()
        terms_i, get_i = vi.keys(), vi.__getitem__
        known_i = later.pop(i, {})
        inn_i, out_i = inn[i], out[i]
        topic, folder, own_series, parent = topics[i], folders[i], doc.series, parents[i]
        same_folder = sibling_weight[folder]
        same_topic = topic_weight[topic] if topic else 0.0
        scored = []
        for j in pool:
            t = text_i.get(j)
            if t is None:  # the cosine is symmetric: j's text row or an earlier document's pool may hold it
                t = text[j].get(i)
                if t is None:
                    t = known_i.get(j)
            if t is None:  # the exact cosine, summed in C over the shared terms
                vj = vectors[j]
                shared = terms_i & vj.keys()
                t = math.fsum(map(mul, map(get_i, shared), map(vj.__getitem__, shared))) if shared else 0.0
                if j > i:
                    later[j][i] = t
            code = code_i.get(j, 0.0)
            s = w_text * sqrt(t) + w_code * code
            if w_text_rel and best_t:
                s += w_text_rel * min(t / best_t, 1.0)
            if w_text_rel_other and text_max[j]:
                s += w_text_rel_other * min(t / text_max[j], 1.0)
            if j in counts_i:
                s += w_link_count * log1p(counts_i[j])
            if j in above_i:
                s += w_above
            if parents[j] == i or i in above[j]:
                s += w_below
            if j in parent_out:
                s += w_parent_links
            g = graph_i.get(j)
            if g is not None:  # a graph row holds only pairs with some non-zero link signal
                s += w_out * g[0] + w_in * g[1] + w_cocite * g[2] + w_couple * g[3] + w_hop * g[4]
                if g[2] and w_aa_cocite:
                    s += w_aa_cocite * math.fsum(map(aa_cite, inn_i & inn[j]))
                if g[3] and w_aa_couple:
                    s += w_aa_couple * math.fsum(map(aa_cited, out_i & out[j]))
                s += popular_w[j]
            elif t > 0 or code > 0:  # popularity only ranks pages some signal relates
                s += popular_w[j]
            if w_title and title_i:
                s += w_title * _title_cosine(title_i, titles[j])
            if j in lead_out_i:
                s += w_lead_out
            if j in lead_in_i:
                s += w_lead_in
            if parent == j or parents[j] == i:
                s += w_parent
            if folders[j] == folder:
                s += same_folder
            if topic and topics[j] == topic:
                s += same_topic
            if own_series and series_of[j] == own_series:
                s += w_series
            if s >= threshold:
                scored.append((-round(s, 9), rank[j], j))
        room = max(settings.top - len(pins), 0)
        best = heapq.nsmallest(room, scored)
        entries = [_explain(sig, i, j, score(i, j), _features(sig, i, j), labels, settings, topic_weight, True)
                   for j in pins[: settings.top]]
        entries += [_explain(sig, i, j, -neg, _features(sig, i, j), labels, settings, topic_weight)
                    for neg, _, j in best]
        return entries

    return {doc.path: related_of(i, doc) for i, doc in enumerate(docs)}


def _share_fade(share: float, settings: Settings) -> float:
    """1 for a group (topic, folder) holding up to ``topic_share_full`` of the documents, 0 from ``topic_share_max``."""
    full, none = settings.topic_share_full, settings.topic_share_max
    return min(1.0, max(0.0, (none - share) / (none - full)))


def _explain(sig: _Signals, i: int, j: int, score: float, f: tuple[float, ...], labels: Mapping[str, str],
             settings: Settings, topic_weight: Mapping[str, float], pinned: bool = False) -> Relation:
    """The relation of ``i`` to ``j`` with up to three reasons, strongest first."""
    doc, other = sig.docs[i], sig.docs[j]
    w = _weights(settings)
    parts: list[tuple[float, str]] = []
    words = _common_words(sig, i, j, settings.reason_terms) if f[0] > 0 else []
    name = ""
    if f[8] >= settings.code_reason_min:  # a shared rare code name explains well even where it weighs little
        shared = sorted(sig.names[i] & sig.names[j], key=lambda x: (len(x), x))
        name = _code_form(shared, _code_spans(sig, i), _code_spans(sig, j))
        if name.casefold() in {w.casefold() for w in words}:  # not twice
            name = ""
        elif name:  # nor a piece of it ("Set" beside "Set-Cookie")
            pieces = {piece.casefold() for piece in _NAME_PIECES.split(name)}
            words = [w for w in words if w.casefold() not in pieces]
    if words:
        parts.append((w[0] * f[0], labels["common"] + ", ".join(words)))
    if name:
        parts.append((max(w[8] * f[8], settings.reason_min), labels["common"] + name))
    if doc.series and doc.series == other.series:
        parts.append((settings.w_series, labels["series"]))
    if f[1] or f[2]:  # a link in the introduction (f[11], f[12]) is a link too
        parts.append((w[1] * f[1] + w[2] * f[2] + w[11] * f[11] + w[12] * f[12], labels["linked"]))
    graph = w[3] * f[3] + w[4] * f[4] + w[5] * f[5] + w[14] * f[14] + w[15] * f[15]
    if graph > 0:
        parts.append((graph, labels["cited"]))
    if f[6]:
        parts.append((w[6], labels["parent"] if sig.parent[i] == j else labels["child"]))
    if doc.topic and doc.topic == other.topic:
        parts.append((topic_weight.get(doc.topic, 0.0), labels["topic"]))
    reasons = _reasons([p for p in parts if p[0] >= settings.reason_min])
    if pinned:
        reasons = [labels["pinned"], *reasons][:3]
    return Relation(other.path, score, reasons)


_COMPOUND_NAME = re.compile(r"[-_.:]|[a-z][A-Z]")
_NAME_PIECES = re.compile(r"[-_.:]")


def _code_spans(sig: _Signals, i: int) -> dict[str, set[str]]:
    """``{code name: {written form, …}}`` of document ``i``'s inline code spans (``()`` dropped), cached."""
    cache = sig.__dict__.setdefault("_code_cache", {})
    hit = cache.get(i)
    if hit is None:
        hit = {}
        for span in _CODE.findall(sig.docs[i].body):
            if span.endswith("()"):
                span = span[:-2]
            hit.setdefault(span.lower(), set()).add(span)
        cache[i] = hit
    return hit


def _code_form(shared: Sequence[str], a: Mapping[str, set[str]], b: Mapping[str, set[str]]) -> str:
    """The first shared code name as written in both bodies (``Set-Cookie``), or "".

    ``a`` and ``b`` are the two documents' :func:`_code_spans`. Only names that
    look like code (``flex-basis``, ``FetchLaterResult``): a plain word in
    code quotes (``true``, ``div``) explains nothing.
    """
    for name in shared:
        both = sorted(w for w in a.get(name, set()) & b.get(name, set()) if _COMPOUND_NAME.search(w))
        if both:
            return both[0]
    return ""


def _order_key(doc: Doc) -> tuple:
    """Order among equal scores: newer date first (undated last), then title, then path."""
    return (doc.date is None, -(doc.date.toordinal() if doc.date else 0), doc.title.casefold(), doc.path)


#: Words too general to explain why two texts belong together (folded stems
#: are compared): the issue's "Tag", "Sache", "Ziele", "Themen" and their kind.
_FILLER = {
    "de": """tag tage sache sachen ziel ziele thema themen beispiel beispiele art arten weise fall
             falle punkt punkte ding dinge frage fragen teil teile seite seiten grund gruende moeglichkeit
             moeglichkeiten jahr jahre zeit mal ende anfang problem probleme bereich bereiche
             information informationen wert werte liste form folge nummer stelle stellen sinn
             mensch menschen leute""",
    "en": """day days thing things goal goals topic topics example examples kind kinds way case cases
             point points part parts page pages reason reasons time times year years end problem problems
             information value values list form number place sense people""",
}
_FILLER_STEMS: dict[str, frozenset[str]] = {}


def _filler(lang: str) -> frozenset[str]:
    """The stems of :data:`_FILLER` for ``lang``."""
    lang = lang if lang in _FILLER else "de"
    if lang not in _FILLER_STEMS:
        _FILLER_STEMS[lang] = frozenset(german.stem(w, lang) for w in _FILLER[lang].split())
    return _FILLER_STEMS[lang]


def _form_counts(fields: Iterable[Mapping[str, int]], forms: tuple[str, ...]) -> dict[str, int]:
    """``{form: count}`` of the ``forms`` a document writes, summed over its fields' token counts."""
    found: dict[str, int] = {}
    for counter in fields:
        if counter:
            for w in counter.keys() & forms:
                found[w] = found.get(w, 0) + counter[w]
    return found


def _common_words(sig: _Signals, i: int, j: int, count: int) -> list[str]:
    """The ``count`` words that contribute most to the text match, written as in both texts.

    A term counts only when both documents use it as a word (not only as a
    compound part) and share a written form of it ("Beziehungen" in both, not
    a stem, not one text's inflection); filler words (:data:`_FILLER`) never.
    German: only capitalised forms (nouns, names) are named ("schwer, weiß"
    explains nothing).
    """
    vi, vj = sig.vectors[i], sig.vectors[j]
    filler = _filler(sig.lex.lang)
    forms_of = sig.lex.forms_upper if sig.lex.lang == "de" else sig.lex.forms
    shared = sorted([(-vi[k] * vj[k], k) for k in vi.keys() & vj.keys() if k not in filler])
    ti, tj = sig.tokens[i].values(), sig.tokens[j].values()
    out: list[str] = []
    seen: set[str] = set()
    for _, term in shared:
        forms = forms_of(term)
        if not forms:
            continue
        a = _form_counts(ti, forms)
        b = _form_counts(tj, forms) if a else None
        if not a or not b:
            continue
        common = [(-(a[w] + b[w]), w) for w in a.keys() & b.keys()]
        if not common:
            folded = {}
            for w in b:
                folded.setdefault(w.casefold(), w)
            common = [(-a[w], w) for w in a if w.casefold() in folded]
        if common:
            word = min(common)[1]
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
    resolved_in: dict[tuple[str, str], str | None] = {}  # (folder, target) → path: pages of a folder share links
    for page in own:
        out = set()
        folder = posixpath.dirname(page.path)
        for target in markdown_links(page.body or ""):
            key = (folder, target)
            path = resolved_in.get(key, "")
            if path == "":
                path = resolved_in[key] = resolve_link(page.path, target, known, lang)
            if path and path != page.path:
                out.add(path)
        graph[page.path] = out
    return docs, graph, problems


def as_json(relations: Mapping[str, list[Relation]]) -> dict[str, list[dict]]:
    """``{path: [{"path", "score", "reasons"}, …]}``: the shape of ``STATE.data["related"]``."""
    return {path: [r.as_dict() for r in rels] for path, rels in sorted(relations.items())}
