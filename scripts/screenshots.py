"""Screenshots for the README: build the site, open it in headless Chromium, save PNGs.

Usage: python scripts/screenshots.py [--out .github/screenshots] [--site DIR]
(``make screenshots``). Uses the same Playwright + Debian chromium setup as
the browser tests; nothing is loaded from another host. Shots: home, an
article with series box and related block, the topic map, the search
results (when the header has a search box), each light and dark, plus
home and article at phone width.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from lighthouse import serve  # noqa: E402  (same gzip-serving static host)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
ARTICLE = "artikel/bmw-interview-teil-1/"
#: The header search input of our search UI, else Material's.
SEARCH_INPUT = "[data-kb-search-input], .md-search__input"
SEARCH_QUERY = "Autohaus"


def build(site: Path, port: int) -> None:
    """Strict build of the real site into ``site``, with its address as site_url."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_SITE_URL": f"http://127.0.0.1:{port}/"}
    # No --quiet: it hides the warnings from the count --strict fails on.
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                   cwd=ROOT, env=env, check=True)


def shoot(page, base: str, out: Path, name: str, url: str, *, scroll_to: str | None = None) -> Path | None:
    """Open ``url`` and save the viewport as ``out/name.png``, scrolled to ``scroll_to``
    if given; ``None`` (no file) when that element is not on the page."""
    page.goto(base + url)
    page.wait_for_load_state("networkidle")
    if scroll_to:
        if not page.locator(scroll_to).count():
            return None
        page.locator(scroll_to).first.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -80)")
    page.wait_for_timeout(300)
    path = out / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def search_shot(page, base: str, out: Path, name: str) -> Path | None:
    """Type a query into the header search and save the results; None without a search box."""
    page.goto(base)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    box = page.locator(SEARCH_INPUT).first
    if not page.locator(SEARCH_INPUT).count() or not box.is_visible():
        return None
    box.fill(SEARCH_QUERY)
    page.wait_for_timeout(1500)
    path = out / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def main(argv: list[str] | None = None) -> int:
    """Build (unless ``--site``), serve, take every shot, list the files."""
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / ".github" / "screenshots")
    parser.add_argument("--site", type=Path, help="an already built site (else: build one)")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if not args.site:
            build(site, args.port)
        server, base = serve(site, args.port)
        saved, missing = [], []
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
                for scheme, suffix in (("light", "light"), ("dark", "dark")):
                    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme, locale="de-DE",
                                                  reduced_motion="reduce")
                    page = context.new_page()
                    shots = {
                        f"home-{suffix}": lambda n: shoot(page, base, args.out, n, ""),
                        f"article-{suffix}": lambda n: shoot(page, base, args.out, n, ARTICLE),
                        f"article-related-{suffix}": lambda n: shoot(page, base, args.out, n, ARTICLE,
                                                                     scroll_to=".kb-related"),
                        f"topicmap-{suffix}": lambda n: shoot(page, base, args.out, n, "themenkarte/",
                                                              scroll_to=".kb-topicmap"),
                        f"search-{suffix}": lambda n: search_shot(page, base, args.out, n),
                    }
                    for name, take in shots.items():
                        shot = take(name)
                        (saved if shot else missing).append(shot or name)
                    context.close()
                context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                              has_touch=True, locale="de-DE", reduced_motion="reduce")
                page = context.new_page()
                saved.append(shoot(page, base, args.out, "phone-home", ""))
                saved.append(shoot(page, base, args.out, "phone-article", ARTICLE))
                context.close()
                browser.close()
        finally:
            server.shutdown()
    for path in saved:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    for name in missing:
        print(f"skipped {name}: not on the site yet (search box / related block); "
              "the previous PNG, if any, is kept", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
