"""Synthetic corpus: N German articles (a share also in English) shaped like ours.

Writes a complete project directory: ``mkdocs.yml`` (ours, with the generated
series declared in ``extra.kb.series``), ``mkdocs-plain.yml`` (plain Material:
same theme and i18n, none of our hooks, Material's built-in search), ``hooks/``,
``overrides/``, and ``docs/`` with the editorial pages, the real articles and the
generated ones. Deterministic: the same ``n`` and ``seed`` give the same bytes.

    python -m scripts.bench.corpus --articles 1000 --seed 7 --out bench-out/corpus-1000

``--articles`` counts German articles in total, the real ones of
``docs/artikel`` included; the rest are generated.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import random
import re
import shutil
import sys
import unicodedata
from pathlib import Path

from scripts.bench import vocab

ROOT = Path(__file__).resolve().parents[2]
TOPICS = list(vocab.TOPIC_NOUNS)
FIRST_DAY = dt.date(2008, 1, 1)  # fifteen years of articles: 2008 to 2022
LAST_DAY = dt.date(2022, 12, 31)
UNDATED_SHARE = 0.08
COMMENT_SHARE = 0.35
SERIES_EVERY = 60  # one series per this many generated articles
TITLE_TAILS_DE = [
    "was Unternehmen daraus lernen", "ein Erfahrungsbericht", "zehn Thesen",
    "eine Zwischenbilanz", "Fragen und Antworten", "ein Blick hinter die Kulisse",
    "was bleibt", "Chancen und Risiken", "ein Praxisbeispiel", "Mythen und Fakten",
]
TITLE_TAILS_EN = [
    "what companies can learn", "a field report", "ten theses", "an interim review",
    "questions and answers", "a look behind the scenes", "what remains",
    "opportunities and risks", "a practical example", "myths and facts",
]


@dataclasses.dataclass
class Spec:
    """One generated article before rendering (both languages share it)."""

    index: int
    slug: str
    topic: str
    title: str
    title_en: str
    date: dt.date | None
    tags: list[str]
    focus: list[tuple[str, str]]  #: nouns this article keeps returning to
    focus_en: list[str]
    names: list[str]
    english: bool = False
    series: str | None = None
    series_part: int | None = None
    links: list[int] = dataclasses.field(default_factory=list)  #: indexes of linked articles
    comments: int = 0


@dataclasses.dataclass
class Series:
    """One generated series declaration."""

    slug: str
    title: str
    title_en: str
    parts: int
    missing: list[int]


def slugify(text: str) -> str:
    """ASCII slug of a German title: umlauts spelled out, words joined by '-'."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def translation_hash(body: str) -> str:
    """The ``translation_of`` value for a German body (shape required by the schema)."""
    return _hash_function()(body)


_HASH = None


def _hash_function():
    """The project's own content hash (contributors issue) if it exists, else SHA-256."""
    global _HASH
    if _HASH is None:
        _HASH = lambda body: hashlib.sha256(" ".join(body.split()).encode("utf-8")).hexdigest()[:12]  # noqa: E731
        sys.path.insert(0, str(ROOT / "hooks"))
        try:
            from kb import translations  # type: ignore

            _HASH = translations.content_hash
        except Exception:  # noqa: BLE001 - not on main yet: a well-formed hash will do
            pass
        finally:
            sys.path.remove(str(ROOT / "hooks"))
    return _HASH


