"""Reading a table (CSV or XLSX) one row at a time, within bounds.

:func:`open_table` reads the file through :mod:`followup.registry.reading` (a regular
file of at most 64 MiB) and gives its header and an iterator of ``(row number, cells)``
(the header is row 1; blank rows are left out, row numbers keep counting them): rows are
read and handed over one by one, so memory does not grow with the number of rows
beyond the file's own bytes. A file that a hostile or broken program made is refused
with its name and, where it applies, the sheet and row:

- CSV: not UTF-8 (byte and line), a cell over the csv module's limit, a line of more
  than :data:`MAX_COLUMNS` cells;
- XLSX: not a zip or truncated, parts that declare more than :data:`MAX_XML_BYTES`
  once unpacked (a "zip bomb"), XML with a document type declaration (entities can
  expand a few bytes into gigabytes), rows past Excel's last row, a header of more
  than :data:`MAX_COLUMNS` columns, anything openpyxl fails on while reading rows.
  Empty cells are never materialised: a sheet whose one cell sits at XFD1048576 costs
  what its few bytes do.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.parsers import expat

from followup.errors import FollowupError
from followup.registry import reading

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "MAX_XML_BYTES", "Rows", "TableError", "open_table"]

#: The widest table read (Excel's own limit is 16,384 columns).
MAX_COLUMNS = 16_384
#: The longest cell read (the csv module's default limit; a cell is one recommendation's
#: text). Checked here, not through ``csv.field_size_limit``, which is one setting for
#: the whole process that other libraries change.
MAX_CELL = 131_072
#: Excel's last row: a sheet that claims rows past it is not a spreadsheet.
MAX_ROWS = 1_048_576
#: The most an XLSX part may declare once unpacked, and all parts together.
MAX_XML_BYTES = 256 * 1024 * 1024
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
XLSX_EXTRA = "pip install 'followup[xlsx]'"

Rows = Iterator[tuple[int, list[str]]]


class TableError(FollowupError):
    """A table file that cannot be read; the message names the file and the place."""


@contextlib.contextmanager
def open_table(path: Path) -> Iterator[tuple[list[str], Rows]]:
    """The header of the CSV or XLSX file at ``path`` and its data rows, read one at a
    time while the ``with`` block lasts (every cell as stripped text)."""
    try:
        data = reading.read_bounded(path, what="table")
    except OSError as exc:
        raise TableError(f"{path}: cannot read the table ({exc.strerror or exc})") from None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        with _open_xlsx(path, data) as table:
            yield table
        return
    yield _open_csv(path, data)


# -- CSV -------------------------------------------------------------------------------------


def _check_utf8(path: Path, data: bytes) -> None:
    """Refuse bytes that are not UTF-8, naming the first bad byte and its line."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 20
    for start in range(0, len(data) + 1, step):
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(data[start : start + step], final=start + step >= len(data))
        except UnicodeDecodeError as exc:
            offset = start - pending + exc.start
            ending = b"\n" if b"\n" in data[:offset] else b"\r"
            line = data.count(ending, 0, offset) + 1
            raise TableError(
                f"{path}: not UTF-8 text (byte {offset}, line {line}); save the CSV as UTF-8"
            ) from None


def _lines(path: Path, stream: io.TextIOWrapper) -> Iterator[str]:
    """The physical lines of the CSV, each with at most MAX_COLUMNS separators."""
    for number, line in enumerate(stream, start=1):
        if line.count(",") >= MAX_COLUMNS:
            raise TableError(
                f"{path}: line {number} has more than {MAX_COLUMNS:,} cells; is it a CSV table?"
            )
        yield line


def _bounded(path: Path, number: int, row: list[str]) -> list[str]:
    """``row``, or :class:`TableError` (worded as the csv module words it) for a cell
    longer than :data:`MAX_CELL`."""
    if any(len(cell) > MAX_CELL for cell in row):
        raise TableError(
            f"{path}: row {number}: unreadable CSV (field larger than field limit "
            f"({MAX_CELL:,} characters))"
        )
    return row


def _open_csv(path: Path, data: bytes) -> tuple[list[str], Rows]:
    _check_utf8(path, data)
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(_lines(path, stream))
    try:
        header = [cell.strip() for cell in _bounded(path, 1, next(reader))]
    except StopIteration:
        raise TableError(f"{path}: the file is empty") from None
    except csv.Error as exc:
        raise TableError(f"{path}: row 1: unreadable CSV ({exc})") from None

    def rows() -> Rows:
        number = 1
        try:
            for number, row in enumerate(reader, start=2):
                cells = [cell.strip() for cell in _bounded(path, number, row)]
                if any(cells):
                    yield number, cells
        except csv.Error as exc:
            raise TableError(f"{path}: row {number + 1}: unreadable CSV ({exc})") from None
        except MemoryError:
            raise TableError(
                f"{path}: row {number + 1}: not enough memory to read the row"
            ) from None

    return header, rows()


