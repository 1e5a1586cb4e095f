"""Validation reports: every problem found, with its place, not just the first one."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from attrs import field, frozen

__all__ = [
    "MAX_PROBLEMS_PER_FILE",
    "Path",
    "Problem",
    "ProblemBudget",
    "Report",
    "Severity",
    "cap_problems",
    "format_path",
    "too_many_problems",
]

#: Problems listed per file; beyond them one ``too-many-problems`` says how many more.
MAX_PROBLEMS_PER_FILE = 200

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


def too_many_problems(
    file: str | None,
    more: int,
    *,
    unchecked: int = 0,
    severity: Severity = Severity.ERROR,
    path: Path = (),
) -> Problem:
    """The one problem standing for those not listed in ``file`` (``more`` of them;
    ``unchecked``: items not checked at all once the limit was reached)."""
    parts = []
    if more:
        parts.append(f"{more:,} more problem{'' if more == 1 else 's'} not listed")
    if unchecked:
        parts.append(f"{unchecked:,} more item{'' if unchecked == 1 else 's'} not checked")
    return Problem(
        severity,
        "too-many-problems",
        f"more than {MAX_PROBLEMS_PER_FILE} problems in this file: {' and '.join(parts)}",
        file,
        path=path,
        hint="fix the problems listed and validate again",
    )


_COUNTED = re.compile(r"([0-9,]+) more (problem|item)")


def _counts(summary: Problem) -> tuple[int, int]:
    """(more, unchecked) of a ``too-many-problems`` made by :func:`too_many_problems`."""
    more = unchecked = 0
    for number, what in _COUNTED.findall(summary.message):
        if what == "problem":
            more += int(number.replace(",", ""))
        else:
            unchecked += int(number.replace(",", ""))
    return more, unchecked


def cap_problems(problems: Iterable[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """The first ``limit`` problems of each file, in order, then, for a file that has
    more, one ``too-many-problems`` placed where the first one left out is (summaries
    made earlier, by :class:`ProblemBudget`, are merged into it)."""
    kept: list[Problem] = []
    budget = ProblemBudget(limit)
    for problem in problems:
        if problem.code == "too-many-problems":
            more, unchecked = _counts(problem)
            budget.drop(problem.file, more, problem.path, problem.severity)
            budget.skip(problem.file, unchecked, problem.path)
        elif budget.take(problem):
            kept.append(problem)
    return kept + budget.summaries()


class ProblemBudget:
    """Counts problems per file while they are found, so that a file with millions of
    them costs no more than its first :data:`MAX_PROBLEMS_PER_FILE`.

    ``take(problem)`` is true while the problem's file has room (keep the problem);
    ``drop`` counts problems not made, ``skip`` items not checked once a file had no
    room; ``summaries()`` gives one ``too-many-problems`` per file over the limit.
    """

    def __init__(self, limit: int = MAX_PROBLEMS_PER_FILE) -> None:
        self.limit = limit
        self._counts: dict[str | None, int] = {}
        # file -> [more, unchecked, path of the first left out, worst severity]
        self._over: dict[str | None, list[Any]] = {}

    def room(self, file: str | None) -> bool:
        """True while ``file`` has fewer than ``limit`` problems."""
        return self._counts.get(file, 0) < self.limit

    def left(self, file: str | None) -> int:
        """How many more problems of ``file`` may be kept."""
        return max(0, self.limit - self._counts.get(file, 0))

    def take(self, problem: Problem) -> bool:
        """Count ``problem``; true when it is to be kept."""
        if self.room(problem.file):
            self._counts[problem.file] = self._counts.get(problem.file, 0) + 1
            return True
        self.drop(problem.file, 1, problem.path, problem.severity)
        return False

    def _entry(self, file: str | None, path: Path) -> list[Any]:
        return self._over.setdefault(file, [0, 0, path, Severity.NOTICE])

    def drop(
        self, file: str | None, count: int, path: Path = (), severity: Severity = Severity.ERROR
    ) -> None:
        """Count ``count`` problems of ``file`` that are not kept."""
        if count > 0:
            entry = self._entry(file, path)
            entry[0] += count
            if _RANK[severity] < _RANK[entry[3]]:
                entry[3] = severity

    def skip(self, file: str | None, unchecked: int, path: Path = ()) -> None:
        """Count items of ``file`` left unchecked because it had no room (an error:
        they may hide errors)."""
        if unchecked > 0:
            entry = self._entry(file, path)
            entry[1] += unchecked
            entry[3] = Severity.ERROR

    def state(self, file: str | None) -> tuple[int, tuple[Any, ...] | None]:
        """What the budget holds for ``file``: problems kept, and what was left out."""
        over = self._over.get(file)
        return self._counts.get(file, 0), None if over is None else tuple(over)

    def restore(self, file: str | None, state: tuple[int, tuple[Any, ...] | None]) -> None:
        """Set what the budget holds for ``file`` to a :meth:`state` it gave."""
        count, over = state
        self._counts[file] = count
        if over is None:
            self._over.pop(file, None)
        else:
            self._over[file] = list(over)

    def summaries(self) -> list[Problem]:
        """One ``too-many-problems`` per file over the limit."""
        return [
            too_many_problems(file, more, unchecked=unchecked, severity=worst, path=path)
            for file, (more, unchecked, path, worst) in self._over.items()
        ]


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
