"""Where a registry's files are: the directory layout or a single file, safely."""

from __future__ import annotations

import os
import stat
from pathlib import Path as FsPath

from attrs import frozen

from followup.registry.reading import _kind
from followup.registry.report import Problem, Severity

__all__ = ["MANIFEST_NAMES", "Layout", "find_layout"]

MANIFEST_NAMES = ("registry.yaml", "registry.yml")
_SUFFIXES = (".yaml", ".yml")


@frozen
class Layout:
    """The files of one registry: a manifest and review files (none for a single file)."""

    root: FsPath
    manifest: FsPath
    reviews: tuple[FsPath, ...]
    single_file: bool

    def display(self, path: FsPath) -> str:
        """How a file is named in messages: relative to the working directory if possible."""
        try:
            return os.path.relpath(path)
        except ValueError:  # pragma: no cover - other drive on Windows
            return str(path)


def _inside(root: FsPath, path: FsPath) -> bool:
    try:
        path.resolve(strict=True).relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # outside, dangling, or a loop
        return False
    return True


def _special(path: FsPath, *, directories: bool = False) -> str | None:
    """How ``path`` is not a regular file ("is a FIFO (named pipe), not a regular file"),
    following links; None for a regular file, a missing path, and (unless
    ``directories``) a directory."""
    try:
        mode = path.stat().st_mode
    except (OSError, RuntimeError):  # missing, dangling or a loop: said elsewhere
        return None
    if stat.S_ISREG(mode) or (stat.S_ISDIR(mode) and not directories):
        return None
    return f"is {_kind(mode)}, not a regular file"


def find_layout(path: str | os.PathLike[str]) -> tuple[Layout | None, list[Problem]]:
    """The layout at ``path`` and the problems with it (missing files, unsafe paths)."""
    where = FsPath(path)
    problems: list[Problem] = []
    if not where.exists():
        return None, [
            Problem(
                Severity.ERROR,
                "not-found",
                f"no registry at {str(where)!r}",
                str(where),
                hint="give the registry's directory (holding registry.yaml) or its file",
            )
        ]
    if where.is_file():
        return Layout(where.parent, where, (), single_file=True), problems
    special = _special(where)
    if special is not None:  # a FIFO, a device, a socket (or a link to one)
        return None, [
            Problem(
                Severity.ERROR,
                "unsafe-path",
                f"{str(where)!r} {special}",
                str(where),
                hint="give the registry's directory (holding registry.yaml) or its YAML file",
            )
        ]
    for name in MANIFEST_NAMES:
        special = _special(where / name, directories=True)
        if special is not None:
            return None, [
                Problem(
                    Severity.ERROR,
                    "unsafe-path",
                    f"{name} {special}",
                    str(where / name),
                    hint=f"replace {name} with the registry's manifest, a YAML file",
                )
            ]
    manifest = next((where / n for n in MANIFEST_NAMES if (where / n).is_file()), None)
    if manifest is None:
        return None, [
            Problem(
                Severity.ERROR,
                "not-found",
                "the directory holds no registry.yaml",
                str(where),
                hint="create registry.yaml (see docs/registry-format.md)",
            )
        ]
    if manifest.is_symlink() and not _inside(where, manifest):
        problems.append(
            Problem(
                Severity.ERROR,
                "unsafe-path",
                "registry.yaml links to a file outside the registry",
                str(manifest),
                hint="replace the link with the file itself",
            )
        )
    reviews: list[FsPath] = []
    review_dir = where / "reviews"
    if review_dir.is_symlink() and not _inside(where, review_dir):
        problems.append(
            Problem(
                Severity.ERROR,
                "unsafe-path",
                "reviews/ links to a directory outside the registry",
                str(review_dir),
                hint="replace the link with the directory",
            )
        )
    elif review_dir.is_dir():
        for entry in sorted(review_dir.iterdir(), key=lambda p: p.name):
            if entry.name.startswith("."):
                continue
            try:
                mode = entry.lstat().st_mode
            except OSError:  # pragma: no cover - vanished meanwhile
                continue
            shown = str(entry)
            if stat.S_ISLNK(mode):
                if not _inside(where, entry):
                    problems.append(
                        Problem(
                            Severity.ERROR,
                            "unsafe-path",
                            f"{entry.name} links outside the registry",
                            shown,
                            hint="replace the link with the file itself",
                        )
                    )
                    continue
                try:
                    mode = entry.stat().st_mode
                except (OSError, RuntimeError):  # pragma: no cover - raced away
                    continue
            if stat.S_ISDIR(mode):
                problems.append(
                    Problem(
                        Severity.ERROR,
                        "unsafe-path",
                        f"{entry.name}/ is a directory; reviews/ holds only review files",
                        shown,
                        hint="move its files up into reviews/ or out of the registry",
                    )
                )
            elif not stat.S_ISREG(mode):
                problems.append(
                    Problem(
                        Severity.ERROR,
                        "unsafe-path",
                        f"{entry.name} is not a regular file",
                        shown,
                        hint="remove it from reviews/",
                    )
                )
            elif entry.suffix in _SUFFIXES:
                reviews.append(entry)
    return Layout(where, manifest, tuple(reviews), single_file=False), problems
