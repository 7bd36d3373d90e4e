"""Browser: phone width, print stylesheet, typography and the topic map in both colour schemes."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
#: The vocabulary's manifest, plain (manifest.json) or compressed (manifest.zjson), as search.js asks for it.
MANIFEST = "**/search/vocab/manifest.*"


def all_pages(site):
    """Every HTML page of the built site, as URLs below the root."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_no_page_scrolls_sideways_at_360px(built_site, site_url, page):
    page.set_viewport_size(PHONE)
    wide = {}
    pages = all_pages(built_site)
    assert len(pages) > 20
    for url in pages:
        page.goto(f"{site_url}/{url}")
        scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
        if scroll > inner:
            wide[url] = scroll
    assert not wide, f"wider than 360 px: {wide}"


def test_long_urls_wrap_on_a_phone(site_url, page):
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/artikel/bmw-interview-teil-1/")
    rights = page.eval_on_selector_all(
        "article a[href*='facebook.com']", "els => els.map(e => e.getBoundingClientRect().right)")
    assert rights and max(rights) <= 360


@pytest.mark.parametrize("url, lang", [("artikel/bmw-interview-teil-1/", "de"),
                                       ("en/artikel/bmw-interview-teil-1/", "en")])
def test_text_hyphenates_in_page_language(site_url, page, url, lang):
    page.goto(f"{site_url}/{url}")
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.eval_on_selector("article.md-typeset", "e => getComputedStyle(e).hyphens") == "auto"


def test_text_links_are_underlined(site_url, page):
    page.goto(f"{site_url}/")
    decoration = page.eval_on_selector(
        "article.md-typeset p a", "e => getComputedStyle(e).textDecorationLine")
    assert decoration == "underline"


def display(page, selector):
    """Computed display of the first element matching ``selector``."""
    return page.eval_on_selector(selector, "e => getComputedStyle(e).display")


@pytest.fixture
def printed(site_url, page):
    """A page object in print media; go to a URL with ``printed(url)``."""
    page.emulate_media(media="print")

    def go(url):
        """Open ``url`` (below the site root) in print media."""
        page.goto(f"{site_url}/{url}")
        return page
    return go


@pytest.mark.parametrize("selector", [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary",
                                      ".md-footer", ".md-top"])
def test_print_hides_site_chrome(printed, selector):
    pg = printed("artikel/bmw-interview-teil-1/")
    assert display(pg, selector) == "none"


@pytest.mark.parametrize("markup", ['<section class="kb-related">x</section>',
                                    '<aside class="kb-series">x</aside>',
                                    '<aside class="kb-backlinks">x</aside>',
                                    '<div class="kb-search">x</div>'])
def test_print_hides_knowledge_base_chrome(printed, markup):
    pg = printed("artikel/bmw-interview-teil-1/")
    pg.eval_on_selector("article.md-typeset",
                        "(e, html) => e.insertAdjacentHTML('beforeend', '<div id=probe>' + html + '</div>')",
                        markup)
    assert pg.eval_on_selector("#probe > *", "e => getComputedStyle(e).display") == "none"


def test_print_writes_target_after_external_links(printed):
    pg = printed("artikel/bmw-interview-teil-1/")
    pg.eval_on_selector("article p", "e => e.insertAdjacentHTML('beforeend', "
                                     "'<a id=probe href=\"https://example.org/x\">Beispiel</a>')")
    after = pg.eval_on_selector("#probe", "e => getComputedStyle(e, '::after').content")
    assert after == '" (https://example.org/x)"'


def test_print_does_not_repeat_an_address_the_link_shows(printed):
    pg = printed("artikel/bmw-interview-teil-1/")
    text, after = pg.eval_on_selector(
        "article a[href='http://facebook.com/BMW']", "e => [e.textContent, getComputedStyle(e, '::after').content]")
    assert text == "http://facebook.com/BMW"
    assert after in ("none", "normal")


def test_print_leaves_internal_links_alone(printed):
    pg = printed("")
    after = pg.eval_on_selector("article a[href^='artikel/'], article a[href^='ueber/']",
                                "e => getComputedStyle(e, '::after').content")
    assert after in ("none", "normal")


