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
