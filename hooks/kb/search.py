"""Search: records, Pagefind input and the German query vocabulary.

Pure: plain data in, plain data out; no MkDocs, no Pagefind. The MkDocs layer
(``hooks/search.py``) feeds each rendered article through :func:`make_record`
and :func:`pagefind_html` to Pagefind, and at the end of the build writes the
records (:func:`records_jsonl`) and the vocabulary (:func:`build_vocabulary`,
:func:`shard_vocabulary`) next to the index.

The vocabulary is what makes the static search understand German on top of
Pagefind (which only matches word prefixes, ignoring umlauts and stemming):
it maps *folded* query words (``kb.german.fold``: lowercase, ä→ae, ö→oe,
ü→ue, ß→ss) to the words of the index they should also find:

* compound parts → compounds: ``pflicht`` → ``versicherungspflicht``;
* folded spellings → real spellings: ``haeusern`` → ``häusern``;
* stems → words whose stem is not a prefix of them: ``haus`` → ``häusern``;
* verbs → the nouns their strong forms make (``forms``): ``umbrechen`` → ``umbruch``.

It also lists every index word (folded, with its display form and document
frequency) so that the browser can correct typos against the site's own
words. :func:`expansions` and :func:`corrections` are the reference of what
``docs/assets/javascripts/search.js`` does with it in the browser.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as _dt
import gzip
import html
import json
import re
from collections import Counter, defaultdict
from html.parser import HTMLParser
from typing import Iterable

from kb import german
from kb.texts import format_date, texts

#: Folder (below each language's root) of the Pagefind bundle.
PAGEFIND_DIR = "pagefind"
#: Folder (below each language's root) of our own files: records and vocabulary.
SEARCH_DIR = "search"
#: The JSON lines export of every record of one language.
RECORDS_FILE = "records.jsonl"
#: Largest vocabulary shard (bytes of JSON): a run of keys in sorted order up to this size.
SHARD_BYTES = 4_000
#: Most index words one query word expands to (the most frequent win).
MAX_EXPANSIONS = 8
#: Most nouns a verb's strong forms give (:func:`kb.german.verb_nouns`).
MAX_FORMS = 2
#: Shortest word (folded letters) the browser tries to correct.
MIN_TYPO_LEN = 4
#: Inflection endings tried when a folded query word is not a key itself.
ENDINGS = {"de": ("ern", "en", "er", "es", "e", "n", "s"), "en": ("es", "s")}



_BLOCK = {"p", "li", "dt", "dd", "blockquote", "pre", "table", "tr", "div", "section",
          "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr", "figcaption", "details", "summary"}
_SKIP_TAGS = {"script", "style", "template", "svg", "button"}
_SKIP_CLASSES = {"headerlink", "footnote-backref", "md-annotation", "kb-search-ignore"}
_SPACE = re.compile(r"[ \t\r\f\v]+")


class _TextExtractor(HTMLParser):
    """Collects ``(tag, text)`` blocks of rendered article HTML, dropping chrome."""

    def __init__(self):
        """An empty collector."""
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._parts: list[str] = []
        self._tag = "p"
        self._skip: list[str] = []  # stack of open tags being skipped

    def _flush(self) -> None:
        """End the current block: keep its text (whitespace collapsed) if any."""
        text = _SPACE.sub(" ", "".join(self._parts)).strip()
        text = "\n".join(line.strip() for line in text.split("\n") if line.strip())
        if text:
            self.blocks.append((self._tag, " ".join(text.split("\n"))))
        self._parts = []
        self._tag = "p"

    def handle_starttag(self, tag, attrs):
        """Open a block, or start skipping a chrome element."""
        if self._skip:
            if tag not in ("br", "hr", "img", "input", "meta", "link", "wbr"):
                self._skip.append(tag)
            return
        classes = set((dict(attrs).get("class") or "").split())
        if tag in _SKIP_TAGS or classes & _SKIP_CLASSES or "data-pagefind-ignore" in dict(attrs):
            if tag not in ("br", "hr", "img", "input", "wbr"):
                self._skip.append(tag)
            return
        if tag in _BLOCK:
            self._flush()
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self._tag = tag
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self._parts.append(f" {alt} ")

    def handle_endtag(self, tag):
        """Close a block, or stop skipping."""
        if self._skip:
            if self._skip[-1] == tag:
                self._skip.pop()
            elif tag in self._skip:
                while self._skip and self._skip.pop() != tag:
                    pass
            return
        if tag in _BLOCK:
            self._flush()

    def handle_data(self, data):
        """Keep text outside skipped elements."""
        if not self._skip:
            self._parts.append(data.replace("\u00ad", ""))  # soft hyphens would split words

    def close(self):
        """Flush the last block."""
        super().close()
        self._flush()


def html_blocks(content: str) -> list[tuple[str, str]]:
    """The text blocks of rendered HTML as ``(tag, text)``: ``h1``–``h6`` or ``p``.

    Permalinks (¶), footnote back-references, scripts, styles, buttons and
    anything marked ``data-pagefind-ignore`` are left out; soft hyphens are
    removed so that "Kunden&shy;bindung" stays one word. Runs once per
    article (in the search hook's worker process), so the usual case takes a fast path
    of regular expressions (:func:`_fast_blocks`); HTML it cannot be sure of
    goes through the full parser (:func:`parsed_blocks`). Both give the same
    blocks (tested on the real articles).
    """
    content = content or ""
    blocks = _fast_blocks(content)
    return blocks if blocks is not None else parsed_blocks(content)


def parsed_blocks(content: str) -> list[tuple[str, str]]:
    """:func:`html_blocks` with Python's HTML parser (exact, slower)."""
    parser = _TextExtractor()
    parser.feed(content)
    parser.close()
    return parser.blocks


_BLOCK_NAMES = "|".join(sorted(_BLOCK, key=len, reverse=True))
_FAST_SKIP = re.compile(
    r"<(script|style|template|svg|button)\b[^>]*>.*?</\1\s*>"
    r'|<a\b[^>]*\bclass="(?:headerlink|footnote-backref)"[^>]*>[^<]*</a>',
    re.S | re.I)
_FAST_BLOCK = re.compile(rf"<(/?)({_BLOCK_NAMES})\b[^>]*>", re.I)
_FAST_IMG = re.compile(r"<img\b[^>]*?\balt=\"([^\"]*)\"[^>]*>", re.I)
_FAST_TAG = re.compile(r"<[^>]*>")
#: Markup the fast path leaves to the parser.
_FAST_UNSURE = ("data-pagefind-ignore", "md-annotation", "kb-search-ignore", "<!--", "<![CDATA")


def _fast_blocks(content: str) -> list[tuple[str, str]] | None:
    """:func:`html_blocks` by regular expressions, or None for HTML it cannot be sure of."""
    if any(marker in content for marker in _FAST_UNSURE):
        return None
    text = _FAST_SKIP.sub("", content)
    lowered = text.lower()
    if any(f"<{name}" in lowered for name in _SKIP_TAGS) or "headerlink" in text or "footnote-backref" in text:
        return None  # a nested or unusual form of a skipped element
    text = _FAST_IMG.sub(lambda m: f" {m.group(1)} ", text)
    blocks: list[tuple[str, str]] = []
    tag = "p"
    pos = 0
    for match in _FAST_BLOCK.finditer(text):
        _add_block(blocks, tag, text[pos:match.start()])
        closing, name = match.group(1), match.group(2).lower()
        tag = name if (not closing and name[0] == "h" and name[1:].isdigit()) else "p"
        pos = match.end()
    _add_block(blocks, tag, text[pos:])
    return blocks


def _add_block(blocks: list, tag: str, chunk: str) -> None:
    """Append the text of an HTML chunk (tags dropped, entities decoded) as one block, if any."""
    plain = html.unescape(_FAST_TAG.sub("", chunk)).replace("\u00ad", "")
    plain = " ".join(plain.split())
    if plain:
        blocks.append((tag, plain))


@dataclasses.dataclass
class Record:
    """One searchable article: what is indexed and what is exported."""

    url: str  #: relative to the language's root, e.g. ``artikel/x/``
    language: str
    title: str
    description: str
    topic: str  #: the topic's label in ``language``
    tags: list[str]
    date: _dt.date | None
    blocks: list[tuple[str, str]]  #: the body as ``(tag, text)``
    #: ``"article"``, or ``"glossary"`` for a term of the glossary (url with the term's anchor)
    kind: str = "article"

    @property
    def text(self) -> str:
        """The body as plain text, one block per line."""
        return "\n".join(text for _, text in self.blocks)

    @property
    def year(self) -> str | None:
        """The year of publication as text, if dated."""
        return str(self.date.year) if self.date else None

    def all_text(self) -> str:
        """Everything indexed: title, description, body, topic and tags."""
        return "\n".join([self.title, self.description, self.text, self.topic, *self.tags])

    def named(self) -> tuple[str, str]:
        """``(names, lead)`` for :func:`learn_family`: title and headings; description and body."""
        names = "\n".join([self.title] + [text for tag, text in self.blocks if tag[0] == "h"])
        return names, self.description + "\n" + self.text[:FAMILY_LEAD_CHARS]

    def export(self, site_url: str = "", lang_root: str = "") -> dict:
        """The record as a JSON-ready dict (for search servers); url made absolute with ``site_url``."""
        base = (site_url or "/").rstrip("/") + "/"
        return {
            "id": (lang_root + self.url).strip("/").replace("/", "-") or "index",
            "url": base + lang_root + self.url,
            "language": self.language,
            "title": self.title,
            "description": self.description,
            "text": self.text,
            "topic": self.topic,
            "tags": list(self.tags),
            "date": self.date.isoformat() if self.date else None,
        }


def make_record(*, url: str, lang: str, title: str, description: str | None, topic: str | None,
                tags: Iterable[str], date: _dt.date | None, content_html: str,
                kind: str = "article") -> Record:
    """A :class:`Record` from an article's metadata and its rendered body HTML.

    A leading ``<h1>`` equal to the title is dropped (the title is indexed
    on its own). ``kind="glossary"`` makes a glossary term's record.
    """
    blocks = html_blocks(content_html)
    if blocks and blocks[0][0] == "h1" and blocks[0][1].strip() == title.strip():
        blocks = blocks[1:]
    return Record(url=url, language=lang, title=title, description=description or "",
                  topic=topic or "", tags=list(tags), date=date, blocks=blocks, kind=kind)


_DT = re.compile(r"<dt\b([^>]*)>(.*?)</dt>\s*((?:<dd\b[^>]*>.*?</dd>\s*)+)", re.S | re.I)
_ID = re.compile(r"""\bid=["']([^"']+)["']""")


def glossary_terms(content_html: str) -> list[dict]:
    """The terms of a glossary page's definition lists: ``{"term", "anchor", "html"}`` each.

    ``anchor`` is the ``<dt>``'s id, or the term's slug (:func:`kb.german.slug`)
    when it has none (:func:`anchor_glossary` gives it that id); ``html`` is
    the definition (every ``<dd>`` of the term).
    """
    out = []
    for match in _DT.finditer(content_html or ""):
        term = " ".join(html.unescape(_FAST_TAG.sub("", match.group(2))).split())
        own = _ID.search(match.group(1))
        anchor = own.group(1) if own else german.slug(term)
        if term and anchor:
            out.append({"term": term, "anchor": anchor, "html": match.group(3)})
    return out


def anchor_glossary(content_html: str) -> str:
    """The glossary page's HTML with an id on every ``<dt>`` that has none (the term's slug),
    so a search result can link to the term."""
    def add(match: re.Match) -> str:
        """One ``<dt>`` with its id."""
        if _ID.search(match.group(1)):
            return match.group(0)
        term = " ".join(html.unescape(_FAST_TAG.sub("", match.group(2))).split())
        anchor = german.slug(term)
        return f'<dt id="{anchor}"{match.group(1)}>{match.group(2)}</dt>' if anchor else match.group(0)

    return re.sub(r"<dt\b([^>]*)>(.*?)</dt>", add, content_html or "", flags=re.S | re.I)


def pagefind_html(record: Record) -> str:
    """The HTML Pagefind indexes for ``record``: exactly the text chosen, escaped.

    Title as ``<h1>`` (Pagefind weighs headings higher), description, body
    blocks, then topic and tags in one line; meta (title, topic, date) and
    filters (topic, tag, year) as ``<meta>`` elements without text.

    Pagefind 1.5 also indexes the words of every meta field, so a meta field
    holds only words that say something about its page: no date for an
    undated page (its "Datum unbekannt" made the query word "Datum" match
    every page of the German MDN, with no weight), no kind for an article
    (only a glossary term says ``kind``), and the topic and tags line without
    the labels "Thema:" and "Schlagwort:".
    """
    esc = html.escape
    s = texts(record.language, "search")
    head = []
    if record.kind != "article":
        head.append(f'<meta data-pagefind-meta="kind[content]" content="{esc(record.kind)}">')
    head += [
        f'<meta data-pagefind-meta="title[content]" content="{esc(record.title)}">',
        f'<meta data-pagefind-meta="topic[content]" content="{esc(record.topic)}">',
    ]
    if record.date:  # search.js shows "Datum unbekannt" for a page without one
        head.append(f'<meta data-pagefind-meta="date[content]" '
                    f'content="{esc(format_date(record.date, record.language))}">')
    if record.topic:
        head.append(f'<meta data-pagefind-filter="topic[content]" content="{esc(record.topic)}">')
    for tag in record.tags:
        head.append(f'<meta data-pagefind-filter="tag[content]" content="{esc(tag)}">')
    if record.kind == "article":  # a glossary term has no year
        head.append(f'<meta data-pagefind-filter="year[content]" content="{esc(record.year or s["undated"])}">')
    body = [f"<h1>{esc(record.title)}</h1>"]
    if record.description:
        body.append(f"<p>{esc(record.description)}</p>")
    body.extend(f"<{tag}>{esc(text)}</{tag}>" for tag, text in record.blocks)
    facts = ([record.topic] if record.topic else []) + list(record.tags)
    if facts:
        body.append(f"<p>{esc(', '.join(facts))}</p>")
    return (f'<!DOCTYPE html><html lang="{esc(record.language)}"><head><meta charset="utf-8">'
            f"<title>{esc(record.title)}</title></head><body>"
            + "".join(head) + "".join(body) + "</body></html>")


def records_jsonl(records: Iterable[Record], site_url: str = "", lang_root: str = "") -> str:
    """Every article's record as one JSON object per line (sorted by url, so builds are stable)."""
    rows = sorted((r.export(site_url, lang_root) for r in records if r.kind == "article"),
                  key=lambda r: r["url"])
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


# --- vocabulary ---------------------------------------------------------------


@dataclasses.dataclass
class Vocab:
    """The query vocabulary of one language."""

    lang: str
    words: dict[str, tuple[str, int]]  #: folded word → (display form, document frequency)
    expand: dict[str, list[str]]  #: folded key → index words (lowercase) it should also find
    #: folded key → the field's terms the site pairs with it ("speich" → ["storage"]), see :func:`learn_family`
    family: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    #: folded verb → the nouns its strong forms make ("umbrechen" → ["umbruch"]), see :func:`kb.german.verb_nouns`
    forms: dict[str, list[str]] = dataclasses.field(default_factory=dict)


def _words_of(text: str) -> list[str]:
    """The words of ``text`` worth indexing: kb.german's tokens, two letters or more, no numbers."""
    return [t for t in german.tokenize(text) if len(t) >= 2 and not t.isdigit()]


def build_vocabulary(texts: Iterable[str], lang: str,
                     named: Iterable[tuple[str, str]] | None = None) -> Vocab:
    """The vocabulary of the documents ``texts`` (one string per article) of ``lang``.

    Uses ``kb.german`` for words, folding, stems, stopwords and compound
    splitting (with the corpus' own vocabulary), so search and related
    articles agree on what a word is. ``named`` (optional, one
    ``(names, lead)`` pair per article, see :func:`learn_family`) adds the
    family of terms the site pairs with its words. A German verb's nouns
    (``forms``) come from :func:`kb.german.verb_nouns` over the words.
    """
    texts = list(texts)
    df: Counter = Counter()
    forms: dict[str, Counter] = defaultdict(Counter)  # lowercase word → its spellings as written
    for text in texts:
        seen = set()
        for token, count in Counter(_words_of(text)).items():  # each spelling once per text
            low = token.lower()
            forms[low][token] += count
            seen.add(low)
        df.update(seen)
    splitter = None
    if lang == "de":  # the compound splitter, built as related builds its own
        splitter = german.Vocabulary.from_counts(
            {low: sum(spellings.values()) for low, spellings in forms.items()}, lang)
    words: dict[str, tuple[str, int]] = {}
    expand: dict[str, Counter] = defaultdict(Counter)
    compounds: dict[str, list[str]] = {}  # folded compound → its parts
    for low, freq in sorted(df.items()):
        key = german.fold(low, lang)
        display = forms[low].most_common(1)[0][0]
        if key in words:
            old_display, old_freq = words[key]
            words[key] = (old_display if old_freq >= freq else display, old_freq + freq)
        else:
            words[key] = (display, freq)
        if german.is_stopword(low, lang):
            continue
        if key != low:
            expand[key][low] += freq  # haeusern → häusern
        root = german.stem(low, lang)
        if len(root) >= 3 and not key.startswith(root):
            expand[root][low] += freq  # haus → häusern
        if splitter is not None:
            parts = splitter.split(key)
            for part in parts[1:]:
                expand[part][low] += freq  # pflicht → versicherungspflicht
            if len(parts) > 1:
                compounds[key] = parts
    limited = {
        key: [w for w, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_EXPANSIONS]]
        for key, counter in expand.items()
    }
    family = learn_family(named, lang) if named is not None else {}
    if family:
        family.update(compound_family(compounds, family, lang))
    return Vocab(lang=lang, words=words, expand=limited, family=family,
                 forms=german.verb_nouns(words, lang, MAX_FORMS))