def _zipf_choice(rng: random.Random, items: list, k: int) -> list:
    """Pick ``k`` distinct items, the first ones far more often (a long tail)."""
    weights = [1 / (i + 1) for i in range(len(items))]
    chosen: list = []
    while len(chosen) < min(k, len(items)):
        item = rng.choices(items, weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def _unique(title: str, seen: dict[str, int]) -> str:
    """``title``, or ``title (2)``, ``(3)``, … if an earlier article has it: the build refuses duplicate titles."""
    count = seen.get(title, 0) + 1
    seen[title] = count
    return title if count == 1 else _unique(f"{title} ({count})", seen)


def plan(n: int, seed: int, en_share: float = 0.3) -> tuple[list[Spec], list[Series]]:
    """Decide every article's metadata, series membership and links."""
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    specs: list[Spec] = []
    seen: dict[str, int] = {}
    for i in range(n):
        topic = rng.choice(TOPICS)
        focus = rng.sample(vocab.TOPIC_NOUNS[topic], 3) + rng.sample(vocab.COMMON_NOUNS, 1)
        focus_en = rng.sample(vocab.TOPIC_NOUNS_EN[topic], 3) + rng.sample(vocab.COMMON_NOUNS_EN, 1)
        names = rng.sample(vocab.NAMES, 2)
        tag_pool = vocab.TAGS_TOPIC[topic] + vocab.TAGS_COMMON
        tags = _zipf_choice(rng, tag_pool, rng.randint(2, 5))
        date = None if rng.random() < UNDATED_SHARE else FIRST_DAY + dt.timedelta(days=rng.randrange(span))
        a, b = focus[0][0], rng.choice([focus[1][0], names[0]])
        tail = rng.randrange(len(TITLE_TAILS_DE))
        title = f"{a} und {b}: {TITLE_TAILS_DE[tail]}"
        title_en = f"{focus_en[0].capitalize()} and {focus_en[1]}: {TITLE_TAILS_EN[tail]}"
        title, title_en = _unique(title, seen), _unique(title_en, seen)
        slug = f"{slugify(a)}-{slugify(b)}-{i + 1:05d}"
        specs.append(Spec(i, slug, topic, title, title_en, date, tags, focus, focus_en, names,
                          english=rng.random() < en_share,
                          comments=rng.randint(1, 8) if rng.random() < COMMENT_SHARE else 0))
    series = _plan_series(rng, specs)
    by_topic: dict[str, list[Spec]] = {t: [s for s in specs if s.topic == t] for t in TOPICS}
    for spec in specs:
        same = by_topic[spec.topic]
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
            target = rng.choice(same) if rng.random() < 0.7 else rng.choice(specs)
            if target.index != spec.index and target.index not in spec.links:
                spec.links.append(target.index)
    return specs, series


def _plan_series(rng: random.Random, specs: list[Spec]) -> list[Series]:
    """Group runs of same-topic articles into series, some with a part declared missing."""
    series: list[Series] = []
    free = [s for s in specs]
    rng.shuffle(free)
    taken: set[int] = set()
    count = len(specs) // SERIES_EVERY or (1 if len(specs) >= 20 else 0)  # small corpora get one
    for number in range(count):
        parts = rng.randint(2, 6)
        missing = [rng.randint(1, parts)] if parts > 2 and rng.random() < 0.25 else []
        need = parts - len(missing)
        head = next((s for s in free if s.index not in taken), None)
        if head is None:
            break
        members = [s for s in free if s.topic == head.topic and s.index not in taken][:need]
        if len(members) < need:
            break
        slug = f"serie-{number + 1:04d}-{slugify(head.focus[0][0])}"
        series.append(Series(slug, f"{head.focus[0][0]} in der Praxis",
                             f"{head.focus_en[0].capitalize()} in practice", parts, missing))
        dated = sorted(m.date for m in members if m.date)
        positions = [p for p in range(1, parts + 1) if p not in missing]
        for position, member in zip(positions, members):
            taken.add(member.index)
            member.series, member.series_part = slug, position
            member.topic = head.topic
            member.english = head.english  # a series is translated whole or not at all
        for member, date in zip(sorted(members, key=lambda m: m.series_part), dated):
            member.date = date
    return series


class Writer:
    """Renders sentences, paragraphs and whole articles for one spec."""

    def __init__(self, spec: Spec, rng: random.Random):
        """Bind the spec and a per-article random source."""
        self.spec, self.rng = spec, rng

    def _noun(self) -> tuple[str, str]:
        pool = self.spec.focus if self.rng.random() < 0.6 else (
            vocab.TOPIC_NOUNS[self.spec.topic] + vocab.COMMON_NOUNS)
        return self.rng.choice(pool)

    def _phrase(self, case: str) -> str:
        noun, gender = self._noun()
        article = {"m": ("der", "den", "dem"), "f": ("die", "die", "der"),
                   "n": ("das", "das", "dem")}[gender][{"n": 0, "a": 1, "d": 2}[case]]
        return f"{article} {noun}"

    def _plural(self) -> str:
        return self.rng.choice(vocab.PLURALS)

    def sentence_de(self, pattern: str | None = None) -> str:
        """One German sentence from a pattern, slots filled from the article's vocabulary."""
        rng = self.rng
        pattern = pattern or rng.choice(vocab.PATTERNS_DE)
        p = self._plural()
        q = rng.choice([x for x in vocab.PLURALS if x != p])
        p_dat = p if p.endswith(("n", "s")) else p + "n"
        values = {
            "P": p, "Q": q, "P_dat": f"den {p_dat}",
            "N": self._phrase("n"), "Na": self._phrase("a"), "Nd": self._phrase("d"),
            "A": rng.choice(vocab.ADJECTIVES), "V": rng.choice(vocab.VERBS_PL),
            "I": rng.choice(vocab.VERBS_INF), "MOD": rng.choice(vocab.MODALS),
            "O": rng.choice(vocab.OPENERS),
            "X": rng.choice(self.spec.names if rng.random() < 0.6 else vocab.NAMES),
            "K": self._noun()[0] if rng.random() < 0.7 else "Social Media",
        }
        text = pattern.format(**values)
        return text[0].upper() + text[1:]

    def sentence_en(self) -> str:
        """One English sentence from an English pattern."""
        rng = self.rng
        pool = self.spec.focus_en if rng.random() < 0.6 else (
            vocab.TOPIC_NOUNS_EN[self.spec.topic] + vocab.COMMON_NOUNS_EN)
        p = rng.choice(vocab.PLURALS_EN)
        values = {
            "P": p, "Q": rng.choice([x for x in vocab.PLURALS_EN if x != p]),
            "N": rng.choice(pool), "M": rng.choice(pool), "A": rng.choice(vocab.ADJECTIVES_EN),
            "V": rng.choice(vocab.VERBS_EN), "O": rng.choice(vocab.OPENERS_EN),
            "X": rng.choice(vocab.NAMES_EN), "K": rng.choice(pool),
        }
        text = rng.choice(vocab.PATTERNS_EN).format(**values)
        return text[0].upper() + text[1:]

    def paragraph(self, lang: str) -> str:
        """Three to six sentences."""
        make = self.sentence_de if lang == "de" else self.sentence_en
        return " ".join(make() for _ in range(self.rng.randint(3, 6)))


def _front_matter(fields: dict) -> str:
    """YAML front matter with every string quoted (titles contain colons)."""
    lines = ["---"]
    for key, value in fields.items():
        if value is None or value == []:
            continue
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(_quote(v) for v in value)}]")
        elif isinstance(value, (int, dt.date)):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {_quote(value)}")
    return "\n".join(lines + ["---", ""])


