"""Validation reports: every problem found, with its place, not just the first one."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from attrs import field, frozen

__all__ = ["Path", "Problem", "Report", "Severity", "format_path"]

#: A field path inside one file: keys and list indices from the document root.
Path = tuple[str | int, ...]


class Severity(StrEnum):
    """How bad a problem is: errors stop loading; warnings and notices do not."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTICE: 2}


def _as_path(parts: Iterable[str | int]) -> Path:
    return tuple(parts)


def format_path(path: Path) -> str:
    """``("recommendations", 3, "history", 1, "date")`` -> ``recommendations[3].history[1]...``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@frozen
class Problem:
    """One thing wrong (or worth knowing) about a registry, with its place.

    ``line`` and ``column`` are 1-based; ``path`` is the field path inside ``file``.
    """

    severity: Severity
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: Path = field(default=(), converter=_as_path)
    hint: str | None = None

    @property
    def location(self) -> str:
        """``file:line:col`` (as much of it as is known)."""
        parts = [self.file or "<registry>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def to_text(self) -> str:
        """Compiler-style text: ``file:line:col: error[code]: message`` plus a hint line."""
        where = f" (at {format_path(self.path)})" if self.path else ""
        text = f"{self.location}: {self.severity}[{self.code}]: {self.message}{where}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": format_path(self.path),
            "hint": self.hint,
        }


def _sort_key(p: Problem) -> tuple[Any, ...]:
    return (p.file or "", p.line or 0, p.column or 0, _RANK[p.severity], p.code)


def _sorted(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(problems, key=_sort_key))


@frozen
class Report:
    """Every problem found in a registry, sorted by file and line."""

    problems: tuple[Problem, ...] = field(default=(), converter=_sorted)

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> Report:
        """A report of these problems."""
        return cls(tuple(problems))

    def _with(self, severity: Severity) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is severity)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Problems that stop a registry from loading."""
        return self._with(Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems worth fixing that do not stop loading."""
        return self._with(Severity.WARNING)

    @property
    def notices(self) -> tuple[Problem, ...]:
        """Things to know before publishing, such as unverified facts."""
        return self._with(Severity.NOTICE)

    @property
    def ok(self) -> bool:
        """True when there is no error."""
        return not self.errors

    def codes(self) -> Sequence[str]:
        """The codes of all problems, in report order (handy in tests)."""
        return [p.code for p in self.problems]

    def summary(self) -> str:
        """``2 errors, 1 warning, 5 notices``."""

        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        return ", ".join(
            [
                n(len(self.errors), "error"),
                n(len(self.warnings), "warning"),
                n(len(self.notices), "notice"),
            ]
        )

    def to_text(self) -> str:
        """Compiler-style lines for every problem, then a summary line."""
        lines = [p.to_text() for p in self.problems]
        lines.append(self.summary())
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with counts and problems."""
        return {
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "notices": len(self.notices),
            "problems": [p.as_dict() for p in self.problems],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON text."""
        return json.dumps(self.as_dict(), indent=indent, ensure_ascii=False)

    def __add__(self, other: Report) -> Report:
        return Report(self.problems + other.problems)
