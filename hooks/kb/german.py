"""German (and English) text handling shared by related articles and search.

Pure: no MkDocs. One place decides what a "word" is, so that related articles
and search agree:

* :func:`tokenize` finds the words of a text (letters and digits; hyphens and
  apostrophes split: "Facebook-Seiten" → "Facebook", "Seiten").
* :func:`fold` is the spelling key: lowercase, ä→ae, ö→oe, ü→ue, ß→ss, other
  accents dropped. Both spellings of a word ("Häuser"/"Haeuser",
  "Straße"/"Strasse") get the same key; words that merely contain "ae", "oe"
  or "ue" ("Kaffeetassen", "Steuer", "Feuer") are left alone, because the
  folding only ever *expands* umlauts and never guesses them back.
* :func:`stem` is Snowball (PyStemmer) German or English on the folded word,
  cached per word. The German Snowball stemmer reads "ae/oe/ue" like
  "ä/ö/ü", so "Haus", "Häuser" and "Häusern" share the stem ``haus``.
* :func:`is_stopword` knows German and English function words.
* :func:`split_compound` splits closed German compounds into known parts with
  the help of a :class:`Vocabulary` (the corpus' own words plus a small
  built-in list of common German words), allowing the linking elements
  (Fugen) -s-, -es-, -n-, -en-, -er-, -e-: "Versicherungspflicht" →
  versicherung + pflicht, "Kaffeetassen" → kaffee + tasse.
* :func:`analyze` puts it together: ``analyze(text, lang, vocab)`` returns the
  index terms of a text (stems of the non-stopwords, plus the stems of each
  compound's parts right after it).

Compound splitting method (Koehn & Knight 2003, simplified): every split into
parts of at least :data:`MIN_PART` letters whose parts are known words (the
non-final parts exactly, optionally followed by a linking element; the final
part up to inflection, i.e. by stem) is a candidate; the unsplit word is a
candidate too. The candidate with the highest geometric mean of the parts'
corpus frequencies wins, ties going to the split with fewer parts. So a
frequent lexicalised word like "Unternehmen" stays whole when "unter" and
"nehmen" are rarer than it, while a rare compound made of known words splits.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from typing import Iterable, Iterator, Mapping

import Stemmer

#: The languages this module knows; anything else is treated as German.
LANGS = ("de", "en")
#: The shortest compound part (in folded letters).
MIN_PART = 4
#: The linking elements (Fugenelemente) a non-final part may carry, longest first.
LINKS = ("es", "en", "er", "s", "n", "e", "")

#: Letters and digits; tokenize() splits at underscores too (the words of ``[^\W_]+``).
_WORD = re.compile(r"\w+", re.UNICODE)
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})

# German function words: the Snowball German stop list (folded below) plus a
# few blog fillers. Kept in the module so that nothing has to be downloaded.
_GERMAN_STOPWORDS = """
aber alle allem allen aller alles als also am an ander andere anderem anderen
anderer anderes anderm andern anderr anders auch auf aus bei bin bis bist da
damit dann der den des dem die das dass daß derselbe derselben denselben
desselben demselben dieselbe dieselben dasselbe dazu dein deine deinem deinen
deiner deines denn derer dessen dich dir du dies diese diesem diesen dieser
dieses doch dort durch ein eine einem einen einer eines einig einige einigem
einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren eurer
eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich
mich mir ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede jedem
jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem
keinen keiner keines können könnte machen man manche manchem manchen mancher
manches mein meine meinem meinen meiner meines mit muss musste nach nicht
nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines
selbst sich sie ihnen sind so solche solchem solchen solcher solches soll
sollte sondern sonst über um und uns unsere unserem unseren unser unseres
unter viel vom von vor während war waren warst was weg weil weiter welche
welchem welchen welcher welches wenn werde werden wie wieder will wir wird
wirst wo wollen wollte würde würden zu zum zur zwar zwischen
schon mal eben ganz gar immer wohl ja nein dabei dafür darüber davon dazu
denen deren dieser dies diesen etwa hier heute mehr sowie wurde wurden worden
bzw usw z b ca eher sehr sogar ob beim bereits zwei drei eins
"""

# English function words (a common short list).
_ENGLISH_STOPWORDS = """
a about above after again against all am an and any are as at be because been
before being below between both but by can could did do does doing down during
each few for from further had has have having he her here hers herself him
himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours ourselves out over own same
she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when
where which while who whom why will with would you your yours yourself
yourselves also may might must shall us via e g i e etc
across along already although always among another anyone anything around away
back become becomes became big came come comes could either else enough even
ever every everything get gets getting give given go goes going gone got great
however instead keep know known last least less let like little made make makes
many much named need needs never new next nothing often one ones put quite
rather really said say says see seem seems seen since something still take
taken thing things though thus together took two upon used uses using want way
ways well whether within without yet especially stand stands new
"""


def fold(word: str, lang: str = "de") -> str:
    """The spelling key of ``word``: lowercase, ä/ö/ü/ß written out, accents dropped.

    "Häuser" and "Haeuser" both give ``haeuser``; "Straße" and "Strasse" both
    give ``strasse``; "Kaffeetassen" stays ``kaffeetassen``. The same for
    every language (an English page quoting "Müller" folds it alike).
    """
    text = word.casefold().translate(_FOLD) if not word.isascii() else word.lower()
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A URL slug of ``text``: :func:`fold`, then anything but a–z/0–9 becomes one ``-``.

    "Größe, Übermut & Ärger" → ``groesse-uebermut-aerger``; "" when nothing is left.
    Tag pages and new articles share it, so a word gets one slug everywhere.
    """
    return _NON_SLUG.sub("-", fold(text)).strip("-")