def test_print_keeps_comments(printed):
    pg = printed("artikel/bmw-interview-ankuendigung/")
    assert display(pg, ".kb-comments") != "none"
    assert display(pg, ".kb-comment") != "none"


def test_print_is_black_on_white(printed):
    pg = printed("artikel/bmw-interview-teil-1/")
    assert pg.eval_on_selector("article.md-typeset", "e => getComputedStyle(e).color") == "rgb(0, 0, 0)"


def open_in_scheme(page, url, scheme):
    """Open ``url`` with the browser preferring the light or dark scheme (no transition)."""
    page.emulate_media(color_scheme="dark" if scheme == "slate" else "light")
    page.goto(url)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_topicmap_text_follows_colour_scheme(site_url, page, scheme):
    open_in_scheme(page, f"{site_url}/themenkarte/", scheme)
    fill, color = page.eval_on_selector(
        ".kb-topicmap__node text",
        "e => [getComputedStyle(e).fill, getComputedStyle(e.closest('article')).color]")
    assert fill == color


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_topicmap_topic_colours_differ_per_scheme(site_url, page, scheme):
    open_in_scheme(page, f"{site_url}/themenkarte/", scheme)
    fills = page.eval_on_selector_all(".kb-topicmap__area", "els => els.map(e => getComputedStyle(e).fill)")
    assert len(set(fills)) == len(fills) == 3
    expected = {"default": "rgb(57, 73, 171)", "slate": "rgb(159, 168, 218)"}[scheme]
    assert fills[0] == expected


def test_topicmap_nodes_are_keyboard_links(site_url, page):
    page.goto(f"{site_url}/themenkarte/")
    first = page.locator(".kb-topicmap__node").first
    first.focus()
    assert page.evaluate("document.activeElement.getAttribute('class')").startswith("kb-topicmap__node")
    first.press("Enter")
    page.wait_for_url("**/artikel/**")


OPENER = "[data-kb-search-open], .md-header label[for='__search']"


@pytest.mark.parametrize("url, lang", [("404.html", "de"), ("en/404.html", "en")])
def test_404_offers_topics_and_search(site_url, page, url, lang):
    page.goto(f"{site_url}/{url}")
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator(".kb-404__topics a").count() == 3
    assert page.locator(".kb-404__search-hint kbd").inner_text() == "/"
    has_opener = page.locator(OPENER).count() > 0
    assert page.locator("[data-kb-404-search]").is_visible() == has_opener


def test_404_topic_links_work_from_a_deep_address(site_url, page):
    page.goto(f"{site_url}/404.html")
    href = page.locator(".kb-404__topics a").first.get_attribute("href")
    assert href.startswith("/themen/")
    response = page.goto(f"{site_url}{href}")
    assert response.status == 200


@pytest.mark.parametrize("url, query, expected", [
    ("404.html", "Autohaus", "/artikel/social-media-fuer-autohaeuser/"),
    ("en/404.html", "dealership", "/en/artikel/social-media-fuer-autohaeuser/"),
])
def test_404_search_button_opens_a_working_search(site_url, page, url, query, expected):
    page.goto(f"{site_url}/{url}")
    button = page.locator("[data-kb-404-search]")
    assert button.is_visible()
    button.click()
    box = page.locator("#kb-search-input")
    assert box.is_visible()
    box.type(query, delay=5)
    page.wait_for_function(
        "() => { const b = document.querySelector('[data-kb-search]');"
        " return b.getAttribute('data-kb-done') === document.getElementById('kb-search-input').value; }")
    hrefs = page.eval_on_selector_all("#kb-search-list a", "els => els.map(e => new URL(e.href).pathname)")
    assert expected in hrefs


