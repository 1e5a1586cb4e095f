"""Where an import writes: an existing registry, or a new one made whole or not at all.

An import into a path that holds no registry yet builds the new registry in a
temporary directory beside the target (same file system), edits it there like any
registry, and renames it into place only once everything is written: a failure or a
kill leaves no half-made registry at the target, only (after a kill) a hidden
temporary directory named ``.<target>.*.followup-import`` beside it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from followup.errors import FollowupError
from followup.model.manifest import RegistryInfo

__all__ = ["holds_registry", "new_registry"]

_SUFFIX = ".followup-import"


def holds_registry(target: Path) -> bool:
    """True when ``target`` is a registry (a directory with a manifest, or a file);
    False when a new registry can be made there (missing, or an empty directory).
    Anything else is refused with a message."""
    if target.is_file() or (target / "registry.yaml").is_file():
        return True
    if (target / "registry.yml").is_file():
        return True
    if not target.exists() and not target.is_symlink():
        return False
    if target.is_dir() and not target.is_symlink():
        with os.scandir(target) as entries:
            if next(entries, None) is None:
                return False
        raise FollowupError(
            f"{target}: the directory holds no registry.yaml and is not empty; give a new "
            "path (followup makes the registry there) or a registry made by followup"
        )
    raise FollowupError(f"{target}: not a directory; give a new path or a registry directory")


@contextlib.contextmanager
def new_registry(target: Path, info: RegistryInfo) -> Iterator[tuple[Path, Callable[[], None]]]:
    """A new registry holding only ``info``'s manifest, in a temporary directory beside
    ``target``: yields that directory and a function that moves it to ``target``
    (call it once everything is written). The temporary directory is removed on the
    way out whatever happens."""
    from followup.registry.dump import dump_manifest

    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=_SUFFIX, dir=parent))
    except OSError as exc:
        raise FollowupError(
            f"{target}: cannot create the registry in {parent} ({exc.strerror})"
        ) from None
    try:
        try:
            mask = os.umask(0o022)
            os.umask(mask)
            work.chmod(0o777 & ~mask)  # as mkdir would make it, not mkdtemp's 0700
            (work / "reviews").mkdir()
            (work / "registry.yaml").write_text(dump_manifest(info), encoding="utf-8")
        except OSError as exc:
            raise FollowupError(f"{target}: cannot create the registry ({exc.strerror})") from None

        def publish() -> None:
            try:
                work.rename(target)  # replaces an empty directory, never a full one
            except OSError as exc:
                raise FollowupError(
                    f"{target}: cannot put the new registry in place ({exc.strerror}); "
                    "did another program create it meanwhile? Nothing was written"
                ) from None

        yield work, publish
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
