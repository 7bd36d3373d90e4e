"""Source fidelity: every line of every source is in its built German article, verbatim.

The five sources (German blog posts with their reader comments) are kept as
unchanged copies in ``tests/sources/``. Each article names its source in the
front matter (``source:``). For every non-empty line of a source, the test
looks for that line in the text of the built German page (tags stripped,
entities unescaped, whitespace collapsed on both sides; nothing else is
normalised). The only exceptions are listed below, per source and with a
reason: blog chrome that was dropped on purpose (``CHROME``), lines of which
only a part is kept (``TRIMMED``), and plain-text bullets that became a
Markdown list (``BULLET``). Unit checks make sure these lists only name lines
that really are in the source, so they cannot swallow text silently.

The English edition is checked too: every article has an English page that
is English, is not the German text again and has its comments translated.
"""

from __future__ import annotations

import hashlib
import html.parser
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

SOURCES = ROOT / "tests" / "sources"
ARTICLES = ROOT / "docs" / "artikel"
SOURCE_FILES = sorted(SOURCES.glob("*.txt"))

B2B = "004_152bd117fbc8c3eb.txt"
MVS = "003_a49fe0b0bd8a7bf1.txt"
AUTOHAUS = "002_3350586e861d00db.txt"

#: Lines of the original blogs' chrome that the articles leave out on purpose.
CHROME: dict[str, list[str]] = {
    MVS: [
        # The YARPP widget "weitere interessante Einträge": posts not in the archive.
        "weitere interessante Einträge",
        "1. Social Media Marketing – wird das noch was? Bei Netzwertig gab es kürzlich einen "
        "Artikel mit einigen Gedanken zu den Problemen von Vermarktung...",
        "2. Marketing vs. Social Media – die Theorie ist klar Neulich habe ich über Twitter "
        "diesen Clip von Scholz&Friends gefunden. Der Inhalt zeigt, dass die...",
        "3. Marketing vs. Social Media Teil 2 Als kleiner Nachtrag zu meinem letzten Artikel "
        "über Marketing vs. Social Media hier noch ein...",
        "Related posts brought to you by Yet Another Related Posts Plugin.",
        # The comment counter (the comments themselves are kept).
        "Comments 2",
        # Trackbacks and pingbacks: excerpts of other posts, not reader comments.
        # The article keeps a one-line editorial note that there were two.
        "Trackbacks & Pingbacks 2",
        "1. From Marketing vs. Social Media Teil 2 | heroicapproach on 17 Nov 2008 at 22:21",
        "[...] kleiner Nachtrag zu meinem letzten Artikel über Marketing vs. Social Media hier "
        "noch ein paar Fakten die mir in der letzten Zeit begegnet [...]",
        "2. From Barcamp Hamburg - find ich gut | heroicapproach on 24 Nov 2008 at 23:43",
        "[...] ein Produkt muss “der Rede wert sein” um virales Potential zu haben (ähnelt doch "
        "sehr meiner Schlußfolgerung hier) [...]",
        # The comment form.
        "Post a Comment",
        "Your email is never published nor shared. Required fields are marked *",
    ],
    B2B: [
        # The comment counter; the article says that there were no comments.
        "0 Kommentare:",
    ],
}

#: Lines of which the blog's chrome is trimmed: source line -> the part kept verbatim.
#: The comment's author and timestamp go into the comment's meta line.
TRIMMED: dict[str, dict[str, str]] = {
    MVS: {
        "1. Gerald Hensel wrote:": "Gerald Hensel",
        "Posted 28 Oct 2008 at 13:17": "28 Oct 2008 at 13:17",
        "2. Malte wrote:": "Malte",
        "Posted 29 Oct 2008 at 09:27": "29 Oct 2008 at 09:27",
    },
}

#: Sources whose plain-text bullet (this prefix) became a Markdown list item.
BULLET: dict[str, str] = {
    AUTOHAUS: "- ",  # the "60 Sekunden" list
}


def collapse(text: str) -> str:
    """Collapse every run of whitespace to one space and trim the ends."""
    return re.sub(r"\s+", " ", text).strip()


