"""The lexical method: Okapi BM25 over stemmed words and over character n-grams.

An :class:`Index` holds the target texts of one language; :meth:`Index.scores` gives,
for one query text, the BM25 score of every target that shares a word or an n-gram with
it, one score per channel (words, n-grams). The idf is Lucene's,
``log(1 + (N - df + 0.5) / (df + 0.5))``, positive for every feature.

Pure Python, and fast enough for thousands of texts against thousands. Weights are in
fixed point (1/:data:`SCALE`). A rare feature keeps a list of (text, weight) postings,
added up one by one; a feature held by :data:`DENSE_FROM` texts or more keeps its
weights packed into one integer, a 32-bit field per text, so that summing such features
over all the texts is one big-integer addition each, done in C. A packed sum is unpacked
once per query; fields cannot overflow (sums are cut into chunks that fit).
"""

from __future__ import annotations

import math
import sys
from array import array
from collections import Counter
from collections.abc import Collection, Sequence

from attrs import frozen

from followup.links._text import Analysed

__all__ = ["DENSE_FROM", "K1", "NAME", "SCALE", "B", "Channel", "Index", "build_index"]

#: The method's name in suggestions.
NAME = "lexical-bm25"

#: BM25's term-frequency saturation and length normalisation (the usual defaults).
K1 = 1.2
B = 0.75

#: Features held by this many texts or more are packed (see the module's docstring).
DENSE_FROM = 32

#: Fixed-point unit of packed weights: 1/SCALE.
SCALE = 1 << 14
_FIELD = 4  # bytes per text in a packed integer
_FIELD_MAX = (1 << (8 * _FIELD)) - 1
_TYPECODE = next(code for code in "IL" if array(code).itemsize == _FIELD)

Postings = dict[str, list[tuple[int, float]]]


@frozen
class Channel:
    """One channel's index: rare features' postings, frequent features packed; weights in
    fixed point (1/:data:`SCALE`)."""

    size: int
    sparse: dict[str, list[tuple[int, int]]]
    dense: dict[str, int]
    top: int  # the largest packed weight (to keep sums from overflowing a field)

    def scores(self, query: Collection[str]) -> list[int]:
        """BM25 of a query (its features) against each text, in fixed point."""
        packed = [self.dense[term] for term in query if term in self.dense]
        totals = self._unpack(packed) if packed else [0] * self.size
        for term in query:
            for position, weight in self.sparse.get(term, ()):
                totals[position] += weight
        return totals

    def _unpack(self, packed: list[int]) -> list[int]:
        chunk = max(1, _FIELD_MAX // max(self.top, 1))
        totals: list[int] = []
        for start in range(0, len(packed), chunk):
            part = array(_TYPECODE)
            total = sum(packed[start : start + chunk])
            part.frombytes(total.to_bytes(self.size * _FIELD, sys.byteorder))
            totals = (
                part.tolist() if start == 0 else [a + b for a, b in zip(totals, part, strict=True)]
            )
        return totals


def _channel(docs: Sequence[Counter[str]]) -> Channel:
    """The BM25 weights of each feature in each document, packed or listed."""
    n = len(docs)
    lengths = [sum(doc.values()) for doc in docs]
    average = (sum(lengths) / n) if n else 1.0
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    idf = {term: math.log(1 + (n - count + 0.5) / (count + 0.5)) for term, count in df.items()}
    sparse: dict[str, list[tuple[int, int]]] = {}
    fields: dict[str, array[int]] = {
        term: array(_TYPECODE, bytes(n * _FIELD))
        for term, count in df.items()
        if count >= DENSE_FROM
    }
    top = 0
    for position, (doc, length) in enumerate(zip(docs, lengths, strict=True)):
        norm = K1 * (1 - B + B * length / (average or 1.0))
        for term, tf in doc.items():
            value = max(1, round(idf[term] * tf * (K1 + 1) / (tf + norm) * SCALE))
            packed = fields.get(term)
            if packed is None:
                sparse.setdefault(term, []).append((position, value))
            else:
                packed[position] = value
                top = max(top, value)
    dense = {
        term: int.from_bytes(packed.tobytes(), sys.byteorder) for term, packed in fields.items()
    }
    return Channel(n, sparse, dense, top)


class Index:
    """The BM25 index of a list of texts in one language (positions in that list); the
    n-gram channel is built on first use."""

    def __init__(self, texts: Sequence[Analysed]) -> None:
        self.size = len(texts)
        self.words = _channel([t.words for t in texts])
        self._texts: Sequence[Analysed] | None = texts
        self._grams: Channel | None = None

    @property
    def grams(self) -> Channel:
        """The n-gram channel."""
        if self._grams is None:
            assert self._texts is not None
            self._grams = _channel([t.grams for t in self._texts])
            self._texts = None
        return self._grams

    def scores(self, query: Analysed, grams: bool = True) -> tuple[list[int], list[int]]:
        """BM25 of ``query`` against each text, by words and by n-grams (all 0 unless
        ``grams``), in fixed point (1/:data:`SCALE`)."""
        by_grams = self.grams.scores(query.grams) if grams else [0] * self.size
        return self.words.scores(query.words), by_grams


def build_index(texts: Sequence[Analysed]) -> Index:
    """The index of ``texts`` (analysed in the same language)."""
    return Index(texts)