CONTRAST_JS = """
(selector) => {
  const parse = c => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, bottom) => top.slice(0, 3).map((v, i) => v * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const background = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] === 1) break;
    }
    return layers.reverse().reduce((acc, c) => over(c, acc), [255, 255, 255, 1]);
  };
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const el = document.querySelector(selector);
  const bg = background(el);
  const fg = over(parse(getComputedStyle(el).color), bg);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("url, selector", [
    ("artikel/bmw-interview-ankuendigung/", "article.md-typeset p"),
    ("artikel/bmw-interview-ankuendigung/", "article.md-typeset p a"),
    ("artikel/bmw-interview-ankuendigung/", ".kb-comment__meta"),
    ("artikel/bmw-interview-ankuendigung/", ".md-nav__link"),
    ("themenkarte/", ".kb-topicmap__list a"),
])
def test_text_contrast_at_least_4_5_in_both_schemes(site_url, page, scheme, url, selector):
    open_in_scheme(page, f"{site_url}/{url}", scheme)
    assert page.evaluate(CONTRAST_JS, selector) >= 4.5


def test_home_toc_lists_every_section(site_url, page):
    """The right-hand table of contents names every h2 of the home page, generated ones too."""
    page.goto(f"{site_url}/")
    headings = page.eval_on_selector_all("article.md-typeset h2[id]", "els => els.map(e => '#' + e.id)")
    toc = page.eval_on_selector_all(".md-sidebar--secondary .md-nav--secondary a.md-nav__link", "els => els.map(e => e.getAttribute('href'))")
    assert "#kb-home-latest" in headings
    assert toc == headings


def test_home_does_not_call_undated_articles_newest(site_url, page):
    """With no date on any article shown, the heading does not say "newest"."""
    page.goto(f"{site_url}/")
    dated = page.eval_on_selector_all(".kb-home time", "els => els.length")
    heading = page.inner_text("#kb-home-latest")
    assert dated or "Neueste" not in heading


def test_home_names_each_topic_once(site_url, page):
    """Topics appear once in the home page's content, not in an editorial and a generated list."""
    page.goto(f"{site_url}/")
    links = page.eval_on_selector_all("article.md-typeset a[href$='themen/autohandel/']:not(.kb-meta a)",
                                      "els => els.filter(e => !e.closest('.kb-entry')).length")
    assert links == 1


@pytest.mark.parametrize("url, position", [("artikel/bmw-interview-teil-1/", "2. Beitrag der Serie (von 3)"),
                                           ("en/artikel/bmw-interview-teil-1/", "Article 2 of 3 in the series")])
def test_series_position_counts_articles_of_the_series(site_url, page, url, position):
    """'Interview Teil 1' is the series' second article: the box says so without 'Teil 2' or 'Beitrag 2 von 3'."""
    page.goto(f"{site_url}/{url}")
    assert page.inner_text(".kb-series__position") == position


def _open_search(page, url):
    """Load ``url`` and open the search box with the keyboard."""
    page.goto(url)
    page.wait_for_function("window.kbSearch !== undefined")
    page.keyboard.press("/")


