"""Tests of ``followup import uhri`` (followup.interop.uhri) and ``Editor.add_theme``."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import followup
from followup.cli import main
from followup.interop import _uhri_json, uhri
from followup.interop import _uhri_text as tx
from followup.model.values import Mechanism, Position

FIXTURES = Path(__file__).parent / "interop" / "uhri"
EXPORT = FIXTURES / "export.json"
EXPORT_V2 = FIXTURES / "export-v2.json"
BAD = FIXTURES / "bad.json"


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stderr(out):  # error messages go to stderr
        code = main(["import", "uhri", *args], out)
    return code, out.getvalue()


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


# -- text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "paragraph", "rest"),
    [
        ("4.The Committee reminds the State.", "4", "The Committee reminds the State."),
        ("7. The Committee recommends x.", "7", "The Committee recommends x."),
        ("Domestic application of the Covenant\n7. Reiterating x.", "7", "Reiterating x."),
        ("B.Positive aspects\n3.The State.", "3", "The State."),
        ("136.1 To further build up (Ethiopia);", "136.1", "To further build up (Ethiopia);"),
        ("para 12 Ensure x.", "12", "Ensure x."),
        ("paragraph 12: Ensure x.", "12", "Ensure x."),
        ("Recommendation No. 3, para. 96: Ensure x.", "96", "Ensure x."),
        ("(a)That the State party y;", "(a)", "That the State party y;"),
        ("12. (b) Ensure z.", "12(b)", "Ensure z."),
        ("The Committee recommends that:\n(a) x", None, "The Committee recommends that: (a) x"),
        ("No number here.  ", None, "No number here."),
    ],
)
def test_split_paragraph(text: str, paragraph: str | None, rest: str) -> None:
    assert tx.split_paragraph(tx.html_to_text(text)) == (paragraph, rest)


def test_html_and_spaces() -> None:
    text = "<p>Ratify&nbsp;the <b>Convention</b> &amp; its&#160;protocol </p>"
    assert tx.html_to_text(text) == "Ratify the Convention & its protocol"
    assert tx.clean("-  Freedom  of\u00a0expression ") == "Freedom of expression"


def test_upr_suffix() -> None:
    assert tx.upr_suffix("To ratify (Ethiopia);") == ("To ratify", ("Ethiopia",))
    assert tx.upr_suffix("Abolish it (Venezuela (Bolivarian Republic of));") == (
        "Abolish it",
        ("Venezuela (Bolivarian Republic of)",),
    )
    assert tx.upr_suffix("Do x (Chile, Mexico).") == ("Do x", ("Chile", "Mexico"))
    assert tx.upr_suffix("Plain text") == ("Plain text", ())


def test_dates() -> None:
    assert tx.parse_datetime("2025-02-12T00:00:00") == dt.date(2025, 2, 12)
    assert tx.parse_datetime("2025-03-03T10:53:45.827") == dt.date(2025, 3, 3)
    assert tx.parse_datetime("2025-03-03T10:53:45.8271234") == dt.date(2025, 3, 3)
    assert tx.parse_datetime("2025-03-03T10:53:45.8") == dt.date(2025, 3, 3)
    with pytest.raises(ValueError, match="not a date"):
        tx.parse_datetime("12/02/2025")


def test_bodies() -> None:
    assert tx.body_code("- CCPR") == ("CCPR", Mechanism.CCPR)
    assert tx.body_code("- Committee on the Rights of the Child") == ("CRC", Mechanism.CRC)
    assert tx.body_code("- Committee  against Torture") == ("CAT", Mechanism.CAT)
    assert tx.body_code("- CRC-OP-AC") == ("CRC-OP-AC", Mechanism.CRC)
    assert tx.body_code("- SR on torture")[1] is Mechanism.SP
    assert tx.body_code("- WG on arbitrary detention")[1] is Mechanism.SP
    assert tx.body_code("- IE on sexual orientation")[1] is Mechanism.SP
    with pytest.raises(ValueError, match="unknown Body"):
        tx.body_code("- Nobody")


def test_sdgs_and_positions() -> None:
    assert tx.sdg_target("5 - GENDER EQUALITY") is None
    assert tx.sdg_target("5.2 - End all violence - everywhere") == "5.2"
    assert tx.sdg_target("- 5.c - Adopt") == "5.c"
    assert tx.sdg_target("17.18 - Enhance") == "17.18"
    assert tx.position("- Supported") is Position.SUPPORTED
    assert tx.position("noted") is Position.NOTED
    with pytest.raises(ValueError, match="unknown UPR position"):
        tx.position("- Pending")


# -- records ------------------------------------------------------------------------------


def records(path: Path) -> list[Any]:
    with path.open("rb") as stream:
        return [r for _, r in uhri.iter_records(stream)]


def test_parse_record_fields() -> None:
    raw = records(EXPORT)
    first = uhri.parse_record(0, raw[0])
    assert first.paragraph == "4"
    assert first.themes == ("Freedom of peaceful assembly", "Civil society")
    assert first.affected_persons == ("Human rights defenders", "Journalists")
    assert first.sdg_targets == ("16.10", "5.c", "17.18")
    assert first.published == dt.date(2025, 8, 1)
    crc = uhri.parse_record(3, raw[3])
    assert (crc.body, crc.mechanism, crc.paragraph) == ("CRC", Mechanism.CRC, "3")
    upr = uhri.parse_record(4, raw[4])
    assert upr.mechanism is Mechanism.UPR
    assert (upr.paragraph, upr.recommended_by, upr.positions) == (
        "136.1",
        ("Ethiopia",),
        (Position.SUPPORTED,),
    )
    assert upr.text == "To further build up the capacity of the national human rights institution"
    assert (upr.upr_cycle, upr.upr_session) == (4, "46th session")
    cat = uhri.parse_record(6, raw[6])
    assert cat.text == "The Committee recommends & urges prompt ratification."
    assert cat.affected_persons == ()
    sp = uhri.parse_record(9, raw[9])
    assert sp.mechanism is Mechanism.SP
    assert uhri.annotation_kind(raw[10]) == "concern"
    assert uhri.annotation_kind(raw[11]) is None  # UUID
    assert uhri.annotation_kind(raw[12]) is None  # missing


def test_parse_record_errors_name_index_and_id() -> None:
    raw = records(BAD)
    with pytest.raises(uhri.UhriRecordError, match=r"record 1 \(AnnotationId 33333333-cccc"):
        uhri.parse_record(1, raw[1])
    with pytest.raises(uhri.UhriRecordError, match=r"record 2 .*not a date"):
        uhri.parse_record(2, raw[2])
    with pytest.raises(uhri.UhriRecordError, match=r"record 5 .*JSON object"):
        uhri.parse_record(5, [1, 2])
    bad_position = dict(raw[0], UprPositions=["- Pending"])
    assert "unknown UPR position" in uhri.parse_record(0, bad_position).problems[0]


def test_concerns_state() -> None:
    names = frozenset({"kazakhstan"})
    assert uhri.concerns_state({"Symbol": "CCPR/C/KAZ/CO/3", "Countries": []}, "KAZ", names)
    assert uhri.concerns_state({"Symbol": "A/HRC/1", "Countries": ["Kazakhstan "]}, "KAZ", names)
    assert not uhri.concerns_state({"Symbol": "KAZ/1", "Countries": []}, "KAZ", frozenset())
    from followup.interop._uhri_countries import names_of

    assert "state of palestine" in names_of("PSE")
    assert "kosovo" in names_of("XKX")
    assert "turkiye" in names_of("TUR")  # names are compared without accents


# -- the stream ---------------------------------------------------------------------------


def test_stream_small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = json.loads(EXPORT.read_text(encoding="utf-8"))
    monkeypatch.setattr(_uhri_json, "CHUNK_SIZE", 7)
    assert records(EXPORT) == whole
    text = ' [ 1 , 22,\n333 ,{"a": "é"} ] \n'
    assert [r for _, r in uhri.iter_records(io.BytesIO(text.encode()))] == [1, 22, 333, {"a": "é"}]
    assert list(uhri.iter_records(io.BytesIO(b"\xef\xbb\xbf[]"))) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"a": 1}', "not a JSON array"),
        (b"", "not a JSON array: found nothing"),
        (b'[{"a": 1}, {"a": }]', r"malformed JSON in record 1 at byte 17"),
        (b'[{"a": 1} {"a": 2}]', r"after record 0 at byte 10: expected ',' or ']'"),
        (b'[{"a": 1}, {"a": 2', "malformed JSON in record 1"),
        (b'[{"a": 1},', "ends inside the array, before record 1"),
        (b"[1] x", "data after the end of the array"),
        (b'["\xff"]', "not UTF-8"),
    ],
)
def test_stream_errors(data: bytes, message: str) -> None:
    with pytest.raises(uhri.UhriError, match=message):
        list(uhri.iter_records(io.BytesIO(data)))


_MEMORY_SCRIPT = textwrap.dedent(
    """
    import json, resource, sys
    from followup.interop.uhri import iter_records
    n = 0
    with open(sys.argv[1], "rb") as stream:
        for _ in iter_records(stream):
            n += 1
    print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    """
)


def _export(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for i in range(count):
            record = {
                "AnnotationId": f"{i:08x}-0000-4000-8000-000000000000",
                "AnnotationType": "- Recommendations",
                "Body": "- CCPR",
                "Countries": ["Kazakhstan"],
                "Symbol": "CCPR/C/KAZ/CO/3",
                "PublicationDate": "2025-02-12T00:00:00",
                "Text": f"{i}. The Committee recommends " + "x" * 600,
                "Themes": ["Freedom of expression"],
            }
            out.write(("," if i else "") + json.dumps(record, separators=(",", ":")))
        out.write("]")


def test_streaming_memory_is_flat(tmp_path: Path) -> None:
    peaks = {}
    for count in (5_000, 50_000):
        path = tmp_path / f"export-{count}.json"
        _export(path, count)
        done = subprocess.run(
            [sys.executable, "-c", _MEMORY_SCRIPT, str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        got, peak = done.stdout.split()
        assert int(got) == count
        peaks[count] = int(peak)
    # the 50k file is ~35 MB larger; reading it whole would show that in the peak
    assert peaks[50_000] - peaks[5_000] < 8 * 1024, peaks  # ru_maxrss is in KiB


# -- importing ----------------------------------------------------------------------------


def test_import_creates_valid_registry_and_reimport_is_idempotent(tmp_path: Path) -> None:
    reg = tmp_path / "reg"
    code, out = run(str(EXPORT), "--state", "KAZ", "-o", str(reg))
    assert code == 0, out
    assert "added: 11" in out and "(new registry)" in out
    assert "skipped       1  concerns/observations" in out
    assert "skipped       2  missing or UUID AnnotationType" in out
    assert "skipped       1  duplicate AnnotationId" in out
    assert "skipped       1  empty text" in out
    report = followup.validate(reg)
    assert not report.errors, report
    registry = followup.load(reg)
    assert set(registry.reviews) == {
        "kaz-ccpr-co-3",
        "kaz-crc-co-5-6",
        "kaz-cat-co-4",
        "kaz-sp-a-hrc-55-50-add.1",
        "kaz-upr-cycle-4",
    }
    rec = registry.recommendations["kaz-ccpr-c-kaz-co-3-p4"]
    assert rec.uhri_id == "11111111-aaaa-4000-8000-000000000001"
    assert rec.themes == ("freedom-of-peaceful-assembly", "civil-society")
    assert registry.themes["civil-society"].label.pick() == "Civil society"
    assert rec.sdg_targets == ("16.10", "5.c", "17.18")
    assert rec.source.document == "CCPR/C/KAZ/CO/3" and rec.source.paragraph == "4"
    upr = registry.recommendations["kaz-a-hrc-59-10-p136.2"]
    assert upr.recommended_by == ("Venezuela (Bolivarian Republic of)",)
    assert upr.latest_response() is not None
    assert upr.latest_response().response is Position.NOTED  # type: ignore[union-attr]
    assert registry.reviews["kaz-upr-cycle-4"].cycle == 4
    assert registry.reviews["kaz-crc-co-5-6"].mechanism is Mechanism.CRC
    assert registry.reviews["kaz-sp-a-hrc-55-50-add.1"].mechanism is Mechanism.SP
    before = snapshot(reg)
    code, out = run(str(EXPORT), "--state", "KAZ", "-o", str(reg))
    assert code == 0 and "added: 0  changed: 0  unchanged: 11  vanished: 0" in out
    assert snapshot(reg) == before


def test_reimport_changes_adds_and_reports_vanished(tmp_path: Path) -> None:
    reg = tmp_path / "reg"
    assert run(str(EXPORT), "--state", "KAZ", "-o", str(reg))[0] == 0
    with followup.edit(reg) as ed:  # the NGO's own work
        ed.assess(
            "kaz-ccpr-c-kaz-co-3-p4", status="not-implemented", on=dt.date(2025, 9, 1), by="NGO"
        )
        ed.set("kaz-ccpr-c-kaz-co-3-p4", "note", "Our note.")
    path = reg / "reviews" / "kaz-ccpr-co-3.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# a comment kept\n", encoding="utf-8")
    code, out = run(str(EXPORT_V2), "--state", "KAZ", "-o", str(reg))
    assert code == 0, out
    assert "added: 1  changed: 1  unchanged: 9  vanished: 1" in out
    assert "kaz-ccpr-c-kaz-co-3-p4: text" in out
    assert "kaz-ccpr-c-kaz-co-3-p9 (AnnotationId 11111111-aaaa-4000-8000-000000000003)" in out
    registry = followup.load(reg)
    rec = registry.recommendations["kaz-ccpr-c-kaz-co-3-p4"]
    assert str(rec.text).endswith("without delay.")
    assert rec.note is not None and str(rec.note) == "Our note."
    assert len(rec.assessments) == 1
    assert "kaz-ccpr-c-kaz-co-3-p9" in registry.recommendations  # never deleted
    assert "kaz-ccpr-c-kaz-co-3-p15" in registry.recommendations
    assert "equality-non-discrimination" in registry.themes
    assert path.read_text(encoding="utf-8").endswith("# a comment kept\n")
    before = snapshot(reg)
    code, out = run(str(EXPORT_V2), "--state", "KAZ", "-o", str(reg))
    assert "added: 0  changed: 0" in out and snapshot(reg) == before


def test_filters_and_dry_run(tmp_path: Path) -> None:
    reg = tmp_path / "reg"
    code, out = run(str(EXPORT), "--state", "KAZ", "-o", str(reg), "--body", "CAT", "--dry-run")
    assert code == 0 and "dry run, nothing written" in out and "added: 3" in out
    assert not reg.exists() and list(tmp_path.iterdir()) == []
    code, out = run(str(EXPORT), "--state", "KAZ", "-o", str(reg), "--body", "UPR", "crc")
    assert code == 0 and "added: 3" in out
    code, out = run(str(EXPORT), "--state", "KAZ", "-o", str(reg), "--since", "2025-04-01")
    assert code == 0 and "added: 4" in out and "vanished: 0" in out
    assert "published before --since" in out
    assert not followup.validate(reg).errors


def test_bad_records(tmp_path: Path) -> None:
    reg = tmp_path / "reg"
    code, out = run(str(BAD), "--state", "KAZ", "-o", str(reg))
    assert code == 1
    assert "record 1 (AnnotationId 33333333-cccc-4000-8000-000000000001): unknown Body" in out
    assert "--skip-bad" in out and "Traceback" not in out
    assert not reg.exists()
    code, out = run(str(BAD), "--state", "KAZ", "-o", str(reg), "--skip-bad")
    assert code == 0 and "added: 2" in out and "skipped       2  bad records" in out
    assert "record 2 (AnnotationId 33333333-cccc-4000-8000-000000000002)" in out
    assert not followup.validate(reg).errors


def test_user_mistakes(tmp_path: Path) -> None:
    code, out = run(str(EXPORT), "--state", "kaz", "-o", str(tmp_path / "r"))
    assert code == 1 and "--state" in out
    code, out = run(str(EXPORT), "--state", "KAZ", "-o", str(tmp_path / "r"), "--body", "XYZ")
    assert code == 1 and "--body 'XYZ'" in out
    code, out = run(str(tmp_path / "missing.json"), "--state", "KAZ", "-o", str(tmp_path / "r"))
    assert code == 1 and "cannot read the export" in out
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "notes.txt").write_text("mine", encoding="utf-8")
    code, out = run(str(EXPORT), "--state", "KAZ", "-o", str(tmp_path / "plain"))
    assert code == 1 and "holds no registry.yaml and is not empty" in out
    assert [p.name for p in (tmp_path / "plain").iterdir()] == ["notes.txt"]
    broken = tmp_path / "broken.json"
    broken.write_bytes(EXPORT.read_bytes()[:-40])
    code, out = run(str(broken), "--state", "KAZ", "-o", str(tmp_path / "r"))
    assert code == 1 and "malformed JSON in record" in out
    assert not (tmp_path / "r").exists()


def test_other_state_registry_is_refused(tmp_path: Path) -> None:
    reg = tmp_path / "reg"
    assert run(str(EXPORT), "--state", "KAZ", "-o", str(reg))[0] == 0
    code, out = run(str(EXPORT), "--state", "KGZ", "-o", str(reg))
    assert code == 1 and "not KGZ" in out


def test_editor_add_theme(tmp_path: Path) -> None:
    reg = tmp_path / "reg"
    assert run(str(EXPORT), "--state", "KAZ", "-o", str(reg))[0] == 0
    manifest = reg / "registry.yaml"
    manifest.write_text("# kept\n" + manifest.read_text(encoding="utf-8"), encoding="utf-8")
    with followup.edit(reg) as ed:
        ed.add_theme(followup.Theme(id="torture", label=followup.Text.plain("Torture")))
        with pytest.raises(followup.EditError, match="exists already"):
            ed.add_theme(followup.Theme(id="torture", label=followup.Text.plain("Again")))
        with pytest.raises(followup.EditError, match="exists already"):
            ed.add_theme(followup.Theme(id="civil-society", label=followup.Text.plain("x")))
    assert [str(c).rsplit("/", 1)[-1] for c in ed.changes] == ["registry.yaml: added theme torture"]
    assert followup.load(reg).themes["torture"].label.pick() == "Torture"
    assert manifest.read_text(encoding="utf-8").startswith("# kept\n")


def test_kept_registry_copy_is_untouched_on_failure(tmp_path: Path) -> None:
    reg = tmp_path / "reg"
    assert run(str(EXPORT), "--state", "KAZ", "-o", str(reg))[0] == 0
    before = snapshot(reg)
    assert run(str(BAD), "--state", "KAZ", "-o", str(reg))[0] == 1
    assert snapshot(reg) == before
    shutil.rmtree(reg)


def test_progress_is_reported() -> None:
    calls: list[tuple[int, int, str]] = []
    size = EXPORT.stat().st_size
    with EXPORT.open("rb") as stream:
        count = sum(
            1 for _ in uhri.iter_records(stream, progress=lambda *a: calls.append(a), total=size)
        )
    assert calls[-1] == (size, size, f"records {count}")


def test_memory_error_half_way_changes_no_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup.registry.editing import Editor

    reg = tmp_path / "reg"
    assert run(str(EXPORT), "--state", "KAZ", "-o", str(reg))[0] == 0
    before = snapshot(reg)
    real = Editor.add_recommendation
    calls = [0]

    def failing(self: Editor, rec: Any) -> None:
        calls[0] += 1
        if calls[0] > 1:
            raise MemoryError
        real(self, rec)

    def failing_set(self: Editor, *args: Any) -> None:
        raise MemoryError

    monkeypatch.setattr(Editor, "add_recommendation", failing)
    monkeypatch.setattr(Editor, "set", failing_set)  # v2 changes fields of records there
    with pytest.raises(MemoryError):
        uhri.import_uhri(EXPORT_V2, state="KAZ", output=reg)
    assert snapshot(reg) == before
    # a new registry: nothing at the target, no temporary directory beside it
    with pytest.raises(MemoryError):
        uhri.import_uhri(EXPORT, state="KAZ", output=tmp_path / "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reg"]


def test_bad_records_are_listed_within_bounds(tmp_path: Path) -> None:
    path = tmp_path / "many-bad.json"
    bad = '{"AnnotationId": "a", "Countries": ["Kazakhstan"], "AnnotationType": 5}'
    path.write_text("[" + ",".join([bad] * (uhri.MAX_LISTED + 30)) + "]", encoding="utf-8")
    result = uhri.import_uhri(path, state="KAZ", output=tmp_path / "reg", skip_bad=True)
    assert len(result.bad) == uhri.MAX_LISTED
    assert result.skipped["bad records"] == uhri.MAX_LISTED + 30
    assert f"... and {uhri.MAX_LISTED + 30 - 50} more" in result.summary()


def test_a_label_whose_id_another_theme_holds_gets_its_own_theme(tmp_path: Path) -> None:
    """UHRI's "Civil society" is not merged into a registry theme `civil-society` that
    names something else: it gets `civil-society-2`, and the summary says so."""
    reg = tmp_path / "reg"
    assert run(str(EXPORT), "--state", "KAZ", "-o", str(reg))[0] == 0
    manifest = reg / "registry.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert text.count("Civil society") == 1
    manifest.write_text(text.replace("Civil society", "Civil society organisations"), "utf-8")
    code, out = run(str(EXPORT), "--state", "KAZ", "-o", str(reg))
    assert code == 0, out
    assert "notices:" in out and "'civil-society-2'" in out
    registry = followup.load(reg, cache=False)
    assert registry.themes["civil-society-2"].label.pick() == "Civil society"
    assert registry.themes["civil-society"].label.pick() == "Civil society organisations"
    rec = registry.recommendations["kaz-ccpr-c-kaz-co-3-p4"]
    assert rec.themes == ("freedom-of-peaceful-assembly", "civil-society-2")
    # imported again: the label now has its theme, nothing changes
    before = snapshot(reg)
    assert run(str(EXPORT), "--state", "KAZ", "-o", str(reg))[0] == 0
    assert snapshot(reg) == before
