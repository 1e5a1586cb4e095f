"""One registry file's plain data: its bytes read within the limit, decoded, parsed (fast
path first, see ``yamlio``), its top-level shape and its format version checked.

:mod:`followup.registry.load` turns the data into model values and checks the whole.
"""

from __future__ import annotations

from pathlib import Path as FsPath
from typing import Any

from followup.registry import reading, yamlio
from followup.registry.report import Problem, Severity

__all__ = ["FORMAT_VERSION", "check_format", "read", "read_bytes", "shape"]

#: The newest registry format this followup reads (and the one it writes).
FORMAT_VERSION = 1

_ERROR = Severity.ERROR


def read_bytes(path: FsPath, shown: str) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes (never more than the size limit plus one into memory)."""
    try:
        return reading.read_bytes(path, yamlio.MAX_FILE_BYTES), []
    except OSError as exc:
        return None, [Problem(_ERROR, "not-found", f"cannot read the file: {exc.strerror}", shown)]


def read(
    path: FsPath, shown: str, fast: bool, text: str | None = None, raw: bytes | None = None
) -> tuple[Any, list[Problem]]:
    """The plain data of one file (or of ``text`` or the bytes ``raw`` given for it), or
    None and the problems that stopped it."""
    try:
        if text is None:
            if raw is None:
                raw, problems = read_bytes(path, shown)
                if raw is None:
                    return None, problems
            text = yamlio.decode(raw)
    except yamlio.ParseFailure as failure:
        p = failure.problem
        return None, [Problem(_ERROR, p.code, p.message, shown, p.line, p.column, hint=p.hint)]
    try:
        data = yamlio.parse(text, fast=fast)
    except yamlio.ParseFailure as failure:
        p = failure.problem
        return None, [Problem(_ERROR, p.code, p.message, shown, p.line, p.column, hint=p.hint)]
    return shape(data, shown)


def shape(data: Any, shown: str) -> tuple[Any, list[Problem]]:
    """``data`` if a file's data is a mapping, or None and the problem with it."""
    if data is None:
        return None, [
            Problem(
                _ERROR,
                "empty-file",
                "the file holds no data",
                shown,
                1,
                1,
                hint="start it with `followup: 1` (see docs/registry-format.md)",
            )
        ]
    if not isinstance(data, dict):
        return None, [
            Problem(
                _ERROR,
                "not-a-mapping",
                f"the file holds a {type(data).__name__}, not a mapping",
                shown,
                1,
                1,
                hint="a registry file is a mapping of `key: value` lines",
            )
        ]
    return data, []


def check_format(data: dict[str, Any], shown: str) -> list[Problem]:
    if "followup" not in data:
        return [
            Problem(
                _ERROR,
                "missing-format-version",
                "no format version (`followup:`)",
                shown,
                1,
                1,
                hint=f"add `followup: {FORMAT_VERSION}` as the first line",
            )
        ]
    version = data["followup"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return [
            Problem(
                _ERROR,
                "invalid-format-version",
                f"the format version must be a whole number, not {version!r}",
                shown,
                path=("followup",),
                hint=f"write `followup: {FORMAT_VERSION}`",
            )
        ]
    if version > FORMAT_VERSION:
        return [
            Problem(
                _ERROR,
                "unsupported-format-version",
                f"this registry is format {version}; this followup reads up to {FORMAT_VERSION}",
                shown,
                path=("followup",),
                hint="upgrade followup: pip install --upgrade followup",
            )
        ]
    return []