def _filter_boxes(page):
    """The boxes of the filter row, each filter and the status line below them, once the
    search overlay's opening transition has ended (mid-transition boxes are off by a fraction
    of a pixel, which is no jump)."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    return page.evaluate("""() => ['.kb-search__filters', '.kb-search__filter:not([hidden])',
        '#kb-search-status'].flatMap(sel => Array.from(document.querySelectorAll(sel)).map(e => {
          const r = e.getBoundingClientRect(); return [sel, r.x, r.y, r.width, r.height]; }))""")


@pytest.mark.parametrize("width", [360, 1280])
def test_filter_layout_stays_put_when_the_menus_fill(site_url, page, width):
    """The filter row has its place and size before its menus are filled, and keeps them."""
    page.set_viewport_size({"width": width, "height": 800})
    held = []
    # the menus' values come with the vocabulary's manifest (Pagefind's filter index only
    # once a reader turns to a menu): holding it keeps the menus empty
    page.route(MANIFEST, lambda route: held.append(route))
    _open_search(page, f"{site_url}/")
    for _ in range(100):  # until search.js asks for the manifest (the route holds it)
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the vocabulary manifest was not requested"
    assert page.get_attribute(".kb-search__filters", "data-kb-pending") is not None
    before = [b for b in _filter_boxes(page) if b[0] != ".kb-search__filter:not([hidden])"]
    before_fields = [b for b in _filter_boxes(page) if b[0] == ".kb-search__filter:not([hidden])"]
    for route in held:
        route.continue_()
    page.unroute(MANIFEST)
    page.wait_for_function("() => !document.querySelector('.kb-search__filters').hasAttribute('data-kb-pending')")
    page.keyboard.type("Autohaus")
    page.wait_for_selector("#kb-search-list a", state="attached")
    after = [b for b in _filter_boxes(page) if b[0] != ".kb-search__filter:not([hidden])"]
    after_fields = [b for b in _filter_boxes(page) if b[0] == ".kb-search__filter:not([hidden])"]
    assert after == before
    assert all(x + w <= width for _, x, _, w, _ in after_fields), after_fields
    # a filter hidden for having one value leaves the others where they were
    assert after_fields == before_fields[:len(after_fields)]


def test_no_filter_offers_a_single_value(site_url, page):
    """A filter with one value ('Jahr': only 'Datum unbekannt') filters nothing and is not shown."""
    _open_search(page, f"{site_url}/")
    page.wait_for_function("() => !document.querySelector('.kb-search__filters').hasAttribute('data-kb-pending')")
    shown = page.eval_on_selector_all(
        ".kb-search__filter:not([hidden]) select",
        "els => els.map(s => [s.dataset.kbFilter, Array.from(s.options).filter(o => o.value).length])")
    assert shown
    assert all(values > 1 for _, values in shown), shown


def test_filter_counts_are_those_of_the_current_results(site_url, page):
    """Every article has one topic: the topic counts add up to the results shown, not to the site."""
    _open_search(page, f"{site_url}/")
    page.keyboard.type("Autohaus")
    page.wait_for_function("() => document.querySelector('[data-kb-search]').getAttribute('data-kb-done') === 'Autohaus'")
    results = page.eval_on_selector_all("#kb-search-list > li", "els => els.length")
    # the menu shows the site's counts until a reader turns to it; then those of the results
    page.focus("[data-kb-filter=topic]")
    counted = """() => Array.from(document.querySelectorAll('[data-kb-filter=topic] option'))
        .filter(o => o.value).map(o => +(o.textContent.match(/\\((\\d+)\\)$/) || [0, 0])[1])"""
    try:
        page.wait_for_function(f"() => ({counted})().reduce((a, b) => a + b, 0) === {results}", timeout=10_000)
    except PlaywrightTimeout:
        pass  # the assertion below shows the counts
    assert 0 < results < 5
    assert sum(page.evaluate(counted)) == results


def test_a_big_site_keeps_the_site_counts_and_never_counts_per_value(site_url, page):
    """Counting per result runs one filter-only search per value, which makes Pagefind load every
    word chunk of its index: above 1,000 pages the menus keep the site's counts instead."""
    def bigger(route):
        """The real manifest (compressed or not, as requested), with 1,200 more pages in its most
        frequent year."""
        zipped = route.request.url.endswith(".zjson")
        body = route.fetch().body()
        manifest = json.loads(gzip.decompress(body) if zipped else body)
        years = manifest["filters"]["year"]
        years[max(years, key=years.get)] += 1200
        text = json.dumps(manifest).encode("utf-8")
        route.fulfill(body=gzip.compress(text) if zipped else text)
    filter_loads = []
    page.route(MANIFEST, bigger)
    page.on("request", lambda r: "/pagefind/filter/" in r.url and filter_loads.append(r.url))
    _open_search(page, f"{site_url}/")
    page.keyboard.type("Autohaus")
    page.wait_for_function("() => document.querySelector('[data-kb-search]').getAttribute('data-kb-done') === 'Autohaus'")
    page.focus("[data-kb-filter=topic]")
    page.wait_for_timeout(1500)  # time for a count that must not start
    site = page.eval_on_selector_all(
        "[data-kb-filter=topic] option", "os => os.filter(o => o.value).map(o => o.textContent)")
    results = page.eval_on_selector_all("#kb-search-list > li", "els => els.length")
    counts = [int(re.search(r"\((\d+)\)$", text)[1]) for text in site]
    assert filter_loads == [] and sum(counts) > results


