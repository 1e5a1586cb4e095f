"""Hostile input to the importers: every case gets exit 1 and a located message.

Each file is built at test time (nothing binary or huge is committed). The cases that
used to exhaust memory run in a subprocess under an address-space limit
(``resource.RLIMIT_AS``) set to what the interpreter maps after its imports plus a
fixed budget: a reader that materialised the sheet or the rows would fail there. No
wall-clock time is asserted.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest

from followup.cli import main

#: Memory an import may use beyond what the interpreter has mapped after its imports.
BUDGET = 300 * 1024 * 1024
HEADER = ["To", "To-Rgrp", "To-Org", "Text", "From", "From-Rgrp", "From-Org", "Response",
          "Action", "Issue", "Session"]  # fmt: skip
ROW = ["Kazakhstan", "Asia", "", "Abolish the death penalty", "France", "WEOG", "",
       "Accepted", "5", "Death penalty", "7"]  # fmt: skip


def run_cli(*argv: str) -> tuple[int, str]:
    """Exit code and everything printed (stdout and stderr)."""
    out = io.StringIO()
    with contextlib.redirect_stderr(out):
        code = main(list(argv), out)
    return code, out.getvalue()


def assert_located(code: int, text: str, *pieces: str) -> None:
    assert code == 1, text
    assert "Traceback" not in text and "internal error" not in text, text
    for piece in pieces:
        assert re.search(piece, text), (piece, text)


# -- subprocess with a memory limit -------------------------------------------------------

_LIMITED = textwrap.dedent(
    """
    import contextlib, io, resource, sys
    from followup.cli import main
    import followup.interop.table, followup.interop.uhri, openpyxl  # mapped before the limit

    def mapped() -> int:
        for line in open("/proc/self/status"):
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
        raise SystemExit("no /proc")

    limit = mapped() + int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    out = io.StringIO()
    with contextlib.redirect_stderr(out):
        code = main(sys.argv[2:], out)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"exit={code} peak_kib={peak}")
    print(out.getvalue())
    """
)


def run_limited(*argv: str) -> tuple[int, str]:
    """Run the command line in a child process limited to its imports plus BUDGET."""
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to size the memory limit")
    done = subprocess.run(
        [sys.executable, "-c", _LIMITED, str(BUDGET), *argv],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]  # no MemoryError, no crash
    first, _, rest = done.stdout.partition("\n")
    code = int(first.split()[0].removeprefix("exit="))
    return code, rest + done.stderr


# -- building hostile files -----------------------------------------------------------------


def xlsx(rows: list[list[Any]], *, far_cell: str | None = None) -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if far_cell is not None:
        sheet[far_cell] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite_sheet(data: bytes, change: Any) -> bytes:
    """The workbook with its first sheet's XML passed through ``change``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def billion_laughs(xml: bytes) -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    body = xml.replace(
        b"</sheetData>",
        b'<row r="9"><c r="A9" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>',
    )
    declaration = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return declaration + f"<!DOCTYPE worksheet [{entities}]>".encode() + body


def bad_xml_at_row_4(xml: bytes) -> bytes:
    return xml.replace(b"</sheetData>", b'<row r="4"><c r="A4"><v>1</c></row></sheetData>')


def row_past_excel(xml: bytes) -> bytes:
    return xml.replace(
        b"</sheetData>", b'<row r="2000000"><c r="A2000000"><v>1</v></c></row></sheetData>'
    )


