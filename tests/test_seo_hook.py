"""Unit tests of hooks/seo.py's build-wide helpers (no site build)."""

from __future__ import annotations

import jinja2

import seo


def environment(folder) -> jinja2.Environment:
    """A fresh environment over ``folder``, as MkDocs makes one per build."""
    return seo.on_env(jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), auto_reload=False),
                      None, None)


def test_a_new_environment_reuses_the_compiled_template(tmp_path, monkeypatch):
    (tmp_path / "t.html").write_text("Hallo {{ name | e }}", "utf-8")
    monkeypatch.setattr(seo, "_TEMPLATE_CACHES", {})
    assert environment(tmp_path).get_template("t.html").render(name="A") == "Hallo A"
    compiled = []
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, *a, **k: compiled.append(a) or jinja2.Environment.compile(self, *a, **k))
    assert environment(tmp_path).get_template("t.html").render(name="<B>") == "Hallo &lt;B&gt;"
    assert compiled == []


def test_an_edited_template_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setattr(seo, "_TEMPLATE_CACHES", {})
    (tmp_path / "t.html").write_text("alt {{ x }}", "utf-8")
    assert environment(tmp_path).get_template("t.html").render(x=1) == "alt 1"
    (tmp_path / "t.html").write_text("neu {{ x }}", "utf-8")
    assert environment(tmp_path).get_template("t.html").render(x=1) == "neu 1"


def test_environments_that_compile_differently_do_not_share_code(tmp_path, monkeypatch):
    monkeypatch.setattr(seo, "_TEMPLATE_CACHES", {})
    (tmp_path / "t.html").write_text("{{ x }}", "utf-8")
    plain = environment(tmp_path)
    escaping = seo.on_env(jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), autoescape=True),
                          None, None)
    assert plain.get_template("t.html").render(x="<a>") == "<a>"
    assert escaping.get_template("t.html").render(x="<a>") == "&lt;a&gt;"
    assert plain.bytecode_cache is not escaping.bytecode_cache


def test_sitemap_plan_takes_pages_in_two_languages_with_a_folder_of_their_own(tmp_path):
    from mkdocs.structure.files import File, Files

    files = Files([File(path, str(tmp_path), str(tmp_path / "site"), True)
                   for path in ("index.md", "artikel/a.md", "artikel/b.md", "ueber.md")])
    langs = {"index.md": {"de", "en"}, "artikel/a.md": {"de", "en"}, "artikel/b.md": {"de"}}
    assert seo.plan_page_sitemaps(files, langs, "de") == {"artikel/a/": ("de", "en")}


def test_planned_sitemap_is_written_into_a_folder_made_for_it(tmp_path):
    seo.write_sitemaps(str(tmp_path), seo.planned_sitemaps("https://x.example/kb/", "en",
                                                           {"en/artikel/a/": ("de", "en")}))
    facts = seo.seo_core.PageFacts(url="en/artikel/a/", lang="en", title="", site_name="",
                                   description="", translations=("de", "en"))
    expected = seo.seo_core.page_sitemap("https://x.example/kb/en/artikel/a/",
                                         seo.seo_core.alternates("https://x.example/kb/", facts))
    assert (tmp_path / "en/artikel/a/sitemap.xml").read_text("utf-8") == expected
    assert 'hreflang="x-default" href="https://x.example/kb/artikel/a/"' in expected


def test_writer_process_writes_what_write_sitemaps_writes(tmp_path):
    import json
    import subprocess
    import sys

    texts = seo.planned_sitemaps("https://x.example/", "de", {"artikel/ä/": ("de", "en"), "themen/b/": ("de", "en")})
    seo.write_sitemaps(str(tmp_path / "here"), texts)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"pages": [], "sitemaps": texts}, ensure_ascii=False), "utf-8")
    subprocess.run([sys.executable, "-I", "-S", seo._WRITER_SCRIPT, str(tmp_path / "there"), str(plan)],
                   check=True)
    for url, _ in texts:
        assert (tmp_path / "there" / url / "sitemap.xml").read_bytes() == \
            (tmp_path / "here" / url / "sitemap.xml").read_bytes()
    assert not plan.exists()


def test_writer_process_runs_below_the_builds_cpu_priority(tmp_path, monkeypatch):
    import json

    from kb import forked, sitemap_files

    calls = []
    monkeypatch.setattr(sitemap_files.os, "nice", calls.append)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"pages": [], "sitemaps": [["artikel/a/", "<urlset/>"]]}), "utf-8")
    sitemap_files.main([str(tmp_path / "site"), str(plan)])
    assert calls == [forked.NICENESS] and sitemap_files.NICENESS == forked.NICENESS
    assert (tmp_path / "site" / "artikel/a/sitemap.xml").read_text("utf-8") == "<urlset/>"


def test_writer_process_writes_no_page_file(tmp_path):
    """The writer makes only sitemaps (and their folders): no page file, not even an empty one."""
    import json
    import subprocess
    import sys

    site = tmp_path / "site"
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"sitemaps": [["artikel/a/", "<urlset/>"]]}), "utf-8")
    subprocess.run([sys.executable, "-I", "-S", seo._WRITER_SCRIPT, str(site), str(plan)], check=True)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == ["artikel/a/sitemap.xml"]
