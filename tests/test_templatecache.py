"""Unit tests of kb.templatecache: compiled templates reused across Jinja environments (no site build)."""

from __future__ import annotations

import jinja2
import pytest

from kb import templatecache


@pytest.fixture(autouse=True)
def empty(monkeypatch):
    """Every test starts with no compiled template in the process."""
    monkeypatch.setattr(templatecache, "CACHES", {})


def environment(folder, **options) -> jinja2.Environment:
    """A fresh environment over ``folder`` with the cache attached, as MkDocs makes one per build."""
    return templatecache.attach(jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), **options))


def test_a_new_environment_reuses_the_compiled_template(tmp_path, monkeypatch):
    (tmp_path / "t.html").write_text("Hallo {{ name | e }}", "utf-8")
    assert environment(tmp_path, auto_reload=False).get_template("t.html").render(name="A") == "Hallo A"
    compiled = []
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, *a, **k: compiled.append(a) or jinja2.Environment.compile(self, *a, **k))
    assert environment(tmp_path, auto_reload=False).get_template("t.html").render(name="<B>") == "Hallo &lt;B&gt;"
    assert compiled == []


def test_an_edited_template_is_compiled_again_by_the_next_environment(tmp_path):
    (tmp_path / "t.html").write_text("alt {{ x }}", "utf-8")
    assert environment(tmp_path).get_template("t.html").render(x=1) == "alt 1"
    (tmp_path / "t.html").write_text("neu {{ x }}", "utf-8")
    assert environment(tmp_path).get_template("t.html").render(x=1) == "neu 1"


def test_one_environment_does_not_stat_its_templates_again(tmp_path, monkeypatch):
    (tmp_path / "t.html").write_text("{{ x }}", "utf-8")
    env = environment(tmp_path)
    env.get_template("t.html")
    stats = []
    real = jinja2.loaders.os.path.getmtime
    monkeypatch.setattr(jinja2.loaders.os.path, "getmtime", lambda p: stats.append(p) or real(p))
    env.get_template("t.html")
    assert stats == []


def test_environments_that_compile_differently_do_not_share_code(tmp_path):
    (tmp_path / "t.html").write_text("{{ x }}", "utf-8")
    plain, escaping = environment(tmp_path), environment(tmp_path, autoescape=True)
    assert plain.get_template("t.html").render(x="<a>") == "<a>"
    assert escaping.get_template("t.html").render(x="<a>") == "&lt;a&gt;"
    assert plain.bytecode_cache is not escaping.bytecode_cache


def test_an_environment_with_a_cache_of_its_own_keeps_it(tmp_path):
    own = jinja2.FileSystemBytecodeCache(str(tmp_path))
    env = jinja2.Environment(bytecode_cache=own)
    assert templatecache.attach(env).bytecode_cache is own
