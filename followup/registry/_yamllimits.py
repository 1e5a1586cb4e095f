"""What a YAML file may be before any parser reads it: its limits, its decoding.

The problems a file is refused for (:class:`YamlProblem`, raised in a
:class:`ParseFailure`), the limits on size, nesting and number of values, strict UTF-8
decoding (:func:`decode`) and the count of values from the text alone
(:func:`values_problem`). :mod:`followup.registry.yamlio` re-exports the public names.
"""

from __future__ import annotations

from attrs import frozen

from followup.registry import reading as _reading

__all__ = [
    "BYTES_PER_VALUE",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "VALUES_ALLOWED",
    "ParseFailure",
    "YamlProblem",
    "decode",
    "multiple_documents",
    "values_problem",
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


def values_problem(text: str) -> YamlProblem | None:
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


def multiple_documents(line: int | None, column: int | None) -> YamlProblem:
    """The problem of a second YAML document in a file, at its start."""
    return YamlProblem(
        "multiple-documents",
        "the file holds more than one YAML document",
        line,
        column,
        hint="remove the second '---' line: each file holds one document",
    )
