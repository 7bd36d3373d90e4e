"""Unit tests of kb.pagefind_bundle: Pagefind's bundle made reproducible."""

from __future__ import annotations

import json

import pytest

from kb import pagefind_bundle as pb


@pytest.mark.parametrize("item", [0, 23, 24, 255, 256, 70000, 2**40, "", "Größe", b"\x00\x01",
                                  [], [1, ["a", [2, 3]]], ["x" * 300]])
def test_encode_decode_round_trip(item):
    assert pb.decode(pb.encode(item)) == item


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
