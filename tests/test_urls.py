"""Unit tests of kb.urls: the one set of URL helpers."""

from __future__ import annotations

import pytest

from kb import urls

SITE = "https://kb.example/wissen/"


def test_lang_root_of_german_is_the_site_root():
    assert urls.lang_root("de") == ""


def test_lang_root_of_english_is_its_folder():
    assert urls.lang_root("en") == "en/"


@pytest.mark.parametrize("key, lang, url", [
    ("index.md", "de", ""), ("index.md", "en", "en/"), ("archiv.md", "de", "archiv/"),
    ("themen/autohandel.md", "en", "en/themen/autohandel/"), ("a/index.md", "de", "a/"),
])
def test_page_url(key, lang, url):
    assert urls.page_url(key, lang) == url


def test_page_url_without_directory_urls():
    assert urls.page_url("themen/a.md", "en", use_directory_urls=False) == "en/themen/a.html"


def test_feed_url_per_language():
    assert (urls.feed_url("de"), urls.feed_url("en")) == ("feed.xml", "en/feed.xml")


def test_absolute_url_joins_below_site_path():
    assert urls.absolute_url(SITE, "artikel/x/") == "https://kb.example/wissen/artikel/x/"


def test_absolute_url_of_home_is_site_url():
    assert urls.absolute_url("https://kb.example", "") == "https://kb.example/"


def test_absolute_url_drops_a_leading_slash():
    assert urls.absolute_url("https://kb.example", "/feed.xml") == "https://kb.example/feed.xml"


def test_lang_url_adds_language_prefix():
    assert urls.lang_url("artikel/x/", "de", "en") == "en/artikel/x/"


def test_lang_url_removes_language_prefix():
    assert urls.lang_url("en/artikel/x/", "en", "de") == "artikel/x/"


def test_lang_url_of_english_home():
    assert urls.lang_url("en/", "en", "de") == ""
