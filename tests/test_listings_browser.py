"""Browser: a reader follows the series box, a tag and the topic link; focus stays visible."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_series_box_previous_link_reaches_the_announcement(page, site_url):
    page.goto(f"{site_url}/artikel/bmw-interview-teil-1/")
    box = page.locator("aside.kb-series")
    assert box.is_visible()
    assert "2. Beitrag der Serie (von 3)" in box.inner_text()
    box.locator("a.kb-series__prev").click()
    page.wait_for_url(f"{site_url}/artikel/bmw-interview-ankuendigung/")
    assert "1. Beitrag der Serie (von 3)" in page.locator("aside.kb-series").inner_text()


def test_series_box_missing_part_is_plain_text(page, site_url):
    page.goto(f"{site_url}/en/artikel/bmw-interview-ankuendigung/")
    missing = page.locator("aside.kb-series li.kb-series__entry--missing")
    assert "not in the archive" in missing.inner_text()
    assert missing.locator("a").count() == 0


def test_series_title_leads_to_the_overview(page, site_url):
    page.goto(f"{site_url}/artikel/bmw-interview-teil-1/")
    page.locator("a.kb-series__title").click()
    page.wait_for_url(f"{site_url}/serien/bmw-im-interview/")
    assert page.locator(".kb-listing li.kb-entry").count() == 3


def test_tag_link_leads_to_the_tag_page(page, site_url):
    page.goto(f"{site_url}/artikel/bmw-interview-teil-1/")
    page.locator(".kb-tags a", has_text="Facebook").first.click()
    page.wait_for_url(f"{site_url}/schlagwoerter/facebook/")
    assert page.locator("h1").inner_text().strip() == "Schlagwort: Facebook"
    titles = page.locator(".kb-listing .kb-entry__title").all_inner_texts()
    assert "Interview Teil 1: BMW und Social Media" in titles


def test_tag_index_jump_list_scrolls_to_the_letter(page, site_url):
    page.goto(f"{site_url}/en/schlagwoerter/")
    jump = page.locator(".kb-tag-index__jump")
    if jump.count() == 0:
        pytest.fail("expected the A–Z jump list: the real site has enough tags to group them")
    jump.locator("a", has_text="T").click()
    page.wait_for_url(f"{site_url}/en/schlagwoerter/#buchstabe-t")
    heading = page.locator("#buchstabe-t")
    assert heading.evaluate("el => el.getBoundingClientRect().top") < 400
    assert "Twitter" in page.locator("#buchstabe-t + ul").inner_text()


def test_topic_link_in_meta_line(page, site_url):
    page.goto(f"{site_url}/en/artikel/bmw-interview-teil-1/")
    page.locator(".kb-meta__topic a").click()
    page.wait_for_url(f"{site_url}/en/themen/konzernkommunikation/")
    assert page.locator("h1").inner_text().strip() == "Corporate communication"


def test_keyboard_focus_on_series_links_is_visible(page, site_url):
    page.goto(f"{site_url}/artikel/bmw-interview-teil-1/")
    link = page.locator("a.kb-series__title")
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = link.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert outline.split()[0] != "none" and outline.split()[1] != "0px", outline