def source_lines(path: Path) -> list[str]:
    """The non-empty lines of a source, whitespace collapsed."""
    return [collapse(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def expected_lines(path: Path) -> list[str]:
    """What must appear in the built page for each source line, after the listed exceptions."""
    name = path.name
    chrome = set(CHROME.get(name, ()))
    trimmed = TRIMMED.get(name, {})
    bullet = BULLET.get(name)
    expected = []
    for line in source_lines(path):
        if line in chrome:
            continue
        if line in trimmed:
            line = trimmed[line]
        elif bullet and line.startswith(bullet):
            line = line[len(bullet):]
        expected.append(line)
    return expected


class _ContentText(html.parser.HTMLParser):
    """Collects the text of Material's content area (``<article class="md-content__inner">``)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)  # entities unescaped
        self.depth = 0  # open <article> elements, counted from the content area
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        """Enter the content area, or one more nested <article> inside it."""
        if tag != "article":
            return
        if self.depth:
            self.depth += 1
        elif "md-content__inner" in (dict(attrs).get("class") or ""):
            self.depth = 1

    def handle_endtag(self, tag):
        """Leave one <article>."""
        if tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        """Keep text inside the content area; tags contribute nothing."""
        if self.depth:
            self.parts.append(data)


def page_text(html_text: str) -> str:
    """The content area's text: tags stripped, entities unescaped, whitespace collapsed."""
    parser = _ContentText()
    parser.feed(html_text)
    parser.close()
    return collapse("".join(parser.parts))


def front_matter(path: Path) -> dict:
    """The YAML front matter of a Markdown file."""
    text = path.read_text("utf-8")
    match = re.match(r"\A---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(match.group(1)) if match else {}


def article_for(source: str, lang: str = "de") -> Path:
    """The one article (``lang``) whose front matter names ``source``."""
    suffix = ".en.md" if lang == "en" else ".md"
    found = [p for p in sorted(ARTICLES.glob(f"*{suffix}"))
             if (lang == "en" or not p.name.endswith(".en.md"))
             and front_matter(p).get("source") == source]
    assert len(found) == 1, f"{source}: expected one {lang} article with 'source: {source}', found {found}"
    return found[0]


def built_page(site: Path, article: Path, lang: str = "de") -> str:
    """The built HTML of ``article`` in ``lang``."""
    slug = article.name.removesuffix(".en.md").removesuffix(".md")
    prefix = "en/" if lang == "en" else ""
    return (site / f"{prefix}artikel/{slug}" / "index.html").read_text("utf-8")


# --- the copies and the exception lists --------------------------------------------------


def test_there_are_five_sources():
    assert [p.name[:3] for p in SOURCE_FILES] == ["000", "001", "002", "003", "004"]


def test_source_copies_are_unchanged():
    """The copies match the checksums recorded when they were copied (nobody 'fixed' a typo)."""
    sums = dict(reversed(line.split("  ", 1)) for line in
                (SOURCES / "SHA256SUMS").read_text("utf-8").splitlines() if line.strip())
    assert sorted(sums) == [p.name for p in SOURCE_FILES]
    for path in SOURCE_FILES:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sums[path.name], path.name


@pytest.mark.parametrize("name", sorted(CHROME))
def test_chrome_lines_are_lines_of_their_source(name):
    lines = source_lines(SOURCES / name)
    strays = [line for line in CHROME[name] if line not in lines]
    assert not strays, f"{name}: CHROME names lines that are not in the source: {strays}"


@pytest.mark.parametrize("name", sorted(TRIMMED))
def test_trimmed_lines_are_lines_of_their_source_and_keep_a_part_of_it(name):
    lines = source_lines(SOURCES / name)
    for line, kept in TRIMMED[name].items():
        assert line in lines, f"{name}: TRIMMED names a line that is not in the source: {line!r}"
        assert kept and kept in line, f"{name}: {kept!r} is not a part of {line!r}"


@pytest.mark.parametrize("name", sorted(BULLET))
def test_bullet_prefix_occurs_in_its_source(name):
    assert any(line.startswith(BULLET[name]) for line in source_lines(SOURCES / name))


def test_exceptions_leave_most_of_each_source():
    """The exception lists drop chrome, never the body of a source (measured in characters)."""
    for path in SOURCE_FILES:
        dropped = sum(len(line) for line in CHROME.get(path.name, ()))
        assert dropped < sum(map(len, source_lines(path))) / 4, path.name


def test_expected_lines_drop_exactly_the_chrome():
    path = SOURCES / MVS
    assert len(expected_lines(path)) == len(source_lines(path)) - len(CHROME[MVS])
    assert "Comments 2" not in expected_lines(path)
    assert "Gerald Hensel" in expected_lines(path)


def test_page_text_strips_tags_and_unescapes_entities():
    html_text = ('<nav>Menü</nav><article class="md-content__inner md-typeset"><h1>W&amp;V</h1>'
                 '<article class="kb-comment"><p>a\n  <abbr title="x">B2B</abbr>-Kommunikation'
                 '</p></article><p>nach</p></article><footer>Fuß</footer>')
    assert page_text(html_text) == "W&Va B2B-Kommunikationnach"


def test_every_source_has_exactly_one_german_article():
    for path in SOURCE_FILES:
        article_for(path.name)


# --- the built German pages hold every line ------------------------------------------------


@pytest.mark.parametrize("source", SOURCE_FILES, ids=lambda p: p.name)
def test_every_source_line_is_in_the_built_german_article(built_site, source):
    article = article_for(source.name)
    text = page_text(built_page(built_site, article))
    missing = [line for line in expected_lines(source) if line not in text]
    assert not missing, (
        f"{source.name}: {len(missing)} paragraph(s) missing from docs/artikel/{article.name} "
        "(built page):\n" + "\n".join(f"  - {line}" for line in missing)
    )


# --- the English edition ------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]{3,}")
_URLISH = re.compile(r"\S+[./]\S+")
_COMMENT = re.compile(r'<article class="kb-comment"')
_DATETIME = re.compile(r'<time class="kb-comment__time" datetime="([^"]+)"')


def word_overlap(english: str, german: str) -> float:
    """Share of the English page's words (3+ letters, case-folded) that the German page also uses.

    Web addresses and domains (``facebook.com/BMW``) are the same in both languages; they
    do not count.
    """
    english, german = _URLISH.sub(" ", english), _URLISH.sub(" ", german)
    en_words = [w.casefold() for w in _WORD.findall(english)]
    de_vocab = {w.casefold() for w in _WORD.findall(german)}
    return sum(w in de_vocab for w in en_words) / max(1, len(en_words))


def comments_of(html_text: str) -> list[str]:
    """The text of each reader comment on a built page (meta line included)."""
    chunks = html_text.split('<article class="kb-comment"')[1:]
    return [collapse(re.sub(r"<[^>]+>", "", chunk.split("</article>", 1)[0])) for chunk in chunks]


def test_word_overlap_tells_a_translation_from_a_copy():
    german = "Die erste Kontaktaufnahme mit BMW ist nun erfolgt."
    assert word_overlap(german, german) == 1.0
    assert word_overlap("The first contact with BMW has now been made.", german) < 0.3


@pytest.mark.parametrize("source", SOURCE_FILES, ids=lambda p: p.name)
def test_english_article_exists_with_the_same_source(source):
    english = article_for(source.name, "en")
    assert english.name == article_for(source.name).name.replace(".md", ".en.md")


@pytest.mark.parametrize("source", SOURCE_FILES, ids=lambda p: p.name)
def test_english_article_is_built_as_english(built_site, source):
    html_text = built_page(built_site, article_for(source.name), "en")
    assert '<html lang="en"' in html_text


@pytest.mark.parametrize("source", SOURCE_FILES, ids=lambda p: p.name)
def test_english_article_is_not_the_german_text_again(built_site, source):
    article = article_for(source.name)
    german = page_text(built_page(built_site, article))
    english = page_text(built_page(built_site, article, "en"))
    overlap = word_overlap(english, german)
    assert overlap < 0.35, f"{source.name}: {overlap:.0%} of the English words are German page words"
    assert len(english) > 0.7 * len(german), f"{source.name}: the English page is much shorter"


@pytest.mark.parametrize("source", SOURCE_FILES, ids=lambda p: p.name)
def test_english_article_translates_every_comment(built_site, source):
    article = article_for(source.name)
    german_html = built_page(built_site, article)
    english_html = built_page(built_site, article, "en")
    german, english = comments_of(german_html), comments_of(english_html)
    assert len(english) == len(german), f"{source.name}: {len(german)} comments in German, {len(english)} in English"
    assert _DATETIME.findall(english_html) == _DATETIME.findall(german_html)
    for de_text, en_text in zip(german, english):
        assert word_overlap(en_text, de_text) < 0.6, f"{source.name}: comment not translated: {en_text[:80]}"
    if german:
        assert "Comments from the original" in english_html
        assert "Kommentare aus dem Original" not in english_html