def compound_family(compounds: dict[str, list[str]], family: dict[str, list[str]],
                    lang: str) -> dict[str, list[str]]:
    """Families for the site's compounds that have none of their own, from their parts:
    "zufallszahl" (zufall + zahl) gets "random", the term of "zufall". The first term of each
    part that has one, in the order of the parts (the German modifier, which names the
    subject, first)."""
    out = {}
    for key, parts in sorted(compounds.items()):
        if key in family:
            continue
        terms: list[str] = []
        for part in parts:
            found = family.get(part) or family.get(german.stem(part, lang))
            if found and found[0] not in terms:
                terms.append(found[0])
        if terms:
            out[key] = terms[:MAX_FAMILY]
    return out


#: Shortest title term and lead word (letters) the family is learned from.
FAMILY_MIN_TERM, FAMILY_MIN_WORD = 3, 4
#: Fewest articles a pair must share, and the least association (Ochiai: shared / √(df·df)).
FAMILY_MIN_SHARED, FAMILY_MIN_SCORE = 3, 0.2
#: Characters of an article's lead (description, then body) the family reads.
FAMILY_LEAD_CHARS = 1500
#: Terms a word's family keeps (the most associated).
MAX_FAMILY = 3
#: A term in the names of more articles than this share (and more than FAMILY_COMMON_MIN) is the
#: site's boilerplate ("Spezifikationen", "Beispiele" on every MDN page), not a name of a subject.
FAMILY_COMMON_SHARE, FAMILY_COMMON_MIN = 0.02, 20
_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def name_terms(text: str, lang: str) -> set[str]:
    """The terms of an article's names (title, headings): its words lowercase, and the parts of
    code names ("setTimeout" → settimeout, set, timeout), three letters or more, no stopwords."""
    out = set()
    for token in german.tokenize(text):
        pieces = [token]
        if any(c.isupper() for c in token[1:]):
            pieces += _CAMEL.findall(token)
        for piece in pieces:
            low = piece.lower()
            if len(low) >= FAMILY_MIN_TERM and not low.isdigit() and not german.is_stopword(low, lang):
                out.add(low)
    return out


