"""Make Pagefind's bundle byte-identical from build to build, and smaller to load.

Pagefind 1.5.2 writes the values of each filter (and the list of filters) in
the order of a Rust hash map, which changes from run to run, and names the
files after their content. So two builds of the same site differ in
``filter/*.pf_filter``, ``pagefind.<lang>_<hash>.pf_meta`` and
``pagefind-entry.json``. This module sorts those lists and renames the files
after their new content. Pure: takes and returns ``{path: bytes}``.

The meta file, which every first search loads before anything else, lists
every page by the name of its fragment file: ``de_`` and seven random hex
digits, which gzip cannot shrink. :func:`stable` renames the fragments to
one short tag for the whole index and the page's number (``3f9c0a1e-k2``:
the tag repeats, so gzip stores it once): on the 14,619-page German MDN the
meta file shrinks from 105 to 64 KB. The tag is a digest of every page's
original (content) name, so a page whose fragment changed, or a page added
anywhere, gives every fragment a new name, and a browser never mixes a
cached fragment of an earlier build with a newer meta file.

Pagefind also indexes the stopwords ("und", "zu", "es": a word of nearly
every page, so the largest entries of the index), which the search box
never asks for (search.js leaves the language's stopwords of
:data:`kb.german.STOPWORDS` out of every query). :func:`stable` removes them
from the chunks (a word some page writes with an umlaut or accent, which
Pagefind files under the same plain spelling, such as "ander" for
"Änderung", stays): on the German MDN the chunks that held them shrink from
6.8 to 3.5 MB.

A query loads, per word, the one chunk whose range holds it: 12–86 KB on
the MDN, of which the word and the words it starts are mostly 1–8 KB.
:func:`stable` cuts every chunk into pieces of about 8 KB (compressed), each
holding whole runs of words that share their first four letters, so a
query word of four letters or more still finds every word it starts in the
one piece it loads, and Pagefind scores it as before (its page counts are
the word's own). On the MDN: 332 chunks become 822 pieces, the meta file
grows by 8 KB, a first query loads 287 instead of 336 KB at the median.
A word of three letters finds only the words it starts in its own piece (as
it finds only those in its own chunk at Pagefind's chunk boundaries).
A language indexed in ``n`` shards (:mod:`kb.search_index`) loads a piece
from each shard per word, so its pieces are ``1/n`` as large: on the MDN in
two shards, pieces of 8 KB made a first query 329 KB at the median, of 4 KB
302, of 2.7 KB 305 (one index: 300).

The files are gzip streams of ``pagefind_dcd`` followed by CBOR made of
arrays, text and integers; :func:`decode` and :func:`encode` cover exactly
that. Anything else leaves the bundle as it was (it still works, it is only
not reproducible, nor smaller).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re

from kb import german

SIGNATURE = b"pagefind_dcd"
_META = re.compile(r"pagefind\.([a-z0-9_-]+?)_([0-9a-f]+)\.pf_meta\Z")
_FILTER = re.compile(r"filter/([a-z0-9_-]+?)_([0-9a-f]+)\.pf_filter\Z")
#: Hex digits of the tag that starts every fragment's new name.
FRAGMENT_TAG = 8
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


class Unsupported(ValueError):
    """CBOR this module does not handle."""


def _head(data: bytes, pos: int) -> tuple[int, int, int]:
    """Major type, argument and next position of the CBOR item at ``pos``."""
    first = data[pos]
    major, info = first >> 5, first & 0x1F
    if info < 24:
        return major, info, pos + 1
    if info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        return major, int.from_bytes(data[pos + 1:pos + 1 + size], "big"), pos + 1 + size
    raise Unsupported(f"CBOR item 0x{first:02x}")


def _decode(data: bytes, pos: int):
    """The item at ``pos`` and the position after it."""
    major, arg, pos = _head(data, pos)
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major == 3:
        return data[pos:pos + arg].decode("utf-8"), pos + arg
    if major == 2:
        return bytes(data[pos:pos + arg]), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, pos = _decode(data, pos)
            items.append(item)
        return items, pos
    raise Unsupported(f"CBOR major type {major}")


def decode(data: bytes):
    """Decode one CBOR item made of arrays, text, bytes and integers."""
    item, pos = _decode(data, 0)
    if pos != len(data):
        raise Unsupported("trailing bytes")
    return item


def _encode_head(major: int, arg: int) -> bytes:
    """The shortest CBOR head for ``major`` with argument ``arg``."""
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise Unsupported("integer too large")


def encode(item) -> bytes:
    """Encode what :func:`decode` returns, with the shortest heads."""
    if isinstance(item, bool) or item is None:
        raise Unsupported(repr(item))
    if isinstance(item, int):
        return _encode_head(0, item) if item >= 0 else _encode_head(1, -1 - item)
    if isinstance(item, str):
        raw = item.encode("utf-8")
        return _encode_head(3, len(raw)) + raw
    if isinstance(item, bytes):
        return _encode_head(2, len(item)) + item
    if isinstance(item, list):
        return _encode_head(4, len(item)) + b"".join(encode(x) for x in item)
    raise Unsupported(repr(item))


def unpack(blob: bytes):
    """The CBOR item of one Pagefind file (gzip, signature, CBOR)."""
    raw = gzip.decompress(blob) if blob[:2] == b"\x1f\x8b" else blob
    if not raw.startswith(SIGNATURE):
        raise Unsupported("no Pagefind signature")
    return decode(raw[len(SIGNATURE):])


def pack(item) -> bytes:
    """A Pagefind file of ``item``: signature and CBOR, gzip without a timestamp."""
    return gzip.compress(SIGNATURE + encode(item), compresslevel=9, mtime=0)


def _digest(blob: bytes, length: int) -> str:
    """``length`` hex digits of the SHA-256 of ``blob``."""
    return hashlib.sha256(blob).hexdigest()[:length]


def stable(files: dict[str, bytes], shards: int = 1) -> dict[str, bytes]:
    """The bundle ``files`` with sorted filter values and content-named files.

    ``shards``: how many index shards of one language the bundle is one of; a
    query word loads one piece from each, so the pieces are :data:`PIECE_BYTES`
    divided by it. Returns ``files`` unchanged if anything is not as expected.
    """
    try:
        return _stable(files, max(1, shards))
    except (Unsupported, ValueError, KeyError, IndexError, OSError, TypeError):
        return files


def _stable(files: dict[str, bytes], shards: int) -> dict[str, bytes]:
    """:func:`stable` without the fallback."""
    out = dict(files)
    renamed: dict[str, str] = {}  # old file hash (e.g. "de_1a2b3c4") → new
    for path in sorted(files):
        match = _FILTER.match(path)
        if not match:
            continue
        name, values = unpack(files[path])
        values = sorted(values, key=lambda entry: entry[0])
        for entry in values:
            entry[1] = sorted(entry[1])
        cbor = [name, values]
        old = f"{match.group(1)}_{match.group(2)}"
        new = f"{match.group(1)}_{_digest(encode(cbor), len(match.group(2)))}"
        renamed[old] = new
        del out[path]
        out[f"filter/{new}.pf_filter"] = pack(cbor)
    entry_json = json.loads(files["pagefind-entry.json"])
    for path in sorted(files):
        match = _META.match(path)
        if not match:
            continue
        meta = _replace(unpack(files[path]), renamed)
        for i, part in enumerate(meta):
            if _is_filter_list(part, renamed):
                meta[i] = sorted(part)
            elif _is_page_list(part, files):
                _rename_fragments(part, out)
            elif _is_chunk_list(part, files):
                _rework_chunks(part, match.group(1), out, PIECE_BYTES // shards)
        lang, old_hash = match.group(1), match.group(2)
        new_hash = _digest(encode(meta), len(old_hash))
        del out[path]
        out[f"pagefind.{lang}_{new_hash}.pf_meta"] = pack(meta)
        for info in entry_json["languages"].values():
            if info.get("hash") == f"{lang}_{old_hash}":
                info["hash"] = f"{lang}_{new_hash}"
    out["pagefind-entry.json"] = json.dumps(entry_json, ensure_ascii=False, separators=(",", ":")).encode()
    return out


def _base36(number: int) -> str:
    """``number`` in digits and lowercase letters."""
    out = ""
    while True:
        number, digit = divmod(number, 36)
        out = _DIGITS[digit] + out
        if not number:
            return out


def _is_page_list(part, files: dict[str, bytes]) -> bool:
    """Whether ``part`` of the meta is the list of pages: ``[fragment name, word count]`` pairs,
    each naming a fragment file of the bundle."""
    return (isinstance(part, list) and bool(part)
            and all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and isinstance(p[1], int)
                    and f"fragment/{p[0]}.pf_fragment" in files for p in part))


def _rename_fragments(pages: list, out: dict[str, bytes]) -> None:
    """Give every page of the meta's page list (in place) and its fragment file in ``out`` the
    short name ``<tag>-<number>``; the tag is a digest of all the original names, which Pagefind
    derives from the fragments' content."""
    tag = _digest("\n".join(name for name, _ in pages).encode(), FRAGMENT_TAG)
    names: dict[str, str] = {}  # two pages of one fragment (the same content) keep sharing it
    for page in pages:
        if page[0] not in names:
            names[page[0]] = f"{tag}-{_base36(len(names))}"
            out[f"fragment/{names[page[0]]}.pf_fragment"] = out.pop(f"fragment/{page[0]}.pf_fragment")
        page[0] = names[page[0]]


