"""Reading an input file with one size limit, and only if it is a regular file.

Every read path of followup (load, locating problems, edit, migrate, import) reads
through here, so one limit holds everywhere: a file never brings more than
``limit + 1`` bytes into memory, whatever its size on disk (a sparse file of 8 GiB
costs nothing), and a FIFO, a device such as ``/dev/zero`` or a directory is refused
before a byte is read (opening a FIFO does not wait for a writer).

- :func:`read_bytes` returns at most ``limit + 1`` bytes: a caller that reports
  problems in place (the YAML reader says ``too-large`` with the file's name) sees that
  the file is over the limit without reading the rest.
- :func:`read_bounded` raises :class:`InputTooLarge` instead, for readers that have no
  report to put a problem in (the importers).
- :class:`NotRegularFile` is an :class:`OSError`, so every place that already says
  "cannot read the file" for a missing file says it for a FIFO too.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import IO

from followup.errors import FollowupError

__all__ = [
    "MAX_FILE_BYTES",
    "InputTooLarge",
    "NotRegularFile",
    "open_regular",
    "read_bounded",
    "read_bytes",
]

#: The largest file followup reads (64 MiB): a registry file, a UHRI export, a table.
MAX_FILE_BYTES = 64 * 1024 * 1024


class NotRegularFile(OSError):  # noqa: N818 (reads as the situation it names)
    """The path names a FIFO, a device, a socket or a directory, not a file."""


class InputTooLarge(FollowupError):  # noqa: N818 (reads as the situation it names)
    """A file is over the size limit; the message names the file and the limit."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _open_fd(path: str | os.PathLike[str]) -> int:
    """A descriptor of the regular file at ``path``, in blocking mode."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise NotRegularFile(errno.EISDIR, "is a directory, not a file", os.fspath(path)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(
                errno.EINVAL, f"is {_kind(mode)}, not a regular file", os.fspath(path)
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_regular(path: str | os.PathLike[str]) -> IO[bytes]:
    """The regular file at ``path`` opened for reading in binary, to be streamed (the
    caller bounds what it reads); :class:`NotRegularFile` for anything else."""
    return os.fdopen(_open_fd(path), "rb")


def read_bytes(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """At most ``limit + 1`` bytes of the regular file at ``path``.

    Raises :class:`NotRegularFile` (an :class:`OSError`) for anything but a regular
    file, and :class:`OSError` when it cannot be read.
    """
    fd = _open_fd(path)
    try:
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_bounded(
    path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES, *, what: str = "file"
) -> bytes:
    """The bytes of the regular file at ``path``; :class:`InputTooLarge` over ``limit``."""
    data = read_bytes(path, limit)
    if len(data) > limit:
        raise InputTooLarge(
            f"{Path(path)}: the {what} is larger than the limit of {limit:,} bytes; "
            "split it into smaller files"
        )
    return data