# -- XLSX ------------------------------------------------------------------------------------


class _Doctype(Exception):  # noqa: N818
    pass


class _Root(Exception):  # noqa: N818
    pass


def _stop(exc: type[Exception]) -> Any:
    def handler(*_: Any) -> None:
        raise exc

    return handler


def _has_doctype(member: io.BufferedIOBase) -> bool:
    """True when the XML declares a document type (read up to the root element only)."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _stop(_Doctype)
    parser.StartElementHandler = _stop(_Root)
    while True:
        chunk = member.read(1 << 16)
        try:
            parser.Parse(chunk, not chunk)
        except _Doctype:
            return True
        except (_Root, expat.ExpatError):
            return False  # openpyxl reports XML that is not well-formed, located
        if not chunk:
            return False


def _check_archive(path: Path, data: bytes) -> None:
    """Refuse a zip that is damaged, unpacks to too much, or holds XML with a DTD."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise TableError(
            f"{path}: not a readable .xlsx file (truncated or not a zip archive: {exc}); "
            "save it again from the spreadsheet program"
        ) from None
    with archive:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        for member in members:
            if member.file_size > MAX_XML_BYTES or total > MAX_UNPACKED_BYTES:
                raise TableError(
                    f"{path}: part {member.filename} unpacks to {member.file_size:,} bytes "
                    f"({total:,} in all; the limits are {MAX_XML_BYTES:,} and "
                    f"{MAX_UNPACKED_BYTES:,}): not read"
                )
            if not member.filename.endswith((".xml", ".rels")):
                continue
            try:
                with archive.open(member) as stream:
                    doctype = _has_doctype(stream)  # type: ignore[arg-type]
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                raise TableError(
                    f"{path}: part {member.filename} is damaged ({exc}); the file is "
                    "truncated or corrupt: save it again from the spreadsheet program"
                ) from None
            if doctype:
                raise TableError(
                    f"{path}: part {member.filename} declares a document type (XML entities, "
                    "which can expand without bound); spreadsheet programs never write one: "
                    "not read"
                )


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@contextlib.contextmanager
def _open_xlsx(path: Path, data: bytes) -> Iterator[tuple[list[str], Rows]]:
    try:
        import openpyxl  # type: ignore[import-untyped]
    except ImportError:
        raise TableError(f"reading .xlsx files needs openpyxl: {XLSX_EXTRA}") from None
    _check_archive(path, data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except MemoryError:
        raise TableError(f"{path}: not enough memory to open the workbook") from None
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise TableError(f"{path}: not a readable .xlsx file ({exc})") from None
    try:
        if not book.worksheets:
            raise TableError(f"{path}: the workbook has no worksheet")
        sheet = book.worksheets[0]
        where = f"{path}: sheet {sheet.title!r}"
        sheet.reset_dimensions()  # the declared size is not trusted: cells are read as found
        header = _header(sheet, where)
        yield header, _xlsx_rows(sheet, where, len(header))
    finally:
        book.close()


def _failure(where: str, row: int, exc: BaseException) -> TableError:
    if isinstance(exc, MemoryError):
        return TableError(f"{where}, row {row}: not enough memory to read the row")
    return TableError(
        f"{where}, row {row}: cannot read the sheet ({type(exc).__name__}: {exc}); "
        "the file is damaged or was not written by a spreadsheet program"
    )


def _header(sheet: Any, where: str) -> list[str]:
    try:
        first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    except Exception as exc:
        raise _failure(where, 1, exc) from None
    header = [_xlsx_cell(v) for v in first]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise TableError(f"{where}: the first row (the header) is empty")
    if len(header) > MAX_COLUMNS:
        raise TableError(f"{where}, row 1: more than {MAX_COLUMNS:,} columns")
    return header


def _xlsx_rows(sheet: Any, where: str, width: int) -> Rows:
    number = 1
    try:
        for number, row in enumerate(
            sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2
        ):
            if number > MAX_ROWS:
                raise TableError(f"{where}: rows past row {MAX_ROWS:,}, Excel's last; not read")
            if row.count(None) == len(row):
                continue  # a blank row, or one openpyxl fills in for a gap
            cells = [_xlsx_cell(v) for v in row]
            if any(cells):
                yield number, cells
    except TableError:
        raise
    except Exception as exc:  # XML errors, bad cell values, a damaged zip member
        raise _failure(where, number + 1, exc) from None