def learn_family(named: Iterable[tuple[str, str]], lang: str) -> dict[str, list[str]]:
    """The field's terms for the site's words, learned from the site's own articles.

    ``named`` holds, per article, ``(names, lead)``: the text that names it
    (title, headings: where code names and the field's English terms stand)
    and the text that explains it (description and the start of the body,
    in the site's language). A word of the leads and a term of the names
    are one family when the articles named with the term explain themselves
    with the word: they share at least :data:`FAMILY_MIN_SHARED` articles
    and their Ochiai coefficient (shared / √(articles named by the term ·
    articles whose lead has the word)) is at least :data:`FAMILY_MIN_SCORE`.
    A term that names a large share of the articles (a heading every page
    has, :data:`FAMILY_COMMON_SHARE`) is nobody's family.
    On MDN: "Speicher" ↔ "Storage", "Zwischenablage" ↔ "Clipboard".
    Returns ``{folded key: [terms]}``, keyed by the word's stem and by its
    spellings; a term that only extends the word ("animation" →
    "animations") is no family.
    """
    docs = []
    term_df: Counter = Counter()
    word_df: Counter = Counter()
    spellings: dict[str, Counter] = defaultdict(Counter)  # stem → folded spellings in the leads
    analysed: dict[str, tuple[str, str] | None] = {}  # token → (stem, folded), None if no word of a lead
    for names, lead in named:
        terms = name_terms(names, lang)
        stems = set()
        for token, count in Counter(german.tokenize(lead[:FAMILY_LEAD_CHARS])).items():
            if token not in analysed:
                low = token.lower()
                skip = len(low) < FAMILY_MIN_WORD or not low[0].isalpha() or german.is_stopword(low, lang)
                analysed[token] = None if skip else (german.stem(low, lang), german.fold(low, lang))
            if (word := analysed[token]) is None:
                continue
            stems.add(word[0])
            spellings[word[0]][word[1]] += count
        term_df.update(terms)
        word_df.update(stems)
        docs.append((terms, stems))
    common = max(FAMILY_COMMON_MIN, FAMILY_COMMON_SHARE * len(docs))
    pairs: dict[str, Counter] = defaultdict(Counter)
    for terms, stems in docs:
        terms = [t for t in terms if FAMILY_MIN_SHARED <= term_df[t] <= common]
        if not terms:
            continue
        stems = [w for w in stems if word_df[w] >= FAMILY_MIN_SHARED]
        for term in terms:
            pairs[term].update(stems)
    scored: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for term, counter in pairs.items():
        for root, shared in counter.items():
            if shared < FAMILY_MIN_SHARED:
                continue
            if german.fold(term, lang).startswith(root):
                continue  # the same word ("animation", "animations"); a shorter one ("format") is kept
            score = shared / (term_df[term] * word_df[root]) ** 0.5
            if score >= FAMILY_MIN_SCORE:
                scored[root].append((score, term))
    # Keyed by spellings first, then by the stems themselves: a spelling that two stems share
    # goes to the later stem in sorted order, and a stem is always its own key (the result does
    # not depend on the order of a set, so every build writes the same vocabulary).
    best = {root: [t for _, t in sorted(found, key=lambda st: (-st[0], st[1]))[:MAX_FAMILY]]
            for root, found in sorted(scored.items())}
    family: dict[str, list[str]] = {}
    for root, terms in best.items():
        for key, _ in spellings[root].most_common(3):
            family[key] = terms
    family.update(best)
    return family


