"""Each language built on its own (KB_ONLY_LOCALE, hooks/split.py), merged, equals the full build.

Byte-equal file by file, with these named exceptions, none of them caused by
the split:

- ``404.html`` pages: their language switcher. static-i18n renders the 404
  page after the pass' pages and leaks a page's alternate links into it
  (e.g. ``/themen/konzernkommunikation/`` instead of ``/``); the links differ,
  nothing else may.
- Pagefind's index files (``pagefind/filter|index/*``, ``*.pf_meta``,
  ``pagefind-entry.json``): compared by name pattern only, because Pagefind
  numbers pages in the order concurrent requests finish, so two full builds
  differ there as well. Its fragments are compared byte for byte.

Sitemap dates are pinned with SOURCE_DATE_EPOCH, as CI should do across jobs,
and the hash seed with PYTHONHASHSEED, because some outputs follow set order
(the search vocabulary's choice between equally frequent spellings).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT, make_project, run_build

sys.path.insert(0, str(ROOT))
from scripts import split_build  # noqa: E402
from scripts.bench import corpus  # noqa: E402

# Sitemap dates pinned (as CI should across jobs). The hash seed pinned too: some
# outputs depend on set order (see the module docstring), which is no split matter.
ENV = {"SOURCE_DATE_EPOCH": "1700000000", "PYTHONHASHSEED": "0"}
SWITCHER_HREF = re.compile(r'href="[^"]*"( hreflang="[a-z]{2}")')
#: Pagefind's hash-named index files and its entry file: Pagefind numbers the
#: pages in the order the concurrent add requests finish, so two full builds
#: differ here too. (Its fragments are named by their content and compared.)
PAGEFIND_ORDER = re.compile(r"(^|/)pagefind/((filter|index)/[a-z]+_[0-9a-f]+\.pf_(filter|index)"
                            r"|pagefind\.[a-z]+_[0-9a-f]+\.pf_meta|pagefind-entry\.json)$")


def _name(name: str) -> str:
    """The file name with Pagefind's order-dependent hash replaced."""
    return re.sub(r"_[0-9a-f]+\.pf_", "_#.pf_", name) if PAGEFIND_ORDER.search(name) else name


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _project(kind: str, tmp: Path) -> Path:
    if kind == "site":
        return make_project(tmp, keep_docs=True)
    project = tmp / "project"
    corpus.write_project(project, 30, seed=3)
    return project


@pytest.fixture(scope="module", params=["site", "corpus"])
def builds(request, tmp_path_factory):
    """(full build, merged per-language builds, per-language parts) of one project."""
    tmp = tmp_path_factory.mktemp(f"split-{request.param}")
    project = _project(request.param, tmp)
    full = tmp / "full"
    result = run_build(project, full, env=ENV)
    assert result.returncode == 0, result.stderr
    parts = {}
    for lang in split_build.LANGS:
        parts[lang] = tmp / f"part-{lang}"
        result = run_build(project, parts[lang], env={**ENV, "KB_ONLY_LOCALE": lang})
        assert result.returncode == 0, result.stderr
    merged = tmp / "merged"
    split_build.merge(merged, [parts[lang] for lang in split_build.LANGS])
    return _files(full), _files(merged), {k: _files(v) for k, v in parts.items()}


def test_merged_output_has_the_same_files(builds):
    full, merged, _ = builds
    assert sorted(map(_name, merged)) == sorted(map(_name, full))


def test_merged_files_are_byte_equal(builds):
    full, merged, _ = builds
    differ = [name for name in full
              if not name.endswith("404.html") and not PAGEFIND_ORDER.search(name)
              and full[name] != merged.get(name)]
    assert differ == []


def test_404_differs_only_in_the_language_switcher_links(builds):
    full, merged, _ = builds
    strip = lambda b: SWITCHER_HREF.sub(r'href=""\1', b.decode("utf-8"))  # noqa: E731
    pages = [name for name in full if name.endswith("404.html")]
    assert pages and all(strip(full[name]) == strip(merged[name]) for name in pages)


def test_english_build_writes_english_pages_only(builds):
    _, _, parts = builds
    pages = [n for n in parts["en"] if n.endswith(".html") and n != "404.html"]
    assert pages and all(n.startswith("en/") for n in pages)


def test_german_build_writes_nothing_under_en(builds):
    _, _, parts = builds
    assert parts["de"] and not any(n.startswith("en/") for n in parts["de"])


def test_sitemap_lists_both_languages(builds):
    _, merged, parts = builds
    xml = merged["sitemap.xml"].decode("utf-8")
    assert "/en/" in xml and xml.count("<url>") == sum(
        p["sitemap.xml"].decode("utf-8").count("<url>") for p in parts.values())


def test_unknown_locale_stops_the_build(tmp_path):
    project = make_project(tmp_path)
    result = run_build(project, tmp_path / "site", env={"KB_ONLY_LOCALE": "fr"})
    assert result.returncode != 0
    assert "KB_ONLY_LOCALE='fr' is not a language" in result.stderr


def test_properdocs_builds_the_same_english_part(tmp_path):
    """The per-language build works the same under ProperDocs (the MkDocs 1.x fork)."""
    project = make_project(tmp_path, keep_docs=True)
    env = {**ENV, "KB_ONLY_LOCALE": "en"}
    sites = {tool: tmp_path / tool for tool in ("mkdocs", "properdocs")}
    for tool, site in sites.items():
        result = run_build(project, site, tool=tool, env=env)
        assert result.returncode == 0, result.stderr
    volatile = re.compile(rb'<meta name="generator"[^>]*>')
    ours, theirs = ({_name(n): volatile.sub(b"", b) for n, b in _files(site).items()
                     if not PAGEFIND_ORDER.search(n)} for site in sites.values())
    assert sorted(theirs) == sorted(ours)
    assert [n for n in ours if ours[n] != theirs[n]] == []
