"""Unit tests of each signal of the related-articles blend (kb.related) on small hand-made graphs."""

from __future__ import annotations

import math

import pytest

from kb import related
from kb.related import Doc, Settings, compute


def _graph(edges, n):
    """``out``/``in`` index sets of ``n`` nodes from ``[(source, target), …]``."""
    out = [set() for _ in range(n)]
    inn = [set() for _ in range(n)]
    for s, t in edges:
        out[s].add(t)
        inn[t].add(s)
    return out, inn


def _feature(feats, i, j, name):
    """One graph signal of ``j`` for ``i`` (0 when absent)."""
    slot = ("out", "in", "cocite", "couple", "hop").index(name)
    return feats[i].get(j, [0.0] * 5)[slot]


def test_an_out_link_is_the_out_signal_and_the_in_signal_of_the_other():
    feats = related._graph_features(2, *_graph([(0, 1)], 2), max_hub=10)
    assert _feature(feats, 0, 1, "out") == 1.0 and _feature(feats, 0, 1, "in") == 0.0
    assert _feature(feats, 1, 0, "in") == 1.0 and _feature(feats, 1, 0, "out") == 0.0


def test_two_pages_linked_from_the_same_page_are_cocited():
    # 2 links to 0 and 1 (2 is no document: n=2, it only takes part as a citing page)
    feats = related._graph_features(2, *_graph([(2, 0), (2, 1)], 3), max_hub=10)
    assert _feature(feats, 0, 1, "cocite") == pytest.approx(1.0)
    assert _feature(feats, 0, 1, "couple") == 0.0


def test_two_pages_linking_the_same_page_are_coupled():
    feats = related._graph_features(2, *_graph([(0, 2), (1, 2)], 3), max_hub=10)
    assert _feature(feats, 0, 1, "couple") == pytest.approx(1.0)
    assert _feature(feats, 0, 1, "cocite") == 0.0


def test_a_path_over_one_page_is_a_hop_both_ways():
    feats = related._graph_features(3, *_graph([(0, 1), (1, 2)], 3), max_hub=10)
    assert _feature(feats, 0, 2, "hop") > 0
    assert _feature(feats, 2, 0, "hop") > 0
    assert _feature(feats, 0, 2, "out") == 0.0


def test_cocitation_is_normalised_by_the_in_degrees():
    # 0 and 1 both cited by 3; 1 also by 4: 1 / sqrt(1 * 2)
    feats = related._graph_features(2, *_graph([(3, 0), (3, 1), (4, 1)], 5), max_hub=10)
    assert _feature(feats, 0, 1, "cocite") == pytest.approx(2 ** -0.5)


def test_a_hub_is_no_intermediate():
    edges = [(9, k) for k in range(5)]  # 9 links every page
    feats = related._graph_features(5, *_graph(edges, 10), max_hub=4)
    assert all(not f for f in feats)


def test_parent_page_is_the_folder_page_or_its_index():
    known = {"a.md": 0, "a/b.md": 1, "a/b/c.md": 2, "x/index.md": 3, "x/y.md": 4}
    assert related.parent_path("a/b/c.md", known) == "a/b.md"
    assert related.parent_path("a/b.md", known) == "a.md"
    assert related.parent_path("x/y.md", known) == "x/index.md"
    assert related.parent_path("a.md", known) is None
    assert related.parent_path("q/z.md", known) is None


def test_parent_and_child_relate_and_are_named():
    docs = [Doc("web/http.md", "HTTP", "Kaffee"), Doc("web/http/cookies.md", "Cookies", "Tee"),
            Doc("web/css.md", "CSS", "Wasser")]
    result = compute(docs, settings=Settings(w_parent=0.5, w_below=0.0, threshold=0.1))
    assert [r.path for r in result["web/http/cookies.md"]] == ["web/http.md"]
    assert result["web/http/cookies.md"][0].reasons == ["Übergeordnete Seite"]
    assert result["web/http.md"][0].reasons == ["Unterseite"]


def test_siblings_count_less_in_a_bigger_folder():
    docs = ([Doc(f"small/{k}.md", f"T{k}") for k in range(2)] + [Doc(f"big/{k}.md", f"U{k}") for k in range(10)]
            + [Doc(f"other{k}/x.md", f"V{k}") for k in range(20)])
    sig = related.signals(docs, "de", {}, Settings())
    sibling = related.SIGNALS.index("sibling")
    small = related._features(sig, sig.index["small/0.md"], sig.index["small/1.md"])[sibling]
    big = related._features(sig, sig.index["big/0.md"], sig.index["big/1.md"])[sibling]
    assert small > big > 0


