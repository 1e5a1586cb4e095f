"""What an edit keeps of each review file's check, so the next edit need not redo it.

An edit checks only the files it changes (see :mod:`followup.registry._editsession`);
the checks across files need the others' :class:`FileFacts` (ids, references, judges
named) and problems. The fact store keeps, per review file, its :class:`Checked`: made
from exactly the bytes whose content hash and size it is keyed by, against a manifest
whose checked values hash to its context key, with the same followup and format
versions. It lives beside the review cache (:mod:`followup.registry.cache`), with the
same protections: entries readable by this user only, authenticated with the user's
key, unpickled by an unpickler that builds only followup's own values. An entry that
does not match in every respect is ignored and made again.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from attrs import frozen

from followup.errors import FollowupError
from followup.model.manifest import RegistryInfo
from followup.registry._filecheck import FileFacts
from followup.registry.cache import RestrictedUnpickler, ReviewCache, entry_versions
from followup.registry.convert import unstructure
from followup.registry.report import Problem, Severity

__all__ = ["RACY_NS", "Checked", "FactStore", "content_hash", "context_key", "stat_key"]

_MAGIC = b"followup-facts 1\n"
#: What a fact entry may build besides the model's values and the report's problems.
_MODULES = ("followup.registry._filecheck", "followup.registry._factstore")


@frozen
class Checked:
    """One review file's check: its facts, its own problems (those of its data and of
    the checks against the manifest) and what the problem budget held for it after."""

    facts: FileFacts
    problems: tuple[Problem, ...]
    budget: tuple[int, tuple[Any, ...] | None]

    @property
    def has_errors(self) -> bool:
        """True when the file's own problems include an error."""
        return any(p.severity is Severity.ERROR for p in self.problems)


def content_hash(data: bytes) -> str:
    """The content hash a file's check is keyed by: SHA-256 (twice as fast as BLAKE2b
    here, with the processor's SHA instructions; keyed BLAKE2b is for the MAC)."""
    return hashlib.sha256(data).hexdigest()


def context_key(info: RegistryInfo) -> str:
    """A hash of everything in the manifest a review file is checked against: the
    States, theme and judge ids, scales and default scale (not its title, version,
    ...: a new version does not make every file's check stale)."""
    values = {
        "states": list(info.states),
        "themes": sorted(t.id for t in info.themes),
        "judges": sorted(j.id for j in info.judges),
        "scales": unstructure(info.scales),
        "default_scale": info.default_scale,
    }
    canonical = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.blake2b(canonical.encode("utf-8"), digest_size=32).hexdigest()


#: A file changed less than this before its check was kept is hashed on every use: a
#: change within one tick of the file system's clock would keep the same times.
RACY_NS = 3_000_000_000


def _always(file: Path, context: str) -> dict[str, Any]:
    """What must match for any use of an entry: the file, the context and versions."""
    return {"path": str(file.absolute()), "context": context, **entry_versions()}


def stat_key(info: os.stat_result) -> list[int]:
    """What says a file is unchanged without reading it: device, inode, size,
    modification and status-change times (the last cannot be set back by a user)."""
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


class FactStore:
    """The fact entries of one machine user, beside the review cache ``cache``.

    An entry is found by the content hash of the file's bytes (:meth:`get`), or,
    without reading the file, by its :func:`stat_key` (:meth:`get_unchanged`) when the
    entry was made from the file as it is (same device, inode, size, modification and
    status-change times) and at least :data:`RACY_NS` after its last change.
    """

    def __init__(self, cache: ReviewCache) -> None:
        self.cache = cache
        self.hits = 0
        self.misses = 0

    def _entry_path(self, file: Path) -> Path:
        name = hashlib.blake2b(str(file).encode("utf-8"), digest_size=16).hexdigest()
        return self.cache.directory / "facts" / f"{name}.bin"

    @staticmethod
    def fingerprint(
        file: Path, data: bytes, digest: str, context: str, info: os.stat_result | None = None
    ) -> dict[str, Any]:
        """What the entry of ``file`` is keyed by: ``data`` the bytes just read from it,
        ``digest`` their :func:`content_hash`, ``context`` the manifest's
        :func:`context_key`; ``info`` the file's status when it is the same before and
        after the bytes were read (then a later edit may trust it, see the class)."""
        return {
            **_always(file, context),
            "size": len(data),
            "hash": digest,
            "stat": None if info is None else stat_key(info),
            "checked_at": time.time_ns(),
        }

    def get(self, file: Path, meta: dict[str, Any]) -> Checked | None:
        """The check kept for ``file`` under ``meta`` (see :meth:`fingerprint`): made
        from bytes of the same size and content hash, against the same context."""

        def same(kept: dict[str, Any]) -> bool:
            return all(kept.get(k) == meta[k] for k in (*_always(file, ""), "size", "hash"))

        found = self._find(Path(meta["path"]), same)
        return None if found is None else found[0]

    def get_unchanged(
        self, file: Path, info: os.stat_result, context: str
    ) -> tuple[Checked, str] | None:
        """The check kept for ``file`` and the content hash of the bytes it was made
        from, when the file's status ``info`` says it is unchanged since (see the
        class); None when the file must be read."""
        want = _always(file, context)
        key = stat_key(info)

        def same(kept: dict[str, Any]) -> bool:
            return (
                all(kept.get(k) == v for k, v in want.items())
                and kept.get("stat") == key
                and isinstance(kept.get("checked_at"), int)
                and kept["checked_at"] - info.st_ctime_ns >= RACY_NS
                and kept["checked_at"] - info.st_mtime_ns >= RACY_NS
            )

        found = self._find(Path(want["path"]), same)
        return None if found is None else (found[0], str(found[1]["hash"]))

    def _find(
        self, file: Path, same: Callable[[dict[str, Any]], bool]
    ) -> tuple[Checked, dict[str, Any]] | None:
        try:
            raw = self._entry_path(file).read_bytes()
            found = self._decode(raw, same)
        except Exception:  # whatever a damaged entry raises: made again
            found = None
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def _decode(
        self, raw: bytes, same: Callable[[dict[str, Any]], bool]
    ) -> tuple[Checked, dict[str, Any]] | None:
        opened = self.cache.unseal(raw, _MAGIC)
        if opened is None or not isinstance(opened[0], dict) or not same(opened[0]):
            return None
        found = RestrictedUnpickler(opened[1], _MODULES).load()
        return (found, opened[0]) if isinstance(found, Checked) else None

    def put(self, file: Path, meta: dict[str, Any], checked: Checked) -> None:
        """Keep ``checked`` for ``file`` under ``meta``; failures are ignored (the next
        edit checks the file again)."""
        try:
            payload = pickle.dumps(checked, protocol=pickle.HIGHEST_PROTOCOL)
            target = self._entry_path(Path(meta["path"]))
            self.cache.write_entry(target, self.cache.seal(_MAGIC, meta, payload))
        except (OSError, FollowupError, pickle.PicklingError, TypeError):
            pass