def shard_char(ch: str) -> str:
    """The file-name character of one letter of a folded key: a–z and 0–9, else ``_``."""
    return ch if ("a" <= ch <= "z" or "0" <= ch <= "9") else "_"


def shard_key(key: str) -> str:
    """``key`` written with file-name characters only (what shard names are made of)."""
    return "".join(shard_char(c) for c in key)


def _word_json(key: str, word: tuple[str, int]):
    """A word's entry in a shard: its document frequency alone when it is written as its key
    (most lowercase words), else ``[display form, document frequency]``."""
    display, freq = word
    return freq if display == key else [display, freq]


def _shard_payload(vocab: Vocab, keys: Iterable[str]) -> dict:
    """The JSON object of one shard: its words (``w``), expansions (``x``), families (``f``)
    and a verb's nouns (``v``, only in a shard that has one)."""
    keys = sorted(keys)
    out = {
        "w": {k: _word_json(k, vocab.words[k]) for k in keys if k in vocab.words},
        "x": {k: vocab.expand[k] for k in keys if k in vocab.expand},
        "f": {k: vocab.family[k] for k in keys if k in vocab.family},
    }
    forms = {k: vocab.forms[k] for k in keys if k in vocab.forms}
    if forms:
        out["v"] = forms
    return out


def _dumps(obj) -> str:
    """Compact JSON, UTF-8 kept readable."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _entry_bytes(vocab: Vocab, key: str) -> int:
    """About the bytes ``key`` adds to its shard's JSON (an estimate, for splitting)."""
    size = 0
    if key in vocab.words:
        size += len(key) + len(json.dumps(_word_json(key, vocab.words[key]), ensure_ascii=False)) + 4
    if key in vocab.expand:
        size += len(key) + 6 + sum(len(w) + 3 for w in vocab.expand[key])
    if key in vocab.family:
        size += len(key) + 6 + sum(len(w) + 3 for w in vocab.family[key])
    if key in vocab.forms:
        size += len(key) + 6 + sum(len(w) + 3 for w in vocab.forms[key])
    return size