def tokenize(text: str) -> list[str]:
    """The words of ``text`` as written (letters and digits; anything else splits).

    Underscores become spaces first: ``\\w+`` then finds the words of
    ``[^\\W_]+`` a tenth faster than that pattern itself.
    """
    return _WORD.findall(text.replace("_", " ")) if "_" in text else _WORD.findall(text)


def _norm_lang(lang: str | None) -> str:
    """``lang`` if this module knows it, else German."""
    return lang if lang in LANGS else "de"


_STEMMERS: dict[str, "Stemmer.Stemmer"] = {}
_STEM_CACHE: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}


def stem(word: str, lang: str = "de") -> str:
    """The Snowball stem of ``word`` (folded first), cached per word and language.

    German: "Haus", "Häuser", "Häusern" and "Haeusern" all give ``haus``.
    English: "relations" gives ``relat``.
    """
    lang = _norm_lang(lang)
    cache = _STEM_CACHE[lang]
    result = cache.get(word)
    if result is None:
        stemmer = _STEMMERS.get(lang)
        if stemmer is None:
            stemmer = _STEMMERS[lang] = Stemmer.Stemmer("german" if lang == "de" else "english")
        result = stemmer.stemWord(fold(word, lang))
        if len(cache) > 500_000:  # a bound for endless serve sessions; the working set is far smaller
            cache.clear()
        cache[word] = result
    return result


STOPWORDS: dict[str, frozenset[str]] = {
    "de": frozenset(fold(w) for w in _GERMAN_STOPWORDS.split()),
    "en": frozenset(fold(w) for w in _ENGLISH_STOPWORDS.split()),
}


def is_stopword(word: str, lang: str = "de") -> bool:
    """Whether ``word`` (any spelling or case) is a function word of ``lang``."""
    return fold(word, lang) in STOPWORDS[_norm_lang(lang)]


# Common German words that make up compounds, so that splitting works even
# when the corpus never uses a part on its own. Folded on load.
BUILTIN_WORDS = """
angebot anfrage antwort arbeit arbeiter auto autor bank bahn bau baum bereich beitrag berater beratung
bericht betrieb bild bindung blog brief buch bürger büro chef dach daten dienst
druck event fahrt fahrzeug familie farbe fehler feld fenster film finanzierung firma
form forum foto frage frau freund freude führung gast geld geschäft gesetz
gespräch gruppe hand handel haus heft hilfe hof information interview jahr
kaffee kampagne kanal karte kauf kette kind kirche klasse kommunikation
kommentar konzern kosten kraft kunde kunden kultur land lage leben leistung
leiter liste luft macht management mann marke markt maschine medien mensch
messe miete mitarbeiter mittel modell monat motor musik nachricht name
netz netzwerk news nutzer oper ort partner person pflicht plan platz politik
post praxis preis presse produkt programm projekt quelle rad rat raum recht
rede region reise relations sache schule schutz seite service sicherheit
social sonder spiel sport sprache stadt stelle steuer straße strategie stunde
system tag tasse team tee teil telefon text thema tisch tür verkauf verkehr
vertrag vertrieb versicherung video volk wagen wahl wald wasser web welt
werbung werk wert wette wetter woche wort zeit zeitung ziel zimmer zug
"""


