"""Unit tests of kb.pagefind_bundle: Pagefind's bundle made reproducible."""

from __future__ import annotations

import json

import pytest

from kb import pagefind_bundle as pb


#: CBOR items of every kind the bundle holds, with heads of one to nine bytes.
ITEMS = [0, 23, 24, 255, 256, 70000, 2**40, -1, -25, -300, "", "Größe", b"\x00\x01",
         [], [1, ["a", [2, 3]]], ["x" * 300]]


@pytest.mark.parametrize("item", ITEMS)
def test_encode_decode_round_trip(item):
    assert pb.decode(pb.encode(item)) == item


@pytest.mark.parametrize("item", ITEMS + [[[7, [24, 300, 70000, 2**33]]] * 30])
def test_skip_walks_to_the_end_of_an_item(item):
    data = pb.encode(item) + b"\x05"  # something after it
    assert pb._skip(data, 0) == len(data) - 1


def test_skip_reports_unsupported_cbor():
    with pytest.raises(pb.Unsupported):
        pb._skip(b"\x82\x01\xa0", 0)  # a map inside an array


def test_unsupported_cbor_is_reported():
    with pytest.raises(pb.Unsupported):
        pb.decode(b"\xa1\x01\x02")  # a map


def _bundle(tag_values, filter_order):
    """A fake bundle: one tag filter with values in the given order, meta pointing at it."""
    files = {}
    names = {}
    for i, name in enumerate(filter_order):
        values = tag_values if name == "tag" else [["X", [0]]]
        fname = f"de_{i}{i}{i}{i}{i}{i}{i}"
        names[name] = fname
        files[f"filter/{fname}.pf_filter"] = pb.pack([name, values])
    meta = ["1.5.2", [["de_aaaaaaa", 10]], [], [[n, names[n]] for n in filter_order], [], ["title"]]
    files["pagefind.de_0123456789.pf_meta"] = pb.pack(meta)
    files["pagefind-entry.json"] = json.dumps({"version": "1.5.2", "languages": {
        "de": {"hash": "de_0123456789", "wasm": "de", "page_count": 1}}}).encode()
    return files


def test_hash_map_order_no_longer_matters():
    one = pb.stable(_bundle([["b", [1]], ["a", [0, 2]]], ["tag", "topic"]))
    two = pb.stable(_bundle([["a", [2, 0]], ["b", [1]]], ["topic", "tag"]))
    assert one == two


def test_meta_and_entry_point_at_the_renamed_files():
    out = pb.stable(_bundle([["b", [1]], ["a", [0]]], ["tag"]))
    entry = json.loads(out["pagefind-entry.json"])
    meta_name = f"pagefind.{entry['languages']['de']['hash']}.pf_meta"
    meta = pb.unpack(out[meta_name])
    for name, fhash in meta[3]:
        assert f"filter/{fhash}.pf_filter" in out
        assert pb.unpack(out[f"filter/{fhash}.pf_filter"])[0] == name


def test_filter_values_sorted():
    out = pb.stable(_bundle([["b", [1]], ["a", [0]]], ["tag"]))
    (path,) = [p for p in out if p.startswith("filter/")]
    assert [v for v, _ in pb.unpack(out[path])[1]] == ["a", "b"]


def test_unexpected_bundle_is_left_alone():
    files = {"pagefind-entry.json": b"{}", "filter/de_1234567.pf_filter": b"not gzip"}
    assert pb.stable(files) is files


def _paged_bundle(names):
    """A fake bundle with one page per name: its fragment file and its entry in the meta."""
    files = {f"fragment/{name}.pf_fragment": pb.pack([name]) for name in names}
    meta = ["1.5.2", [[name, 10 + i] for i, name in enumerate(names)], [], [], [], ["title"]]
    files["pagefind.de_0123456789.pf_meta"] = pb.pack(meta)
    files["pagefind-entry.json"] = json.dumps({"version": "1.5.2", "languages": {
        "de": {"hash": "de_0123456789", "wasm": "de", "page_count": len(names)}}}).encode()
    return files


def _pages(out):
    """The meta's page list of a bundle ``stable`` wrote."""
    entry = json.loads(out["pagefind-entry.json"])
    return pb.unpack(out[f"pagefind.{entry['languages']['de']['hash']}.pf_meta"])[1]


def test_fragments_get_short_names_the_meta_lists():
    names = ["de_1a2b3c4", "de_5d6e7f8", "de_9a0b1c2"]
    out = pb.stable(_paged_bundle(names))
    pages = _pages(out)
    assert [count for _, count in pages] == [10, 11, 12]
    for (new, _), old in zip(pages, names):
        assert len(new) < len(old) + 2 and new.endswith(("-0", "-1", "-2"))
        assert pb.unpack(out[f"fragment/{new}.pf_fragment"]) == [old]  # the same file, renamed
    assert not any(f"fragment/{old}.pf_fragment" in out for old in names)