def _boundary(previous: str, first: str) -> str:
    """The shortest start of ``first`` that sorts after ``previous`` (the name of the shard
    whose first key is ``first``, after a shard ending with ``previous``)."""
    for n in range(1, len(first) + 1):
        if first[:n] > previous:
            return first[:n]
    return first


def shard_vocabulary(vocab: Vocab, max_bytes: int = SHARD_BYTES,
                     filters: dict | None = None) -> tuple[dict, dict[str, str]]:
    """Split ``vocab`` into small JSON files, each a run of keys in sorted order.

    Keys (in their file-name form, :func:`shard_key`) are packed in order
    into shards of at most ``max_bytes`` (a single bigger key gets a shard of
    its own). A shard is named by the shortest start of its first key that
    sorts after the previous shard's last key, so the manifest's sorted list
    of names (``shards``) is all the browser needs: a folded word lives in
    the last shard whose name sorts at or before it (:func:`shard_for`), and
    the words it starts are in that shard or begin the next one. The manifest
    also lists the stopwords, endings and limits, and ``filters``
    (``{filter: {value: articles}}``, see :func:`filter_counts`) if given, so
    the search box can lay out its filter menus without loading Pagefind's
    filter index. Returns ``(manifest, {shard name: JSON text})``.
    """
    sizes = {key: _entry_bytes(vocab, key)
             for key in set(vocab.words) | set(vocab.expand) | set(vocab.family) | set(vocab.forms) if key}
    groups: dict[str, list[str]] = defaultdict(list)  # keys with one file-name form stay together
    for key in sizes:
        groups[shard_key(key)].append(key)
    runs: list[list[str]] = []
    size = 0
    for mapped in sorted(groups):
        keys = groups[mapped]
        grow = sum(sizes[k] for k in keys)
        if not runs or (size + grow > max_bytes and size):
            runs.append([])
            size = 0
        runs[-1].append(mapped)
        size += grow
    files: dict[str, str] = {}
    previous = ""
    for run in runs:
        name = _boundary(previous, run[0])
        files[name] = _dumps(_shard_payload(vocab, [k for mapped in run for k in groups[mapped]]))
        previous = run[-1]
    manifest = {
        "lang": vocab.lang,
        "shards": sorted(files),
        "stop": sorted(german.STOPWORDS.get(vocab.lang, german.STOPWORDS["de"])),
        "endings": list(ENDINGS.get(vocab.lang, ())),
        "maxExpansions": MAX_EXPANSIONS,
        "minTypo": MIN_TYPO_LEN,
    }
    if filters is not None:
        manifest["filters"] = filters
    return manifest, files