# -- XLSX -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "pieces"),
    [
        (
            "truncated.xlsx",
            lambda: xlsx([HEADER, ROW])[:1500],
            [r"truncated\.xlsx: not a readable \.xlsx file \(truncated"],
        ),
        (
            "laughs.xlsx",
            lambda: rewrite_sheet(xlsx([HEADER, ROW]), billion_laughs),
            [r"laughs\.xlsx: part xl/worksheets/sheet1\.xml declares a document type"],
        ),
        (
            "broken-row.xlsx",
            lambda: rewrite_sheet(xlsx([HEADER, ROW, ROW]), bad_xml_at_row_4),
            [r"broken-row\.xlsx: sheet 'Sheet', row 4: cannot read the sheet \(ParseError"],
        ),
        (
            "past-last-row.xlsx",
            lambda: rewrite_sheet(xlsx([HEADER, ROW]), row_past_excel),
            [r"past-last-row\.xlsx: sheet 'Sheet': rows past row 1,048,576, Excel's last"],
        ),
        (
            "not-a-zip.xlsx",
            lambda: b"To,Text\nKAZ,hello\n",
            [r"not-a-zip\.xlsx: not a readable \.xlsx file"],
        ),
        (
            "far-cell-only.xlsx",
            lambda: xlsx([], far_cell="XFD1048576"),
            [r"far-cell-only\.xlsx: sheet 'Sheet': the first row \(the header\) is empty"],
        ),
    ],
)
def test_hostile_xlsx(tmp_path: Path, name: str, make: Any, pieces: list[str]) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    target = tmp_path / "reg"
    code, text = run_cli("import", "table", str(path), "--mapping", "upr-info", "-o", str(target))
    assert_located(code, text, *pieces)
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary left


def test_zip_bomb_part_is_refused(tmp_path: Path) -> None:
    data = xlsx([HEADER, ROW])
    path = tmp_path / "bomb.xlsx"
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        # 300 MiB of spaces deflate to about 300 KiB
        with target.open("xl/padding.xml", "w") as member:
            block = b" " * (1 << 20)
            for _ in range(300):
                member.write(block)
    code, text = run_cli("import", "table", str(path), "--mapping", "upr-info", "-o",
                         str(tmp_path / "reg"))  # fmt: skip
    assert_located(code, text, r"bomb\.xlsx: part xl/padding\.xml unpacks to 314,572,800 bytes")


def test_far_cell_sheet_in_bounded_memory(tmp_path: Path) -> None:
    """The issue's 5 KB workbook whose one cell sits at XFD1048576 (1.9 GB before)."""
    lone = tmp_path / "lone.xlsx"
    lone.write_bytes(xlsx([], far_cell="XFD1048576"))
    assert lone.stat().st_size < 10_000
    code, text = run_limited("import", "table", str(lone), "--mapping", "upr-info", "-o",
                             str(tmp_path / "a"))  # fmt: skip
    assert_located(code, text, r"lone\.xlsx: sheet 'Sheet': the first row \(the header\) is empty")
    # the same far cell beside a real table: the table imports, the cell costs nothing
    table = tmp_path / "table.xlsx"
    table.write_bytes(xlsx([HEADER, ROW], far_cell="XFD1048576"))
    code, text = run_limited("import", "table", str(table), "--mapping", "upr-info", "-o",
                             str(tmp_path / "b"))  # fmt: skip
    assert code == 0, text
    assert "added 1 review(s) and 1 recommendation(s)" in text


# -- CSV --------------------------------------------------------------------------------------


def test_large_csv_of_bad_rows_in_bounded_memory(tmp_path: Path) -> None:
    """Rows are read and checked one at a time; bad rows are counted past the first
    thousand, so a large file of bad rows costs about its own size."""
    count = int(os.environ.get("FOLLOWUP_HEAVY_ROWS", "120000"))
    path = tmp_path / "large.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(count):
            writer.writerow([*ROW[:3], f"Recommendation {i} " + "x" * 60, *ROW[4:7], "Maybe",
                             *ROW[8:]])  # fmt: skip
    code, text = run_limited("import", "table", str(path), "--mapping", "upr-info-csv", "-o",
                             str(tmp_path / "reg"))  # fmt: skip
    assert_located(
        code,
        text,
        rf"large\.csv: {count} row\(s\) cannot be read",
        r"row 2, column 8 \(Response\): unknown response 'Maybe'",
        rf"\.\.\. and {count - 50} more",
    )
    assert not (tmp_path / "reg").exists()


_CSV_HEAD = (",".join(HEADER) + "\n").encode()


