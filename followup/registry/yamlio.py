"""Reading YAML from people and strangers: fast when a file is valid, precise when not.

The read path, per file:

1. bytes are checked for size and decoded as strict UTF-8 (a BOM is allowed);
2. a *fast parser* (the optional Rust-based ``yaml-rs``, see ``followup.registry.fastyaml``)
   reads the text when it is installed and the text has none of the constructs where it
   and ruamel.yaml could disagree;
3. otherwise, or when the fast parser refuses the text, ruamel.yaml's C-accelerated safe
   loader reads it, with the garbage collector paused (it halves the time);
4. before ruamel.yaml builds anything, a pass over its parser's events refuses anchors,
   aliases, tags, a second document and over-deep nesting (ruamel.yaml's C composer
   recurses, and a hostile file nested 100,000 deep would crash the process).

Before either parser, a file with more values (lines and list items) than its size
allows is refused (``too-many-values``): millions of tiny values cost any parser far
more memory than their bytes. Locating a problem inside a file that parsed is done by
:mod:`followup.registry.locate` from the parser's events; it runs only for files that
have problems.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib.util
import io
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from attrs import frozen
from ruamel.yaml import YAML
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.reader import ReaderError

from followup.registry import fastyaml
from followup.registry import reading as _reading

__all__ = [
    "BYTES_PER_VALUE",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "VALUES_ALLOWED",
    "ParseFailure",
    "YamlProblem",
    "c_loader_available",
    "decode",
    "gc_paused",
    "parse",
    "safe_load",
]

#: Largest file read, in bytes: registries split per review stay far below it (one
#: limit for every read path, defined in :mod:`followup.registry.reading`).
MAX_FILE_BYTES = _reading.MAX_FILE_BYTES
#: Deepest nesting of mappings and lists accepted (the format needs about 10).
MAX_DEPTH = 32
#: Lines and list items (line breaks plus commas) every file may hold; beyond them, at
#: most one per BYTES_PER_VALUE bytes of the file. Registry files hold one per 20-45
#: bytes; a file of millions of tiny values ("-" lines, "[{}, {}, ...]", 450,000 short
#: keys) would cost every parser 40 to 700 bytes of memory per value.
VALUES_ALLOWED = 50_000
BYTES_PER_VALUE = 16


@frozen
class YamlProblem:
    """A problem found while reading one file, before any model is built."""

    code: str
    message: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None


class ParseFailure(Exception):  # noqa: N818 (internal signal, always caught)
    """Raised by the reading functions; carries the :class:`YamlProblem`."""

    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def c_loader_available() -> bool:
    """True when ruamel.yaml's C extension is importable (the safe loader is 3-4x faster)."""
    return importlib.util.find_spec("_ruamel_yaml") is not None


_WARNED: list[bool] = []