#: Extension of a vocabulary file's gzip-compressed copy (one no web server maps to a
#: Content-Encoding, so the browser gets the bytes as written and search.js unpacks them).
ZIPPED_EXT = ".zjson"


def vocabulary_files(manifest: dict, parts: dict[str, str]) -> dict[str, bytes]:
    """Every file of a language's vocabulary folder: ``manifest.json`` and ``<shard>.json`` (from
    :func:`shard_vocabulary`), each also gzip-compressed as ``<name>.zjson``.

    search.js loads the compressed copies where the browser has ``DecompressionStream``
    (a third of the bytes: the German MDN's manifest 23.5 → 6 KB, a shard 4 → 1.5 KB) and the
    JSON elsewhere. Reproducible: gzip without a timestamp.
    """
    texts = {"manifest": json.dumps(manifest, ensure_ascii=False), **parts}
    out: dict[str, bytes] = {}
    for name, text in texts.items():
        raw = text.encode("utf-8")
        out[f"{name}.json"] = raw
        out[f"{name}{ZIPPED_EXT}"] = gzip.compress(raw, compresslevel=9, mtime=0)
    return out


def shard_for(key: str, manifest: dict) -> str | None:
    """The shard of folded ``key``: the last shard name that sorts at or before it (what the
    browser computes); None if it sorts before every shard."""
    names = manifest["shards"]
    i = bisect.bisect_right(names, shard_key(key)) - 1
    return names[i] if i >= 0 else None