def test_search_button_is_a_button_and_opens_search(site_url, page):
    """At phone width the header's search control is a <button> (no role to override) and Enter opens the box."""
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/artikel/bmw-interview-teil-1/")
    page.wait_for_function("window.kbSearch !== undefined")
    opener = page.locator(".md-header .kb-search__open")
    assert opener.evaluate("e => [e.tagName, e.getAttribute('role')]") == ["BUTTON", None]
    opener.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.id") == "kb-search-input"


@pytest.mark.parametrize("url, first", [("artikel/bmw-interview-teil-1/", "Frage 1: Kanäle"),
                                        ("en/artikel/bmw-interview-teil-1/", "Question 1: channels")])
def test_interview_toc_names_questions_briefly(site_url, page, url, first):
    """The right-hand TOC of the interview has short entries; the headings keep the full questions."""
    page.goto(f"{site_url}/{url}")
    toc = page.eval_on_selector_all(".md-sidebar--secondary .md-nav--secondary a.md-nav__link",
                                    "els => els.map(e => e.textContent.trim())")
    assert toc[0] == first
    assert all(len(entry) <= 30 for entry in toc), toc
    assert len(page.inner_text("h2.kb-question")) > 60


def test_back_to_back_lists_are_one_text_line_apart(site_url, page):
    """The interview's link groups: every gap between two adjacent lists is one line of text."""
    page.goto(f"{site_url}/artikel/bmw-interview-teil-1/")
    gaps, line = page.evaluate("""() => {
        const lists = Array.from(document.querySelectorAll('article.md-typeset ul'));
        const gaps = lists.filter(u => u.previousElementSibling && u.previousElementSibling.tagName === 'UL')
          .map(u => u.getBoundingClientRect().top - u.previousElementSibling.getBoundingClientRect().bottom);
        return [gaps, parseFloat(getComputedStyle(lists[1]).lineHeight)];
    }""")
    assert len(gaps) >= 5
    assert all(abs(gap - line) < 1 for gap in gaps), (gaps, line)


def test_abbreviation_in_a_link_has_no_second_underline(site_url, page):
    """'B2B' in the link 'B2B-Kommunikation': the link's underline only; outside links the dotted one stays."""
    page.goto(f"{site_url}/")
    inside = page.eval_on_selector_all("article.md-typeset a abbr", "els => els.map(e => getComputedStyle(e).borderBottomStyle)")
    outside = page.eval_on_selector_all("article.md-typeset abbr",
                                        "els => els.filter(e => !e.closest('a')).map(e => getComputedStyle(e).borderBottomStyle)")
    assert inside and set(inside) == {"none"}
    assert outside and set(outside) == {"dotted"}


@pytest.mark.parametrize("url, selector", [("artikel/bmw-interview-teil-1/", ".kb-meta"),
                                           ("", ".kb-entry__meta")])
def test_no_meta_line_starts_with_a_separator_at_360px(site_url, page, url, selector):
    """Screenshot comparison at 360 px: the start of every wrapped meta line looks the same with the
    separators made invisible, so no line begins with '·'."""
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/{url}")
    starts = page.evaluate("""sel => Array.from(document.querySelectorAll(sel)).flatMap(line => {
        const left = line.getBoundingClientRect().left;
        return Array.from(line.children).slice(1).map(e => e.getBoundingClientRect())
          .filter(r => Math.abs(r.left - left) < 1)
          .map(r => ({x: r.left + scrollX, y: r.top + scrollY, width: 16, height: r.height}));
    })""", selector)
    assert starts, "no meta line wraps at 360 px: nothing to compare"
    shots = [page.screenshot(clip=clip, full_page=True) for clip in starts]
    page.add_style_tag(content=".kb-meta__item::before, .kb-meta__item::after { color: transparent !important; }")
    assert [page.screenshot(clip=clip, full_page=True) for clip in starts] == shots


@pytest.mark.parametrize("width, shown", [(1280, False), (360, True)])
def test_search_button_only_where_the_box_is_not_in_the_header(site_url, page, width, shown):
    """Above 60em the search field sits in the header, so the header's search button is hidden."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site_url}/")
    assert page.locator(".md-header .kb-search__open").is_visible() == shown
