"""Unit tests of kb.pagekey (what a page's template reads, as keys) and kb.buildcache.convert
(the reuse of a page's Markdown conversion), on small stand-ins for MkDocs' objects."""

from __future__ import annotations

import logging
import os
import types

import pytest

from kb import buildcache, pagekey


def _file(src: str, url: str):
    """A stand-in for one of MkDocs' files."""
    return types.SimpleNamespace(src_uri=src, url=url, abs_dest_path=f"/site/{url}index.html")


class _Files(list):
    """A stand-in for MkDocs' collection of files."""

    def documentation_pages(self):
        """Every file."""
        return list(self)

    def get_file_from_path(self, path: str):
        """The file whose source is ``path``, or None."""
        return next((f for f in self if f.src_uri == path), None)


def _page(title: str = "Titel", content: str = "<p>Text</p>", src: str = "a.md"):
    """A stand-in for one of MkDocs' pages with what a template reads of it."""
    return types.SimpleNamespace(
        file=types.SimpleNamespace(src_uri=src, dest_uri=src.replace(".md", "/index.html"),
                                   abs_dest_path="/site/" + src.replace(".md", "/index.html")),
        url=src.replace(".md", "/"), title=title, content=content, toc=[], meta={},
        canonical_url=None, edit_url=None, is_homepage=False, previous_page=None,
        next_page=None, ancestors=[])


CONTEXT = {"base_url": "..", "extra_css": [], "extra_javascript": [], "page": None,
           "kb_related": [{"title": "Verwandt", "url": "b/"}]}


def _key(page, context=CONTEXT, extra=None, site="site"):
    """The page key with a fresh describer."""
    return pagekey.page_key(context, page, extra or {}, site, pagekey.Describer())


def test_the_page_key_changes_with_the_title():
    """A new title gives the page a new key."""
    assert _key(_page("Alt")) != _key(_page("Neu"))


def test_the_page_key_changes_with_what_a_hook_added():
    """A changed related block (a hook's context key) gives a new key."""
    changed = dict(CONTEXT, kb_related=[{"title": "Umbenannt", "url": "b/"}])
    assert _key(_page()) != _key(_page(), changed)


def test_the_page_key_ignores_mkdocs_own_page_object():
    """MkDocs' own context keys (page, config, nav…) are described through the page data only."""
    assert _key(_page()) == _key(_page(), dict(CONTEXT, page=object(), config=object()))


def test_the_page_key_changes_with_the_site_key():
    """Another configuration or nav (the site's key) gives every page a new key."""
    assert _key(_page(), site="eins") != _key(_page(), site="zwei")


def test_an_object_with_a_memory_address_is_unstable():
    """A context value described only by its address raises Unstable (the page is always rendered)."""
    with pytest.raises(buildcache.Unstable):
        _key(_page(), dict(CONTEXT, kb_odd=object()))


def test_files_are_described_by_source_and_address():
    """A file is its source and URL; a collection of files the digest of those."""
    describe = pagekey.Describer()
    assert describe(_file("a.md", "a/")) == ["a.md", "a/"]
    one, other = _Files([_file("a.md", "a/")]), _Files([_file("a.md", "x/")])
    assert describe(one) != describe(other)


def test_a_shared_object_is_digested_once():
    """The describer remembers the digest of an object it met (the same on every page)."""
    describe = pagekey.Describer()
    files = _Files([_file("a.md", "a/")])
    first = describe(files)
    files.append(_file("b.md", "b/"))  # the same object: its remembered digest is kept
    assert describe(files) == first


def test_last_page_extra_round_trip():
    """What the last page left in config.extra is read and put back; a missing value is removed."""
    extra = types.SimpleNamespace(alternate=[{"lang": "en"}], other=1)
    values = pagekey.last_page_extra(extra)
    assert values == {"alternate": [{"lang": "en"}]}
    pagekey.set_last_page_extra(extra, {})
    assert not hasattr(extra, "alternate") and extra.other == 1
    pagekey.set_last_page_extra(extra, values)
    assert extra.alternate == [{"lang": "en"}]


def _converting(calls: list):
    """A render function that converts ``page.markdown`` and looks up b.md, counting its calls."""
    def render(page, files):
        calls.append(page.file.src_uri)
        target = files.get_file_from_path("b.md")
        page.content = f"<p>{page.markdown} → {target.url if target else '?'}</p>"
        page.toc, page._title_from_render = [], None
        page.present_anchor_ids, page.links_to_anchors = set(), None
        logging.getLogger("kb.test.pages").warning("converted %s", page.file.src_uri)
    return render


def _convert(page, files, store, calls, key="k1"):
    """One conversion of ``page`` through buildcache.convert."""
    return buildcache.convert(page, files, key, _converting(calls), logging.getLogger("kb.test.pages"), store)


def test_a_conversion_is_reused_with_the_same_key_and_links(caplog):
    """The second conversion of the same page reuses the first, and replays its warning."""
    store, calls, files = buildcache.Store(), [], _Files([_file("b.md", "b/")])
    page = _page()
    page.markdown = "Text"
    assert _convert(page, files, store, calls) is False
    caplog.clear()
    again = _page()
    again.markdown = "Text"
    assert _convert(again, files, store, calls) is True
    assert calls == ["a.md"] and again.content == "<p>Text → b/</p>"
    assert [r.getMessage() for r in caplog.records] == ["converted a.md"]


def test_a_conversion_is_redone_when_a_link_target_moved():
    """When b.md has another address, the page that links to it is converted again."""
    store, calls = buildcache.Store(), []
    page = _page()
    page.markdown = "Text"
    _convert(page, _Files([_file("b.md", "b/")]), store, calls)
    moved = _page()
    moved.markdown = "Text"
    assert _convert(moved, _Files([_file("b.md", "neu/")]), store, calls) is False
    assert moved.content == "<p>Text → neu/</p>" and len(calls) == 2


def test_a_conversion_is_redone_for_another_key():
    """Another key (other Markdown or settings) converts again."""
    store, calls, files = buildcache.Store(), [], _Files([_file("b.md", "b/")])
    page = _page()
    page.markdown = "Text"
    _convert(page, files, store, calls, key="k1")
    assert _convert(page, files, store, calls, key="k2") is False and len(calls) == 2


def test_the_sweep_deletes_what_the_build_left_untouched(tmp_path):
    """mark_start, then a sweep: an old file nobody owns goes, owned and kept files and new ones stay."""
    site = tmp_path / "site"
    site.mkdir()
    for name in ("alt.html", "owned.html", "kept.html"):
        (site / name).write_text("x")
        os.utime(site / name, ns=(1, 1))
    since = buildcache.mark_start(str(site))
    (site / "neu.html").write_text("x")
    removed = buildcache.sweep(str(site), since, {str(site / "owned.html")}, {str(site / "kept.html")})
    assert removed == 1
    assert sorted(p.name for p in site.iterdir()) == ["kept.html", "neu.html", "owned.html"]