def _is_chunk_list(part, files: dict[str, bytes]) -> bool:
    """Whether ``part`` of the meta is the list of index chunks: ``[first word, last word, name]``,
    each naming a chunk file of the bundle."""
    return (isinstance(part, list) and bool(part)
            and all(isinstance(p, list) and len(p) == 3 and all(isinstance(x, str) for x in p)
                    and f"index/{p[2]}.pf_index" in files for p in part))


def stop_terms(lang: str) -> list[str]:
    """The index words of ``lang``'s stopwords, sorted: each stopword and its stem (Pagefind
    files "werden" under "werd"); empty for a language kb.german has no stopwords for."""
    lang = lang.split("-")[0].lower()
    words = german.STOPWORDS.get(lang, frozenset())
    return sorted(set(words) | {german.stem(w, lang) for w in words})


#: Raw CBOR bytes of an index chunk piece (about 8 KB gzip-compressed), and the leading
#: letters words share that never go into different pieces (:func:`_rework_chunks`).
PIECE_BYTES, PIECE_PREFIX = 24_000, 4


def _rework_chunks(chunks: list, lang: str, out: dict[str, bytes], piece_bytes: int = PIECE_BYTES) -> None:
    """Remove the stopwords (:func:`stop_terms`) from the meta's index chunks and cut every chunk
    larger than a piece into pieces (``chunks``, the meta's list, and the files in ``out``).

    A piece holds whole runs of words that share their first :data:`PIECE_PREFIX` letters, up to
    ``piece_bytes`` (:data:`PIECE_BYTES` for one index; one run may be more), so a query word of four letters or more finds
    every word it starts in the piece it loads, as it did in the whole chunk; its range runs from
    the first letters of its first word (the whole chunk's start for the first piece) to its last
    word. A changed or new piece is named after its content.
    """
    wanted = set(stop_terms(lang))
    terms = sorted(wanted)
    result = []
    for first, last, name in chunks:
        path = f"index/{name}.pf_index"
        has_stop = any(first <= term <= last for term in terms)
        if not has_stop and len(out[path]) <= piece_bytes // 3:
            result.append([first, last, name])
            continue
        raw = gzip.decompress(out[path])
        if not raw.startswith(SIGNATURE):
            raise Unsupported("no Pagefind signature")
        entries, rest = _word_entries(raw, len(SIGNATURE))
        kept = [(word, span) for word, span, plain in entries if not (word in wanted and plain)]
        pieces: list[list[tuple[str, bytes]]] = [[]]
        size = 0
        for word, span in kept:
            if (pieces[-1] and size + len(span) > piece_bytes
                    and word[:PIECE_PREFIX] != pieces[-1][-1][0][:PIECE_PREFIX]):
                pieces.append([])
                size = 0
            pieces[-1].append((word, span))
            size += len(span)
        if len(pieces) == 1 and len(kept) == len(entries):
            result.append([first, last, name])
            continue
        del out[path]
        prefix, _, digits = name.rpartition("_")
        for i, piece in enumerate(pieces):
            body = _encode_head(4, 1 + len(rest)) + _encode_head(4, len(piece)) + b"".join(
                span for _, span in piece) + b"".join(rest)
            new = f"{prefix}_{_digest(body, len(digits))}"
            out[f"index/{new}.pf_index"] = gzip.compress(SIGNATURE + body, compresslevel=9, mtime=0)
            start = first if i == 0 else piece[0][0][:PIECE_PREFIX]
            end = last if i == len(pieces) - 1 else piece[-1][0]
            result.append([start, end, new])
    chunks[:] = result


