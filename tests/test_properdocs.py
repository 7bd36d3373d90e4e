"""The site also builds strictly with ProperDocs, the maintained MkDocs 1.x fork."""

from __future__ import annotations

import re

from conftest import ROOT, run_build

# Lines that legitimately differ between the two tools' outputs.
_VOLATILE = re.compile(rb'<meta name="generator"[^>]*>|<lastmod>[^<]*</lastmod>')


def _tree(site):
    """Map each output file (minus compressed copies) to its bytes, volatile parts removed."""
    return {
        p.relative_to(site).as_posix(): _VOLATILE.sub(b"", p.read_bytes())
        for p in site.rglob("*")
        if p.is_file() and p.suffix != ".gz"
    }


def test_properdocs_builds_the_same_site(tmp_path, built_site):
    result = run_build(ROOT, tmp_path / "site", tool="properdocs")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    ours, theirs = _tree(built_site), _tree(tmp_path / "site")
    assert sorted(theirs) == sorted(ours)
    differing = [name for name in ours if ours[name] != theirs[name]]
    assert not differing, f"files differ between mkdocs and properdocs: {differing[:10]}"
