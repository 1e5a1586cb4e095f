"""A cache of sentence embeddings, one vector per text and model, outside the registry.

Where: the ``embeddings`` folder of followup's cache directory (``$FOLLOWUP_CACHE_DIR``,
else the user's cache directory, see :mod:`followup.registry.cache`), one folder per
model and version. Off with ``cache=False`` or ``FOLLOWUP_NO_CACHE=1``.

Each vector is found by its key, the SHA-256 of the model's name, its version and the
text (so a text embedded by another model or another version of it never matches, and
the texts themselves are not stored). Vectors are kept in shard files: a header line
(the model, version, dimension, count and a BLAKE2b digest of the body) then the keys
(32 bytes each) and the vectors (little-endian float32), read with
:func:`numpy.frombuffer`: no pickle, nothing executable. Each run that embeds new texts
adds one shard, written to a temporary file and renamed into place, so two processes
writing at once each add their own and a reader never sees half of one. When a model's
folder holds more than :data:`MAX_SHARDS` shards they are merged into one (the newest
:data:`MAX_VECTORS` vectors kept). A shard that does not read back exactly (a wrong
header, size or digest, a vector that is not finite) is deleted and its texts are
embedded again.

Folders are made readable by this user only (mode 0700) and shards are written with mode
0600, as the review cache is: a vector says something about the text it came from.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup.registry.cache import _private_directory, default_directory
from followup.registry.outputs import UnsafeOutput, write_output
from followup.registry.reading import read_bytes

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["MAX_SHARDS", "MAX_VECTORS", "EmbeddingCache", "cache_for", "text_key"]

#: More shards than this in a model's folder are merged into one.
MAX_SHARDS = 16
#: The most vectors a model's folder keeps when its shards are merged (newest first).
MAX_VECTORS = 200_000
#: A shard larger than this is not read (it is not one followup wrote).
MAX_SHARD_BYTES = 1 << 30

_MAGIC = b"followup-embeddings 1\n"
_SHARD_NAME = re.compile(r"^[0-9a-f]{32}\.emb$")
_TEMP_NAME = re.compile(r"^\.[0-9a-f]{32}\.emb\.[0-9a-f]{8}\.tmp$")
#: A temporary file older than this (seconds) was left by a writer that was killed.
_TEMP_AGE = 24 * 3600
_KEY_BYTES = 32
_FOLDER_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def text_key(model: str, version: str, text: str) -> bytes:
    """The cache key of ``text`` embedded by ``model`` at ``version`` (SHA-256)."""
    data = "\0".join((model, version, text)).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).digest()


def cache_for(
    model: str, version: str, dim: int, where: bool | str | os.PathLike[str] = True
) -> EmbeddingCache | None:
    """The cache of ``model`` at ``version`` in ``where`` (True: the default directory), or
    None when caching is off (``where`` False, or ``FOLLOWUP_NO_CACHE=1``)."""
    if where is False or os.environ.get("FOLLOWUP_NO_CACHE") == "1":
        return None
    base = default_directory() if where is True else Path(where)
    return EmbeddingCache(base / "embeddings", model, version, dim)


class _Shard:
    """One shard read back: its file, keys and vectors."""

    def __init__(self, path: Path, mtime: float, keys: list[bytes], vectors: NDArray[Any]):
        self.path = path
        self.mtime = mtime
        self.keys = keys
        self.vectors = vectors


class EmbeddingCache:
    """The vectors of one model and version, in ``directory``/<model>-<version>."""

    def __init__(self, directory: Path, model: str, version: str, dim: int) -> None:
        self.model = model
        self.version = version
        self.dim = dim
        self.folder = directory / _FOLDER_NAME.sub("_", f"{model}-{version}")
        self._shards: list[_Shard] | None = None
        self._found: dict[bytes, tuple[int, int]] = {}
        self.hits = 0
        self.misses = 0

    # -- reading ------------------------------------------------------------------------
    def _shard_files(self) -> list[Path]:
        try:
            found = [p for p in self.folder.iterdir() if _SHARD_NAME.match(p.name)]
        except OSError:  # no folder yet, or not readable: an empty cache
            return []
        return sorted(found)

    def _read_shard(self, path: Path) -> _Shard | None:
        import numpy as np

        try:
            info = path.lstat()
            raw = read_bytes(path, MAX_SHARD_BYTES)
        except OSError:  # gone (merged by another process), or not a regular file
            return None
        shard = self._decode(raw, path, info.st_mtime, np)
        if shard is None:  # damaged or foreign: its texts are embedded again
            with contextlib.suppress(OSError):
                path.unlink()
        return shard

    def _decode(self, raw: bytes, path: Path, mtime: float, np: Any) -> _Shard | None:
        if not raw.startswith(_MAGIC) or len(raw) > MAX_SHARD_BYTES:
            return None
        end = raw.find(b"\n", len(_MAGIC))
        if end < 0:
            return None
        try:
            head = json.loads(raw[len(_MAGIC) : end])
        except ValueError:
            return None
        if not isinstance(head, dict):
            return None
        count = head.get("count")
        wanted = {"model": self.model, "version": self.version, "dim": self.dim}
        if any(head.get(k) != v for k, v in wanted.items()) or not isinstance(count, int):
            return None
        body = memoryview(raw)[end + 1 :]
        if count < 0 or len(body) != count * (_KEY_BYTES + 4 * self.dim):
            return None
        if hashlib.blake2b(body, digest_size=16).hexdigest() != head.get("digest"):
            return None
        split = count * _KEY_BYTES
        keys = [bytes(body[i : i + _KEY_BYTES]) for i in range(0, split, _KEY_BYTES)]
        vectors = np.frombuffer(body[split:], dtype="<f4").reshape(count, self.dim)
        if not np.isfinite(vectors).all():
            return None
        return _Shard(path, mtime, keys, vectors)

    def _load(self) -> list[_Shard]:
        if self._shards is None:
            shards = [s for s in map(self._read_shard, self._shard_files()) if s is not None]
            shards.sort(key=lambda s: s.mtime, reverse=True)  # newest first
            self._shards = shards
            found: dict[bytes, tuple[int, int]] = {}
            for number in range(len(shards) - 1, -1, -1):  # newest wins
                found.update((k, (number, row)) for row, k in enumerate(shards[number].keys))
            self._found = found
        return self._shards

    def get(self, keys: Sequence[bytes]) -> dict[bytes, NDArray[np.float32]]:
        """The cached vectors of those of ``keys`` that are cached."""
        shards = self._load()
        out: dict[bytes, NDArray[np.float32]] = {}
        for key in keys:
            where = self._found.get(key)
            if where is not None:
                out[key] = shards[where[0]].vectors[where[1]]
        self.hits += len(out)
        self.misses += len(set(keys)) - len(out)
        return out

    # -- writing ------------------------------------------------------------------------
    def _encode(self, keys: Sequence[bytes], vectors: NDArray[Any]) -> tuple[bytes, str]:
        import numpy as np

        body = b"".join(keys) + np.ascontiguousarray(vectors, dtype="<f4").tobytes()
        digest = hashlib.blake2b(body, digest_size=16).hexdigest()
        head = {
            "model": self.model,
            "version": self.version,
            "dim": self.dim,
            "count": len(keys),
            "digest": digest,
        }
        return _MAGIC + json.dumps(head, sort_keys=True).encode("ascii") + b"\n" + body, digest

    def put(self, keys: Sequence[bytes], vectors: NDArray[Any]) -> None:
        """Add ``vectors`` (one row per key) as a new shard; merge the shards when there
        are too many. A cache that cannot be written is left as it is (nothing raised)."""
        if not keys:
            return
        if vectors.shape != (len(keys), self.dim):
            raise ValueError(f"expected {len(keys)} vectors of {self.dim}, got {vectors.shape}")
        data, digest = self._encode(keys, vectors)
        try:
            _private_directory(self.folder)
            write_output(self.folder / f"{digest}.emb", data, mode=0o600)
        except (OSError, UnsafeOutput):  # a read-only or full disk: it is only a cache
            return
        if len(self._shard_files()) > MAX_SHARDS:
            self._merge()
        self._shards = None  # read again when next asked

    def _merge(self) -> None:
        """One shard for all (newest vectors first, at most MAX_VECTORS), then the old
        ones deleted; a shard another process adds meanwhile is kept."""
        import numpy as np

        self._shards = None
        shards = self._load()
        keys: list[bytes] = []
        rows: list[NDArray[Any]] = []
        seen: set[bytes] = set()
        for shard in shards:
            for row, key in enumerate(shard.keys):
                if key not in seen and len(keys) < MAX_VECTORS:
                    seen.add(key)
                    keys.append(key)
                    rows.append(shard.vectors[row])
        data, digest = self._encode(keys, np.stack(rows) if rows else np.zeros((0, self.dim)))
        merged = self.folder / f"{digest}.emb"
        try:
            write_output(merged, data, mode=0o600)
        except (OSError, UnsafeOutput):
            return
        _remove(s.path for s in shards if s.path != merged)
        _remove(self._stale_temporaries())

    def _stale_temporaries(self) -> list[Path]:
        """Temporary files a killed writer left, a day old or more."""
        import time

        stale = []
        with contextlib.suppress(OSError):
            for path in self.folder.iterdir():
                if _TEMP_NAME.match(path.name):
                    with contextlib.suppress(OSError):
                        if time.time() - path.lstat().st_mtime > _TEMP_AGE:
                            stale.append(path)
        return stale


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):  # already gone: another process merged it
            path.unlink()
