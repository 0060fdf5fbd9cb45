"""Syndicated copies (pure): the same wire story on fifty sites is one article for counting.

A document's **signature** is a MinHash (the maintained ``datasketch`` library) of the word
shingles of its normalised text, cut into LSH bands, plus the set of numerals it writes. Two
documents are copies when

- their estimated Jaccard similarity is at least ``COPY_SIMILARITY`` (a new headline, a
  byline, a dropped or added paragraph, a few words changed keep a wire story above it), and
- neither writes a numeral that the other lacks, except that one may write a subset of the
  other's (a copy that drops the last paragraph). An update of a report with new numbers
  ("3.4 million" last week, "3.5 million" now) is therefore never a copy, however alike.

The store keeps signatures and band keys (``Store.write_batch(..., signatures=...)``) and links
each copy to the first document of its story (``copy_of``). ``drop_copies`` is what the
situations and the headline count: one document per story.
"""
from __future__ import annotations

import hashlib
import zlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd

NUM_PERM = 128
ROWS = 3
BANDS = NUM_PERM // ROWS  # 42 bands of 3 rows: a pair at similarity 0.5 shares one with probability 0.996
SHINGLE_WORDS = 3
SEED = 7
SCHEME = "affine32"  # datasketch 2's 32-bit scheme: stored values stay comparable across versions
#: estimated Jaccard similarity of shingles at or above which two documents may be copies
COPY_SIMILARITY = 0.5
#: texts with fewer words than this are never linked (a one-line item says too little)
MIN_WORDS = 25
#: only the first words are shingled: a copy shares its story's opening, and a 50-page report
#: costs no more than an article
MAX_WORDS = 2_000
#: a band key shared by this many documents takes no more (a template every update of a daily
#: report shares would make every lookup return thousands): candidates per document stay bounded
BAND_CAPACITY = 16

_WORD = re.compile(r"\w+", re.UNICODE)
_NUMERAL = re.compile(r"\d+(?:[.,]\d+)*")
_PERMUTATIONS = None


@dataclass(frozen=True)
class Signature:
    """What the store keeps per document to find its copies."""

    minhash: bytes  # NUM_PERM little-endian uint32 hash values
    bands: tuple[int, ...]  # BANDS signed 64-bit keys (band number mixed in)
    numbers: str  # the numerals written, sorted, space-separated


def normalise(text: str) -> list[str]:
    """Words of the text, case-folded, accents and punctuation dropped (a copy retyped with
    other quotes, dashes or capitals reads the same)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _WORD.findall(text.casefold())


def shingles(words: list[str], k: int = SHINGLE_WORDS) -> set[bytes]:
    """Runs of ``k`` words (the whole text when shorter)."""
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def numerals(text: str) -> frozenset[str]:
    """The numerals written in the text, without thousands separators."""
    return frozenset(m.group().replace(",", "") for m in _NUMERAL.finditer(text))


def _permutations():
    global _PERMUTATIONS
    if _PERMUTATIONS is None:
        from datasketch import MinHash

        reference = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
        _PERMUTATIONS = reference.permutations
    return _PERMUTATIONS


def signature(text: str) -> Optional[Signature]:
    """The signature of a document's text; None when it is too short to be linked."""
    from datasketch import MinHash

    words = normalise(text)
    if len(words) < MIN_WORDS:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_permutations(), scheme=SCHEME, hashfunc=zlib.crc32)
    mh.update_batch(list(shingles(words[:MAX_WORDS])))
    values = np.asarray(mh.hashvalues).astype("<u4")  # affine32: 32-bit values
    return Signature(values.tobytes(), band_keys(values), " ".join(sorted(numerals(text))))


def band_keys(values: np.ndarray) -> tuple[int, ...]:
    """One signed 64-bit key per band: documents that share a key are candidates."""
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return tuple(keys)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two stored MinHash values."""
    x, y = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    if len(x) != len(y) or not len(x):
        return 0.0
    return float(np.count_nonzero(x == y)) / len(x)


def numbers_compatible(a: str, b: str) -> bool:
    """True when one document's numerals are a subset of the other's."""
    x, y = set(a.split()), set(b.split())
    return x <= y or y <= x


def is_copy(a: Signature, b_minhash: bytes, b_numbers: str) -> bool:
    return similarity(a.minhash, b_minhash) >= COPY_SIMILARITY and numbers_compatible(a.numbers, b_numbers)


def pick_original(candidates: list[tuple[str, Optional[str], bytes, str]], sig: Signature) -> Optional[str]:
    """The document ``sig`` copies, from ``(document id, its copy_of, minhash, numbers)``
    candidates in the order they were stored (oldest first): the first story that matches,
    as its original's id (a copy of a copy links to the first copy's original)."""
    if not candidates:
        return None
    mine = np.frombuffer(sig.minhash, dtype="<u4")
    matrix = np.frombuffer(b"".join(c[2] for c in candidates), dtype="<u4").reshape(len(candidates), -1)
    close = np.flatnonzero((matrix == mine).mean(axis=1) >= COPY_SIMILARITY)
    for i in close:
        doc_id, copy_of, _, numbers = candidates[i]
        if numbers_compatible(sig.numbers, numbers):
            return copy_of or doc_id
    return None


def drop_copies(frame: pd.DataFrame) -> pd.DataFrame:
    """The figures of one document per story: a copy's figures are dropped when its original
    is in the frame; when only copies of a story are (a filter left the original out), the
    copy with the smallest document id stands for it. Frames without ``copy_of`` (or without
    copies) come back as they are."""
    if frame.empty or "copy_of" not in frame.columns:
        return frame
    copy_of = frame["copy_of"]
    linked = copy_of.notna().to_numpy(dtype=bool, na_value=False)
    if not linked.any():
        return frame
    doc = frame["document_id"].astype(object).to_numpy(dtype=object)
    story = np.where(linked, copy_of.astype(object).to_numpy(dtype=object), doc)
    present = set(doc[~linked])
    keep_doc: dict[object, object] = {}
    for s, d in zip(story[linked], doc[linked]):
        if s in present:
            continue
        if s not in keep_doc or str(d) < str(keep_doc[s]):
            keep_doc[s] = d
    keep = ~linked
    if keep_doc:
        chosen = np.array([keep_doc.get(s) for s in story], dtype=object)
        keep = keep | (linked & (chosen == doc))
    return frame[keep]
