"""Structuring errors as located problems: what a bad value in a file is reported as.

The converter's hooks (:mod:`followup.registry.convert`) raise :class:`FieldError` for a
value with its own code and hint (:func:`type_error` words a value of the wrong type,
as :func:`kind_of` describes it), and record a list's unchecked tail as
:class:`Unchecked`; cattrs gathers them in nested validation errors.
:func:`problems_from` walks those errors down to each failing value's field path and
turns every one into a :class:`~followup.registry.report.Problem`, within the file's
problem budget.
"""

from __future__ import annotations

import datetime as dt
import difflib
import heapq
from collections.abc import Iterator
from typing import Any

import attrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from followup.model.records import Recommendation
from followup.registry.report import Path, Problem, ProblemBudget, Severity

__all__ = ["FieldError", "Unchecked", "kind_of", "problems_from", "type_error"]


class Unchecked(Exception):  # noqa: N818 (internal signal, turned into a summary)
    """Items of a list left unchecked after its first MAX_PROBLEMS_PER_FILE errors."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} items not checked")
        self.count = count


class FieldError(ValueError):
    """A value problem with its own code and hint (``invalid-value`` by default)."""

    def __init__(self, message: str, code: str = "invalid-value", hint: str | None = None):
        super().__init__(message)
        self.code, self.hint = code, hint


def kind_of(value: Any) -> str:
    """What a found value is, in words (``a number (3)``, ``a mapping``), for messages."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, dt.datetime):
        return f"a date-time ({value.isoformat()})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, str):
        return f"text ({value[:40]!r})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def type_error(expected: str, value: Any, hint: str | None = None) -> FieldError:
    """An ``invalid-type`` :class:`FieldError`: ``expected ..., found ...``."""
    return FieldError(f"expected {expected}, found {kind_of(value)}", "invalid-type", hint)


def _known_fields(cls: Any) -> list[str]:
    if isinstance(cls, type) and attrs.has(cls):
        hidden = {"review"} if cls is Recommendation else set()
        return [a.name for a in attrs.fields(cls) if a.name not in hidden]
    return []


def _walk(exc: BaseException, path: Path, cls: Any) -> Iterator[tuple[BaseException, Path, Any]]:
    if isinstance(exc, ClassValidationError | IterableValidationError):
        for sub in exc.exceptions:
            notes = [
                n
                for n in getattr(sub, "__notes__", [])
                if hasattr(n, "name") or hasattr(n, "index")
            ]
            if notes:
                note = notes[-1]
                step: str | int = note.name if hasattr(note, "name") else note.index
                yield from _walk(sub, (*path, step), getattr(exc, "cl", cls))
            else:
                yield from _walk(sub, path, getattr(exc, "cl", cls))
    else:
        yield exc, path, cls


def problems_from(
    exc: BaseException,
    file: str | None,
    root: Path,
    cls: Any,
    budget: ProblemBudget | None = None,
) -> list[Problem]:
    """Located-later problems (file and field path) from a structuring exception.

    At most the ``budget``'s room for ``file`` is made into problems, the rest only
    counted (without a budget: at most :data:`MAX_PROBLEMS_PER_FILE`, then one
    ``too-many-problems``).
    """
    own = budget if budget is not None else ProblemBudget()
    out: list[Problem] = []

    def add(problem: Problem) -> None:
        if own.take(problem):
            out.append(problem)

    for leaf, path, _owner in _walk(exc, (), cls):
        full = (*root, *path)
        if isinstance(leaf, Unchecked):
            own.skip(file, leaf.count, full)
        elif isinstance(leaf, ForbiddenExtraKeysError):
            known = _known_fields(leaf.cl)
            # the first keys in order, and the first left out (not a sort of 450,000)
            first = heapq.nsmallest(own.left(file) + 1, leaf.extra_fields, key=str)
            for index, key in enumerate(first):
                if not own.room(file):
                    own.drop(file, len(leaf.extra_fields) - index, (*full, key))
                    break
                near = difflib.get_close_matches(str(key), known, n=1)
                hint = (
                    f"did you mean `{near[0]}`?"
                    if near
                    else f"known fields here: {', '.join(known)}"
                )
                add(
                    Problem(
                        Severity.ERROR,
                        "unknown-field",
                        f"unknown field {key!r}",
                        file,
                        path=(*full, key),
                        hint=hint,
                    )
                )
        elif isinstance(leaf, KeyError):
            name = leaf.args[0] if leaf.args else "?"
            add(
                Problem(
                    Severity.ERROR,
                    "missing-field",
                    f"required field {name!r} is missing",
                    file,
                    path=full,
                    hint=f"add `{name}:` here",
                )
            )
        elif isinstance(leaf, FieldError):
            add(Problem(Severity.ERROR, leaf.code, str(leaf), file, path=full, hint=leaf.hint))
        elif isinstance(leaf, TypeError):
            add(Problem(Severity.ERROR, "invalid-type", str(leaf), file, path=full))
        elif isinstance(leaf, ValueError):
            add(Problem(Severity.ERROR, "invalid-value", str(leaf), file, path=full))
        else:  # pragma: no cover - a bug in a hook, reported rather than hidden
            add(
                Problem(
                    Severity.ERROR,
                    "invalid-value",
                    f"{type(leaf).__name__}: {leaf}",
                    file,
                    path=full,
                )
            )
    if budget is None:
        out.extend(own.summaries())
    return out
