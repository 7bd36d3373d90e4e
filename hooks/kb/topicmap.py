"""The topic map ("Themenkarte"): articles as a graph, clustered by topic.

Pure and deterministic: no randomness, no MkDocs. Takes the articles of one
language and the related-articles relation, returns the positions of
clusters, nodes and edges as plain data; the partial
``overrides/partials/kb/topicmap.html`` draws it as an inline SVG.

Large archives stay usable: at most :data:`MAX_EDGES` edges are drawn (the
strongest, each node keeping its :data:`EDGES_PER_NODE` best first), node
labels are only drawn up to :data:`LABEL_LIMIT` nodes (every node still has
its title as link name and tooltip), and beyond :data:`MAX_NODES` articles
the map shows one node per topic with the relations between topics summed
up. The list of the articles by topic is the text version (up to
:data:`LIST_LIMIT` articles; beyond, each topic with its count and page).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Callable, Iterable, Mapping, Sequence

from kb.urls import page_url

#: Above this many articles the map shows topics, not articles.
MAX_NODES = 300
#: Up to this many articles the text version lists every article; beyond, it
#: names each topic with its count and links its (paginated) topic page.
LIST_LIMIT = 2000
#: At most this many edges are drawn.
MAX_EDGES = 400
#: Every node keeps at least its strongest few edges before the global cap applies.
EDGES_PER_NODE = 3
#: Node labels are drawn up to this many nodes; beyond, only link names and tooltips.
LABEL_LIMIT = 40
#: Characters per label line, and lines per label.
LABEL_CHARS = 20
LABEL_LINES = 2

NODE_RADIUS = 7
CLUSTER_PADDING = 40
CLUSTER_TITLE_SPACE = 36
#: Columns of the cluster grid.
COLUMNS = 3
#: Room left and right of the drawing for the labels of the outermost nodes.
SIDE_MARGIN = 30
#: How far an edge bows away from the straight line (share of its length),
#: so that it does not run through the nodes it passes.
EDGE_BOW = 0.18


@dataclasses.dataclass(frozen=True)
class Article:
    """One article as the map needs it."""

    path: str  #: docs path, the key of the related relation (``artikel/x.md``)
    title: str
    href: str  #: link target, relative to the map page
    topic: str  #: topic key (the front matter value)


@dataclasses.dataclass(frozen=True)
class Topic:
    """One topic (cluster) of the map."""

    key: str
    label: str  #: display name in the page's language
    href: str | None = None  #: the topic page, relative to the map page


def edges_from_related(related: Mapping[str, Sequence[Mapping]], paths: Iterable[str]) -> list[tuple[str, str, float]]:
    """Undirected edges ``(a, b, score)`` with ``a < b`` between known ``paths``.

    A pair named from both sides keeps the higher score; self-links and
    links to pages not on the map are dropped. Sorted strongest first, then by path.
    """
    known = set(paths)
    best: dict[tuple[str, str], float] = {}
    for source, entries in related.items():
        if source not in known:
            continue
        for entry in entries or ():
            target = entry.get("path")
            if target not in known or target == source:
                continue
            pair = (source, target) if source < target else (target, source)
            score = float(entry.get("score") or 0.0)
            best[pair] = max(score, best.get(pair, float("-inf")))
    return sorted(((a, b, s) for (a, b), s in best.items()), key=lambda e: (-e[2], e[0], e[1]))


def cap_edges(edges: Sequence[tuple[str, str, float]], limit: int = MAX_EDGES,
              per_node: int = EDGES_PER_NODE) -> list[tuple[str, str, float]]:
    """At most ``limit`` edges, chosen so that as many nodes as possible keep some.

    Three passes over the edges, strongest first: edges whose two ends both
    have fewer than ``per_node`` chosen edges, then edges where one end has,
    then the rest. The first ``limit`` chosen edges are drawn, strongest first.
    """
    if len(edges) <= limit:
        return list(edges)
    chosen: list[tuple[str, str, float]] = []
    taken: set[int] = set()
    count: dict[str, int] = {}
    for needed in (2, 1, 0):
        for index, (a, b, score) in enumerate(edges):
            if index in taken:
                continue
            short = (count.get(a, 0) < per_node) + (count.get(b, 0) < per_node)
            if short >= needed:
                taken.add(index)
                chosen.append((a, b, score))
                count[a] = count.get(a, 0) + 1
                count[b] = count.get(b, 0) + 1
                if len(chosen) == limit:
                    return sorted(chosen, key=lambda e: (-e[2], e[0], e[1]))
    return sorted(chosen, key=lambda e: (-e[2], e[0], e[1]))


def ring_positions(count: int, spacing: float) -> list[tuple[float, float]]:
    """Offsets of ``count`` nodes around a cluster centre: one node in the middle, else rings.

    Ring ``k`` (radius ``k * spacing``) holds ``6k`` nodes; the last ring
    spreads its nodes evenly, starting on the left.
    """
    if count <= 0:
        return []
    if count == 1:
        return [(0.0, 0.0)]
    positions: list[tuple[float, float]] = []
    ring = 1
    while len(positions) < count:
        on_ring = min(6 * ring, count - len(positions))
        radius = ring * spacing
        for i in range(on_ring):
            angle = math.pi + 2 * math.pi * i / on_ring
            positions.append((round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1)))
        ring += 1
    return positions


def rings_needed(count: int) -> int:
    """How many rings :func:`ring_positions` uses for ``count`` nodes."""
    if count <= 1:
        return 0
    ring, capacity = 0, 0
    while capacity < count:
        ring += 1
        capacity += 6 * ring
    return ring


def label_lines(title: str, chars: int = LABEL_CHARS, lines: int = LABEL_LINES) -> list[str]:
    """Break ``title`` into at most ``lines`` lines of about ``chars`` characters, "…" if cut."""
    words = title.split()
    out: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > chars:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: chars - 1].rstrip() + "…"
    return [line if len(line) <= chars + 6 else line[: chars - 1] + "…" for line in out]


def layout(articles: Sequence[Article], topics: Sequence[Topic],
           related: Mapping[str, Sequence[Mapping]]) -> dict:
    """The map as plain data: ``width``, ``height``, ``clusters``, ``nodes``, ``edges``, ``groups``.

    ``groups`` lists every article by topic (the text version; beyond
    :data:`LIST_LIMIT` articles only each topic's count, ``listed`` is then
    false); ``aggregated`` tells whether the drawing shows topics instead of
    articles (more than :data:`MAX_NODES` articles).
    """
    by_topic = {t.key: [] for t in topics}
    for article in articles:
        by_topic.setdefault(article.topic, []).append(article)
    for members in by_topic.values():
        members.sort(key=lambda a: (a.title.casefold(), a.path))
    topic_list = list(topics) + [Topic(k, k) for k in by_topic if k not in {t.key for t in topics}]
    listed = len(articles) <= LIST_LIMIT
    groups = [{"index": i, "key": t.key, "label": t.label, "href": t.href, "count": len(by_topic[t.key]),
               "articles": [{"title": a.title, "href": a.href} for a in by_topic[t.key]] if listed else []}
              for i, t in enumerate(topic_list)]
    all_edges = edges_from_related(related, (a.path for a in articles))
    if len(articles) > MAX_NODES:
        drawing = _aggregate(topic_list, by_topic, all_edges)
    else:
        drawing = _detailed(topic_list, by_topic, all_edges)
    return {**drawing, "groups": groups, "listed": listed, "article_count": len(articles),
            "edge_count": len(all_edges)}


def page_context(site: Any, entries: Iterable[Any], related: Mapping[str, Sequence[Mapping]],
                 relative: Callable[[str], str]) -> dict:
    """The topic map page's ``kb_topicmap``: the laid-out map of the articles ``entries``.

    ``site`` is the build's :class:`kb.seo.SiteFacts` (language, topics, which
    pages exist), ``entries`` the language's catalogue articles, ``related``
    their related lists; ``relative(url)`` makes a site URL relative to the map page.
    """
    articles = [Article(path=e.path, title=e.title, topic=e.topic or "",
                        href=relative(page_url(e.key, site.lang, site.use_directory_urls)))
                for e in entries]
    topics = []
    for key, (_slug, label) in site.topics.items():
        url = site.topic_url(key)
        topics.append(Topic(key=key, label=label, href=relative(url) if url is not None else None))
    return {"lang": site.lang, **layout(articles, topics, related)}


def _grid(cell_w: float, cell_h: float, count: int) -> tuple[list[tuple[float, float]], float, float]:
    """Centres of ``count`` cells in rows of :data:`COLUMNS`; the total width and height."""
    cols = max(1, min(COLUMNS, count))
    rows = max(1, math.ceil(count / cols))
    centres = [(SIDE_MARGIN + (i % cols + 0.5) * cell_w,
                (i // cols) * cell_h + CLUSTER_TITLE_SPACE + (cell_h - CLUSTER_TITLE_SPACE) / 2)
               for i in range(count)]
    return centres, cols * cell_w + 2 * SIDE_MARGIN, rows * cell_h


def edge(a: tuple[float, float], b: tuple[float, float], **extra) -> dict:
    """An edge from ``a`` to ``b`` as a gentle curve: ends, control point and SVG path."""
    (x1, y1), (x2, y2) = sorted((a, b))
    dx, dy = x2 - x1, y2 - y1
    cx, cy = round((x1 + x2) / 2 + dy * EDGE_BOW, 1), round((y1 + y2) / 2 - dx * EDGE_BOW, 1)
    return {"x1": x1, "y1": y1, "x2": x2, "y2": y2, "cx": cx, "cy": cy,
            "d": f"M{x1} {y1} Q{cx} {cy} {x2} {y2}", **extra}


def _detailed(topic_list: Sequence[Topic], by_topic: Mapping[str, list[Article]],
              all_edges: Sequence[tuple[str, str, float]]) -> dict:
    """One node per article, clustered by topic, rings around each cluster centre."""
    total = sum(len(v) for v in by_topic.values())
    labelled = total <= LABEL_LIMIT
    spacing = 90.0 if labelled else 2.6 * NODE_RADIUS + 4
    max_rings = max((rings_needed(len(by_topic[t.key])) for t in topic_list), default=0)
    radius = max_rings * spacing + CLUSTER_PADDING
    cell_w = max(2 * radius + 30, 300.0 if labelled else 200.0)
    cell_h = 2 * radius + CLUSTER_TITLE_SPACE + 20
    centres, width, height = _grid(cell_w, cell_h, len(topic_list))
    clusters, nodes, where = [], [], {}
    for index, (topic, (cx, cy)) in enumerate(zip(topic_list, centres)):
        members = by_topic[topic.key]
        clusters.append({"index": index, "key": topic.key, "label": topic.label, "href": topic.href,
                         "count": len(members), "cx": round(cx, 1), "cy": round(cy, 1),
                         "r": round(radius, 1), "label_y": round(cy - radius - 10, 1)})
        for article, (dx, dy) in zip(members, ring_positions(len(members), spacing)):
            x, y = round(cx + dx, 1), round(cy + dy, 1)
            where[article.path] = (x, y)
            nodes.append({"title": article.title, "href": article.href, "cluster": index,
                          "x": x, "y": y, "r": NODE_RADIUS,
                          "label": label_lines(article.title) if labelled else []})
    edges = [edge(where[a], where[b], weight=_weight(score)) for a, b, score in cap_edges(all_edges)]
    return {"aggregated": False, "width": round(width, 1), "height": round(height, 1),
            "clusters": clusters, "nodes": nodes, "edges": edges, "labelled": labelled}


def _aggregate(topic_list: Sequence[Topic], by_topic: Mapping[str, list[Article]],
               all_edges: Sequence[tuple[str, str, float]]) -> dict:
    """One node per topic (area by article count), edges = relations between topics, summed."""
    topic_of = {a.path: key for key, members in by_topic.items() for a in members}
    biggest = max((len(v) for v in by_topic.values()), default=1) or 1
    cell = 260.0
    centres, width, height = _grid(cell, cell, len(topic_list))
    clusters, where = [], {}
    for index, (topic, (cx, cy)) in enumerate(zip(topic_list, centres)):
        count = len(by_topic[topic.key])
        r = 20 + 70 * math.sqrt(count / biggest)
        where[topic.key] = (round(cx, 1), round(cy, 1))
        clusters.append({"index": index, "key": topic.key, "label": topic.label, "href": topic.href,
                         "count": count, "cx": round(cx, 1), "cy": round(cy, 1), "r": round(r, 1),
                         "label_y": round(cy - r - 10, 1)})
    between: dict[tuple[str, str], int] = {}
    for a, b, _ in all_edges:
        ta, tb = sorted((topic_of[a], topic_of[b]))
        if ta != tb:
            between[(ta, tb)] = between.get((ta, tb), 0) + 1
    most = max(between.values(), default=1)
    edges = [edge(where[a], where[b], weight=round(1 + 5 * n / most, 1), count=n)
             for (a, b), n in sorted(between.items())]
    return {"aggregated": True, "width": round(width, 1), "height": round(height, 1),
            "clusters": clusters, "nodes": [], "edges": edges, "labelled": False}


def _weight(score: float) -> float:
    """Stroke width for a relation score (scores are not normalised: squash into 1…3)."""
    score = max(0.0, score)
    return round(1 + 2 * (score / (1 + score)), 2)