def _quote(value: str) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _comment_time(rng: random.Random, date: dt.date | None) -> dt.datetime:
    """When a comment was written: within three weeks after the article."""
    day = (date or FIRST_DAY + dt.timedelta(days=rng.randrange(5000))) + dt.timedelta(days=rng.randint(0, 20))
    return dt.datetime(day.year, day.month, day.day, rng.randint(6, 23), rng.randint(0, 59))


def render_comments(spec: Spec, rng: random.Random, lang: str) -> str:
    """The reader comments, in the markup of the real articles (docs/artikel)."""
    heading = "Kommentare aus dem Original" if lang == "de" else "Comments from the original"
    out = ['<section class="kb-comments" markdown>', "", f"## {heading}", ""]
    writer = Writer(spec, rng)
    stamps = sorted(_comment_time(rng, spec.date) for _ in range(spec.comments))
    for when in stamps:
        author = rng.choice(vocab.COMMENTERS)
        if lang == "de":
            text = " ".join(writer.sentence_de(rng.choice(vocab.COMMENT_SENTENCES))
                            for _ in range(rng.randint(1, 3)))
            shown = f"{when:%d.%m.%Y} um {when:%H:%M} Uhr"
        else:
            text = " ".join(writer.sentence_en() for _ in range(rng.randint(1, 3)))
            shown = f"{when:%d.%m.%Y} at {when:%H:%M}"
        out += ['<article class="kb-comment" markdown>',
                f'<p class="kb-comment__meta"><span class="kb-comment__author">{author}</span> · '
                f'<time class="kb-comment__time" datetime="{when:%Y-%m-%dT%H:%M}">{shown}</time></p>',
                "", text, "", "</article>", ""]
    return "\n".join(out + ["</section>", ""])