def test_a_changed_page_renames_every_fragment():
    one = [name for name, _ in _pages(pb.stable(_paged_bundle(["de_1a2b3c4", "de_5d6e7f8"])))]
    two = [name for name, _ in _pages(pb.stable(_paged_bundle(["de_1a2b3c4", "de_0000000"])))]
    assert not set(one) & set(two)


def test_short_names_shrink_the_meta():
    names = [f"de_{n * 7919 % 16**7:07x}" for n in range(2000)]
    files = _paged_bundle(names)
    out = pb.stable(files)
    entry = json.loads(out["pagefind-entry.json"])
    assert len(out[f"pagefind.{entry['languages']['de']['hash']}.pf_meta"]) < 0.8 * len(
        files["pagefind.de_0123456789.pf_meta"])


def _chunk_bundle(words, lang="de"):
    """A fake bundle with one index chunk holding ``words`` (``[word, pages, spellings]`` each)."""
    files = {"index/de_1234567.pf_index": pb.pack([words])}
    meta = ["1.5.2", [], [["", "zz", "de_1234567"]], [], [], ["title"]]
    files[f"pagefind.{lang}_0123456789.pf_meta"] = pb.pack(meta)
    files["pagefind-entry.json"] = json.dumps({"version": "1.5.2", "languages": {
        lang: {"hash": f"{lang}_0123456789", "wasm": lang, "page_count": 0}}}).encode()
    return files


def _chunk_words(out, lang="de"):
    """The words of the one chunk a bundle ``stable`` wrote lists in its meta."""
    entry = json.loads(out["pagefind-entry.json"])
    (first, last, name), = pb.unpack(out[f"pagefind.{entry['languages'][lang]['hash']}.pf_meta"])[2]
    return [w[0] for w in pb.unpack(out[f"index/{name}.pf_index"])[0]]


def test_stopwords_leave_the_index_chunks():
    words = [["ander", [[3, [-25, 4], []]], [["änder", [[5, [-25, 1], []]]]]],
             ["und", [[0, [-25, 2, 9], []], [1, [-25, 7], []]], []],
             ["werd", [[0, [-25, 3], []]], []],
             ["zug", [[2, [-25, 11], []]], []]]
    out = pb.stable(_chunk_bundle(words))
    # "und" and "werd" (werden) go; "ander" stays, for some page writes it "Änderung"
    assert _chunk_words(out) == ["ander", "zug"]
    assert "index/de_1234567.pf_index" not in out  # renamed after its new content


def test_a_chunk_without_stopwords_is_left_as_it_is():
    words = [["zug", [[2, [-25, 11], []]], []]]
    files = _chunk_bundle(words)
    out = pb.stable(files)
    assert out["index/de_1234567.pf_index"] == files["index/de_1234567.pf_index"]


def test_stop_terms_hold_stems_of_the_stopwords():
    assert {"und", "werd", "zu"} <= set(pb.stop_terms("de"))
    assert "the" in pb.stop_terms("en") and pb.stop_terms("xx") == []


def _chunk_list(out, lang="de"):
    """The meta's chunk list of a bundle ``stable`` wrote."""
    entry = json.loads(out["pagefind-entry.json"])
    return pb.unpack(out[f"pagefind.{entry['languages'][lang]['hash']}.pf_meta"])[2]


def test_a_large_chunk_is_cut_into_pieces_that_keep_word_runs_together(monkeypatch):
    monkeypatch.setattr(pb, "PIECE_BYTES", 60)
    words = [[w, [[i, [-25, 1, 2, 3], []]], []] for i, w in enumerate(
        ["haus", "hausa", "hausboot", "hausflur", "hauszahl", "heft", "hefter", "hilfe", "zug"])]
    out = pb.stable(_chunk_bundle(words))
    chunks = _chunk_list(out)
    assert len(chunks) > 1
    assert chunks[0][0] == "" and chunks[-1][1] == "zz"  # the whole chunk's range, end to end
    seen = []
    for first, last, name in chunks:
        piece = [w[0] for w in pb.unpack(out[f"index/{name}.pf_index"])[0]]
        assert all(first <= w <= last for w in piece)
        seen += piece
    assert seen == [w[0] for w in words]
    # every word starting "haus" is in one piece: a query "haus" finds all of them
    assert sum(1 for _, _, name in chunks if any(w[0].startswith("haus")
               for w in pb.unpack(out[f"index/{name}.pf_index"])[0])) == 1


def test_a_shard_of_two_cuts_its_chunks_into_pieces_half_as_large(monkeypatch):
    monkeypatch.setattr(pb, "PIECE_BYTES", 120)
    words = [[w, [[i, [-25, 1, 2, 3], []]], []] for i, w in enumerate(
        ["abend", "brot", "dach", "eule", "fisch", "gabel", "hafen", "insel", "jacke", "kamm", "zug"])]
    whole = _chunk_list(pb.stable(_chunk_bundle(words)))
    halves = pb.stable(_chunk_bundle(words), shards=2)
    assert len(_chunk_list(halves)) > len(whole) > 1
    assert [w[0] for _, _, name in _chunk_list(halves)
            for w in pb.unpack(halves[f"index/{name}.pf_index"])[0]] == [w[0] for w in words]
