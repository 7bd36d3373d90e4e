"""kb.importer: a folder of Markdown files planned as articles (pure, no disk)."""

from __future__ import annotations

from kb import catalog, importer


def _plan(sources, **kw):
    """The import of ``sources`` under the topic "Webentwicklung"."""
    return importer.plan(sources, topic="Webentwicklung", dest=kw.pop("dest", "artikel/x"), **kw)


def _front(text: str) -> dict:
    """The front matter fields of a planned file."""
    meta, _, problem = importer.split_front(text)
    assert problem is None
    return meta


def test_title_is_kept_as_written():
    plan = _plan({"a.md": '---\ntitle: "<video> HTML-Element"\nslug: "A"\n---\n\nText.\n'})
    assert _front(plan.files["artikel/x/a.md"])["title"] == "<video> HTML-Element"


def test_topic_is_set():
    plan = _plan({"a.md": "---\ntitle: A\n---\n\nText.\n"})
    assert _front(plan.files["artikel/x/a.md"])["topic"] == "Webentwicklung"


def test_other_front_matter_fields_are_dropped_and_reported():
    plan = _plan({"a.md": '---\ntitle: A\nslug: "Web/A"\n---\n\nText.\n'})
    assert "slug" not in _front(plan.files["artikel/x/a.md"])
    assert any("'slug' dropped" in line for line in plan.changes)


def test_description_is_the_first_paragraph_as_plain_text():
    body = ("## Überblick\n\n```js\nlet a = 1;\n```\n\n"
            "Die [`Document`](document.md)-Eigenschaft **`cookie`** liest\nCookies.\n\nZweiter Absatz.\n")
    plan = _plan({"a.md": "---\ntitle: A\n---\n\n" + body, "document.md": "---\ntitle: D\n---\n\nD.\n"})
    assert _front(plan.files["artikel/x/a.md"])["description"] == "Die Document-Eigenschaft cookie liest Cookies."


def test_description_gets_typographic_quotes():
    plan = _plan({"a.md": '---\ntitle: A\n---\n\nDer Wert "key=value" wird gesetzt.\n'})
    assert _front(plan.files["artikel/x/a.md"])["description"] == "Der Wert „key=value“ wird gesetzt."


def test_description_holds_no_markup():
    plan = _plan({"a.md": "---\ntitle: A\n---\n\nDas `<video>`-Element und `&amp;`.\n"})
    description = _front(plan.files["artikel/x/a.md"])["description"]
    assert importer._MARKUP.search(description) is None
    assert "video" in description


def test_long_description_is_cut_at_a_word():
    words = " ".join(["Wort"] * 100)
    plan = _plan({"a.md": f"---\ntitle: A\n---\n\n{words}\n"})
    description = _front(plan.files["artikel/x/a.md"])["description"]
    assert len(description) <= importer.DESCRIPTION_CHARS and description.endswith("Wort…")


def test_page_without_paragraph_is_described_by_its_title_and_reported():
    plan = _plan({"a.md": "---\ntitle: Nur Liste\n---\n\n- eins\n- zwei\n"})
    assert _front(plan.files["artikel/x/a.md"])["description"] == "Nur Liste"
    assert any("description is the title" in line for line in plan.changes)


def test_missing_title_comes_from_the_first_heading():
    plan = _plan({"a.md": "# Überschrift\n\nText.\n"})
    assert _front(plan.files["artikel/x/a.md"])["title"] == "Überschrift"


def test_body_is_kept_verbatim():
    body = "\nText mit *Markdown* und `Code`.\n\n```\n[nicht](b.md)\n```\n"
    plan = _plan({"a.md": "---\ntitle: A\n---\n" + body})
    assert plan.files["artikel/x/a.md"].split("---\n", 2)[2] == body


def test_locale_suffix_is_read_as_i18n_reads_it():
    assert catalog.locale_suffix("asm.js") == "js"
    assert catalog.locale_suffix("for...of") == "of"
    assert catalog.locale_suffix("symbol.iterator") is None
    assert catalog.locale_suffix("manifest.json") is None


def test_file_with_a_locale_suffix_is_renamed():
    plan = _plan({"tools/asm.js.md": "---\ntitle: asm.js\n---\n\nText.\n"})
    assert list(plan.files) == ["artikel/x/tools/asm-js.md"]
    assert plan.renamed == {"tools/asm.js.md": "artikel/x/tools/asm-js.md"}