def test_a_folder_holding_nearly_every_document_makes_no_siblings():
    docs = [Doc(f"artikel/{k}.md", f"T{k}") for k in range(19)] + [Doc("ueber/x.md", "U")]
    sig = related.signals(docs, "de", {}, Settings())
    assert sig.sibling["artikel"] == 0.0


def test_popularity_only_ranks_pages_another_signal_relates():
    docs = [Doc("a.md", "Kaffee"), Doc("b.md", "Tee"), Doc("c.md", "Wasser")]
    links = {f"p{k}.md": {"b.md"} for k in range(5)}  # b is linked often, but relates to nothing
    result = compute(docs, links=links, settings=Settings(w_popular=5.0))
    assert result["a.md"] == []


def test_the_blended_score_is_the_weighted_sum_of_the_signals():
    docs = [Doc("web/a.md", "Kekse", "Kekse und `Set-Cookie` mit Milch."),
            Doc("web/a/b.md", "Kekse backen", "Kekse backen mit `Set-Cookie`."),
            Doc("web/c.md", "Milch", "Milch.")]
    links = {"web/a.md": {"web/a/b.md"}, "web/c.md": {"web/a.md", "web/a/b.md"}}
    settings = Settings(w_parent=0.3, w_sibling=0.2, w_code=0.4, w_popular=0.1, threshold=0.0)
    sig = related.signals(docs, "de", links, settings)
    weights = related._weights(settings)
    for path, rels in compute(docs, links=links, settings=settings).items():
        for rel in rels:
            f = related._features(sig, sig.index[path], sig.index[rel.path])
            assert rel.score == pytest.approx(sum(w * x for w, x in zip(weights, f)))


def test_code_names_are_inline_code_words():
    body = "Der `Set-Cookie`-Header, `flex-basis`, `fetch()`, `100`, `a b` und `--`."
    assert related.code_names(body) == {"set-cookie", "flex-basis", "fetch"}


def test_a_shared_rare_code_name_relates_and_is_named_as_written():
    docs = [Doc("a.md", "Kopfzeilen", "Der Header `Set-Cookie` setzt Werte."),
            Doc("b.md", "Kekse", "Mit `Set-Cookie` kommt er an."),
            Doc("c.md", "Wasser", "Nichts davon.")]
    result = compute(docs, settings=Settings(w_code=0.5, w_text=0.0, threshold=0.1))
    assert [r.path for r in result["a.md"]] == ["b.md"]
    assert result["a.md"][0].reasons == ["Gemeinsam: Set-Cookie"]


def test_a_code_name_in_many_documents_is_not_rare():
    docs = [Doc(f"{k}.md", f"T{k}", "Mit `div` gebaut.") for k in range(10)]
    sig = related.signals(docs, "de", {}, Settings(code_max_df=0.5))
    assert all(not row for row in sig.code)


# --- reasons -------------------------------------------------------------------------

def test_a_topic_holding_nearly_every_document_is_no_reason():
    docs = [Doc(f"artikel/{k}.md", f"Netz{k}", "Netz Strategie", topic="Web") for k in range(10)]
    result = compute(docs)
    assert all("Gleiches Thema" not in r.reasons for rels in result.values() for r in rels)


def test_a_topic_of_a_few_documents_is_a_reason():
    docs = [Doc(f"artikel/{k}.md", f"Netz{k}", "Netz Strategie", topic="Web" if k < 3 else f"T{k}")
            for k in range(10)]
    result = compute(docs)
    assert any("Gleiches Thema" in r.reasons for r in result["artikel/0.md"])


def test_filler_words_are_no_reason():
    docs = [Doc("a.md", "Ziele", "Ziele und Themen am Tag der Sache Marketing."),
            Doc("b.md", "Ziele", "Ziele und Themen am Tag der Sache Marketing.")]
    got = compute(docs)["a.md"][0].reasons
    assert got == ["Gemeinsam: Marketing"]


def test_general_words_of_people_and_sense_are_no_reason():
    docs = [Doc("a.md", "Sinn", "Der Sinn für Menschen und Leute im Vertrieb."),
            Doc("b.md", "Menschen", "Menschen, Leute und Sinn im Vertrieb.")]
    got = compute(docs)["a.md"][0].reasons
    assert got == ["Gemeinsam: Vertrieb"]


