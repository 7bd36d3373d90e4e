"""Unit tests of kb.buildcache, the incremental preview's keys and its sweep of stale files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time

import pytest

from kb import buildcache


def test_digest_ignores_the_order_of_mapping_keys():
    """Two mappings with the same items have the same key, whatever their order."""
    assert buildcache.digest({"a": 1, "b": [2, 3]}) == buildcache.digest({"b": [2, 3], "a": 1})


def test_digest_changes_with_any_value():
    """A changed title anywhere in the data gives another key."""
    rows = [{"title": "Alt", "url": "a/"}, {"title": "Zwei", "url": "b/"}]
    changed = [{"title": "Neu", "url": "a/"}, {"title": "Zwei", "url": "b/"}]
    assert buildcache.digest(rows) != buildcache.digest(changed)


def test_digest_tells_dates_from_their_text():
    """A date and the string of its ISO form are different values."""
    assert buildcache.digest(dt.date(2012, 6, 25)) != buildcache.digest("2012-06-25")


def test_digest_describes_dataclasses_and_sets():
    """Dataclasses by their fields, sets whatever their order."""
    @dataclasses.dataclass
    class Row:
        title: str

    assert buildcache.digest(Row("a")) == buildcache.digest(Row("a"))
    assert buildcache.digest(Row("a")) != buildcache.digest(Row("b"))
    assert buildcache.digest({"x", "y"}) == buildcache.digest({"y", "x"})


def test_digest_with_keys_that_are_no_strings():
    """Mappings keyed by tuples go through the slow path and still compare by content."""
    assert buildcache.digest({(1, 2): "a"}) == buildcache.digest({(1, 2): "a"})
    assert buildcache.digest({(1, 2): "a"}) != buildcache.digest({(1, 3): "a"})


def test_an_object_without_description_is_unstable():
    """An object the key cannot describe raises Unstable (the page is then always rendered)."""
    with pytest.raises(buildcache.Unstable):
        buildcache.digest(object())


def test_describe_names_objects():
    """``describe`` turns an unknown object into plain data for the key."""
    class Thing:
        def __init__(self, name):
            self.name = name

    assert (buildcache.digest(Thing("a"), describe=lambda t: t.name)
            != buildcache.digest(Thing("b"), describe=lambda t: t.name))


def _converted(key: str, lookups: tuple) -> buildcache.Converted:
    """A stored conversion with ``key`` and ``lookups``."""
    return buildcache.Converted(key=key, lookups=lookups, content="<p>x</p>", toc=[], title=None,
                                anchors=frozenset(), links_to_anchors=None, records=())


def test_a_conversion_is_reused_while_its_links_resolve_the_same():
    """Same Markdown key and the same answer to every link lookup: reused."""
    store = buildcache.Store(converted={"/s/a.html": _converted("k", (("b.md", "b/"),))})
    assert store.converted_for("/s/a.html", "k", {"b.md": "b/"}.get) is not None


def test_a_conversion_is_not_reused_when_a_link_target_vanished():
    """A page it links to was deleted: converted again (the link must be reported)."""
    store = buildcache.Store(converted={"/s/a.html": _converted("k", (("b.md", "b/"),))})
    assert store.converted_for("/s/a.html", "k", {}.get) is None


def test_a_conversion_is_not_reused_for_other_markdown():
    """Another Markdown key: converted again."""
    store = buildcache.Store(converted={"/s/a.html": _converted("k", ())})
    assert store.converted_for("/s/a.html", "other", {}.get) is None


def test_stale_files_are_old_and_owned_by_no_file(tmp_path):
    """Old files nobody owns are stale; owned or freshly written files are not."""
    old_owned, old_orphan = tmp_path / "a" / "index.html", tmp_path / "b" / "index.html"
    for path in (old_owned, old_orphan):
        path.parent.mkdir()
        path.write_text("x")
        os.utime(path, ns=(1, 1))
    since = time.time_ns() - 1
    fresh = tmp_path / "c.html"
    fresh.write_text("x")
    os.utime(fresh, ns=(since + 10, since + 10))
    stale = buildcache.stale_files(str(tmp_path), since, {str(old_owned)})
    assert stale == [str(old_orphan)]


def test_removing_a_stale_file_removes_its_empty_folders(tmp_path):
    """A deleted page's folder goes with its last file; the site folder stays."""
    page = tmp_path / "artikel" / "weg" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("x")
    (tmp_path / "artikel" / "bleibt.html").write_text("x")
    buildcache.remove_files([str(page)], str(tmp_path))
    assert not (tmp_path / "artikel" / "weg").exists()
    assert (tmp_path / "artikel" / "bleibt.html").exists()
