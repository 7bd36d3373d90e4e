"""„Diese Seite bearbeiten“: links to the page's file when KB_REPO_URL is set, in both languages."""

from __future__ import annotations

import re

import pytest

from conftest import make_project, run_build

REPO = "https://github.com/example/wissensbasis"
ARTICLE = "---\ntitle: Titel\ndescription: D.\ntopic: Autohandel\n---\n\nText.\n"
EDIT = re.compile(r'<a href="([^"]*)" title="([^"]*)" class="md-content__button md-icon" rel="edit">')


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The same project built without and with KB_REPO_URL."""
    from kb import translations

    tmp = tmp_path_factory.mktemp("edit")
    english = ARTICLE.replace("Titel", "Title").replace(
        "---\n\n", f'translation_of: "{translations.content_hash("Text.")}"\n---\n\n')
    project = make_project(tmp, {"artikel/a.md": ARTICLE, "artikel/a.en.md": english})
    plain = run_build(project, tmp / "plain", env={"KB_REPO_URL": "", "KB_EDIT_URI": ""})
    linked = run_build(project, tmp / "linked", env={"KB_REPO_URL": REPO, "KB_EDIT_URI": ""})
    assert plain.returncode == 0, plain.stderr
    assert linked.returncode == 0, linked.stderr
    return tmp / "plain", tmp / "linked"


def _edit_links(site, rel):
    return EDIT.findall((site / rel / "index.html").read_text("utf-8"))


def test_german_article_links_to_its_file(sites):
    assert _edit_links(sites[1], "artikel/a") == [(f"{REPO}/edit/main/docs/artikel/a.md", "Diese Seite bearbeiten")]


def test_english_article_links_to_the_en_file(sites):
    assert _edit_links(sites[1], "en/artikel/a") == [(f"{REPO}/edit/main/docs/artikel/a.en.md", "Edit this page")]


def test_editorial_page_links_to_its_file(sites):
    assert _edit_links(sites[1], "ueber") == [(f"{REPO}/edit/main/docs/ueber.md", "Diese Seite bearbeiten")]


@pytest.mark.parametrize("rel", ["archiv", "themen/autohandel", "en/themen/autohandel", "serien/bmw-im-interview"])
def test_generated_pages_have_no_edit_link(sites, rel):
    if not (sites[1] / rel / "index.html").exists():
        pytest.fail(f"{rel} was not built")
    assert _edit_links(sites[1], rel) == []


def test_without_repository_there_are_no_edit_links(sites):
    assert _edit_links(sites[0], "artikel/a") == []
    assert _edit_links(sites[0], "en/artikel/a") == []


def test_repository_link_does_not_ask_the_github_api(sites):
    """Material's repo widget fetches stars from api.github.com unless marked otherwise."""
    html = (sites[1] / "artikel" / "a" / "index.html").read_text("utf-8")
    assert f'href="{REPO}"' in html
    assert 'data-md-component="source"' not in html


def test_edit_uri_can_name_another_branch(tmp_path):
    project = make_project(tmp_path, {"artikel/a.md": ARTICLE})
    result = run_build(project, tmp_path / "site",
                       env={"KB_REPO_URL": REPO, "KB_EDIT_URI": "edit/entwurf/docs/"})
    assert result.returncode == 0, result.stderr
    assert _edit_links(tmp_path / "site", "artikel/a") == [
        (f"{REPO}/edit/entwurf/docs/artikel/a.md", "Diese Seite bearbeiten")]
