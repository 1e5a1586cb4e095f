"""The editor's API and CLI: checks before writing, messages, the Kazakhstan diff, migration."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import io
import shutil
from pathlib import Path

import pytest

import followup
from followup.cli import main
from followup.registry import migration, textedit
from followup.registry.dump import dump_single
from followup.registry.editing import build_recommendation

from .conftest import KAZAKHSTAN, TODAY, undeclare_judges

GOLDEN = Path(__file__).resolve().parent / "golden" / "registry"


@pytest.fixture
def kz(tmp_path: Path) -> Path:
    path = tmp_path / "kazakhstan"
    shutil.copytree(KAZAKHSTAN, path)
    undeclare_judges(path)  # these edits sign as free-text judges (IPHR, X)
    return path


@pytest.fixture
def golden(tmp_path: Path) -> Path:
    path = tmp_path / "golden"
    shutil.copytree(GOLDEN, path)
    return path


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def _run(*argv: str) -> tuple[int, str, str]:
    out = io.StringIO()
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(argv), out)
    return code, out.getvalue(), err.getvalue()


# -- the Kazakhstan registry: one assessment, only its lines in the diff -------------------


def test_assess_on_kazakhstan_adds_only_the_entry(kz: Path) -> None:
    before = _snapshot(kz)
    code, out, err = _run(
        "assess",
        str(kz),
        "kaz-ccpr-2-p50a",
        "--status",
        "not-implemented",
        "--on",
        "2026-01-15",
        "--by",
        "IPHR",
        "--evidence",
        "https://example.org/monitoring-2026",
        "--note",
        "No change since May 2025.",
    )
    assert code == 0, err
    assert "kaz-ccpr-2-p50a: added assessment 'not-implemented' by IPHR on 2026-01-15" in out
    after = _snapshot(kz)
    changed = [name for name in after if after[name] != before[name]]
    assert changed == ["reviews/ccpr-2016.yaml"]
    old = before[changed[0]].decode().splitlines(keepends=True)
    new = after[changed[0]].decode().splitlines(keepends=True)
    diff = [line for line in difflib.unified_diff(old, new, n=0) if line[:1] in "+-"]
    removed = [line for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line for line in diff if line.startswith("+") and not line.startswith("+++")]
    assert removed == []
    assert added == [
        "+      - date: 2026-01-15\n",
        "+        status: not-implemented\n",
        "+        by: IPHR\n",
        "+        evidence:\n",
        "+          - url: https://example.org/monitoring-2026\n",
        "+        note: No change since May 2025.\n",
    ]
    registry = followup.load(kz, today=TODAY)
    assert registry.status("kaz-ccpr-2-p50a", as_of=dt.date(2026, 2, 1)) == "not-implemented"


# -- checks before anything is written -------------------------------------------------------


def test_unknown_recommendation_suggests_ids(golden: Path) -> None:
    before = _snapshot(golden)
    with (
        pytest.raises(followup.UnknownIdError, match=r"did you mean .*'p52'"),
        followup.edit(golden, today=TODAY) as ed,
    ):
        ed.assess("p5", status="implemented", on=dt.date(2025, 1, 1), by="X")
    assert _snapshot(golden) == before


def test_level_not_in_scale_lists_the_levels(golden: Path) -> None:
    with (
        pytest.raises(followup.EditError, match="use one of: regressed, not-implemented"),
        followup.edit(golden, today=TODAY) as ed,
    ):
        ed.assess("p52", status="done", on=dt.date(2025, 1, 1), by="X")


def test_future_date_is_refused(golden: Path) -> None:
    with (
        pytest.raises(followup.EditError, match="in the future"),
        followup.edit(golden, today=TODAY) as ed,
    ):
        ed.respond("p52", position="reply-received", on=TODAY + dt.timedelta(days=1))


def test_unknown_position_lists_positions(golden: Path) -> None:
    with (
        pytest.raises(followup.EditError, match="use one of: supported"),
        followup.edit(golden, today=TODAY) as ed,
    ):
        ed.respond("p52", position="accepted", on=dt.date(2020, 1, 1))


def test_edit_that_breaks_validation_writes_nothing(golden: Path) -> None:
    before = _snapshot(golden)
    with pytest.raises(followup.RegistryError) as caught, followup.edit(golden, today=TODAY) as ed:
        ed.assess("p52", status="implemented", on=dt.date(2025, 1, 1), by="X")
        ed.set("p53", "themes", ("no-such-theme",))  # only the full validation sees this
    assert any(p.code == "unknown-theme" for p in caught.value.report.errors)
    assert _snapshot(golden) == before


def test_exception_inside_the_block_writes_nothing(golden: Path) -> None:
    before = _snapshot(golden)
    with pytest.raises(RuntimeError), followup.edit(golden, today=TODAY) as ed:
        ed.assess("p52", status="implemented", on=dt.date(2025, 1, 1), by="X")
        raise RuntimeError
    assert _snapshot(golden) == before


def test_invalid_registry_is_not_edited(golden: Path) -> None:
    review = golden / "reviews" / "ccpr-2016.yaml"
    review.write_text(review.read_text().replace("mechanism: CCPR", "mechanism: XYZ"))
    with pytest.raises(followup.RegistryError), followup.edit(golden, today=TODAY):
        pass


def test_duplicates_are_refused(golden: Path) -> None:
    with pytest.raises(followup.EditError, match="exists already"), followup.edit(golden) as ed:
        ed.add_recommendation(
            build_recommendation(id="p52", review="ccpr-2016", text="x", document="D")
        )
    with pytest.raises(followup.UnknownIdError), followup.edit(golden) as ed:
        ed.add_recommendation(build_recommendation(id="p9", review="nope", text="x", document="D"))


def test_check_validates_without_writing(golden: Path) -> None:
    before = _snapshot(golden)
    with followup.edit(golden, today=TODAY) as ed:
        ed.assess("p53", status="implemented", on=dt.date(2025, 1, 1), by="X")
        registry = ed.check()
        assert registry.status("p53") == "implemented"
        raise_after = _snapshot(golden)
    assert raise_after == before  # check() wrote nothing; the block's end wrote
    assert _snapshot(golden) != before


def test_changes_and_new_registry(golden: Path) -> None:
    with followup.edit(golden, today=TODAY) as ed:
        ed.link("p53", reiterates=["p52"])
        ed.link("p53", reiterates=["p52"])  # once only
        ed.set_version("2026.1")
    assert [c.summary for c in ed.changes] == ["p53: reiterates p52", "version 2025.3 -> 2026.1"]
    assert ed.registry.info.version == "2026.1"
    assert followup.load(golden).recommendations["p53"].reiterates == ("p52",)


def test_single_file_registry(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    registry = followup.load(GOLDEN, today=TODAY)
    path.write_text("# my registry\n" + dump_single(registry), encoding="utf-8")
    with followup.edit(path, today=TODAY) as ed:
        ed.assess("p53", status="regressed", on=dt.date(2024, 5, 1), by="NGO")
        ed.add_review(
            followup.Review(
                id="upr-2019",
                mechanism=followup.Mechanism.UPR,
                state="KAZ",
                title=followup.Text.plain("UPR third cycle"),
                date=dt.date(2019, 11, 7),
            )
        )
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my registry\n")
    loaded = followup.load(path, today=TODAY)
    assert loaded.status("p53") == "regressed"
    assert "upr-2019" in loaded.reviews


# -- the CLI ------------------------------------------------------------------------------


def test_cli_mistakes_exit_1_without_traceback(golden: Path) -> None:
    code, _, err = _run(
        "assess", str(golden), "p52", "--status", "nope", "--on", "2025-01-01", "--by", "X"
    )
    assert code == 1 and "not a level of scale 'implementation'" in err
    assert "Traceback" not in err
    code, _, err = _run("respond", str(golden), "p520", "--position", "noted", "--on", "2025-01-01")
    assert code == 1 and "did you mean" in err


def test_cli_bad_date_is_a_usage_error(golden: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(
            [
                "assess",
                str(golden),
                "p52",
                "--status",
                "implemented",
                "--on",
                "2025-02-30",
                "--by",
                "X",
            ]
        )
    assert caught.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_cli_respond_and_add(golden: Path) -> None:
    code, out, _ = _run(
        "respond", str(golden), "p53", "--position", "no-reply", "--on", "2017-07-12"
    )
    assert code == 0 and "added response 'no-reply'" in out
    code, out, err = _run(
        "add-recommendation",
        str(golden),
        "--review",
        "ccpr-2016",
        "--id",
        "p60",
        "--text",
        "Ratify the Optional Protocol.",
        "--document",
        "CCPR/C/KAZ/CO/2",
        "--paragraph",
        "60",
        "--theme",
        "expression",
        "--unverified",
        "paragraph not checked",
    )
    assert code == 0, err
    assert "added recommendation p60 to review ccpr-2016" in out
    rec = followup.load(golden).recommendations["p60"]
    assert rec.source.paragraph == "60" and rec.unverified == "paragraph not checked"


def test_cli_dry_run_writes_nothing(golden: Path) -> None:
    before = _snapshot(golden)
    code, out, _ = _run(
        "assess", str(golden), "p52", "--status", "implemented", "--on", "2025-01-01", "--by", "X",
        "--dry-run",
    )  # fmt: skip
    assert code == 0 and out.startswith("would change ")
    assert _snapshot(golden) == before


# -- migration ------------------------------------------------------------------------------


def test_each_step_is_tested() -> None:
    # one test below per step of the chain: add a case when a format is added
    assert [step.source for step in migration.STEPS] == list(range(followup.FORMAT_VERSION))


def test_step_0_to_1() -> None:
    data = {"id": "x", "title": "T"}
    new, done = migration.upgrade(data)
    assert new == {"followup": 1, "id": "x", "title": "T"}
    assert list(new) == ["followup", "id", "title"]
    assert done == ["format 0 -> 1: add `followup: 1` (the format version)"]
    assert data == {"id": "x", "title": "T"}  # the input is not changed


def test_current_and_newer_formats() -> None:
    assert migration.upgrade({"followup": 1, "id": "x"}) == ({"followup": 1, "id": "x"}, [])
    with pytest.raises(followup.MigrationError, match="upgrade followup"):
        migration.upgrade({"followup": 2})
    with pytest.raises(followup.MigrationError, match="not a format version"):
        migration.upgrade({"followup": "1"})


def test_migrate_in_place_keeps_everything_else(golden: Path) -> None:
    review = golden / "reviews" / "ccpr-2016.yaml"
    current = review.read_bytes()
    old_format = current.replace(b"followup: 1\n", b"", 1)
    # the step adds the key before the first one (after the file's opening comment)
    migrated = old_format.replace(b"id: ccpr-2016\n", b"followup: 1\nid: ccpr-2016\n", 1)
    review.write_bytes(old_format.replace(b"\n", b"\r\n"))  # and written on Windows
    assert followup.validate(golden).errors  # format 0 is not read as such
    code, out, _ = _run("migrate", str(golden), "--check")
    assert code == 1 and "would migrate" in out and "ccpr-2016.yaml" in out
    assert review.read_bytes() == old_format.replace(b"\n", b"\r\n")  # --check wrote nothing
    code, out, _ = _run("migrate", str(golden))
    assert code == 0 and "migrated" in out
    assert review.read_bytes() == migrated.replace(b"\n", b"\r\n")
    assert not followup.validate(golden).errors
    code, out, _ = _run("migrate", str(golden), "--check")
    assert code == 0 and "current format" in out


def test_textedit_refuses_what_it_cannot_change_surely() -> None:
    text = "a: {b: 1, c: 2}\n"
    with pytest.raises(textedit.UnsupportedEdit):
        textedit.realize("--- \n" + text, {"a": {"b": 1, "c": 2}}, {"a": {"b": 2, "c": 2}})


def test_a_value_used_twice_is_written_twice_not_aliased(kz: Path) -> None:
    day = dt.date(2025, 10, 1)  # one date object in two entries of a new recommendation
    rec = followup.Recommendation(
        id="kaz-test-shared-date",
        review="kaz-ccpr-2016",
        text=followup.Text.plain("A recommendation with two entries on one day"),
        source=followup.Source(document="CCPR/C/KAZ/CO/2"),
        history=(
            followup.Response(date=day, response=followup.Position.SUPPORTED),
            followup.Assessment(day, "not-implemented", "X"),
        ),
    )
    with followup.edit(kz, today=dt.date(2026, 1, 1)) as ed:
        ed.add_recommendation(rec)
    text = (kz / "reviews" / "ccpr-2016.yaml").read_text("utf-8")
    assert "&id" not in text and "*id" not in text
    assert text.count("date: 2025-10-01") == 2
    assert followup.load(kz, cache=False).recommendations["kaz-test-shared-date"] == rec
