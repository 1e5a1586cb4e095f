"""A cache of parsed and validated review files, for warm loads of large registries.

:func:`followup.load` spends most of its time parsing YAML and building the model. For
each review file it reads, it can keep the result (the reviews, recommendations and
file-level problems) in a cache entry, and take it from there on the next load when the
file has not changed. Checks across files (duplicate ids, references, dates in the
future, ...) run on every load, on the cached values.

Where: ``$FOLLOWUP_CACHE_DIR``, else the user's cache directory as
:func:`platformdirs.user_cache_dir` gives it: ``$XDG_CACHE_HOME/followup`` or
``~/.cache/followup`` on Linux, ``~/Library/Caches/followup`` on macOS,
``%LOCALAPPDATA%\\followup\\Cache`` on Windows. Outside the registry, so nothing in a
registry's tracked files (or in a registry received from someone else) is ever read as
a cache. Off with ``load(..., cache=False)`` or ``FOLLOWUP_NO_CACHE=1``.

Pruned (:func:`prune`): at most once a day (a process checks the ``pruned`` stamp
file's time on its first load, then not again for a day), entries not used for
:data:`MAX_AGE_DAYS` days are deleted, then the least recently used ones until the
entries take at most :data:`MAX_BYTES`. Entries are written to a temporary file and
renamed into place, so pruning never sees half an entry: it deletes only complete
entries (a reader that has one open keeps reading it; a writer renaming a new one in
place makes it again), and temporary files only when a day old (a writer killed
mid-way left them; a live one takes less than a second).

Entries hold the registry's text, confidential fields included, so they are written
readable by this user only: each entry file with mode 0600, in an ``entries``
directory with mode 0700 (made so, and set back to it if found otherwise), never
through a symbolic link (:func:`followup.registry.outputs.write_output`). A cache
directory that followup creates is made 0700 too; one that exists already keeps its
mode (``$FOLLOWUP_CACHE_DIR`` may name a directory the user shares on purpose).

An entry is used only when everything matches: the file's absolute path, size,
modification time and content hash (blake2b of the bytes read now), the followup and
format versions, the Python version, and a MAC of the entry made with this user's
own key (``key`` in the cache directory, created with mode 0600; keyed BLAKE2b). Entries are
unpickled by an unpickler that builds only followup's model classes, dates and plain
containers. A corrupt, truncated, foreign or stale entry is ignored and rebuilt, never
trusted.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import io
import json
import os
import pickle
import re
import secrets
import stat
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import platformdirs
from attrs import frozen

from followup.errors import FollowupError
from followup.model.records import Recommendation, Review
from followup.registry.outputs import write_output
from followup.registry.reading import read_bytes
from followup.registry.report import Path as FieldPath
from followup.registry.report import Problem

__all__ = [
    "MAX_AGE_DAYS",
    "MAX_BYTES",
    "CacheEntry",
    "RestrictedUnpickler",
    "ReviewCache",
    "default_directory",
    "entry_versions",
    "maybe_prune",
    "open_cache",
    "prune",
]

#: Entries not used (read or written) for this many days are deleted.
MAX_AGE_DAYS = 30
#: The most the entries may take together; the least recently used go first.
MAX_BYTES = 512 * 1024 * 1024
#: How often a cache directory is pruned (seconds).
PRUNE_EVERY = 24 * 3600
_STAMP = "pruned"
_ENTRY_FOLDERS = ("entries", "facts")
_ENTRY_NAME = re.compile(r"^[0-9a-f]{32}\.bin$")
_TEMP_NAME = re.compile(r"^\.[0-9a-f]{32}\.bin\.[0-9a-f]{8}\.tmp$")


_MAGIC = b"followup-cache 1\n"
_ALLOWED = {
    ("followup.registry.cache", "CacheEntry"),
    ("datetime", "date"),
    ("builtins", "frozenset"),
    ("builtins", "set"),
    ("builtins", "tuple"),
    ("builtins", "list"),
    ("builtins", "dict"),
    ("copyreg", "_reconstructor"),
    ("builtins", "object"),
}


def default_directory() -> Path:
    """The cache directory: ``$FOLLOWUP_CACHE_DIR``, else the platform's user cache
    directory for followup (see the module's documentation)."""
    if os.environ.get("FOLLOWUP_CACHE_DIR"):
        return Path(os.environ["FOLLOWUP_CACHE_DIR"])
    return Path(platformdirs.user_cache_dir("followup", appauthor=False))


class RestrictedUnpickler(pickle.Unpickler):
    """Builds followup's model values, the modules named and plain containers, nothing
    else (a cache entry or a fact entry)."""

    def __init__(self, data: bytes | memoryview, modules: tuple[str, ...] = ()) -> None:
        super().__init__(io.BytesIO(data))
        self._modules = ("followup.model.", "followup.registry.report", *modules)

    def find_class(self, module: str, name: str) -> Any:
        if module.startswith(self._modules) or (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache entry")


@frozen
class CacheEntry:
    """What one review file gave: its reviews (with the file shown and field path),
    recommendations, and the file's own problems."""

    shown: str
    reviews: tuple[tuple[Review, str, FieldPath], ...]
    recs: tuple[tuple[Recommendation, str, FieldPath], ...]
    problems: tuple[Problem, ...]


def entry_versions() -> dict[str, str]:
    """The versions an entry is made with (followup, registry format, Python, pickle):
    an entry made with others is not used."""
    from followup import __version__
    from followup.registry.load import FORMAT_VERSION

    return {
        "followup": __version__,
        "format": str(FORMAT_VERSION),
        "python": f"{sys.version_info[0]}.{sys.version_info[1]}",
        "pickle": str(pickle.HIGHEST_PROTOCOL),
    }


def open_cache(where: bool | str | os.PathLike[str] = True) -> ReviewCache | None:
    """The review cache in the default directory (``True``), in ``where``, or none
    (``False``, or ``FOLLOWUP_NO_CACHE=1`` everywhere)."""
    if where is False or os.environ.get("FOLLOWUP_NO_CACHE") == "1":
        return None
    cache = ReviewCache(None if where is True else Path(where))
    maybe_prune(cache.directory)
    return cache


# -- pruning ----------------------------------------------------------------------------

_pruned_at: dict[Path, float] = {}  # cache directory -> when this process last looked


def maybe_prune(directory: Path, *, now: float | None = None) -> bool:
    """:func:`prune` ``directory`` unless this process or another did within a day (the
    ``pruned`` stamp's time); True if it pruned. Never raises: a cache that cannot be
    pruned is only bigger."""
    now = time.time() if now is None else now
    if now - _pruned_at.get(directory, -PRUNE_EVERY) < PRUNE_EVERY:
        return False
    _pruned_at[directory] = now
    stamp = directory / _STAMP
    try:
        if now - stamp.stat().st_mtime < PRUNE_EVERY:
            return False
    except FileNotFoundError:
        if not directory.is_dir():  # no cache yet: nothing to prune
            return False
    except OSError:
        return False
    try:
        _stamp(stamp, now)  # first, so that a process starting meanwhile does not prune too
        prune(directory, now=now)
    except OSError:
        return False
    return True


def _stamp(path: Path, now: float) -> None:
    """Set the time of the stamp file ``path`` (made if missing, never through a link)."""
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o600)
    try:
        if os.utime in os.supports_fd:
            os.utime(fd, (now, now))
        else:  # pragma: no cover - Windows
            os.utime(path, (now, now))
    finally:
        os.close(fd)


def _last_used(info: os.stat_result) -> float:
    # reading an entry moves its access time (at most daily with relatime), writing it
    # its modification time
    return max(info.st_atime, info.st_mtime)


def prune(
    directory: Path,
    *,
    max_age_days: float = MAX_AGE_DAYS,
    max_bytes: int = MAX_BYTES,
    now: float | None = None,
) -> list[Path]:
    """Delete the entries of the cache in ``directory`` not used for ``max_age_days``,
    then the least recently used until the rest take at most ``max_bytes``; and
    temporary files a day old. Only followup's entry files are touched (never a link,
    the key or anything else). Returns the files deleted."""
    now = time.time() if now is None else now
    oldest = now - max_age_days * 86400
    kept: list[tuple[float, int, Path]] = []
    doomed: list[Path] = []
    for folder in _ENTRY_FOLDERS:
        try:
            found = list(os.scandir(directory / folder))
        except OSError:
            continue
        for item in found:
            try:
                info = item.stat(follow_symlinks=False)
            except OSError:  # gone meanwhile
                continue
            if not stat.S_ISREG(info.st_mode):
                continue
            path = directory / folder / item.name
            if _TEMP_NAME.match(item.name):
                if info.st_mtime < now - PRUNE_EVERY:
                    doomed.append(path)
            elif _ENTRY_NAME.match(item.name):
                if _last_used(info) < oldest:
                    doomed.append(path)
                else:
                    kept.append((_last_used(info), info.st_size, path))
    total = sum(size for _, size, _ in kept)
    for _, size, path in sorted(kept):
        if total <= max_bytes:
            break
        doomed.append(path)
        total -= size
    removed = []
    for path in doomed:
        try:
            path.unlink()
        except OSError:  # gone, or open elsewhere (Windows): left for the next time
            continue
        removed.append(path)
    return removed


def _private_directory(directory: Path) -> None:
    """Make ``directory`` (and its missing parents with mode 0700), and set it to 0700:
    its files hold registry text, confidential fields included."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = directory.lstat()
    if not stat.S_ISDIR(info.st_mode):  # a link or a file where the entries go
        raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(directory))
    if stat.S_IMODE(info.st_mode) != 0o700:
        directory.chmod(0o700)


class ReviewCache:
    """The cache entries of one machine user, in ``directory``."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_directory()
        self._key: bytes | None = None
        self.hits = 0
        self.misses = 0

    # -- the user's key -----------------------------------------------------------------
    def key(self) -> bytes:
        """This user's secret key (made on first use, readable by this user only)."""
        if self._key is not None:
            return self._key
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self.directory / "key"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            key = path.read_bytes()
            if len(key) != 32:
                raise OSError(f"{path} is not a followup cache key") from None
        else:
            key = secrets.token_bytes(32)
            with os.fdopen(fd, "wb") as handle:
                handle.write(key)
        self._key = key
        return key

    def _entry_path(self, file: Path) -> Path:
        name = hashlib.blake2b(str(file).encode("utf-8"), digest_size=16).hexdigest()
        return self.directory / "entries" / f"{name}.bin"

    @staticmethod
    def fingerprint(file: Path, data: bytes) -> dict[str, Any]:
        """What an entry of ``file`` is keyed by, ``data`` being the bytes just read from
        it (and parsed, on a miss): so an entry always describes exactly those bytes."""
        file = file.resolve()
        return {
            "path": str(file),
            "size": len(data),
            "mtime_ns": file.stat().st_mtime_ns,
            "hash": hashlib.blake2b(data, digest_size=32).hexdigest(),
            **entry_versions(),
        }

    def _read(self, file: Path) -> dict[str, Any]:
        # never more than a registry file may hold, and only from a regular file
        return self.fingerprint(file, read_bytes(file))

    # -- reading and writing entries ----------------------------------------------------
    def get(self, file: Path, meta: dict[str, Any] | None = None) -> CacheEntry | None:
        """The entry of ``file`` whose fingerprint is ``meta`` (the file as it is now on
        disk when None), or None: missing, stale, foreign or corrupt (then the caller
        parses the file and calls :meth:`put`)."""
        try:
            meta = meta or self._read(file)
            raw = self._entry_path(Path(meta["path"])).read_bytes()
            entry = self._decode(raw, meta)
        except Exception:  # whatever a damaged entry raises: rebuild it
            entry = None
        if entry is None:
            self.misses += 1
        else:
            self.hits += 1
        return entry

    def _decode(self, raw: bytes, expected: dict[str, Any]) -> CacheEntry | None:
        opened = self.unseal(raw, _MAGIC)
        if opened is None or opened[0] != expected:
            return None
        entry = RestrictedUnpickler(opened[1]).load()
        return entry if isinstance(entry, CacheEntry) else None

    def unseal(self, raw: bytes, magic: bytes) -> tuple[Any, memoryview] | None:
        """The metadata and payload of an entry made by :meth:`seal` with ``magic``, or
        None when it is not one or its MAC does not check out."""
        if not raw.startswith(magic):
            return None
        end = raw.index(b"\n", len(magic))
        meta_line = raw[len(magic) : end]
        view = memoryview(raw)
        mac, payload = view[end + 1 : end + 33], view[end + 33 :]
        if len(mac) != 32 or not hmac.compare_digest(bytes(mac), self._mac(meta_line, payload)):
            return None
        return json.loads(meta_line), payload

    def seal(self, magic: bytes, meta: dict[str, Any], payload: bytes) -> bytes:
        """An entry: ``magic``, the metadata as one JSON line, the MAC, the payload."""
        meta_line = json.dumps(meta, sort_keys=True).encode("utf-8")
        return magic + meta_line + b"\n" + self._mac(meta_line, memoryview(payload)) + payload

    def write_entry(self, target: Path, data: bytes) -> None:
        """Write an entry file readable by this user only, in a private directory."""
        _private_directory(target.parent)
        write_output(target, data, mode=0o600)

    def _mac(self, meta_line: bytes, payload: memoryview) -> bytes:
        """The entry's authentication code: keyed BLAKE2b over its metadata and payload."""
        mac = hashlib.blake2b(key=self.key(), digest_size=32)
        mac.update(meta_line)
        mac.update(b"\n")
        mac.update(payload)
        return mac.digest()

    def put(self, file: Path, entry: CacheEntry, meta: dict[str, Any] | None = None) -> None:
        """Keep ``entry`` for ``file`` under the fingerprint ``meta`` of the bytes it was
        made from (the file as it is now when None); failures are ignored: a cache that
        cannot be written only makes the next load cold."""
        try:
            meta = meta or self._read(file)
            payload = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
            target = self._entry_path(Path(meta["path"]))
            self.write_entry(target, self.seal(_MAGIC, meta, payload))
        except (OSError, FollowupError, pickle.PicklingError, TypeError):
            pass

    def put_all(self, entries: Sequence[tuple[Path, CacheEntry, dict[str, Any]]]) -> None:
        """:meth:`put` for several files (file, entry, fingerprint)."""
        for file, entry, meta in entries:
            self.put(file, entry, meta)
