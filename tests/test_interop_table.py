"""followup import table: UPR Info spreadsheets (CSV and XLSX) with mappings."""

from __future__ import annotations

import builtins
import contextlib
import io
import shutil
from pathlib import Path
from typing import Any

import pytest

import followup
from followup.cli import main
from followup.errors import FollowupError
from followup.interop.table import load_mapping, parse_mapping, plan, read_table, slug

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "interop" / "table"
KAZ = HERE.parent / "registries" / "kazakhstan"
UPR_HEADER = [
    "SuR",
    "Rgrp",
    "Org",
    "Recommendation",
    "RS",
    "Rgrp",
    "Org",
    "Response",
    "Action",
    "Issue",
    "Session",
]


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def test_fixtures_are_what_they_claim() -> None:
    raw = (FIXTURES / "upr-info.csv").read_bytes()
    assert b"\r" in raw and b"\n" not in raw  # CR-only line endings
    header, _ = read_table(FIXTURES / "upr-info.csv")
    assert header == UPR_HEADER  # duplicate names: Rgrp, Org


@pytest.mark.parametrize(
    ("fixture", "mapping"), [("upr-info.csv", "upr-info"), ("upr-info-csv.csv", "upr-info-csv")]
)
def test_import_new_registry(tmp_path: Path, fixture: str, mapping: str) -> None:
    target = tmp_path / "reg"
    code, text = _run(
        "import", "table", str(FIXTURES / fixture), "--mapping", mapping, "-o", str(target)
    )
    assert code == 0, text
    assert "(new registry)" in text
    report = followup.validate(target)
    assert not report.errors, [str(p) for p in report.errors]
    registry = followup.load(target)
    assert set(registry.reviews) == {"kaz-upr-1", "kaz-upr-2"}
    review = registry.reviews["kaz-upr-1"]
    assert review.cycle == 1 and review.session == "7" and review.state == "KAZ"
    assert registry.reviews["kaz-upr-2"].cycle == 2
    recs = registry.by_review("kaz-upr-1")
    assert len(recs) == 2
    first = recs[0]
    assert first.text.pick() == "Abolish the death penalty for all crimes"  # trailing space gone
    assert first.themes == ("death-penalty", "international-instruments")
    assert first.recommended_by == ("France",)  # not the Org cell "EU, NATO, OSCE"
    responses = [r.latest_response() for r in recs]
    positions = [r.response.value for r in responses if r is not None]
    assert positions == ["supported", "noted"]
    assert registry.themes["international-instruments"].label.pick() == "International instruments"
    # a second import of the same file changes nothing on disk
    before = _snapshot(target)
    code, text = _run(
        "import", "table", str(FIXTURES / fixture), "--mapping", mapping, "-o", str(target)
    )
    assert code == 0
    assert "0 recommendation(s)" in text
    assert _snapshot(target) == before


def test_ids_are_stable(tmp_path: Path) -> None:
    mapping = load_mapping("upr-info")
    header, data = read_table(FIXTURES / "upr-info.csv")
    once, twice = plan(mapping, header, data), plan(mapping, header, list(reversed(data)))
    assert set(once.recommendations) == set(twice.recommendations)
    assert all(i.startswith("kaz-upr-") for i in once.recommendations)


def test_same_content_in_both_header_variants() -> None:
    a = plan(load_mapping("upr-info"), *read_table(FIXTURES / "upr-info.csv"))
    b = plan(load_mapping("upr-info-csv"), *read_table(FIXTURES / "upr-info-csv.csv"))
    assert list(a.recommendations)[:2] == list(b.recommendations)[:2]


def test_duplicate_header_name_needs_a_position() -> None:
    data = {"followup-mapping": 1, "columns": {"text": "Recommendation", "state": "Org"}}
    mapping = parse_mapping(data)
    header, rows = read_table(FIXTURES / "upr-info.csv")
    with pytest.raises(FollowupError, match="position"):
        plan(mapping, header, rows)