class Vocabulary:
    """Known words with their frequencies, for splitting compounds.

    Built from a corpus (``Vocabulary.from_texts(texts, lang)``) plus the
    built-in list :data:`BUILTIN_WORDS` (each counted once). Words are stored
    folded. Splits are cached per word, so build one vocabulary per corpus
    and reuse it.
    """

    def __init__(self, counts: Counter | None = None, lang: str = "de", builtin: bool = True):
        """A vocabulary of ``counts`` (folded word → frequency), plus the built-in words."""
        self.lang = _norm_lang(lang)
        self.counts: Counter = Counter()
        if builtin and self.lang == "de":
            self.counts.update(fold(w) for w in BUILTIN_WORDS.split())
        if counts:
            self.counts.update(counts)
        self._by_stem: dict[str, str] | None = None
        self._stem_counts: Counter | None = None
        self._splits: dict[str, tuple[str, ...]] = {}

    @classmethod
    def from_texts(cls, texts: Iterable[str], lang: str = "de", builtin: bool = True) -> "Vocabulary":
        """Count the folded non-stopwords of ``texts`` (at least :data:`MIN_PART` letters)."""
        counts: Counter = Counter()
        for text in texts:
            counts.update(tokenize(text))
        return cls.from_counts(counts, lang, builtin)

    @classmethod
    def from_counts(cls, forms: Mapping[str, int], lang: str = "de", builtin: bool = True) -> "Vocabulary":
        """The vocabulary of a corpus given as ``{word as written: occurrences}``.

        Every caller that knows its corpus' word counts (related articles,
        the search vocabulary) builds its compound splitter here, so both
        agree on what a known word is: folded, at least :data:`MIN_PART`
        letters, no number, no stopword.
        """
        lang = _norm_lang(lang)
        stop = STOPWORDS[lang]
        counts: Counter = Counter()
        for token, n in forms.items():
            if len(token) >= MIN_PART and not token.isdigit():
                key = fold(token, lang)
                if key not in stop:
                    counts[key] += n
        return cls(counts, lang, builtin)

    def add(self, words: Iterable[str]) -> None:
        """Count ``words`` once more each (any spelling); forgets cached splits."""
        self.counts.update(fold(w) for w in words)
        self._by_stem = None
        self._stem_counts = None
        self._splits.clear()

    def __contains__(self, word: str) -> bool:
        """Whether ``word`` (any spelling) is a known word, exactly."""
        return fold(word) in self.counts

    def _index(self) -> None:
        """Build stem → shortest known word and stem → total frequency."""
        by_stem: dict[str, str] = {}
        stem_counts: Counter = Counter()
        for word, count in self.counts.items():
            if len(word) < MIN_PART or word in STOPWORDS[self.lang]:
                continue
            key = stem(word, self.lang)
            stem_counts[key] += count
            best = by_stem.get(key)
            if best is None or (len(word), word) < (len(best), best):
                by_stem[key] = word
        self._by_stem, self._stem_counts = by_stem, stem_counts

    def base_form(self, word: str) -> str | None:
        """The shortest known word sharing ``word``'s stem ("tassen" → "tasse"), or None."""
        if self._by_stem is None:
            self._index()
        return self._by_stem.get(stem(word, self.lang))

    def frequency(self, word: str) -> int:
        """How often ``word``'s stem occurs in the vocabulary (all inflections)."""
        if self._stem_counts is None:
            self._index()
        return self._stem_counts.get(stem(word, self.lang), 0)

    def split(self, word: str) -> tuple[str, ...]:
        """Cached :func:`split_compound` of ``word`` against this vocabulary."""
        key = fold(word)
        result = self._splits.get(key)
        if result is None:
            result = self._splits[key] = _best_split(key, self)
        return result


#: :data:`LINKS` by length, longest first: a chunk ends in at most one link of each length.
_LINKS_BY_SIZE = tuple((size, frozenset(link for link in LINKS if len(link) == size))
                       for size in sorted({len(link) for link in LINKS}, reverse=True))


