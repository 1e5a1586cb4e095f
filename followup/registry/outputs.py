"""Writing an output file (a scorecard, an export, a chart, the schema) safely.

Every file followup writes that is not a registry file goes through
:func:`write_output`:

- **A symbolic link at the output path is refused, never followed.** Someone who can
  put a link named like a scorecard in the output directory (a shared folder, a checked
  out repository) would otherwise make followup overwrite the file the link points to,
  wherever it is. :class:`UnsafeOutput` names the link and says to remove it or to
  choose another path. A link made after the check, in the moment before the file is
  moved into place, is replaced itself: the rename that puts the new file in place
  never follows a link, so the link's target is never written.
- **The file appears whole or not at all.** The bytes go to a new temporary file in
  the same directory, created exclusively and without following links
  (``O_CREAT | O_EXCL | O_NOFOLLOW``), flushed and fsynced, then renamed over the
  output path (an atomic step on POSIX file systems); the directory is fsynced after.
  On any failure the temporary file is removed, and the error names the output path,
  never the temporary file.
- A directory, a FIFO or a device at the output path is refused with a message.
- The file's mode bits: those of the file it replaces, else what ``open()`` would give
  a new file (``0o666`` less the umask), or exactly ``mode`` when given (the review
  cache writes ``0o600``).

Directories named in the path (``out/`` in ``out/card.html``) are the caller's choice
and are followed as the operating system follows them.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from followup.errors import FollowupError
from followup.registry.safefile import fsync_directory

__all__ = [
    "UnsafeOutput",
    "check_folder",
    "check_output",
    "check_outputs",
    "output_path",
    "write_folder",
    "write_output",
]

_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class UnsafeOutput(FollowupError):  # noqa: N818 (reads as the situation it names)
    """The output path is a symbolic link or not a regular file: nothing was written."""


def _refusal(path: Path, mode: int) -> UnsafeOutput | None:
    if stat.S_ISLNK(mode):
        try:
            target = f" (to {path.readlink()})"
        except OSError:  # pragma: no cover - removed meanwhile
            target = ""
        return UnsafeOutput(
            f"{path} is a symbolic link{target}: followup does not write through links, "
            "so that the file it points to is never replaced; remove the link, or give "
            "another output path"
        )
    if stat.S_ISDIR(mode):
        return UnsafeOutput(f"{path} is a directory: give the name of a file to write")
    if not stat.S_ISREG(mode):
        return UnsafeOutput(
            f"{path} is not a regular file (a FIFO, a device or a socket): give the name "
            "of a file to write"
        )
    return None


def check_output(path: str | os.PathLike[str]) -> Path:
    """``path`` as a :class:`~pathlib.Path` if a file may be written there (nothing there
    yet, or a regular file); :class:`UnsafeOutput` for a link, a directory, a FIFO or a
    device. Writers of several files check them all before writing the first."""
    target = Path(path)
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return target
    refusal = _refusal(target, mode)
    if refusal is not None:
        raise refusal
    return target


def check_outputs(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """:func:`check_output` for each of ``paths``, before any is written."""
    return [check_output(path) for path in paths]


def _temporary(directory: Path, name: str, mode: int) -> tuple[int, Path]:
    for _attempt in range(100):
        candidate = directory / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(candidate, _FLAGS, mode), candidate
        except FileExistsError:  # pragma: no cover - 32 random bits clashed
            continue
    raise FileExistsError(
        errno.EEXIST, "no free temporary name", str(directory)
    )  # pragma: no cover


def _replaced_mode(target: Path) -> int | None:
    """The mode bits of the regular file at ``target`` (None if nothing is there), after
    :func:`check_output` has refused a link, a directory or a special file."""
    try:
        info = target.lstat()
    except FileNotFoundError:
        return None
    check_output(target)
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else None


def _new_temporary(target: Path, mode: int | None) -> tuple[int, Path]:
    try:
        return _temporary(target.parent, target.name, 0o600 if mode is not None else 0o666)
    except OSError as exc:  # name the folder the user gave, not a temporary file
        raise type(exc)(exc.errno, exc.strerror, str(target.parent)) from None


def write_output(path: str | os.PathLike[str], data: bytes, *, mode: int | None = None) -> Path:
    """Write ``data`` to the file ``path`` atomically, never through a symbolic link.

    See the module's documentation. Raises :class:`UnsafeOutput` (a
    :class:`~followup.FollowupError`) when ``path`` is a link, a directory or a special
    file, and :class:`OSError` naming ``path`` when the file cannot be written. Returns
    ``path``.
    """
    target = Path(path)
    old = _replaced_mode(target)
    fd, temporary = _new_temporary(target, mode)
    try:
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                final = mode if mode is not None else old
                if final is not None and hasattr(os, "fchmod"):
                    os.fchmod(handle.fileno(), final)
                os.fsync(handle.fileno())
            temporary.replace(target)  # replaces a link itself, never its target
        except OSError as exc:
            raise type(exc)(exc.errno, exc.strerror, str(target)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    fsync_directory(target.parent)
    return target


@contextlib.contextmanager
def output_path(path: str | os.PathLike[str], *, mode: int | None = None) -> Iterator[Path]:
    """For a writer that needs a file name rather than bytes (a database): the path of a
    new, empty temporary file beside ``path`` to fill within the ``with`` block. When
    the block ends, the file is fsynced and renamed over ``path``, whole, with the same
    guarantees as :func:`write_output` (a link at ``path`` refused, never followed); if
    the block raises, the temporary file is removed and ``path`` left as it was."""
    target = Path(path)
    old = _replaced_mode(target)
    fd, temporary = _new_temporary(target, mode)
    os.close(fd)
    try:
        yield temporary
        try:
            final = mode if mode is not None else old
            if final is not None:
                temporary.chmod(final)
            with temporary.open("rb+") as handle:
                os.fsync(handle.fileno())
            temporary.replace(target)  # replaces a link itself, never its target
        except OSError as exc:
            raise type(exc)(exc.errno, exc.strerror, str(target)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    fsync_directory(target.parent)


def check_folder(
    directory: str | os.PathLike[str], names: Iterable[str], *, what: str, hint: str = ""
) -> Path:
    """``directory`` as a :class:`~pathlib.Path` if the files ``names`` may be written in
    it (it is a directory or can be made in an existing parent, and no name is a link
    or a special file); a :class:`~followup.FollowupError` naming ``what`` (``"Parquet
    dataset"``) otherwise, with ``hint`` when ``directory`` is not a directory."""
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise FollowupError(
            f"cannot write the {what} to {folder}: it is not a directory" + (hint and f"; {hint}")
        )
    if not folder.parent.is_dir():
        raise FollowupError(f"cannot write {folder}: no directory {folder.parent}")
    check_outputs(folder / name for name in names)
    return folder


def write_folder(
    directory: str | os.PathLike[str], files: Mapping[str, bytes], *, what: str, hint: str = ""
) -> list[Path]:
    """Write ``files`` (name -> bytes) into ``directory``, made if missing: every path is
    checked (:func:`check_folder`) before the first file is written, and each file is
    written whole by :func:`write_output`. Returns the paths written."""
    folder = check_folder(directory, files, what=what, hint=hint)
    try:
        folder.mkdir(exist_ok=True)
        return [write_output(folder / name, data) for name, data in files.items()]
    except OSError as exc:
        raise FollowupError(f"cannot write {folder}: {exc.strerror or exc}") from None
