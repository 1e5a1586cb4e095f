"""Starting a registry from the command line: ``init``, ``add-review``, the hint of
``add-recommendation`` for a review not added yet, ``info --ids``, and dates before the
review refused at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import followup
from followup.cli import main

from .conftest import fails, run


@pytest.fixture
def started(tmp_path: Path) -> Path:
    """A registry made by ``init`` and ``add-review`` (review ``kgz-ccpr-3``)."""
    folder = tmp_path / "kgz"
    assert run("init", str(folder), "--state", "KGZ")[0] == 0
    code, out = run(
        "add-review",
        str(folder),
        "--mechanism",
        "ccpr",
        "--date",
        "2022-11",
        "--cycle",
        "3",
        "--document",
        "CCPR/C/KGZ/CO/3",
        "--unverified",
        "example for a test",
    )
    assert code == 0, out
    return folder


def _add_rec(folder: Path, rec_id: str, review: str = "kgz-ccpr-3") -> tuple[int, str]:
    return run(
        "add-recommendation",
        str(folder),
        "--review",
        review,
        "--id",
        rec_id,
        "--text",
        "An example text.",
        "--document",
        "CCPR/C/KGZ/CO/3",
    )


# -- init ---------------------------------------------------------------------------------


def test_init_writes_a_valid_registry_with_the_default_scales(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "kgz"
    code, out = run("init", str(folder), "--state", "kgz")
    assert code == 0 and "registry.yaml" in out and "followup add-review" in out
    _, report = followup.check(folder)
    assert not report.errors
    assert run("validate", str(folder))[0] == 0
    text = (folder / "registry.yaml").read_text(encoding="utf-8")
    assert text.startswith("# ")  # the guide in the comments
    assert "followup add-review" in text and "unverified" in text
    assert (folder / "reviews").is_dir()
    data = json.loads(run("info", str(folder), "--format", "json")[1])
    assert data["states"] == ["KGZ"] and data["id"] == "kyrgyzstan"
    assert "Kyrgyzstan" in data["title"]


def test_init_manifest_declares_scales_and_a_judge(started: Path) -> None:
    registry = followup.load(started)
    assert registry.info.default_scale == "implementation"
    assert registry.info.scales == ("implementation", "hrc-follow-up")
    assert [j.id for j in registry.info.judges] == ["compilers"]
    assert registry.info.language == "en"


def test_init_other_language_and_title(tmp_path: Path) -> None:
    folder = tmp_path / "ru"
    code, _ = run("init", str(folder), "--state", "KGZ", "--language", "ru", "--title", "Реестр")
    assert code == 0
    registry = followup.load(folder)
    assert registry.info.language == "ru"
    assert registry.info.title.pick("ru") == "Реестр"
    folder = tmp_path / "default-title"
    assert run("init", str(folder), "--state", "KGZ", "--language", "ru")[0] == 0
    title = followup.load(folder).info.title  # the made title is English, and says so
    assert title.get("en") is not None and "Kyrgyzstan" in title.pick("en")


def test_init_refuses_a_folder_that_holds_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    err = fails(capsys, "init", str(tmp_path), "--state", "KGZ")
    assert "is not empty" in err and "notes.txt" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    err = fails(capsys, "init", str(tmp_path / "notes.txt"), "--state", "KGZ")
    assert "is a file" in err


def test_init_leaves_nothing_half_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    err = fails(capsys, "init", str(tmp_path / "file.txt" / "kgz"), "--state", "KGZ")
    assert "cannot write" in err

    def full(_path: Path, _data: bytes) -> None:
        raise OSError(28, "No space left on device", str(_path))

    monkeypatch.setattr("followup.cli.start.write_atomic", full)
    err = fails(capsys, "init", str(tmp_path / "a" / "b" / "kgz"), "--state", "KGZ")
    assert "No space left on device" in err
    assert not (tmp_path / "a").exists()
    (tmp_path / "empty").mkdir()
    fails(capsys, "init", str(tmp_path / "empty"), "--state", "KGZ")
    assert (tmp_path / "empty").is_dir() and not list((tmp_path / "empty").iterdir())


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("KYR", "KGZ"), ("Kyrgyzstan", "KGZ"), ("KG", "KGZ"), ("KAX", "KAZ"), ("FRN", "FRA")],
)
def test_init_wrong_state_code_gets_did_you_mean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str, meant: str
) -> None:
    err = fails(capsys, "init", str(tmp_path / "x"), "--state", typed)
    assert "not an ISO 3166-1 alpha-3" in err and "did you mean" in err and meant in err
    assert not (tmp_path / "x").exists()


def test_init_bad_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = fails(capsys, "init", str(tmp_path / "x"), "--state", "KGZ", "--language", "English")
    assert "not a language tag" in err


# -- add-review ---------------------------------------------------------------------------


def test_add_review_makes_a_review_file(started: Path) -> None:
    registry = followup.load(started)
    review = registry.review("kgz-ccpr-3")
    assert str(review.mechanism) == "CCPR" and review.state == "KGZ" and review.cycle == 3
    assert review.date.isoformat() == "2022-11"
    assert [d.symbol for d in review.documents] == ["CCPR/C/KGZ/CO/3"]
    assert review.documents[0].kind == "concluding-observations"
    assert review.unverified == "example for a test"
    assert (started / "reviews" / "kgz-ccpr-3.yaml").is_file()
    _, report = followup.check(started)
    assert not report.errors and not report.warnings


def test_add_review_id_from_year_or_given(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["add-review", str(started), "--document", "A/HRC/1"]
    code, out = run(*base, "--mechanism", "UPR", "--date", "2020-05-05")
    assert code == 0 and "kgz-upr-2020" in out
    code, out = run(*base, "--mechanism", "UPR", "--date", "2020-05-05", "--id", "kgz-upr-4")
    assert code == 0
    err = fails(capsys, *base, "--mechanism", "UPR", "--date", "2020-05-05")
    assert "exists already" in err and "--id" in err
    assert set(followup.load(started).reviews) == {"kgz-ccpr-3", "kgz-upr-2020", "kgz-upr-4"}


def test_add_review_mistakes(started: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in (started / "reviews").iterdir())
    base = ["add-review", str(started), "--document", "X", "--date", "2021"]
    assert "author" in fails(capsys, *base, "--mechanism", "NGO")  # an NGO names itself
    assert "did you mean" in fails(capsys, *base, "--mechanism", "CAT", "--state", "KYR")
    code, _ = run(*base, "--mechanism", "CAT", "--dry-run")
    assert code == 0
    assert sorted(p.name for p in (started / "reviews").iterdir()) == before
    with pytest.raises(SystemExit) as exc:
        main([*base, "--mechanism", "CCRP"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "did you mean" in err and "'CCPR'" in err.rpartition("did you mean")[2]


# -- add-recommendation, info --ids -------------------------------------------------------


def test_add_recommendation_to_unknown_review_hints_at_add_review(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (started / "reviews" / "kgz-ccpr-3.yaml").read_bytes()
    _add_rec(started, "kgz-1", review="kgz-ccpr-2")
    err = capsys.readouterr().err
    assert "no review with id 'kgz-ccpr-2'" in err
    assert "did you mean 'kgz-ccpr-3'" in err and "its reviews: kgz-ccpr-3" in err
    assert f"followup add-review {started}" in err
    assert (started / "reviews" / "kgz-ccpr-3.yaml").read_bytes() == before


def test_add_recommendation_in_empty_registry_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "empty"
    run("init", str(folder), "--state", "KGZ")
    code, _ = _add_rec(folder, "kgz-1")
    err = capsys.readouterr().err
    assert code == 1 and "it has no review yet" in err and "followup add-review" in err


def test_info_ids_lists_latest_status(started: Path) -> None:
    assert _add_rec(started, "kgz-ccpr-3-a")[0] == 0
    assert _add_rec(started, "kgz-ccpr-3-b")[0] == 0
    on = ["--by", "compilers"]
    rec_a = ["assess", str(started), "kgz-ccpr-3-a"]
    assert run(*rec_a, "--status", "not-implemented", "--on", "2024-01-10", *on)[0] == 0
    assert run(*rec_a, "--status", "implemented", "--on", "2025-03", *on)[0] == 0
    code, out = run("info", str(started), "--ids", "--as-of", "2025-06-30")
    assert code == 0
    assert "2 recommendations, latest status as of 2025-06-30" in out
    assert "kgz-ccpr-3-a  implemented, on 2025-03 by compilers" in out
    assert "kgz-ccpr-3-b  not assessed" in out
    code, out = run("info", str(started), "--ids", "--as-of", "2024-06-30", "--format", "json")
    data = json.loads(out)
    assert data["as_of"] == "2024-06-30" and data["view"] == "public view"
    first, second = data["recommendations"]
    assert first == {
        "id": "kgz-ccpr-3-a",
        "review": "kgz-ccpr-3",
        "status": "not-implemented",
        "scale": "implementation",
        "on": "2024-01-10",
        "by": "compilers",
    }
    assert second["status"] is None and second["on"] is None


# -- dates before the review --------------------------------------------------------------


def test_assess_before_the_review_is_refused_at_once(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_rec(started, "kgz-ccpr-3-a")
    path = started / "reviews" / "kgz-ccpr-3.yaml"
    before = path.read_bytes()
    err = fails(
        capsys,
        *("assess", str(started), "kgz-ccpr-3-a", "--status", "implemented"),
        *("--on", "2021-05-01", "--by", "compilers"),
    )
    assert "--on 2021-05-01 is before the review that made it (kgz-ccpr-3, 2022-11)" in err
    assert path.read_bytes() == before
    err = fails(
        capsys, "respond", str(started), "kgz-ccpr-3-a", "--position", "noted", "--on", "2019"
    )
    assert "before the review" in err
    assert path.read_bytes() == before
    # the review's own month is not before it
    code, _ = run(
        *("assess", str(started), "kgz-ccpr-3-a", "--status", "implemented"),
        *("--on", "2022-11", "--by", "compilers"),
    )
    assert code == 0