def _skip(data: bytes, pos: int) -> int:
    """The position after the CBOR item at ``pos`` (walked, not decoded: chunks are large).

    :func:`_head` inlined, and an integer's value never read (only its size):
    a chunk's page lists are millions of word positions (18 M items on the
    German MDN), and this loop is most of the bundle's rework.
    """
    items = 1
    while items:
        first = data[pos]
        major, info = first >> 5, first & 0x1F
        items -= 1
        if info < 24:
            arg, pos = info, pos + 1
        elif info < 28:
            size = 1 << (info - 24)
            if major < 2:  # an integer: its value does not matter here
                pos += 1 + size
                continue
            arg, pos = int.from_bytes(data[pos + 1:pos + 1 + size], "big"), pos + 1 + size
        else:
            raise Unsupported(f"CBOR item 0x{first:02x}")
        if major == 4:
            items += arg
        elif major == 2 or major == 3:
            pos += arg
        elif major > 1:
            raise Unsupported(f"CBOR major type {major}")
    return pos


def _word_entries(data: bytes, pos: int) -> tuple[list[tuple[str, bytes, bool]], list[bytes]]:
    """The word entries of an index chunk's CBOR (``data`` from ``pos``: ``[[word entry, …], …]``)
    as ``(word, its CBOR, plain)``, and the CBOR of the chunk's further items. A word entry is
    ``[word, pages, spellings]``; plain: no spellings with accents (a word Pagefind also files
    "Änderung" under, "ander", is not plain: it stands for another word too)."""
    major, count, pos = _head(data, pos)
    if major != 4 or count < 1:
        raise Unsupported("an index chunk is not an array")
    major, entries, pos = _head(data, pos)
    if major != 4:
        raise Unsupported("an index chunk's words are not an array")
    out = []
    for _ in range(entries):
        start = pos
        major, size, pos = _head(data, pos)
        if major != 4 or size != 3:
            raise Unsupported("a word entry is not [word, pages, spellings]")
        word, pos = _decode(data, pos)
        pos = _skip(data, pos)  # its pages
        plain = data[pos] == 0x80  # an empty array
        pos = _skip(data, pos)
        out.append((word, data[start:pos], plain))
    rest = []
    for _ in range(count - 1):
        start, pos = pos, _skip(data, pos)
        rest.append(data[start:pos])
    return out, rest


def _replace(item, renamed: dict[str, str]):
    """``item`` with every text that is an old file hash replaced by the new one."""
    if isinstance(item, list):
        return [_replace(x, renamed) for x in item]
    if isinstance(item, str):
        return renamed.get(item, item)
    return item


def _is_filter_list(part, renamed: dict[str, str]) -> bool:
    """Whether ``part`` of the meta is the list of ``[filter name, file hash]`` pairs."""
    new = set(renamed.values())
    return (isinstance(part, list) and bool(part)
            and all(isinstance(p, list) and len(p) == 2 and p[1] in new for p in part))