def render(spec: Spec, specs: list[Spec], seed: int, lang: str) -> str:
    """The Markdown file of ``spec`` in ``lang`` (front matter + body)."""
    rng = random.Random(f"{seed}:{spec.index}:{lang}")
    w = Writer(spec, rng)
    heads = vocab.HEADINGS_DE if lang == "de" else vocab.HEADINGS_EN
    parts = [w.paragraph(lang) for _ in range(2)]
    for heading in rng.sample(heads, rng.randint(2, 4)):
        parts.append(f"## {heading}")
        parts += [w.paragraph(lang) for _ in range(rng.randint(2, 4))]
        if rng.random() < 0.15:
            make = w.sentence_de if lang == "de" else w.sentence_en
            parts.append("\n".join(f"- {make()}" for _ in range(rng.randint(3, 6))))
    for target_index in spec.links:
        target = specs[target_index]
        if lang == "en" and not target.english:
            continue
        title = target.title if lang == "de" else target.title_en
        lead = "Mehr dazu im Beitrag" if lang == "de" else "More on this in"
        at = rng.randrange(1, len(parts))
        while parts[at].startswith(("## ", "- ")):
            at = rng.randrange(1, len(parts))
        parts[at] += f" {lead} [{title}]({target.slug}.md)."
    body = "\n\n".join(parts) + "\n"
    description = w.sentence_de() if lang == "de" else w.sentence_en()
    fields = {
        "title": spec.title if lang == "de" else spec.title_en,
        "description": description,
        "date": spec.date,
        "topic": spec.topic,
        "tags": spec.tags,
        "series": spec.series,
        "series_part": spec.series_part,
    }
    if lang == "en":
        fields["translation_of"] = translation_hash(render_body_de(spec, specs, seed))
    comments = "\n" + render_comments(spec, random.Random(f"{seed}:{spec.index}:c"), lang) if spec.comments else ""
    return _front_matter(fields) + "\n" + body + comments


def render_body_de(spec: Spec, specs: list[Spec], seed: int) -> str:
    """The German file's body (below the front matter), for the translation hash."""
    text = render(spec, specs, seed, "de")
    return text.split("\n---\n", 1)[1].lstrip("\n")


def series_yaml(series: list[Series]) -> str:
    """The generated series as YAML lines for ``extra.kb.series`` (6-space indent)."""
    lines = []
    for s in series:
        lines += [
            f"      {s.slug}:",
            "        title:",
            f"          de: {_quote(s.title)}",
            f"          en: {_quote(s.title_en)}",
            "        description:",
            f"          de: {_quote('Eine Beitragsserie über ' + s.title.split(' in der')[0] + '.')}",
            f"          en: {_quote('An article series on ' + s.title_en.split(' in practice')[0].lower() + '.')}",
            f"        parts: {s.parts}",
        ]
        if s.missing:
            lines.append("        missing:")
            for part in s.missing:
                lines += [f"          {part}:", f"            de: {_quote(f'Teil {part} (nicht im Archiv)')}",
                          f"            en: {_quote(f'Part {part} (not in the archive)')}"]
    return "\n".join(lines) + ("\n" if lines else "")


def our_config(template: str, series: list[Series]) -> str:
    """mkdocs.yml of the project with the generated series appended to ``extra.kb.series``."""
    match = re.search(r"^    series:[ \t]*\n", template, re.M)
    if not match:
        raise SystemExit("mkdocs.yml has no 'extra.kb.series:' block to extend")
    return template[: match.end()] + series_yaml(series) + template[match.end():]


def plain_config(template: str) -> str:
    """Plain Material: same theme, i18n and Markdown; no hooks, no overrides, built-in search."""
    text = re.sub(r"^hooks:\n(?:  - .*\n|#.*\n|\s*\n)*", "", template, flags=re.M)
    text = re.sub(r"^# Our build hooks.*\n(?:#.*\n)*", "", text, flags=re.M)
    text = re.sub(r"^extra_css:\n(?:  - .*\n)*", "", text, flags=re.M)
    text = text.replace("  custom_dir: overrides\n", "  custom_dir: overrides-plain\n")
    text = text.replace("plugins:\n", "plugins:\n  - search\n", 1)
    text = text.replace("reconfigure_search: false", "reconfigure_search: true")
    return re.sub(r"^docs_dir: .*$", "docs_dir: docs-plain", text, count=1, flags=re.M)


def write_plain_docs(out: Path) -> None:
    """``docs-plain/``: the same pages (symlinks into docs/) plus a stub for every page
    the nav names or an editorial page links to that only our hooks generate (topic,
    series, archive and tag pages; the series overviews are not in the nav)."""
    docs, plain = out / "docs", out / "docs-plain"
    plain.mkdir()
    for entry in docs.iterdir():
        (plain / entry.name).symlink_to(Path("..") / "docs" / entry.name)
    nav = (out / "mkdocs-plain.yml").read_text("utf-8").split("\nnav:\n", 1)[-1]
    named = re.findall(r"^\s+- (?:([^:\n]+): )?(\S+\.md)\s*$", nav, re.M)
    for page in sorted(docs.glob("*.md")):
        named += [("", link) for link in re.findall(r"\]\(((?:themen|serien)/[^)#\s]+\.md)\)",
                                                    page.read_text("utf-8"))]
    for label, name in named:
        for page in (name, name[:-3] + ".en.md"):
            if (docs / page).exists() or (plain / page).exists():
                continue
            title = label or Path(name).stem.replace("-", " ").capitalize()
            (plain / page).parent.mkdir(parents=True, exist_ok=True)
            (plain / page).write_text(_front_matter({"title": title}) + f"\n# {title}\n", "utf-8")