def _head_parts(word: str, vocab: Vocabulary) -> Iterator[tuple[str, int]]:
    """Known non-final parts at the start of ``word``: (part, letters used incl. Fuge)."""
    counts = vocab.counts
    stop = STOPWORDS[vocab.lang]
    for end in range(MIN_PART, len(word) - MIN_PART + 1):
        chunk = word[:end]
        for size, links in _LINKS_BY_SIZE:
            if size and chunk[-size:] not in links:
                continue
            part = chunk[: end - size]
            if len(part) >= MIN_PART and part in counts and part not in stop:
                yield part, end
                break  # the longest linking element that leaves a known word


def _splits(word: str, vocab: Vocabulary, depth: int = 0) -> Iterator[tuple[str, ...]]:
    """Every way to write ``word`` as known parts (at least two), up to four parts."""
    if depth > 3:
        return
    for head, used in _head_parts(word, vocab):
        rest = word[used:]
        tail = vocab.base_form(rest) if len(rest) >= MIN_PART else None
        if tail is not None and rest not in STOPWORDS[vocab.lang]:
            yield (head, tail)
        for more in _splits(rest, vocab, depth + 1):
            yield (head, *more)


def _best_split(word: str, vocab: Vocabulary) -> tuple[str, ...]:
    """The split of folded ``word`` with the best geometric mean frequency, or ``()``."""
    if len(word) < 2 * MIN_PART or not word.isalpha():
        return ()
    whole = vocab.frequency(word)
    floor = math.log(whole) if whole else float("-inf")
    best: tuple[str, ...] = ()
    best_score: tuple[float, int] | None = None
    for parts in _splits(word, vocab):
        logs = [math.log(max(vocab.frequency(p), 1)) for p in parts]
        score = (sum(logs) / len(logs), -len(parts))
        if score[0] >= floor and (best_score is None or score > best_score):
            best, best_score = parts, score
    return best


def split_compound(word: str, vocab: Vocabulary | None = None) -> list[str]:
    """The parts of the closed compound ``word`` (folded base forms), or ``[]``.

    "Versicherungspflicht" → ``["versicherung", "pflicht"]`` and
    "Kaffeetassen" → ``["kaffee", "tasse"]``. Parts have at least
    :data:`MIN_PART` letters and are known to ``vocab`` (default: the
    built-in list only). A word that is no compound, or that is more frequent
    on its own than its parts, gives ``[]``.
    """
    return list((vocab or _builtin_vocab()).split(word))


_BUILTIN_VOCAB: Vocabulary | None = None


def _builtin_vocab() -> Vocabulary:
    """The vocabulary of the built-in word list alone (made once)."""
    global _BUILTIN_VOCAB
    if _BUILTIN_VOCAB is None:
        _BUILTIN_VOCAB = Vocabulary()
    return _BUILTIN_VOCAB


def analyze_pairs(text: str, lang: str = "de", vocab: Vocabulary | None = None,
                  compounds: bool = True) -> list[tuple[str, str]]:
    """``(term, surface)`` for every index term of ``text``, in text order.

    ``term`` is the stem, ``surface`` the word as written (or, for a compound
    part, its folded base form), so a caller can show readers words rather
    than stems. Stopwords, single characters and bare numbers are left out;
    German compounds add their parts after the whole word.
    """
    lang = _norm_lang(lang)
    if lang == "de" and compounds and vocab is None:
        vocab = _builtin_vocab()
    out: list[tuple[str, str]] = []
    for token in tokenize(text):
        out += token_terms(token, lang, vocab if compounds else None)
    return out


def token_terms(token: str, lang: str = "de", vocab: Vocabulary | None = None,
                nouns_only: bool = False) -> list[tuple[str, str]]:
    """``(term, surface)`` for one written word: its stem, then its compound parts' stems.

    The one analysis of a word that related articles and search share. Stopwords,
    single characters and bare numbers give nothing. German words of at least
    ``2 * MIN_PART`` letters are split against ``vocab`` (none: no split);
    ``nouns_only`` splits only capitalised words ("Versicherungspflicht"), not
    code names ("getElementById") or lower-case words.
    """
    lang = _norm_lang(lang)
    if len(token) < 2 or token.isdigit():
        return []
    key = fold(token, lang)
    if key in STOPWORDS[lang]:
        return []
    out = [(stem(key, lang), token)]
    if (vocab is not None and lang == "de" and len(key) >= 2 * MIN_PART
            and (not nouns_only or (token[0].isupper() and token[1:].islower()))):
        out += [(stem(part, lang), part) for part in vocab.split(key)]
    return out


