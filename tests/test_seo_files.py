"""Unit tests of kb.seo_files: the sitemaps, robots.txt and 404 pages written into the site folder."""

from __future__ import annotations

from kb import seo as seo_core
from kb import seo_files

SITE = "https://x.example/kb/"


def test_page_langs_join_each_pages_own_language_and_its_alternates():
    langs = seo_files.page_langs([("artikel/a.md", None), ("artikel/a.en.md", {"de": 1, "en": 2}),
                                  ("ueber.md", {})])
    assert langs == {"artikel/a.md": {"de", "en"}, "ueber.md": {"de"}}


def test_sitemap_plan_takes_pages_in_two_languages_with_a_folder_of_their_own():
    pages = [("index.md", ""), ("artikel/a.md", "artikel/a/"), ("artikel/b.md", "artikel/b/"),
             ("ueber.md", "ueber/"), ("datei.md", "datei.html")]
    langs = {"index.md": {"de", "en"}, "artikel/a.md": {"de", "en"}, "artikel/b.md": {"de"},
             "datei.md": {"de", "en"}}
    assert seo_files.plan_page_sitemaps(pages, langs, "de") == {"artikel/a/": ("de", "en")}


def test_the_language_roots_keep_the_full_sitemap():
    assert seo_files.is_root("") and seo_files.is_root("en/") and not seo_files.is_root("en/artikel/a/")


def test_planned_sitemap_is_written_into_a_folder_made_for_it(tmp_path):
    seo_files.write_sitemaps(tmp_path, seo_files.planned_sitemaps(SITE, "en", {"en/artikel/a/": ("de", "en")}))
    facts = seo_core.PageFacts(url="en/artikel/a/", lang="en", title="", site_name="",
                               description="", translations=("de", "en"))
    expected = seo_core.page_sitemap(SITE + "en/artikel/a/", seo_core.alternates(SITE, facts))
    assert (tmp_path / "en/artikel/a/sitemap.xml").read_text("utf-8") == expected
    assert 'hreflang="x-default" href="https://x.example/kb/artikel/a/"' in expected


def test_site_files_write_no_page_file(tmp_path):
    """Only robots.txt and sitemaps (and their folders): no page file, not even an empty one."""
    seo_files.write_site_files(tmp_path, SITE, "de", {"artikel/a/": ("de", "en")}, [])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == \
        ["artikel/a/sitemap.xml", "robots.txt"]


def test_an_unplanned_page_gets_its_sitemap_where_its_folder_exists(tmp_path):
    (tmp_path / "artikel/b").mkdir(parents=True)
    links = [{"hreflang": "de", "href": SITE + "artikel/b/"}]
    seo_files.write_page_sitemaps(tmp_path, [("artikel/b/", SITE + "artikel/b/", links),
                                             ("artikel/c/", SITE + "artikel/c/", links), ("en/", SITE + "en/", links)])
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("sitemap.xml")] == ["artikel/b/sitemap.xml"]


def test_the_second_language_root_gets_a_copy_of_the_full_sitemap(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "sitemap.xml").write_text("<urlset>beide</urlset>", "utf-8")
    seo_files.write_site_files(tmp_path, SITE, "en", {}, [])
    assert (tmp_path / "en/sitemap.xml").read_text("utf-8") == "<urlset>beide</urlset>"
    assert "Sitemap: https://x.example/kb/sitemap.xml" in (tmp_path / "robots.txt").read_text("utf-8")


def test_each_language_keeps_its_404_page(tmp_path):
    (tmp_path / "404.html").write_text("deutsch", "utf-8")
    kept = seo_files.keep_404(tmp_path, "de", None)
    (tmp_path / "404.html").write_text("english", "utf-8")
    assert seo_files.keep_404(tmp_path, "en", kept) is None
    assert (tmp_path / "404.html").read_text("utf-8") == "deutsch"
    assert (tmp_path / "en/404.html").read_text("utf-8") == "english"