def test_reason_words_are_written_as_in_both_texts():
    docs = [Doc("a.md", "Kanäle", "Die Kanäle der Marke und ihre Kanäle."),
            Doc("b.md", "Vertrieb", "Auf allen Kanälen und Kanälen, Kanäle auch.")]
    got = compute(docs)["a.md"][0].reasons
    assert got[0] == "Gemeinsam: Kanäle"


def test_a_word_only_one_text_writes_out_is_not_named():
    docs = [Doc("a.md", "Versicherungspflicht", "Versicherungspflicht gilt. Kaffee Kaffee."),
            Doc("b.md", "Pflicht", "Pflicht ist Pflicht. Kaffee Kaffee.")]
    got = compute(docs)["a.md"][0].reasons
    assert got == ["Gemeinsam: Kaffee"]


# --- backlinks -----------------------------------------------------------------------

def test_backlinks_put_related_then_mutual_then_specific_sources_first():
    graph = {"t.md": {"m.md"}, "hub.md": {"t.md", "x.md", "y.md", "z.md"}, "m.md": {"t.md", "x.md"},
             "r.md": {"t.md", "x.md", "y.md"}, "s.md": {"t.md"}}
    relations = {"t.md": [related.Relation("r.md", 1.0, [])]}
    assert related.backlinks(graph, relations)["t.md"] == ["r.md", "m.md", "s.md", "hub.md"]


def test_backlinks_without_relations_are_sorted_by_path():
    graph = {"b.md": {"t.md"}, "a.md": {"t.md"}}
    assert related.backlinks(graph)["t.md"] == ["a.md", "b.md"]


def test_german_reasons_name_nouns_not_adjectives_or_verbs():
    docs = [Doc("a.md", "Eins", "Marketing ist schwer und kommt weiß daher."),
            Doc("b.md", "Zwei", "Marketing ist schwer und kommt weiß daher.")]
    assert compute(docs)["a.md"][0].reasons == ["Gemeinsam: Marketing"]


def test_a_code_name_already_among_the_common_words_is_not_named_twice():
    docs = [Doc("a.md", "Response", "Die `Response` kommt. Response Response."),
            Doc("b.md", "Response", "Eine `Response` kommt. Response Response."),
            Doc("c.md", "Wasser", "Nichts.")]
    got = compute(docs, settings=Settings(w_code=0.5))["a.md"][0].reasons
    assert got == ["Gemeinsam: Response"]


def test_a_piece_of_a_named_code_name_is_not_named_apart():
    docs = [Doc("a.md", "Kopfzeilen", "Der Header `Set-Cookie` setzt Kekse. Set Set Kekse."),
            Doc("b.md", "Kekse", "Mit `Set-Cookie` kommen Kekse an. Set Set Kekse."),
            Doc("c.md", "Wasser", "Nichts davon.")]
    got = compute(docs, settings=Settings(w_code=0.5))["a.md"][0].reasons
    assert "Gemeinsam: Set-Cookie" in got and not any("Set," in r or r.endswith(" Set") for r in got)


def test_a_plain_word_in_code_quotes_is_no_reason():
    docs = [Doc("a.md", "Eins", "Der Wert `true` hier."), Doc("b.md", "Zwei", "Auch `true` dort."),
            Doc("c.md", "Drei", "Nichts.")]
    result = compute(docs, settings=Settings(w_code=0.5, w_text=0.0, threshold=0.1))
    assert [r.path for r in result["a.md"]] == ["b.md"] and result["a.md"][0].reasons == []


def test_only_the_strongest_graph_neighbours_are_candidates():
    # 0 and 1 are linked from the same three pages; 2..5 are each co-cited with 0 by one page
    names = ("Apfel", "Birne", "Kirsche", "Pflaume", "Quitte", "Traube")  # no shared words: no text candidates
    docs = [Doc(path=f"d{k}.md", title=name) for k, name in enumerate(names)]
    links = {"h1.md": {"d0.md", "d1.md"}, "h2.md": {"d0.md", "d1.md"}, "h3.md": {"d0.md", "d1.md"},
             **{f"x{k}.md": {"d0.md", f"d{k}.md"} for k in range(2, 6)}}
    settings = Settings(graph_candidates=2, code_candidates=0)
    sig = related.signals(docs, "de", links, settings)
    found = related.candidates(sig, 0, settings)
    assert not sig.text[0] and len(sig.graph[0]) == 5
    assert 1 in found and len(found) == 2


# --- title and text candidates ------------------------------------------------------