def test_bad_rows_reported_and_nothing_written(tmp_path: Path) -> None:
    target = tmp_path / "reg"
    bad = FIXTURES / "bad-rows.csv"
    code, text = _run("import", "table", str(bad), "--mapping", "upr-info-csv", "-o", str(target))
    assert code == 1
    assert "row 2, column 4 (Text): text is empty" in text
    assert "row 3, column 8 (Response): unknown response 'Maybe'" in text
    assert "row 4, column 11 (Session): session 'x7'" in text
    assert not target.exists()
    code, text = _run(
        "import", "table", str(bad), "--mapping", "upr-info-csv", "-o", str(target), "--skip-bad"
    )
    assert code == 0
    registry = followup.load(target)
    assert len(registry) == 1
    assert list(registry.reviews) == ["kaz-upr-2"]  # no review left without recommendations


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "reg"
    code, text = _run(
        "import", "table", str(FIXTURES / "upr-info.csv"), "--mapping", "upr-info",
        "-o", str(target), "--dry-run",
    )  # fmt: skip
    assert code == 0 and "would add 2 review(s) and 3 recommendation(s)" in text
    assert not target.exists()


def test_import_into_existing_registry_declares_themes(tmp_path: Path) -> None:
    target = tmp_path / "kazakhstan"
    shutil.copytree(KAZ, target)
    manifest_before = (target / "registry.yaml").read_text(encoding="utf-8")
    code, text = _run(
        "import", "table", str(FIXTURES / "upr-info-csv.csv"), "--mapping", "upr-info-csv",
        "-o", str(target),
    )  # fmt: skip
    assert code == 0, text
    assert "theme torture-and-other-cid-treatment" in text
    manifest = (target / "registry.yaml").read_text(encoding="utf-8")
    assert manifest.startswith(manifest_before.split("themes:")[0])  # comments, order kept
    assert not followup.validate(target).errors
    registry = followup.load(target)
    assert "kaz-ccpr-2-death-penalty" in registry.recommendations
    assert len(registry.by_mechanism("UPR")) == 3
    before = _snapshot(target)
    _run(
        "import", "table", str(FIXTURES / "upr-info-csv.csv"), "--mapping", "upr-info-csv",
        "-o", str(target),
    )  # fmt: skip
    assert _snapshot(target) == before


def test_line_endings_and_bom(tmp_path: Path) -> None:
    text = (FIXTURES / "upr-info-csv.csv").read_bytes().decode("utf-8")
    lf = text.replace("\r", "\n")
    crlf = text.replace("\r", "\r\n")
    expected = plan(load_mapping("upr-info-csv"), *read_table(FIXTURES / "upr-info-csv.csv"))
    for name, content, bom in [("lf.csv", lf, b""), ("crlf.csv", crlf, b"\xef\xbb\xbf")]:
        path = tmp_path / name
        path.write_bytes(bom + content.encode("utf-8"))
        got = plan(load_mapping("upr-info-csv"), *read_table(path))
        assert got.recommendations == expected.recommendations


