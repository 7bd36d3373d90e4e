"""Integration: what the build writes for search, on the real site."""

from __future__ import annotations

import json

import yaml

from conftest import ROOT


def _records(site, root=""):
    """The exported search records of one language root of ``site``."""
    path = site / root / "search" / "records.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_pagefind_bundle_per_language(built_site):
    for root, lang in (("", "de"), ("en", "en")):
        bundle = built_site / root / "pagefind"
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        assert list(entry["languages"]) == [lang]
        assert (bundle / "pagefind.js").is_file()


def test_pagefinds_own_uis_are_not_shipped(built_site):
    assert not (built_site / "pagefind" / "pagefind-ui.js").exists()


def test_records_cover_every_article_of_the_language(built_site):
    de = sorted(p.stem for p in (ROOT / "docs" / "artikel").glob("*.md") if not p.name.endswith(".en.md"))
    records = _records(built_site)
    assert sorted(r["url"].rstrip("/").rsplit("/", 1)[1] for r in records) == de
    assert {r["language"] for r in records} == {"de"}
    en = _records(built_site, "en")
    assert len(en) == len(de) and all("/en/artikel/" in r["url"] for r in en)
    assert {r["language"] for r in en} == {"en"}


def test_records_have_all_fields(built_site):
    for record in _records(built_site):
        assert set(record) == {"id", "url", "language", "title", "description", "text", "topic", "tags", "date"}
        assert record["title"] and record["text"] and record["topic"]


def test_records_hold_no_chrome(built_site):
    """Only the article: no related block, series box, navigation or footer texts."""
    for record in _records(built_site) + _records(built_site, "en"):
        for chrome in ("Verwandte Beiträge", "Related articles", "Erwähnt in", "Zurück zum Seitenanfang",
                       "Inhaltsverzeichnis", "Wissensbasis durchsuchen", "2. Beitrag der Serie (von 3)", "Article 2 of 3 in the series"):
            assert chrome not in record["text"], (record["url"], chrome)


def test_vocabulary_manifest_and_shards(built_site):
    vocab = built_site / "search" / "vocab"
    manifest = json.loads((vocab / "manifest.json").read_text("utf-8"))
    assert manifest["lang"] == "de"
    for name in manifest["shards"]:
        assert (vocab / f"{name}.json").is_file()
    en = json.loads((built_site / "en" / "search" / "vocab" / "manifest.json").read_text("utf-8"))
    assert en["lang"] == "en"


def test_search_box_in_header_of_every_page(built_site):
    for rel in ("index.html", "artikel/bmw-interview-teil-1/index.html", "en/index.html"):
        html = (built_site / rel).read_text("utf-8")
        header = html.split('<header class="md-header', 1)[1].split("</header>", 1)[0]
        assert 'class="md-search kb-search"' in header and "search/dialog.js" in header


def test_search_dialog_markup_is_one_file_per_language(built_site):
    html = (built_site / "artikel/bmw-interview-teil-1/index.html").read_text("utf-8")
    assert 'role="combobox"' not in html
    dialog = (built_site / "search" / "dialog.js").read_text("utf-8")
    assert 'role=\\"combobox\\"' in dialog and "Wissensbasis durchsuchen" in dialog


def test_material_search_plugin_stays_off():
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert "search" not in names and "material/search" not in names


def test_english_box_speaks_english(built_site):
    dialog = (built_site / "en" / "search" / "dialog.js").read_text("utf-8")
    assert 'placeholder=\\"Search\\"' in dialog and "Suchen" not in dialog


def test_fast_text_extraction_matches_the_parser_on_real_articles(built_site):
    """The regular-expression path gives the parser's blocks on every real article it takes."""
    from kb import search as core

    taken = 0
    for page in sorted(built_site.glob("**/artikel/*/index.html")):
        html = page.read_text("utf-8")
        article = html[html.index('<article class="md-content__inner'):html.index("</article>")]
        start = article.index("</h1>") + 5 if "</h1>" in article else 0
        body = article[start:].split('<aside class="md-source-file">', 1)[0]
        fast = core._fast_blocks(body)
        if fast is not None:
            taken += 1
            assert fast == core.parsed_blocks(body), page
    assert taken


def test_the_vocabulary_does_not_depend_on_the_hash_seed(tmp_path):
    """Two builds of one corpus with different PYTHONHASHSEED write the same vocabulary files
    (the learned families once depended on a set's order: search/vocab/k.json differed)."""
    import sys

    from conftest import ROOT, run_build

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from scripts.bench import corpus

    project = tmp_path / "corpus"
    corpus.write_project(project, 60, seed=5)
    sites = []
    for seed in ("1", "2"):
        site = tmp_path / f"site-{seed}"
        result = run_build(project, site, strict=False, env={"PYTHONHASHSEED": seed, "KB_ONLY_LOCALE": "de"})
        assert result.returncode == 0, result.stderr
        sites.append({p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "search" / "vocab").glob("*.json")})
    assert sites[0] and sites[0] == sites[1]
