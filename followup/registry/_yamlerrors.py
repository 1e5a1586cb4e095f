"""ruamel.yaml's errors as located problems with a hint, in the registry's words.

:func:`translate` turns a parser exception (syntax, duplicate key, tab indentation, tag,
second document, control character, recursion) into a :class:`YamlProblem`;
:func:`bad_date` finds the unquoted date-like value that is no calendar date, which the
safe loader reports only as a ``ValueError`` without a place.
"""

from __future__ import annotations

import datetime as dt
import re

from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.reader import ReaderError

from followup.registry._yamllimits import MAX_DEPTH, YamlProblem, multiple_documents

__all__ = ["bad_date", "translate"]


def _mark(exc: MarkedYAMLError) -> tuple[int | None, int | None]:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None, None
    return mark.line + 1, mark.column + 1


def _line_of(text: str, line: int | None) -> str:
    if line is None:
        return ""
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def translate(exc: BaseException, text: str) -> YamlProblem:
    """A ruamel.yaml exception as a located problem with a hint."""
    if isinstance(exc, DuplicateKeyError):
        line, column = _mark(exc)
        key = str(exc.problem).split('"')[1] if '"' in str(exc.problem) else "a key"
        return YamlProblem(
            "duplicate-key",
            f"duplicate key {key!r} in one mapping",
            line,
            column,
            hint="remove or rename one of the two; YAML keeps only one of them",
        )
    if isinstance(exc, MarkedYAMLError):
        line, column = _mark(exc)
        problem = str(exc.problem or exc.context or exc).strip()
        source_line = _line_of(text, line)
        if "\t" in source_line[: len(source_line) - len(source_line.lstrip())]:
            return YamlProblem(
                "tab-indentation",
                "a tab character is used for indentation",
                line,
                1,
                hint="indent with spaces only (set your editor to insert spaces for tabs)",
            )
        if "expected a single document" in str(exc):
            return multiple_documents(line, column)
        if "constructor for the tag" in str(exc):
            return YamlProblem(
                "yaml-tag",
                f"YAML tags are not allowed ({problem})",
                line,
                column,
                hint="remove the '!...' tag: registries hold plain data only",
            )
        return YamlProblem(
            "yaml-syntax",
            f"YAML syntax error: {problem}",
            line,
            column,
            hint="check the indentation and quoting on this line and the one before",
        )
    if isinstance(exc, RecursionError):
        return YamlProblem("too-deep", f"nesting deeper than {MAX_DEPTH} levels")
    if isinstance(exc, ReaderError):
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        return YamlProblem(
            "yaml-syntax",
            f"character {exc.character!r} is not allowed in YAML",
            line,
            column,
            hint="remove the control character (often pasted from a PDF or a word processor)",
        )
    return YamlProblem("yaml-syntax", f"YAML error: {exc}")


_DATE_TOKEN = re.compile(
    r"(?<![\w\"'.-])([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt ][0-9:.+\-Zz ]*)?(?![\w\"'-])"
)


def bad_date(text: str) -> YamlProblem | None:
    """The first unquoted date-like value that is no real date or time, located."""
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _DATE_TOKEN.finditer(line):
            year, month, day = (int(g) for g in match.groups())
            try:
                dt.date(year, month, day)
                if len(match.group(0)) > 10:
                    dt.datetime.fromisoformat(match.group(0).strip().replace("Z", "+00:00"))
            except ValueError:
                return YamlProblem(
                    "invalid-value",
                    f"{match.group(0).strip()!r} is not a calendar date",
                    number,
                    match.start() + 1,
                    hint="check day and month (YYYY-MM-DD)",
                )
    return None
