"""Unit tests of kb.topicmap: edges from the related relation, caps, deterministic layout."""

from __future__ import annotations

import math

from kb import topicmap as tm

TOPICS = [tm.Topic("A", "Thema A", "../themen/a/"), tm.Topic("B", "Thema B"), tm.Topic("C", "Thema C")]


def articles(n, topics="ABC"):
    """``n`` fake articles spread over the topics."""
    return [tm.Article(path=f"artikel/a{i:04d}.md", title=f"Beitrag {i}", href=f"../artikel/a{i:04d}/",
                       topic=topics[i % len(topics)]) for i in range(n)]


def rel(*pairs):
    """A related relation ``{path: [{path, score}]}`` from ``(a, b, score)`` triples."""
    out = {}
    for a, b, score in pairs:
        out.setdefault(a, []).append({"path": b, "score": score, "reasons": []})
    return out


def test_edges_are_undirected_with_the_higher_score():
    edges = tm.edges_from_related(rel(("x.md", "y.md", 1.0), ("y.md", "x.md", 2.5)), ["x.md", "y.md"])
    assert edges == [("x.md", "y.md", 2.5)]


def test_edges_drop_self_links_and_unknown_pages():
    related = rel(("x.md", "x.md", 1.0), ("x.md", "other-language.en.md", 1.0), ("gone.md", "x.md", 1.0))
    assert tm.edges_from_related(related, ["x.md", "y.md"]) == []


def test_cap_edges_respects_the_limit():
    edges = [(f"a{i}", f"b{i}", float(i)) for i in range(50)]
    assert len(tm.cap_edges(edges, limit=10)) == 10


def test_cap_edges_keeps_a_weak_nodes_best_edge():
    strong = [("a", f"s{i}", 10.0) for i in range(20)]
    weak = [("lonely", "z", 0.1)]
    capped = tm.cap_edges(sorted(strong + weak, key=lambda e: -e[2]), limit=5, per_node=1)
    assert ("lonely", "z", 0.1) in capped


def test_ring_positions_count_and_no_two_nodes_on_one_spot():
    for n in (1, 2, 7, 40):
        spots = tm.ring_positions(n, 30.0)
        assert len(spots) == n
        assert len(set(spots)) == n


def test_ring_positions_keep_spacing():
    spots = tm.ring_positions(19, 30.0)
    closest = min(math.dist(p, q) for i, p in enumerate(spots) for q in spots[i + 1:])
    assert closest >= 15.0


def test_label_lines_are_short_and_marked_when_cut():
    lines = tm.label_lines("Ein sehr langer Titel über Social Media in der Konzernkommunikation heute", 20, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")


def test_layout_is_deterministic():
    data = articles(12)
    related = rel(*[(a.path, b.path, 1.0) for a, b in zip(data, data[1:])])
    assert tm.layout(data, TOPICS, related) == tm.layout(list(reversed(data)), TOPICS, related)


def test_layout_one_node_per_article_in_its_cluster():
    data = articles(9)
    result = tm.layout(data, TOPICS, {})
    assert len(result["nodes"]) == 9
    for node in result["nodes"]:
        cluster = result["clusters"][node["cluster"]]
        assert math.dist((node["x"], node["y"]), (cluster["cx"], cluster["cy"])) <= cluster["r"]


def test_layout_nodes_inside_the_drawing():
    result = tm.layout(articles(30), TOPICS, {})
    for node in result["nodes"]:
        assert 0 <= node["x"] <= result["width"] and 0 <= node["y"] <= result["height"]


def test_layout_edges_join_node_positions():
    data = articles(3)
    result = tm.layout(data, TOPICS, rel((data[0].path, data[1].path, 1.0)))
    spots = {(n["x"], n["y"]) for n in result["nodes"]}
    (edge,) = result["edges"]
    assert (edge["x1"], edge["y1"]) in spots and (edge["x2"], edge["y2"]) in spots


def test_groups_list_every_article_under_its_topic():
    result = tm.layout(articles(7), TOPICS, {})
    assert [len(g["articles"]) for g in result["groups"]] == [3, 2, 2]
    assert result["groups"][0]["href"] == "../themen/a/"


def test_empty_topic_still_shown():
    result = tm.layout(articles(2, topics="A"), TOPICS, {})
    assert [c["count"] for c in result["clusters"]] == [2, 0, 0]


def test_unknown_topic_gets_its_own_cluster():
    data = [tm.Article("artikel/x.md", "X", "../x/", "Neu")]
    result = tm.layout(data, TOPICS, {})
    assert result["clusters"][-1]["label"] == "Neu"


def test_labels_only_for_small_maps():
    assert tm.layout(articles(5), TOPICS, {})["nodes"][0]["label"]
    assert not tm.layout(articles(tm.LABEL_LIMIT + 1), TOPICS, {})["nodes"][0]["label"]


def test_many_edges_are_capped():
    data = articles(200)
    related = rel(*[(a.path, b.path, 1.0 + (i % 7)) for i, a in enumerate(data) for b in data[i + 1:i + 6]])
    result = tm.layout(data, TOPICS, related)
    assert result["edge_count"] > tm.MAX_EDGES
    assert len(result["edges"]) == tm.MAX_EDGES


def test_thousand_articles_aggregate_per_topic():
    data = articles(1200)
    related = rel(*[(a.path, b.path, 1.0) for a, b in zip(data, data[1:])])
    result = tm.layout(data, TOPICS, related)
    assert result["aggregated"] is True
    assert result["nodes"] == []
    assert len(result["clusters"]) == 3
    assert sum(len(g["articles"]) for g in result["groups"]) == 1200  # still listed one by one
    assert all(e["count"] > 0 for e in result["edges"])


def test_edges_bow_away_from_the_straight_line():
    e = tm.edge((0.0, 100.0), (200.0, 100.0))
    assert e["cy"] < 100.0 and e["d"].startswith("M0.0 100.0 Q")


def test_edge_direction_does_not_matter():
    assert tm.edge((0.0, 0.0), (50.0, 80.0)) == tm.edge((50.0, 80.0), (0.0, 0.0))


def test_huge_archive_lists_counts_not_every_article():
    result = tm.layout(articles(tm.LIST_LIMIT + 1), TOPICS, {})
    assert result["listed"] is False
    assert all(g["articles"] == [] for g in result["groups"])
    assert sum(g["count"] for g in result["groups"]) == tm.LIST_LIMIT + 1
