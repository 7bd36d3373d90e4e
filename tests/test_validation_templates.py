"""Audit: every place a Material 9.8.1 template writes a front-matter value is escaped or checked.

Front matter reaches Material's templates as ``page.meta.*`` (the hook
replaces it with the checked fields, see ``kb.frontmatter.checked_meta``) and
as page titles (``page.title``, ``nav_item.title`` …). Each template that
writes one of them without ``| e`` is either overridden in overrides/ (and the
override escapes it) or listed here with the reason it is safe.
"""

from __future__ import annotations

import re
from pathlib import Path

import material

from conftest import ROOT
from kb import frontmatter

MATERIAL = Path(material.__file__).parent / "templates"
#: An output expression that writes a front-matter value or a page title.
_WRITES = re.compile(r"\{\{[^}]*?(?:page\.meta\.|nav_item\.meta\.|\bpage\.title|_page\.title|nav_item\.title"
                     r"|ref\.title)[^}]*\}\}|\{%\s*include[^%]*~[^%]*\bmeta\.[^%]*%\}")
_SAFE = re.compile(r"\|\s*(?:e|escape|url|urlencode)\s*\)?\s*\}\}|\|\s*striptags\s*\|\s*e\b")

#: Templates that write such a value unescaped but are safe here, with the reason.
SAFE_HERE = {
    "base.html": "its site_meta and htmltitle blocks are replaced in overrides/main.html on every page "
                 "with kb_seo (escaped); static templates (404) have no front matter",
    "redirect.html": "only used with 'template: redirect.html', which the check refuses (not in overrides/)",
    "partials/source-file.html": "git/revision dates: unknown fields never reach page.meta",
    "partials/feedback.html": "analytics feedback is not configured; the title is urlencoded",
    "partials/toc-item.html": "toc titles come from the rendered Markdown, not from front matter",
    "partials/post.html": "the blog plugin is not used",
    "blog-post.html": "the blog plugin is not used",
    "fragments/tags/default/listing.html": "the tags plugin is not used",
}


def unescaped(text: str) -> list[str]:
    """The expressions in ``text`` that write a front-matter value without escaping it."""
    return [m.group(0) for m in _WRITES.finditer(text) if not _SAFE.search(m.group(0))]


def material_writers() -> dict[str, list[str]]:
    """Material's templates (relative path) → their unescaped front-matter writes."""
    found = {}
    for path in sorted(MATERIAL.rglob("*.html")):
        if ".icons" in path.parts:
            continue
        hits = unescaped(path.read_text("utf-8"))
        if hits:
            found[path.relative_to(MATERIAL).as_posix()] = hits
    return found


def test_the_audit_finds_what_it_looks_for():
    assert "partials/nav-item.html" in material_writers()
    assert unescaped("{{ page.meta.status }}") and not unescaped("{{ page.title | e }}")


def test_every_unescaped_write_in_material_is_overridden_or_safe_here():
    for rel in material_writers():
        override = ROOT / "overrides" / rel
        if override.is_file():
            assert not unescaped(override.read_text("utf-8")), f"overrides/{rel} still writes unescaped"
            assert "Material for MkDocs 9.8.1" in override.read_text("utf-8"), f"overrides/{rel}: version note"
        else:
            assert rel in SAFE_HERE, f"{rel} writes front matter unescaped: override it or explain"


def test_no_override_writes_front_matter_unescaped():
    for path in sorted((ROOT / "overrides").rglob("*.html")):
        assert not unescaped(path.read_text("utf-8")), path


def test_the_material_fields_that_reach_templates_are_checked():
    """Material reads icon, status, hide, template, subtitle, title, description from page.meta."""
    fields = set(re.findall(r"(?:page|nav_item)\.meta\.([a-z_]+)",
                            "".join(p.read_text("utf-8") for p in MATERIAL.rglob("*.html"))))
    handled = set(frontmatter.KNOWN_FIELDS) | set(frontmatter.REFUSED_FIELDS)
    unknown = fields - handled
    # never in page.meta: the validation hook keeps only known fields (checked_meta)
    assert unknown <= {"author", "location", "git_revision_date_localized", "revision_date",
                       "git_creation_date_localized", "comments", "tags", "toc_depth"}, unknown
    assert frontmatter.checked_meta({"author": "x", "icon": "y", "title": "t"}, {"title": "t"}) == {"title": "t"}