def test_xlsx(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(UPR_HEADER)
    sheet.append(
        [
            "Kazakhstan", "Asia", "OSCE, SCO", "Abolish the death penalty for all crimes ",
            "France", "WEOG", "EU, NATO, OSCE", "Accepted", 5,
            "Death penalty,International instruments", 7,
        ]
    )  # fmt: skip
    sheet.append(
        [
            "Kazakhstan", "Asia", None, "Ratify OP-CAT", "Denmark", "WEOG", None, "Noted", 5,
            "Torture and other CID treatment", 20,
        ]
    )  # fmt: skip
    path = tmp_path / "upr.xlsx"
    book.save(path)
    target = tmp_path / "reg"
    code, text = _run("import", "table", str(path), "--mapping", "upr-info", "-o", str(target))
    assert code == 0, text
    registry = followup.load(target)
    assert len(registry) == 2
    csv_plan = plan(load_mapping("upr-info"), *read_table(FIXTURES / "upr-info.csv"))
    first = next(iter(registry.recommendations))
    assert first == next(iter(csv_plan.recommendations))  # same id from CSV and XLSX


def test_xlsx_without_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def fake(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "openpyxl":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(FollowupError, match=r"followup\[xlsx\]"):
        read_table(path)


def test_mapping_errors(tmp_path: Path) -> None:
    with pytest.raises(FollowupError, match="no mapping"):
        load_mapping("no-such-mapping")
    with pytest.raises(FollowupError, match="followup-mapping"):
        parse_mapping({"columns": {"text": 1}})
    with pytest.raises(FollowupError, match="unknown field"):
        parse_mapping({"followup-mapping": 1, "columns": {"text": 1, "txet": 2}})
    bad = tmp_path / "m.yaml"
    bad.write_text("followup-mapping: 1\ncolumns: &a {text: 1}\n", encoding="utf-8")
    with pytest.raises(FollowupError):
        load_mapping(str(bad))


def test_slug() -> None:
    assert slug("Women's rights") == "women-s-rights"
    assert slug("Torture and other CID treatment") == "torture-and-other-cid-treatment"


# -- one transaction: a failed import changes no byte ---------------------------------------


def _all_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but followup's own lock folder and journal."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and not p.name.startswith(".followup.")
        and ".followup" not in p.relative_to(root).parts
    }


def _mapping_file(tmp_path: Path, review: str) -> Path:
    path = tmp_path / "mapping.yaml"
    path.write_text(
        "followup-mapping: 1\n"
        "columns: {state: To, text: Text, response: Response, themes: Issue, session: Session}\n"
        'separators: {themes: ","}\n'
        "values: {response: {Accepted: supported, Noted: noted}}\n"
        "states: {Kazakhstan: KAZ, Kyrgyzstan: KGZ}\n"
        "session_dates: {7: 2010-02-01, 20: 2014-10-01}\n"
        f"review: {{{review}}}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("review", "message"),
    [
        # the review id is a recommendation's id: the registry check refuses it
        ('mechanism: UPR, id: "kaz-ccpr-1-p26"', "duplicate-id"),
        # the review id is an existing review of another body
        ('mechanism: UPR, id: "kaz-ccpr-2011"', "already the registry's CCPR review of KAZ"),
    ],
)
def test_clash_changes_no_byte(tmp_path: Path, review: str, message: str) -> None:
    target = tmp_path / "kazakhstan"
    shutil.copytree(KAZ, target)
    before = _all_bytes(target)
    mapping = _mapping_file(tmp_path, review)
    out = io.StringIO()
    with contextlib.redirect_stderr(out):
        code = main(["import", "table", str(FIXTURES / "upr-info-csv.csv"), "--mapping",
                     str(mapping), "-o", str(target)], out)  # fmt: skip
    assert code == 1 and message in out.getvalue(), out.getvalue()
    assert _all_bytes(target) == before  # no theme declared, no review file left


def test_bad_row_in_the_middle_changes_no_byte(tmp_path: Path) -> None:
    target = tmp_path / "kazakhstan"
    shutil.copytree(KAZ, target)
    before = _all_bytes(target)
    lines = (FIXTURES / "upr-info-csv.csv").read_bytes().decode("utf-8").split("\r")
    lines.insert(2, "Kazakhstan,Asia,,A row,France,WEOG,,Maybe,5,Justice,7")
    table = tmp_path / "middle.csv"
    table.write_text("\n".join(lines), encoding="utf-8")
    code, text = _run("import", "table", str(table), "--mapping", "upr-info-csv",
                      "-o", str(target))  # fmt: skip
    assert code == 1 and "row 3, column 8 (Response): unknown response 'Maybe'" in text
    assert _all_bytes(target) == before


def _boom(real: Any, after: int) -> Any:
    """A replacement of the method ``real`` that raises MemoryError on call ``after + 1``."""
    calls = [0]

    def method(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] > after:
            raise MemoryError
        return real(*args, **kwargs)

    return method


def test_memory_error_half_way_changes_no_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup.interop import table
    from followup.registry.editing import Editor

    mapping = load_mapping("upr-info-csv")
    with table.open_table(FIXTURES / "upr-info-csv.csv") as (header, rows):
        found = table.plan_rows(mapping, header, rows)
    target = tmp_path / "kazakhstan"
    shutil.copytree(KAZ, target)
    before = _all_bytes(target)
    monkeypatch.setattr(Editor, "add_recommendation", _boom(Editor.add_recommendation, 1))
    with pytest.raises(MemoryError):
        table.apply(found, target)
    assert _all_bytes(target) == before
    # a new registry: nothing at the target, no temporary directory beside it
    with pytest.raises(MemoryError):
        table.apply(found, tmp_path / "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kazakhstan"]


def test_states_are_declared_in_the_same_edit(tmp_path: Path) -> None:
    target = tmp_path / "kazakhstan"
    shutil.copytree(KAZ, target)
    table = tmp_path / "kgz.csv"
    text = (FIXTURES / "upr-info-csv.csv").read_bytes().decode("utf-8")
    table.write_text(text.replace("Kazakhstan", "Kyrgyzstan"), encoding="utf-8")
    code, out = _run("import", "table", str(table), "--mapping", "upr-info-csv",
                     "-o", str(target))  # fmt: skip
    assert code == 0, out
    assert "declared in the manifest: state KGZ, theme " in out
    registry = followup.load(target)
    assert registry.info.states == ("KAZ", "KGZ")
    assert {registry.reviews[r.review].state for r in registry.by_mechanism("UPR")} == {"KGZ"}


def test_a_state_column_is_required() -> None:
    with pytest.raises(FollowupError, match="the `state` column is required"):
        parse_mapping({"followup-mapping": 1, "columns": {"text": "Recommendation"}})


def test_new_registry_in_an_empty_directory_only(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    args = ["import", "table", str(FIXTURES / "upr-info.csv"), "--mapping", "upr-info", "-o"]
    code, text = _run(*args, str(empty))
    assert code == 0 and "(new registry)" in text
    assert not followup.validate(empty).errors
    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine", encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stderr(out):
        assert main([*args, str(full)], io.StringIO()) == 1
    assert "holds no registry.yaml and is not empty" in out.getvalue()
    assert [p.name for p in full.iterdir()] == ["notes.txt"]


def test_import_keeps_the_registry_theme_ids_and_never_merges_two_labels(
    tmp_path: Path,
) -> None:
    """A label the registry already has keeps its theme id; two labels that transliterate
    to the same slug get two themes (the second with a suffix), and the CLI says so."""
    target = tmp_path / "kazakhstan"
    shutil.copytree(KAZ, target)
    table = tmp_path / "rows.csv"
    table.write_text(
        "To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session\n"
        "Kazakhstan,Asia,,Abolish it,France,WEOG,,Accepted,5,Death penalty,20\n"
        "Kazakhstan,Asia,,Protect women,Norway,WEOG,,Noted,4,Права женщин,20\n"
        "Kazakhstan,Asia,,Protect them,Canada,WEOG,,Noted,4,Prava zhenshchin,20\n",
        encoding="utf-8",
    )
    code, text = _run(
        "import", "table", str(table), "--mapping", "upr-info-csv", "-o", str(target)
    )  # fmt: skip
    assert code == 0, text
    registry = followup.load(target, cache=False)
    assert "death-penalty-2" not in registry.themes
    new = {t: registry.themes[t] for t in registry.themes if t.startswith("prava-zhenshchin")}
    assert sorted(new) == ["prava-zhenshchin", "prava-zhenshchin-2"], text
    assert "notice:" in text and "prava-zhenshchin-2" in text
    themes_of = {rec.text.items[0][1]: rec.themes for rec in registry.recommendations.values()}
    assert themes_of["Abolish it"] == ("death-penalty",)
    assert themes_of["Protect women"] != themes_of["Protect them"]