def test_links_to_a_renamed_file_are_rewritten():
    plan = _plan({"s/for...of.md": "---\ntitle: for...of\n---\n\nSchleife.\n",
                  "g/a.md": "---\ntitle: A\n---\n\nSiehe [for...of](../s/for...of.md#syntax \"T\").\n"})
    assert "[for...of](../s/for-of.md#syntax \"T\")" in plan.files["artikel/x/g/a.md"]


def test_links_in_code_are_not_rewritten():
    plan = _plan({"s/for...of.md": "---\ntitle: F\n---\n\nF.\n",
                  "a.md": "---\ntitle: A\n---\n\n`[x](s/for...of.md)`\n"})
    assert "`[x](s/for...of.md)`" in plan.files["artikel/x/a.md"]


def test_index_beside_a_section_page_is_renamed():
    plan = _plan({"gamepad.md": "---\ntitle: Gamepad\n---\n\nG.\n",
                  "gamepad/index.md": "---\ntitle: index\n---\n\nI.\n",
                  "b.md": "---\ntitle: B\n---\n\n[i](gamepad/index.md), [g](gamepad.md)\n"})
    assert set(plan.files) == {"artikel/x/gamepad.md", "artikel/x/gamepad/index-2.md", "artikel/x/b.md"}
    assert "[i](gamepad/index-2.md), [g](gamepad.md)" in plan.files["artikel/x/b.md"]


def test_link_to_a_file_not_imported_becomes_its_text():
    plan = _plan({"a.md": "---\ntitle: A\n---\n\nSiehe [Fehlt](fehlt.md) und [Web](https://example.org/).\n"})
    assert "Siehe Fehlt und [Web](https://example.org/)." in plan.files["artikel/x/a.md"]
    assert any("fehlt.md" in line for line in plan.changes)


def test_existing_article_is_a_conflict_and_not_planned():
    plan = _plan({"a.md": "---\ntitle: A\n---\n\nText.\n"}, existing=["artikel/x/a.md"])
    assert plan.conflicts == ["artikel/x/a.md"] and plan.files == {}


def test_imported_file_never_takes_an_existing_url():
    plan = _plan({"a/index.md": "---\ntitle: A\n---\n\nText.\n"}, existing=["artikel/x/a.md"])
    assert list(plan.files) == ["artikel/x/a/index-2.md"]


def test_broken_front_matter_is_not_imported_and_reported():
    plan = _plan({"a.md": "---\ntitle: [kaputt\n---\n\nText.\n"})
    assert plan.files == {} and plan.skipped[0].startswith("a.md: front matter is not valid YAML")


def test_other_files_are_reported_not_imported():
    plan = _plan({"bild.png": "", "a.md": "---\ntitle: A\n---\n\nText.\n"})
    assert plan.skipped == ["bild.png: not a Markdown file (.md)"]


def test_other_files_of_the_folder_are_copied_and_links_to_them_kept():
    plan = _plan({"a.md": "---\ntitle: A\n---\n\n![Bild](img/b.png)\n"}, assets=["img/b.png"])
    assert plan.assets == {"artikel/x/img/b.png": "img/b.png"}
    assert "![Bild](img/b.png)" in plan.files["artikel/x/a.md"]


def test_image_of_a_missing_file_becomes_its_alt_text():
    plan = _plan({"a.md": "---\ntitle: A\n---\n\nVorher ![Eisberg](iceberg.jpg) nachher.\n"})
    assert "Vorher Eisberg nachher." in plan.files["artikel/x/a.md"]
    assert any("image to iceberg.jpg" in line for line in plan.changes)


def test_absolute_link_becomes_its_text():
    plan = _plan({"a.md": "---\ntitle: A\n---\n\nSiehe [Lernen](/de/docs/Learn).\n"})
    assert "Siehe Lernen." in plan.files["artikel/x/a.md"]
    assert any("absolute path" in line for line in plan.changes)


def test_duplicate_titles_are_kept_and_reported():
    plan = _plan({"a/name.md": "---\ntitle: name\n---\n\nA.\n", "b/name.md": "---\ntitle: Name\n---\n\nB.\n"})
    assert [_front(t)["title"] for t in plan.files.values()] == ["name", "Name"]
    assert any(line.startswith("a/name.md, b/name.md: same title") for line in plan.changes)


def test_reference_link_to_an_absolute_path_becomes_its_text():
    body = "Siehe [die Liste][repos] und [repos].\n\n[repos]: /de/docs/MDN/Repos\n"
    plan = _plan({"a.md": "---\ntitle: A\n---\n\n" + body})
    text = plan.files["artikel/x/a.md"]
    assert "Siehe die Liste und repos." in text and "/de/docs" not in text
