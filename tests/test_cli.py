"""The command line: exit codes, output formats, and no tracebacks for user mistakes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from followup.cli import main

from .conftest import KAZAKHSTAN, ROOT


def _unverified() -> int:
    """The Kazakhstan registry's `unverified` marks, each a notice (the data's count, so
    that these tests check the CLI, not the data)."""
    import followup

    _, report = followup.check(KAZAKHSTAN)
    assert all(p.code == "unverified" for p in report.notices)
    return len(report.notices)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_validate_clean_registry() -> None:
    code, out = run("validate", str(KAZAKHSTAN))
    assert code == 0
    assert f"0 errors, 0 warnings, {_unverified()} notices" in out
    assert "notice[unverified]" in out


def test_validate_json() -> None:
    code, out = run("validate", str(KAZAKHSTAN), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["ok"] is True and data["notices"] == _unverified()
    assert data["problems"][0]["line"] >= 1


def _broken(tmp_path: Path) -> Path:
    path = tmp_path / "reg.yaml"
    path.write_text(
        "followup: 1\nid: x\ntitle: X\nversion: '1'\nstates: [KAZ]\n"
        "reviews:\n  - id: r\n    mechanism: CCPR\n    state: KAZ\n    title: R\n"
        "    date: 2020-01-01\n    recommendations:\n      - id: a\n        text: T\n"
        "        source: {document: D}\n        folow_up: true\n",
        encoding="utf-8",
    )
    return path


def test_validate_errors_exit_1(tmp_path: Path) -> None:
    code, out = run("validate", str(_broken(tmp_path)))
    assert code == 1
    assert "reg.yaml:16:9: error[unknown-field]: unknown field 'folow_up'" in out
    assert "did you mean `follow_up`?" in out


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    path = tmp_path / "reg.yaml"
    path.write_text(
        "followup: 1\nid: x\ntitle: X\nversion: '1'\nstates: [KAZ]\n"
        "reviews:\n  - id: r\n    mechanism: CCPR\n    state: KAZ\n    title: R\n"
        "    date: 2099-01-01\n",
        encoding="utf-8",
    )
    assert run("validate", str(path))[0] == 0
    assert run("validate", str(path), "--strict")[0] == 1


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["info", str(KAZAKHSTAN), "--as-of", "2025-02-30"])
    assert exc.value.code == 2
    assert "not a date" in capsys.readouterr().err


def test_info_summarises(tmp_path: Path) -> None:
    code, out = run("info", str(KAZAKHSTAN), "--as-of", "2025-06-30")
    assert code == 0
    assert "29 recommendations in 4 reviews" in out
    assert "kaz-ccpr-2016" in out and "3 under follow-up" in out
    code, out = run("info", str(KAZAKHSTAN), "--format", "json", "--as-of", "2025-06-30")
    data = json.loads(out)
    assert data["recommendations"] == 29
    assert sum(data["by_status"].values()) == 29
    assert data["unverified_marks"] == _unverified()


def test_info_on_broken_registry_has_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "followup", "info", str(_broken(tmp_path))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "unknown-field" in result.stderr


def test_internal_error_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr("followup.cli.check", boom)
    assert main(["validate", str(KAZAKHSTAN)]) == 3
    assert "internal error, please report" in capsys.readouterr().err
    with pytest.raises(RuntimeError):
        main(["--debug", "validate", str(KAZAKHSTAN)])


def test_validate_quiet_says_what_it_left_out() -> None:
    code, out = run("validate", "--quiet", str(KAZAKHSTAN))
    assert code == 0
    assert out.count("\n") == 1  # the summary line only
    expected = f"({_unverified()} notices left out by --quiet, e.g. unverified facts)"
    assert out.strip().endswith(expected)


def test_unwritable_output_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing-dir" / "schema.json"
    code, _out = run("schema", "-o", str(target))
    err = capsys.readouterr().err
    assert code == 1 and "internal error" not in err and "Traceback" not in err
    assert str(target.parent) in err and ".tmp" not in err


def _follow_up(tmp_path: Path, history: str) -> Path:
    path = tmp_path / "due.yaml"
    path.write_text(
        "followup: 1\nid: x\ntitle: X\nversion: '1'\nstates: [KAZ]\n"
        "reviews:\n  - id: r\n    mechanism: CCPR\n    state: KAZ\n    title: R\n"
        "    date: 2016-07-11\n    follow_up: {due: 2017-07-11}\n    recommendations:\n"
        "      - id: a\n        text: T\n        source: {document: D, paragraph: '42'}\n"
        f"        follow_up: true\n        history: {history}\n",
        encoding="utf-8",
    )
    return path


def test_deadlines_say_what_is_known_of_the_reply(tmp_path: Path) -> None:
    recorded = _follow_up(tmp_path, "[{date: 2017-09, response: reply-received}]")
    code, out = run("deadlines", str(recorded), "--as-of", "2025-09-30")
    assert code == 0
    assert out.splitlines() == [
        "View: public view",
        "r: due 2017-07-11: reply recorded",
        "  a (para. 42): reply recorded (2017-09); not graded",
    ]
    undated = _follow_up(
        tmp_path, "[{response: reply-received, unverified: the date is not established}]"
    )
    code, out = run("deadlines", str(undated), "--as-of", "2025-09-30")
    assert out.splitlines()[1] == "r: due 2017-07-11: reply known, not dated"
    assert "  a (para. 42): reply known, not dated; not graded" in out
    none = _follow_up(tmp_path, "[]")
    code, out = run("deadlines", str(none), "--as-of", "2025-09-30")
    assert out.splitlines() == [
        "View: public view",
        "r: due 2017-07-11: no reply known, overdue by 8 years 2 months",
        "  a (para. 42): no reply known; not graded",
    ]
    code, out = run("deadlines", str(none), "--as-of", "2017-07-12")
    assert out.splitlines()[1] == "r: due 2017-07-11: no reply known, overdue by 1 day"
    code, out = run("deadlines", str(none), "--as-of", "2017-01-01")
    assert out.splitlines()[1] == "r: due 2017-07-11: no reply known"
    code, out = run("deadlines", str(none), "--as-of", "2025-09-30", "--format", "json")
    data = json.loads(out)
    assert data["as_of"] == "2025-09-30" and data["view"] == "public view"
    procedure = data["procedures"][0]
    assert procedure["reply"] == "none" and procedure["overdue"] is True
    assert procedure["items"][0]["reply"] == "none"


def test_durations_read_in_years_and_months_or_days() -> None:
    import datetime as dt

    from followup.cli.analysis import duration

    due = dt.date(2017, 7, 11)
    assert duration(due, dt.date(2017, 7, 12)) == "1 day"
    assert duration(due, dt.date(2017, 7, 13)) == "2 days"
    assert duration(due, dt.date(2018, 7, 10)) == "364 days"
    assert duration(due, dt.date(2018, 7, 11)) == "1 year"
    assert duration(due, dt.date(2019, 8, 11)) == "2 years 1 month"
    assert duration(due, dt.date(2025, 9, 30)) == "8 years 2 months"


def test_scorecard_exclude_unverified_reaches_build(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import followup.scorecard

    seen: list[dict[str, object]] = []

    def build(*_a: object, **kwargs: object) -> object:
        seen.append(kwargs)
        return object()

    monkeypatch.setattr(followup.scorecard, "build", build)
    monkeypatch.setattr(followup.scorecard, "write", lambda *_a, **_k: [])
    monkeypatch.setattr("followup.cli.cards._fallback_notice", lambda *_a: None)
    for flag, expected in (((), False), (("--exclude-unverified",), True)):
        code, _ = run(
            "scorecard", str(KAZAKHSTAN), "--period", "2025-Q3", "-o", str(tmp_path), *flag
        )
        assert code == 0 and seen[-1]["exclude_unverified"] is expected
