"""Tables for spreadsheets: CSV that Excel opens right, XLSX, and no formula ever run.

A spreadsheet treats a cell whose text begins with ``=``, ``+``, ``-`` or ``@`` as a
formula, and a formula can fetch a web address with the sheet's data or start a
program. A registry's texts come from many hands (imports, partners' notes), so every
*text* cell written here goes through :func:`neutralise` first, as OWASP's advice on
CSV injection says: a text beginning with one of those characters, a tab, a carriage
return, a line feed or a NUL gets a leading single quote (``'=1+2``), which makes a
spreadsheet show it as text. The quote is added to the data itself, in CSV and in XLSX
alike: an XLSX string cell is not a formula when opened, but it becomes one when
someone edits it or saves the sheet as CSV, and the quote stops that too.

What counts as text is decided by the cell's Python type, which is the column's type
(the rows of :func:`followup.interop.export.rows` keep one type per column):

- ``str``, lists (joined with ``"; "``) and anything else shown through ``str()`` are
  text, always neutralised, even when they look like a number: ``"-0.25"`` in a text
  column becomes ``'-0.25``.
- Numbers (``int``, ``float``, :class:`~decimal.Decimal`, not ``bool``) are data and
  never neutralised: ``-0.25`` is written as a number (in CSV as ``-0.25``, which a
  spreadsheet reads as the number). An infinite or NaN float, which Excel cannot hold,
  is written as text.
- Dates are ISO 8601 text in CSV and real dates (a date number format) in XLSX; a
  date known only to the month or the year (:class:`~followup.model.dates.PartialDate`)
  is ``2025-05`` or ``2017`` in CSV and in XLSX the date of its last day (the day
  followup counts it from) shown with the format ``yyyy-mm`` or ``yyyy``;
  ``None`` is an empty cell; ``True``/``False`` are ``true``/``false`` in CSV and
  booleans in XLSX.

:func:`write_csv` writes UTF-8 with a byte-order mark by default, so that Excel shows
Cyrillic, Arabic or Chinese text instead of mojibake, and CRLF line ends (RFC 4180).
:func:`write_xlsx` needs the ``xlsx`` extra (openpyxl). Files are written atomically and
never through a symbolic link (:mod:`followup.registry.outputs`).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import itertools
import math
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, TextIO, TypeAlias, cast

from followup.errors import FollowupError
from followup.model.dates import PartialDate
from followup.registry.outputs import check_output, write_output

__all__ = [
    "FORMULA_STARTS",
    "MAX_XLSX_CELL",
    "MAX_XLSX_ROWS",
    "XLSX_EXTRA",
    "Row",
    "neutralise",
    "write_csv",
    "write_xlsx",
]

#: First characters that make a spreadsheet read a cell as a formula (or that can hide
#: one): OWASP's list (``=``, ``+``, ``-``, ``@``, tab, carriage return) with line feed
#: and NUL added.
FORMULA_STARTS = frozenset("=+-@\t\r\n\0")
#: The most characters Excel keeps in one cell.
MAX_XLSX_CELL = 32_767
#: The most rows of an Excel worksheet (the header row included).
MAX_XLSX_ROWS = 1_048_576
XLSX_EXTRA = "pip install 'followup[xlsx]'"
LIST_SEPARATOR = "; "

#: A row: a mapping keyed by column name (a missing key is an empty cell), or the
#: cells in column order.
Row: TypeAlias = Mapping[str, Any] | Sequence[Any]

_WIDTH_SAMPLE = 200  # rows looked at to size the columns of a sheet
_MIN_WIDTH, _MAX_WIDTH = 6, 60
# Characters XML 1.0 (and so XLSX) cannot hold: C0 controls but tab, LF and CR, lone
# surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BAD_SHEET_CHARS = frozenset(":\\/?*[]")


def neutralise(value: str) -> str:
    """``value`` with a leading single quote when it begins with a character in
    :data:`FORMULA_STARTS`, so that a spreadsheet shows it as text and never runs it
    as a formula; any other text is returned unchanged (``neutralise`` of its own
    result changes nothing more). For text cells only: numbers are written as numbers.
    """
    if value and value[0] in FORMULA_STARTS:
        return "'" + value
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _finite(value: Any) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def _as_text(value: Any) -> str:
    """The neutralised text of a cell that is not a number, a date, a boolean or empty."""
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return neutralise(LIST_SEPARATOR.join("" if v is None else str(v) for v in items))
    return neutralise(str(value))


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_number(value) and _finite(value):
        return str(value)
    if isinstance(value, dt.date):  # datetime too
        return value.isoformat()
    return _as_text(value)


def _cells(columns: Sequence[str], row: Row) -> Iterator[Any]:
    if isinstance(row, Mapping):
        return (row.get(name) for name in columns)
    return iter(row)


def _write_csv_rows(
    handle: TextIO, columns: Sequence[str], rows: Iterable[Row], *, bom: bool
) -> int:
    if bom:
        handle.write("\ufeff")
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow([neutralise(name) for name in columns])
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(value) for value in _cells(columns, row)])
        count += 1
    return count


def write_csv(
    path_or_stream: str | os.PathLike[str] | BinaryIO | TextIO,
    columns: Sequence[str],
    rows: Iterable[Row],
    *,
    bom: bool = True,
) -> int:
    """Write ``rows`` under a header of ``columns`` as CSV; return the number of rows.

    UTF-8 with a byte-order mark unless ``bom=False``, CRLF line ends, fields quoted
    when they need it (RFC 4180), text cells neutralised (:func:`neutralise`; numbers,
    dates and booleans are not text, see the module's documentation). A path is written
    atomically and never through a symbolic link (:class:`~followup.registry.outputs.
    UnsafeOutput`); a binary stream gets UTF-8 bytes; a text stream gets the text (and
    the byte-order mark as U+FEFF) in its own encoding, and should be opened with
    ``newline=""`` so that CRLF is not translated again. Streams are left open.
    """
    if isinstance(path_or_stream, str | os.PathLike):
        target = check_output(path_or_stream)  # a link is refused before any work
        buffer = io.BytesIO()
        wrapper = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
        count = _write_csv_rows(wrapper, columns, rows, bom=bom)
        wrapper.flush()
        data = buffer.getvalue()
        wrapper.detach()
        _write_file(target, data)
        return count
    if isinstance(path_or_stream, io.TextIOBase):
        return _write_csv_rows(cast(TextIO, path_or_stream), columns, rows, bom=bom)
    binary = cast(BinaryIO, path_or_stream)
    text = io.TextIOWrapper(binary, encoding="utf-8", newline="", write_through=True)
    try:
        return _write_csv_rows(text, columns, rows, bom=bom)
    finally:
        text.flush()
        text.detach()  # the caller's stream stays open


def _write_file(target: Path, data: bytes) -> None:
    try:
        write_output(target, data)
    except OSError as exc:
        raise FollowupError(f"cannot write {target}: {exc.strerror or exc}") from None


# --- XLSX -------------------------------------------------------------------------------


def _check_sheet_names(names: Sequence[str]) -> None:
    seen: set[str] = set()
    for name in names:
        bad = sorted(set(name) & _BAD_SHEET_CHARS)
        if not name or len(name) > 31 or bad or name[0] == "'" or name[-1] == "'":
            raise FollowupError(
                f"cannot name a worksheet {name!r}: a sheet name has 1 to 31 characters, "
                "none of : \\ / ? * [ ], and does not begin or end with an apostrophe"
            )
        if name.casefold() in seen:
            raise FollowupError(
                f"two worksheets named {name!r} (Excel ignores case): give each table its own name"
            )
        seen.add(name.casefold())


class _TooLongError(Exception):
    """A text longer than an Excel cell holds (located by the caller)."""


def _xlsx_text(value: Any) -> str:
    text = _NOT_XML.sub("\ufffd", _as_text(value))
    if len(text) > MAX_XLSX_CELL:
        raise _TooLongError(len(text))
    return text


def _xlsx_cell(value: Any, make: Callable[[Any], Any]) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if _is_number(value) and _finite(value):
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:  # Excel has no time zones: the time in UTC
            return value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, PartialDate):  # its last day, shown as known: 2025-05 or 2017
        cell = make(value.last_day)
        cell.number_format = "yyyy" if value.precision == "year" else "yyyy-mm"
        return cell
    if isinstance(value, dt.date):
        return value
    return _xlsx_text(value)


def _display_width(value: Any) -> int:
    """About how many character widths ``value`` takes in a cell (its longest line;
    wide East Asian characters count twice)."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 19
    if isinstance(value, dt.date):
        return 10
    text = value if isinstance(value, str) else str(value)
    longest = 0
    for line in text.splitlines() or [""]:
        width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
        longest = max(longest, width)
    return longest


def _column_letter(index: int) -> str:
    """The letters of the 1-based column ``index`` (1 -> A, 27 -> AA)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _xlsx_row(
    sheet: str, columns: Sequence[str], number: int, row: Row, make: Callable[[Any], Any]
) -> list[Any]:
    """The cells of ``row``, the ``number``-th row of ``sheet`` as Excel counts;
    ``make(value)`` makes a cell that can take a number format."""
    try:
        return [_xlsx_cell(value, make) for value in _cells(columns, row)]
    except _TooLongError:
        pass
    for index, value in enumerate(_cells(columns, row)):  # find the cell to name it
        try:
            _xlsx_cell(value, make)
        except _TooLongError as exc:
            column = columns[index] if index < len(columns) else _column_letter(index + 1)
            raise FollowupError(
                f"sheet {sheet!r}, row {number}, column {column!r}: {exc.args[0]} "
                f"characters, more than the {MAX_XLSX_CELL} an Excel cell holds; export "
                "this table as CSV or Parquet instead"
            ) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _write_sheet(
    book: Any, name: str, columns: Sequence[str], rows: Iterable[Row], *, cell_type: Any
) -> None:
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    sheet = book.create_sheet(title=name)

    def make(value: Any) -> Any:
        return cell_type(sheet, value=value)

    converted = (_xlsx_row(name, columns, number, row, make) for number, row in enumerate(rows, 2))
    head: list[list[Any]] = []
    for values in converted:  # the first rows size the columns: set before writing
        head.append(values)
        if len(head) >= _WIDTH_SAMPLE:
            break
    header = [neutralise(column) for column in columns]
    for index, title in enumerate(header, start=1):
        widest = max(
            [
                _display_width(title) + 2,
                *(_display_width(r[index - 1]) for r in head if index <= len(r)),
            ]
        )
        width = min(max(widest + 1, _MIN_WIDTH), _MAX_WIDTH)
        sheet.column_dimensions[_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for title in header:
        cell = make(title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 1
    for values in itertools.chain(head, converted):
        count += 1
        if count > MAX_XLSX_ROWS:
            raise FollowupError(
                f"sheet {name!r}: more than {MAX_XLSX_ROWS - 1} rows, the most an Excel "
                "worksheet holds; export this table as CSV or Parquet instead"
            )
        sheet.append(values)


def _discard(book: Any) -> None:
    """Close the sheets of an unfinished write-only workbook and remove the temporary
    files openpyxl streams them to (else they stay until the program ends)."""
    for sheet in book.worksheets:
        with contextlib.suppress(Exception):
            if not sheet.closed:
                sheet.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()


def write_xlsx(
    path: str | os.PathLike[str], tables: Sequence[tuple[str, Sequence[str], Iterable[Row]]]
) -> Path:
    """Write an Excel workbook with one worksheet per ``(sheet name, columns, rows)``.

    Each sheet has a bold header row, frozen so that it stays in view (``A2``), columns
    sized to their first rows' contents, dates as Excel dates (``yyyy-mm-dd``), numbers
    as numbers, lists joined with ``"; "`` and every text cell neutralised
    (:func:`neutralise`); characters XML cannot hold become U+FFFD. Rows are streamed
    (openpyxl's write-only mode) and the file is written atomically, never through a
    symbolic link. Needs openpyxl (``pip install 'followup[xlsx]'``). Raises
    :class:`~followup.FollowupError` for a bad or repeated sheet name, a cell longer
    than Excel holds or a table with more rows than a worksheet holds; nothing is
    written then. Returns the path.
    """
    target = check_output(path)  # a link is refused before any work
    _check_sheet_names([name for name, _columns, _rows in tables])
    try:
        from openpyxl import Workbook  # type: ignore[import-untyped]
        from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    except ImportError:
        raise FollowupError(f"XLSX export needs openpyxl: {XLSX_EXTRA}") from None
    book = Workbook(write_only=True)
    buffer = io.BytesIO()
    try:
        for name, columns, rows in tables:
            _write_sheet(book, name, columns, rows, cell_type=WriteOnlyCell)
        if not tables:  # a workbook needs a sheet
            book.create_sheet(title="empty")
        book.save(buffer)
    except BaseException:
        _discard(book)
        raise
    _write_file(target, buffer.getvalue())
    return target