def timed_config(out: Path, config: str) -> str:
    """Our config with every hook replaced by a stub that times its events (timing_hook.py)."""
    shutil.copy(Path(__file__).with_name("timing_hook.py"), out / "hooks" / "_bench_timing.py")

    def stub(match: re.Match) -> str:
        name = match.group(1)
        (out / "hooks" / f"_bench_{name}").write_text(
            f'"""Bench stub: hooks/{name} with every event timed (see _bench_timing.py)."""\n'
            "import _bench_timing\n\n"
            f"globals().update(_bench_timing.wrap(__file__, {name!r}))\n", "utf-8")
        return f"  - hooks/_bench_{name}\n"

    return re.sub(r"^  - hooks/([A-Za-z0-9_]+\.py)\n", stub, config, flags=re.M)


def copy_skeleton(out: Path, template_root: Path = ROOT) -> None:
    """Make ``out`` afresh with the project's hooks, overrides and docs, and ``overrides-plain``
    (empty stand-ins for our own templates, which editorial pages may name, e.g. home.html)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in ("hooks", "overrides"):
        shutil.copytree(template_root / name, out / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(template_root / "docs", out / "docs", ignore=shutil.ignore_patterns("__pycache__"))
    (out / "overrides-plain").mkdir()
    for template in (template_root / "overrides").glob("*.html"):
        if template.name != "main.html":
            (out / "overrides-plain" / template.name).write_text('{% extends "main.html" %}\n', "utf-8")


def write_project(out: Path, n: int, seed: int = 7, *, en_share: float = 0.3,
                  template_root: Path = ROOT) -> dict:
    """Write the whole project for ``n`` German articles into ``out``; return a summary."""
    copy_skeleton(out, template_root)
    real = [p for p in (out / "docs" / "artikel").glob("*.md") if not p.name.endswith(".en.md")]
    specs, series = plan(max(0, n - len(real)), seed, en_share)
    config = (template_root / "mkdocs.yml").read_text("utf-8")
    (out / "mkdocs.yml").write_text(our_config(config, series), "utf-8")
    (out / "mkdocs-plain.yml").write_text(our_config(plain_config(config), series), "utf-8")
    (out / "mkdocs-timed.yml").write_text(timed_config(out, our_config(config, series)), "utf-8")
    folder = out / "docs" / "artikel"
    english = 0
    for spec in specs:
        (folder / f"{spec.slug}.md").write_text(render(spec, specs, seed, "de"), "utf-8")
        if spec.english:
            english += 1
            (folder / f"{spec.slug}.en.md").write_text(render(spec, specs, seed, "en"), "utf-8")
    write_series_pages(out, template_root, series)
    write_plain_docs(out)
    return {"german": len(specs) + len(real), "generated": len(specs), "real": len(real),
            "english_generated": english, "series": len(series)}


def write_series_pages(out: Path, template_root: Path, series: list[Series]) -> None:
    """One page per generated series if the project keeps a page per series in docs/serien/."""
    model = template_root / "docs" / "serien" / "bmw-im-interview.md"
    if not model.exists():
        return
    for lang, suffix in (("de", ".md"), ("en", ".en.md")):
        source = model.with_name("bmw-im-interview" + suffix)
        if not source.exists():
            continue
        text = source.read_text("utf-8")
        for s in series:
            title = s.title if lang == "de" else s.title_en
            page = re.sub(r"^title: .*$", f"title: {_quote(title)}", text, count=1, flags=re.M)
            page = page.replace("bmw-im-interview", s.slug)
            (out / "docs" / "serien" / f"{s.slug}{suffix}").write_text(page, "utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line: write a corpus project."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--en-share", type=float, default=0.3)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    summary = write_project(args.out, args.articles, args.seed, en_share=args.en_share)
    print("corpus: " + " ".join(f"{k}={v}" for k, v in summary.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