def _warn_pure_python() -> None:
    if not _WARNED:
        _WARNED.append(True)
        warnings.warn(
            "ruamel.yaml's C extension is not installed, so YAML is read in pure Python "
            "(3-4x slower); install it with: pip install 'ruamel.yaml[oldlibyaml]'",
            RuntimeWarning,
            stacklevel=3,
        )


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (parsers build many small objects)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def decode(raw: bytes) -> str:
    """Strict UTF-8 (a leading BOM is dropped); ParseFailure names the bad byte's place."""
    if len(raw) > MAX_FILE_BYTES:
        raise ParseFailure(
            YamlProblem(
                "file-too-large",
                f"file is larger than the limit of {MAX_FILE_BYTES:,} bytes",
                hint="split the registry into one file per review",
            )
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
        before = raw[:start].decode("utf-8", errors="replace").removeprefix("\ufeff")
        lines = before.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        line, column = len(lines), len(lines[-1]) + 1
        raise ParseFailure(
            YamlProblem(
                "not-utf8",
                f"byte 0x{raw[start]:02x} at offset {start} is not valid UTF-8",
                line,
                column,
                hint="save the file as UTF-8 (in most editors: Save with encoding > UTF-8)",
            )
        ) from None
    return text.removeprefix("\ufeff")


def _safe_yaml() -> YAML:
    yaml = YAML(typ="safe", pure=not c_loader_available())
    if not c_loader_available():  # pragma: no cover - depends on the installation
        _warn_pure_python()
    return yaml


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


def _translate(exc: BaseException, text: str) -> YamlProblem:
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
            return YamlProblem(
                "multiple-documents",
                "the file holds more than one YAML document",
                line,
                column,
                hint="remove the second '---' line: each file holds one document",
            )
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


def _bad_date(text: str) -> YamlProblem | None:
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


def scan_events(text: str) -> YamlProblem | None:
    """The first anchor, alias, tag, second document or over-deep nesting, if any.

    Walks the parser's events (no objects are built, so a "billion laughs" file costs
    only its own length).
    """
    yaml = _safe_yaml()
    depth = 0
    documents = 0
    try:
        for event in yaml.parse(io.StringIO(text)):
            mark = event.start_mark
            line = mark.line + 1 if mark is not None else None
            column = mark.column + 1 if mark is not None else None
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return YamlProblem(
                        "multiple-documents",
                        "the file holds more than one YAML document",
                        line,
                        column,
                        hint="remove the second '---' line: each file holds one document",
                    )
            if isinstance(event, AliasEvent):
                return YamlProblem(
                    "yaml-alias",
                    f"YAML alias '*{event.anchor}' is not allowed",
                    line,
                    column,
                    hint="write the value out in full: registries use no anchors or aliases",
                )
            if isinstance(event, NodeEvent) and event.anchor is not None:
                return YamlProblem(
                    "yaml-alias",
                    f"YAML anchor '&{event.anchor}' is not allowed",
                    line,
                    column,
                    hint="remove the anchor: registries use no anchors or aliases",
                )
            tag = getattr(event, "tag", None)
            if isinstance(event, ScalarEvent | CollectionStartEvent) and tag not in (None, "!"):
                return YamlProblem(
                    "yaml-tag",
                    f"YAML tag {tag!r} is not allowed",
                    line,
                    column,
                    hint="remove the tag: registries hold plain data only",
                )
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return YamlProblem(
                        "too-deep",
                        f"nesting deeper than {MAX_DEPTH} levels",
                        line,
                        column,
                        hint="a registry needs about 10 levels; this file is not a registry",
                    )
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError as exc:
        return _translate(exc, text)
    return None


def _max_depth_ok(data: Any) -> bool:
    """True when ``data`` nests no deeper than MAX_DEPTH and shares no containers."""
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth >= MAX_DEPTH or id(node) in seen:
                return False
            seen.add(id(node))
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return True


def safe_load(text: str) -> Any:
    """Parse with ruamel.yaml's safe loader only (the reference the fast path must match).

    Anchors, aliases, tags, several documents and deep nesting raise ParseFailure.
    """
    # The event pass is iterative: it finds what the C composer would crash on (very
    # deep nesting) or what the format refuses (aliases, tags) before anything is built.
    problem = scan_events(text)
    if problem is not None:
        raise ParseFailure(problem)
    try:
        with gc_paused():
            data = _safe_yaml().load(text)
    except (YAMLError, RecursionError) as exc:
        problem = scan_events(text) if isinstance(exc, RecursionError) else None
        raise ParseFailure(problem or _translate(exc, text)) from None
    except (ValueError, TypeError, OverflowError) as exc:
        # e.g. a timestamp such as 2025-02-30 that is no calendar date
        raise ParseFailure(
            _bad_date(text) or YamlProblem("yaml-syntax", f"unreadable value: {exc}")
        ) from None
    if not _max_depth_ok(data):
        raise ParseFailure(scan_events(text) or YamlProblem("too-deep", "nesting too deep"))
    return data


def _values_problem(text: str) -> YamlProblem | None:
    """``too-many-values`` where a file has more values than its size allows, or None.

    Counted from the text alone (line breaks and commas), the same for every parser.
    """
    breaks = "\n" if "\n" in text else "\r"
    limit = VALUES_ALLOWED + len(text) // BYTES_PER_VALUE
    if text.count(breaks) + text.count(",") <= limit:
        return None
    seen, at, chunk = 0, 0, 1 << 16
    while True:  # the 64 KiB chunk where the count passes the limit, then its character
        counted = text.count(breaks, at, at + chunk) + text.count(",", at, at + chunk)
        if seen + counted > limit:
            break
        seen, at = seen + counted, at + chunk
    while True:
        if text[at] in (breaks, ","):
            seen += 1
            if seen > limit:
                break
        at += 1
    line_start = text.rfind(breaks, 0, at) + 1
    return YamlProblem(
        "too-many-values",
        f"more than {limit:,} values (lines and list items) in a file of {len(text):,} "
        f"characters: at most {VALUES_ALLOWED:,}, then one per {BYTES_PER_VALUE} characters",
        text.count(breaks, 0, at) + 1,
        at - line_start + 1,
        hint="a registry file holds one value per 20 to 45 characters; "
        "this one is not a registry, or split it into one file per review",
    )


def parse(text: str, *, fast: bool = True) -> Any:
    """Plain data (dicts, lists, str, int, float, bool, None, date) from YAML text.

    Uses the fast parser when it is installed, ``fast`` is true and the text is one it
    reads exactly as ruamel.yaml would; ruamel.yaml's safe loader otherwise. A text
    with more values than its size allows (:data:`VALUES_ALLOWED`,
    :data:`BYTES_PER_VALUE`) is refused first, whatever the parser.
    """
    problem = _values_problem(text)
    if problem is not None:
        raise ParseFailure(problem)
    if fast and fastyaml.available():
        with gc_paused():
            data = fastyaml.parse(text)
        if data is not fastyaml.DECLINED:
            return data
    return safe_load(text)