def analyze(text: str, lang: str = "de", vocab: Vocabulary | None = None,
            compounds: bool = True) -> list[str]:
    """The index terms of ``text``: stems of its words plus stems of compound parts.

    ``analyze("Die Versicherungspflicht für Häuser", "de")`` gives
    ``["versicherungspflicht", "versicher", "pflicht", "haus"]``.
    """
    return [term for term, _ in analyze_pairs(text, lang, vocab, compounds)]


#: The vowel changes of German strong verbs (Ablaut), from a verb's stem to the nouns made from
#: it, on Snowball stems: brech → bruch ("umbrechen", "Umbruch"), nehm → nahm ("aufnehmen",
#: "Aufnahme"), scheid → schied, schliess → schluss, sprung, fund. A verb with "a" keeps it in its
#: nouns ("schlagen", "Schlag"), and "e" → "i" ("helfen", "Hilfe") pairs too many unrelated words.
ABLAUT = {"ei": ("i", "ie"), "ie": ("o", "u"), "i": ("a", "u", "o"), "e": ("a", "o", "u")}
#: Fewest letters before the changing vowels: shorter stems pair unrelated words ("les", "los").
ABLAUT_MIN_HEAD = 3
_LAST_VOWELS = re.compile(r"^(.*?[^aeiouy])([aeiouy]+)([^aeiouy]+)$")


def _ablaut_frame(word: str, lang: str) -> tuple[str, str, str] | None:
    """``(head, vowels, tail)`` of ``word``'s stem around its last vowels, or None when the
    head is shorter than :data:`ABLAUT_MIN_HEAD` or the stem ends in a vowel."""
    match = _LAST_VOWELS.match(stem(word, lang))
    if not match or len(match.group(1)) < ABLAUT_MIN_HEAD:
        return None
    return match.group(1), match.group(2), match.group(3)


def verb_nouns(words: Mapping[str, tuple[str, int]], lang: str = "de", limit: int = 2) -> dict[str, list[str]]:
    """The nouns a text's German verbs make with a strong verb's vowel change: "umbrechen" → umbruch.

    ``words`` maps a folded word to ``(display form, documents)`` (the search
    vocabulary's words). A verb is a word written lowercase whose stem is
    itself without "-en" (an infinitive: "umbrechen", not "strengeren"); its
    nouns are the capitalised words of two documents or more that start with
    their stem (so no umlaut stands in the changed vowels: "Ausfüllens" is
    not "ausfallen"'s) and whose stem is the verb's with its last vowels
    changed as :data:`ABLAUT` allows ("Umbruch", "Umbruchs": stem ``umbruch``).
    The stem's prefix search finds them where the verb's own stem
    (``umbrech``) does not. Returns ``{verb key: [noun, …]}``: lowercase, one
    per stem (its shortest form), the stems in most documents first, at most
    ``limit``; nothing for a language other than German.
    """
    if _norm_lang(lang) != "de":
        return {}
    nouns: dict[tuple[str, str], dict[str, dict[str, list]]] = {}  # (head, tail) → vowels → stem → [df, form]
    for key, (display, df) in words.items():
        if df < 2 or not display[:1].isupper() or not display[1:].islower() or not key.isalpha():
            continue
        frame = _ablaut_frame(key, lang)
        if frame is None or not key.startswith("".join(frame)):
            continue
        head, vowels, tail = frame
        by_stem = nouns.setdefault((head, tail), {}).setdefault(vowels, {})
        entry = by_stem.setdefault(head + vowels + tail, [0, display.lower()])
        entry[0] += df
        if (len(display), display.lower()) < (len(entry[1]), entry[1]):
            entry[1] = display.lower()
    out: dict[str, list[str]] = {}
    for key, (display, _) in words.items():
        if len(key) < 6 or not key.endswith("en") or not display.islower() or not key.isalpha():
            continue
        frame = _ablaut_frame(key, lang)
        if frame is None or "".join(frame) != key[:-2] or (frame[0], frame[2]) not in nouns:
            continue
        head, vowels, tail = frame
        found = [entry for changed in ABLAUT.get(vowels, ())
                 for entry in nouns[(head, tail)].get(changed, {}).values()]
        if found:
            out[key] = [form for _, form in sorted(found, key=lambda e: (-e[0], e[1]))[:limit]]
    return out