def test_titles_sharing_a_rare_term_have_a_title_signal_and_others_none():
    docs = [Doc("a.md", "flex-basis"), Doc("b.md", "flex-grow"), Doc("c.md", "grow-rate"),
            Doc("d.md", "basis-wert"), Doc("e.md", "color")]
    sig = related.signals(docs, "de", {}, Settings(w_title=0.1))
    title = related.SIGNALS.index("title")
    assert related._features(sig, 0, 1)[title] == pytest.approx(1 / 2)  # "flex" of "flex" and "basis"
    assert related._features(sig, 0, 2)[title] == 0.0
    assert sig.titles[4] == {}  # "color" is in one title only


def test_the_title_weight_adds_the_title_signal_to_the_score():
    docs = [Doc("a.md", "flex-basis"), Doc("b.md", "flex-grow"), Doc("c.md", "color")]
    plain = compute(docs, settings=Settings(w_text=0.0, w_text_rel=0.0, w_text_rel_other=0.0, threshold=0.01))
    titled = compute(docs, settings=Settings(w_text=0.0, w_text_rel=0.0, w_text_rel_other=0.0, w_title=0.4,
                                             threshold=0.01))
    assert plain["a.md"] == [] and [r.path for r in titled["a.md"]] == ["b.md"]


def test_big_corpora_find_text_candidates_through_shared_strong_terms():
    docs = [Doc(f"d{k}.md", f"Seite {k}", f"Wort{k} Gemeinsam{k // 2} Füllwort") for k in range(300)]
    sig = related.signals(docs, "de", {}, Settings())
    assert set(sig.text[0]) == {1}  # only its pair shares a term both weigh
    assert sig.text[0][1] > 0


# --- Adamic-Adar co-citation and coupling -------------------------------------------------

def test_adamic_adar_weighs_a_node_by_its_links_and_leaves_out_single_links_and_hubs():
    weights = related._adamic_adar([{1}, {1, 2}, {1, 2, 3}, set(range(10))], max_hub=5)
    assert weights[0] == 0.0 and weights[3] == 0.0
    assert weights[1] == pytest.approx(1 / math.log(3)) and weights[2] == pytest.approx(1 / math.log(4))


def _aa_docs(n):
    """``n`` documents with unrelated texts, one folder each (no sibling signal)."""
    return [Doc(path=f"f{i}/d.md", title=f"Titel{i}", body=f"Wort{i}") for i in range(n)]


def test_a_shared_citer_with_few_links_cocites_more_than_one_with_many():
    docs = _aa_docs(12)  # a page linking 5 of 12 is no hub (hub_share)
    links = {"small.md": {"f0/d.md", "f1/d.md"},  # cites only 0 and 1
             "big.md": {"f0/d.md", "f2/d.md", "f3/d.md", "f4/d.md", "f5/d.md"}}  # cites 0 and four more
    sig = related.signals(docs, "de", links, Settings())
    i = sig.index["f0/d.md"]
    small, _ = related._aa(sig, i, sig.index["f1/d.md"])
    big, _ = related._aa(sig, i, sig.index["f2/d.md"])
    assert small == pytest.approx(1 / math.log(3)) and big == pytest.approx(1 / math.log(6))


def test_adamic_adar_coupling_sums_the_shared_targets():
    docs = _aa_docs(8)  # a page linked from 3 of 8 is no hub
    links = {"f0/d.md": {"x.md", "y.md"}, "f1/d.md": {"x.md", "y.md"}, "f2/d.md": {"y.md"}}
    sig = related.signals(docs, "de", links, Settings())
    _, couple = related._aa(sig, sig.index["f0/d.md"], sig.index["f1/d.md"])
    assert couple == pytest.approx(1 / math.log(3) + 1 / math.log(4))  # x has 2 in-links, y 3


def test_adamic_adar_is_a_feature_and_raises_the_score():
    docs = _aa_docs(3)
    links = {"small.md": {"f0/d.md", "f1/d.md"}}
    sig = related.signals(docs, "de", links, Settings())
    f = related._features(sig, sig.index["f0/d.md"], sig.index["f1/d.md"])
    assert f[related.SIGNALS.index("aa_cocite")] == pytest.approx(1 / math.log(3))
    with_aa = compute(docs, "de", links, Settings(threshold=0.0))
    without = compute(docs, "de", links, Settings(threshold=0.0, w_aa_cocite=0.0))
    assert with_aa["f0/d.md"][0].score == pytest.approx(without["f0/d.md"][0].score + Settings().w_aa_cocite / math.log(3))


