"""Browser: a reader opens the home page, switches language and reaches an article."""

from __future__ import annotations

import pytest

from conftest import ROOT
from kb import frontmatter

pytestmark = pytest.mark.browser


def test_home_switch_language_and_open_article(page, site_url):
    page.goto(f"{site_url}/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert "Wissensbasis" in page.title()

    # Material's language selector: hover opens it, the English entry links /en/.
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_url(f"{site_url}/en/")
    assert page.locator("html").get_attribute("lang") == "en"

    link = page.locator('.md-content a[href*="artikel/bmw-interview-teil-1"]').first
    link.click()
    page.wait_for_url(f"{site_url}/en/artikel/bmw-interview-teil-1/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "BMW" in page.locator("h1").inner_text()


def test_language_switch_keeps_the_page(page, site_url):
    page.goto(f"{site_url}/artikel/marketing-vs-social-media/")
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_url(f"{site_url}/en/artikel/marketing-vs-social-media/")
    english = frontmatter.split("x", (ROOT / "docs/artikel/marketing-vs-social-media.en.md").read_text("utf-8"))
    assert page.locator("h1").inner_text().strip() == english.meta["title"]
