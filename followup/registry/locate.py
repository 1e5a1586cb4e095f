"""Line and column for problems found by field path, read from the round-trip parse.

The fast read path does not keep positions; when a file has problems, it is read once
more with ruamel.yaml's round-trip loader and each problem's field path is looked up
there. A "quote it" hint then shows a number as it was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path as FsPath
from typing import Any

from followup.registry import yamlio
from followup.registry.report import Problem, Severity

__all__ = ["locate_problems"]


def locate_problems(
    problems: list[Problem],
    files: dict[str, FsPath],
    severities: set[Severity],
    texts: Mapping[FsPath, str],
) -> Iterator[Problem]:
    """Put line and column on problems that have a field path, one round-trip read per file."""
    wanted = {p.file for p in problems if p.severity in severities and p.line is None}
    documents: dict[str, Any] = {}
    lines: dict[str, list[str]] = {}
    for shown in wanted:
        path = files.get(shown or "")
        if path is None:
            continue
        try:
            text = texts[path] if path in texts else yamlio.decode(path.read_bytes())
        except (OSError, yamlio.ParseFailure):
            continue
        documents[shown or ""] = yamlio.parse_roundtrip(text)
        lines[shown or ""] = text.splitlines()
    for problem in problems:
        document = documents.get(problem.file or "")
        if document is None or problem.line is not None:
            yield problem
            continue
        position = yamlio.locate(document, problem.path, key=problem.code == "unknown-field")
        if position is None:
            yield problem
        else:
            hint = _as_written(problem.hint, lines.get(problem.file or "", []), position)
            yield Problem(
                problem.severity,
                problem.code,
                problem.message,
                problem.file,
                position[0],
                position[1],
                problem.path,
                hint,
            )


_NUMBER_TOKEN = re.compile(r"[-+.0-9][^\s,\]}#]*")
_QUOTED = re.compile(r'"[^"]*"')


def _as_written(hint: str | None, lines: list[str], position: tuple[int, int]) -> str | None:
    """A "quote it" hint shows the number as written (2025.10), not as read (2025.1)."""
    if not hint or "quote it" not in hint or not 0 < position[0] <= len(lines):
        return hint
    token = _NUMBER_TOKEN.match(lines[position[0] - 1], position[1] - 1)
    if token is None:
        return hint
    return _QUOTED.sub(lambda _m: f'"{token.group(0)}"', hint, count=1)