def test_link_count_is_the_log_of_how_often_a_body_links_the_other():
    docs = [Doc("a.md", "A", "[b](b.md), wieder [b](b.md) und [c](c.md) und [a](a.md)"),
            Doc("b.md", "B", "[a](a.md)"), Doc("c.md", "C", "")]
    sig = related.signals(docs, "de", related.link_graph({d.path: d.body for d in docs}), Settings())
    count = related.SIGNALS.index("link_count")
    a, b, c = (sig.index[p] for p in ("a.md", "b.md", "c.md"))
    assert sig.link_counts[a] == {b: 2, c: 1}  # the self-link is left out
    assert related._features(sig, a, b)[count] == pytest.approx(math.log(3))
    assert related._features(sig, a, c)[count] == pytest.approx(math.log(2))
    assert related._features(sig, c, a)[count] == 0.0


def test_text_relative_to_the_other_documents_best_match():
    docs = [Doc("a.md", "Kaffee", "Kaffee Bohnen Röstung"), Doc("b.md", "Kaffee Bohnen", "Kaffee Bohnen Röstung"),
            Doc("c.md", "Tee", "Tee Kaffee")]
    sig = related.signals(docs, "de", {}, Settings())
    rel, other = related.SIGNALS.index("text_rel"), related.SIGNALS.index("text_rel_other")
    a, c = sig.index["a.md"], sig.index["c.md"]
    f = related._features(sig, c, a)
    t = f[0] ** 2
    assert f[other] == pytest.approx(t / sig.text_max[a]) and f[other] < 1.0  # a's best match is b, not c
    assert f[rel] == pytest.approx(min(t / sig.text_max[c], 1.0))


def test_ancestors_above_the_parent_and_pages_below_are_their_own_signals():
    docs = [Doc("web.md", "Web", "x"), Doc("web/css.md", "CSS", "x"), Doc("web/css/flex.md", "flex", "x"),
            Doc("web/html.md", "HTML", "x")]
    sig = related.signals(docs, "de", {}, Settings())
    above, below = related.SIGNALS.index("above"), related.SIGNALS.index("below")
    web, css, flex, html = (sig.index[p] for p in ("web.md", "web/css.md", "web/css/flex.md", "web/html.md"))
    assert related._features(sig, flex, web)[above] == 1.0  # the parent's parent
    assert related._features(sig, flex, css)[above] == 0.0  # the parent is the parent signal
    assert related._features(sig, web, flex)[below] == 1.0 and related._features(sig, web, css)[below] == 1.0
    assert related._features(sig, css, web)[below] == 0.0 and related._features(sig, html, flex)[below] == 0.0
    assert related._features(sig, html, flex)[above] == 0.0


def test_a_negative_weight_below_pushes_an_overviews_own_parts_down():
    docs = [Doc("web/http.md", "HTTP Kekse", "Kekse Kekse"), Doc("web/http/cookies.md", "Kekse", "Kekse"),
            Doc("web/kekse.md", "Kekse", "Kekse")]
    plain = compute(docs, settings=Settings(w_below=0.0, threshold=-10.0))
    penalised = compute(docs, settings=Settings(w_below=-1.0, threshold=-10.0))
    first = {r.path: r.score for r in plain["web/http.md"]}
    then = {r.path: r.score for r in penalised["web/http.md"]}
    assert then["web/http/cookies.md"] == pytest.approx(first["web/http/cookies.md"] - 1.0)
    assert then["web/kekse.md"] == pytest.approx(first["web/kekse.md"])


def test_parent_links_is_set_when_the_parent_page_links_the_other():
    docs = [Doc("web/css.md", "CSS", "[flex](css/flex.md) und [Farbe](farbe.md)"), Doc("web/css/grid.md", "grid", "x"),
            Doc("web/css/flex.md", "flex", "x"), Doc("web/farbe.md", "Farbe", "x"), Doc("web/html.md", "HTML", "x")]
    sig = related.signals(docs, "de", related.link_graph({d.path: d.body for d in docs}), Settings())
    parent_links = related.SIGNALS.index("parent_links")
    grid = sig.index["web/css/grid.md"]
    assert related._features(sig, grid, sig.index["web/css/flex.md"])[parent_links] == 1.0
    assert related._features(sig, grid, sig.index["web/farbe.md"])[parent_links] == 1.0
    assert related._features(sig, grid, sig.index["web/html.md"])[parent_links] == 0.0
    assert related._features(sig, sig.index["web/farbe.md"], grid)[parent_links] == 0.0  # web/farbe.md has no parent page