def filter_counts(records: Iterable[Record]) -> dict[str, dict[str, int]]:
    """Articles per value of each filter of the search box (topic, tag, year), as Pagefind
    counts them from :func:`pagefind_html`'s ``data-pagefind-filter`` elements."""
    counts: dict[str, Counter] = {"topic": Counter(), "tag": Counter(), "year": Counter()}
    for record in records:
        if record.kind != "article":
            continue
        if record.topic:
            counts["topic"][record.topic] += 1
        counts["tag"].update(set(record.tags))
        counts["year"][record.year or texts(record.language, "search")["undated"]] += 1
    return {name: dict(sorted(values.items())) for name, values in counts.items() if values}


# --- query side (reference of search.js) ---------------------------------------


def query_words(query: str, lang: str) -> list[str]:
    """The words of a query that carry meaning: tokens without stopwords, lowercase."""
    return [t.lower() for t in german.tokenize(query) if not german.is_stopword(t, lang)]


def key_variants(key: str, lang: str) -> list[str]:
    """``key`` and ``key`` without one inflection ending (keeping four letters)."""
    out = [key]
    for ending in ENDINGS.get(lang, ()):
        if key.endswith(ending) and len(key) - len(ending) >= 4:
            out.append(key[: -len(ending)])
    return out


def expansions(word: str, vocab: Vocab) -> list[str]:
    """The words a query word is searched as: itself plus what the vocabulary maps it to."""
    key = german.fold(word, vocab.lang)
    out = [word.lower()]
    for variant in key_variants(key, vocab.lang):
        for target in vocab.expand.get(variant, []):
            if target not in out:
                out.append(target)
    return out[: MAX_EXPANSIONS + 1]