@pytest.mark.parametrize(
    ("content", "pieces"),
    [
        (b"To,Text\nKazakhstan,caf\xe9\n", [r"bad\.csv: not UTF-8 text \(byte 22, line 2\)"]),
        (_CSV_HEAD + b"," * 20_000 + b"\n", [r"bad\.csv: line 2 has more than 16,384 cells"]),
        (
            _CSV_HEAD + b'Kazakhstan,"' + b"x" * 200_000 + b'"\n',
            [r"bad\.csv: row 2: unreadable CSV \(field larger than field limit"],
        ),
        (b"", [r"bad\.csv: the file is empty"]),
    ],
)
def test_hostile_csv(tmp_path: Path, content: bytes, pieces: list[str]) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    code, text = run_cli("import", "table", str(path), "--mapping", "upr-info-csv", "-o",
                         str(tmp_path / "reg"))  # fmt: skip
    assert_located(code, text, *pieces)


def test_fifo_is_refused(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    code, text = run_cli("import", "table", str(fifo), "--mapping", "upr-info-csv", "-o",
                         str(tmp_path / "reg"))  # fmt: skip
    assert_located(code, text, r"pipe\.csv: cannot read the table .*not a regular file")
    code, text = run_cli("import", "uhri", str(fifo), "--state", "KAZ", "-o",
                         str(tmp_path / "reg"))  # fmt: skip
    assert_located(code, text, r"pipe\.csv: cannot read the export .*not a regular file")


# -- UHRI JSON --------------------------------------------------------------------------------

_GOOD = {
    "AnnotationId": "11111111-aaaa-4000-8000-000000000000",
    "AnnotationType": "- Recommendations",
    "Body": "- CCPR",
    "Countries": ["Kazakhstan"],
    "Symbol": "CCPR/C/KAZ/CO/3",
    "PublicationDate": "2025-02-12T00:00:00",
    "Text": "4. The Committee recommends that the State party act.",
}


def _export(*records: str) -> bytes:
    return ("[" + ",".join(records) + "]").encode()


@pytest.mark.parametrize(
    ("name", "make", "pieces"),
    [
        (
            "deep-array.json",
            lambda: _export(json.dumps(_GOOD), "[" * 100_000 + "]" * 100_000),
            [r"deep-array\.json: record 1 \(from byte \d+\): arrays or objects nested too deeply"],
        ),
        (
            "deep-object.json",
            lambda: _export(
                json.dumps(_GOOD), json.dumps(_GOOD), '{"a":' * 20_000 + "1" + "}" * 20_000
            ),
            [r"deep-object\.json: record 2 \(from byte \d+\): arrays or objects nested"],
        ),
        (
            "long-integer.json",
            lambda: _export(json.dumps(_GOOD), '{"UprSession": ' + "9" * 5000 + "}"),
            [r"long-integer\.json: record 1 \(from byte \d+\): a number of more than 4,300 digits"],
        ),
        (
            "long-cycle.json",
            lambda: _export(json.dumps({**_GOOD, "Body": "- UPR", "UprCycle": "9" * 5000})),
            [],  # a long digit string in text is not a cycle: a listed problem, no failure
        ),
        (
            "huge-record.json",
            lambda: _export('"' + "x" * (5 << 20)),
            [r"huge-record\.json: record 0 \(from byte 1\) is not complete within 4,194,304"],
        ),
        (
            "not-utf8.json",
            lambda: b'[{"Text": "caf\xe9"}]',
            [r"not-utf8\.json: the export is not UTF-8 text \(near byte 14\)"],
        ),
    ],
)
def test_hostile_uhri(tmp_path: Path, name: str, make: Any, pieces: list[str]) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    target = tmp_path / "reg"
    code, text = run_cli("import", "uhri", str(path), "--state", "KAZ", "-o", str(target))
    if not pieces:
        assert code == 0 and "UprCycle" in text, text
        return
    assert_located(code, text, *pieces)
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary left


def test_deep_json_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_bytes(_export("[" * 100_000 + "]" * 100_000))
    code, text = run_limited("import", "uhri", str(path), "--state", "KAZ", "-o",
                             str(tmp_path / "reg"))  # fmt: skip
    assert_located(code, text, r"deep\.json: record 0 \(from byte 1\): arrays or objects nested")
