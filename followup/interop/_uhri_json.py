"""Reading the UHRI bulk export as a stream of records, with bounds.

The export is one JSON array of several hundred megabytes: :func:`iter_records` reads it
in chunks and decodes one record at a time, so memory stays flat however long the
array. What a hostile or broken file could do to the decoder is bounded and reported
with the record's index and byte offset: a record larger than :data:`MAX_RECORD`,
nesting deeper than the decoder can follow, integers longer than Python converts
(4,300 digits), bytes that are not UTF-8. :func:`open_export` opens only a regular file
(never a FIFO or a device, which would block or never end).
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any

from followup.errors import FollowupError
from followup.registry import reading

__all__ = ["CHUNK_SIZE", "MAX_RECORD", "Progress", "UhriError", "iter_records", "open_export"]

CHUNK_SIZE = 1 << 20
#: A single record larger than this (in characters) is taken for malformed JSON: a UHRI
#: record is one paragraph and its labels, a few kilobytes.
MAX_RECORD = 4 << 20
_SPACE = re.compile(r"[ \t\n\r]*")

Progress = Callable[[int, int, str], None]


class UhriError(FollowupError):
    """The export cannot be read (not a JSON array, malformed JSON)."""


def open_export(path: str | os.PathLike[str]) -> IO[bytes]:
    """The export opened for reading in binary; :class:`NotRegularFile` (an OSError) for
    a FIFO, a device or a directory, refused before a byte is read."""
    return reading.open_regular(path)


# -- reading the stream ---------------------------------------------------------------------


class _Buffer:
    """Decoded text of the stream read so far, from ``base`` bytes on."""

    def __init__(self, stream: IO[Any], progress: Progress | None, total: int) -> None:
        self.stream, self.progress, self.total = stream, progress, total
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
        self.text = ""
        self.pos = 0
        self.base = 0  # bytes before text[0]
        self.read = 0
        self.eof = False
        self.records = 0

    def fill(self) -> bool:
        """Read one more chunk; False at the end of the stream."""
        if self.eof:
            return False
        chunk = self.stream.read(CHUNK_SIZE)
        if isinstance(chunk, str):
            data, size = chunk, len(chunk.encode("utf-8"))
        else:
            size = len(chunk)
            try:
                data = self.decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                raise UhriError(
                    f"the export is not UTF-8 text (near byte {self.read + exc.start})"
                ) from None
        if self.read == 0 and not isinstance(chunk, str) and chunk.startswith(codecs.BOM_UTF8):
            self.base = len(codecs.BOM_UTF8)  # not in the decoded text
        self.read += size
        if not chunk:
            self.eof = True
        if self.pos > CHUNK_SIZE and self.pos > len(self.text) // 2:
            self.base += len(self.text[: self.pos].encode("utf-8"))
            self.text, self.pos = self.text[self.pos :], 0
        self.text += data
        if self.progress is not None:
            self.progress(min(self.read, self.total), self.total, f"records {self.records}")
        return bool(chunk)

    def offset(self, pos: int) -> int:
        return self.base + len(self.text[:pos].encode("utf-8"))

    def next_char(self) -> str | None:
        """The next non-space character (not consumed), None at the end."""
        while True:
            match = _SPACE.match(self.text, self.pos)
            assert match is not None
            self.pos = match.end()
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.fill():
                return None


def iter_records(
    stream: IO[Any], *, progress: Progress | None = None, total: int = 0
) -> Iterator[tuple[int, Any]]:
    """The records of a UHRI export (a JSON array) as ``(index, record)``, read in chunks
    so that memory stays flat however large the file. Records are normally dicts; the
    caller judges them. Malformed JSON raises :class:`UhriError` naming the byte offset
    and the record index."""
    buf = _Buffer(stream, progress, total)
    decoder = json.JSONDecoder()
    first = buf.next_char()
    if first != "[":
        found = "nothing" if first is None else repr(first)
        raise UhriError(
            f"the export is not a JSON array: found {found} at byte {buf.offset(buf.pos)}"
        )
    buf.pos += 1
    index = 0
    char = buf.next_char()
    if char == "]":
        buf.pos += 1
        _check_end(buf)
        return
    while True:
        if char is None:
            raise UhriError(
                f"the export ends inside the array, before record {index} (truncated file?)"
            )
        record, end = _decode_one(buf, decoder, index)
        buf.pos = end
        buf.records = index + 1
        yield index, record
        index += 1
        char = buf.next_char()
        if char == ",":
            buf.pos += 1
            char = buf.next_char()
            continue
        if char == "]":
            buf.pos += 1
            _check_end(buf)
            return
        found = "the end of the file" if char is None else repr(char)
        raise UhriError(
            f"malformed JSON after record {index - 1} at byte {buf.offset(buf.pos)}: "
            f"expected ',' or ']', found {found}"
        )


def _decode_one(buf: _Buffer, decoder: json.JSONDecoder, index: int) -> tuple[Any, int]:
    """Record ``index``, which starts at ``buf.pos``, and where it ends in ``buf.text``."""
    start = buf.offset(buf.pos)
    where = f"record {index} (from byte {start})"
    while True:
        try:
            record, end = decoder.raw_decode(buf.text, buf.pos)
        except json.JSONDecodeError as exc:
            if len(buf.text) - buf.pos < MAX_RECORD and buf.fill():
                continue
            if len(buf.text) - buf.pos >= MAX_RECORD:
                raise UhriError(
                    f"{where} is not complete within {MAX_RECORD:,} characters (a UHRI "
                    "record is a few kilobytes): the file is malformed or not a UHRI export"
                ) from None
            raise UhriError(
                f"malformed JSON in record {index} at byte {buf.offset(exc.pos)}: {exc.msg}"
            ) from None
        except RecursionError:
            raise UhriError(
                f"{where}: arrays or objects nested too deeply to read (a UHRI record "
                "nests two levels): the file is malformed or not a UHRI export"
            ) from None
        except MemoryError:
            raise UhriError(
                f"{where}: not enough memory to read this record: the file is malformed "
                "or not a UHRI export"
            ) from None
        except ValueError:  # an integer over Python's conversion limit
            raise UhriError(
                f"{where}: a number of more than {sys.get_int_max_str_digits():,} digits "
                "(a UHRI record holds none): the file is malformed or not a UHRI export"
            ) from None
        if end >= len(buf.text) and buf.fill():
            continue  # a number might go on in the next chunk
        return record, end


def _check_end(buf: _Buffer) -> None:
    char = buf.next_char()
    if char is not None:
        raise UhriError(f"data after the end of the array at byte {buf.offset(buf.pos)}")
    if buf.progress is not None and buf.total:
        buf.progress(buf.total, buf.total, f"records {buf.records}")