#: Shortest folded word split at query time, and its shortest head and tail.
SPLIT_MIN, SPLIT_HEAD, SPLIT_TAIL = 7, 3, 4
#: Linking letters between the parts of a compound ("Bewerbungs|schreiben").
SPLIT_LINKS = ("es", "en", "s", "n")


def split_query(word: str, vocab: Vocab) -> list[str] | None:
    """A query word the site never uses, split into two words it does (``Webspeicher`` → web, speicher).

    The longest tail that is a word of the site, after a head (with or
    without a linking s/n/es/en) that is one too; display forms, lowercase.
    None when the word is short, a word of the site, or no split fits.
    ``splitWord`` in search.js does the same with the vocabulary's shards.
    """
    key = german.fold(word, vocab.lang)
    if len(key) < SPLIT_MIN or key in vocab.words:
        return None
    for i in range(SPLIT_HEAD, len(key) - SPLIT_TAIL + 1):
        head, tail = key[:i], key[i:]
        if tail not in vocab.words:
            continue
        heads = [head] + [head[: -len(link)] for link in SPLIT_LINKS
                          if head.endswith(link) and len(head) - len(link) >= SPLIT_HEAD]
        for option in heads:
            if option in vocab.words:
                return [vocab.words[option][0].lower(), vocab.words[tail][0].lower()]
    return None


def family_of(word: str, vocab: Vocab) -> list[str]:
    """The field's terms the site pairs with ``word`` (its folded key or one without an ending)."""
    out: list[str] = []
    for variant in key_variants(german.fold(word, vocab.lang), vocab.lang):
        for term in vocab.family.get(variant, []):
            if term not in out:
                out.append(term)
    return out


def forms_of(word: str, vocab: Vocab) -> list[str]:
    """The nouns a verb's strong forms make, searched beside the verb ("umbrechen" → umbruch);
    ``verbNouns`` in search.js."""
    return list(vocab.forms.get(german.fold(word, vocab.lang), []))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (swaps count one), or ``limit + 1`` when above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1] if prev[-1] <= limit else limit + 1


def max_typos(key: str) -> int:
    """Edits allowed for a folded word: none below four letters, one up to seven, else two."""
    if len(key) < MIN_TYPO_LEN:
        return 0
    return 1 if len(key) <= 7 else 2


def corrections(word: str, vocab: Vocab) -> list[str]:
    """Index words within :func:`max_typos` edits of ``word``: closest first, then most frequent."""
    key = german.fold(word, vocab.lang)
    limit = max_typos(key)
    if not limit:
        return []
    found = []
    for other, (display, freq) in vocab.words.items():
        if other == key:
            continue
        dist = edit_distance(key, other, limit)
        if dist <= limit:
            found.append((dist, -freq, other, display))
    return [display for *_, display in sorted(found)]
