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


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_validate_clean_registry() -> None:
    code, out = run("validate", str(KAZAKHSTAN))
    assert code == 0
    assert "0 errors, 0 warnings, 14 notices" in out
    assert "notice[unverified]" in out


def test_validate_json() -> None:
    code, out = run("validate", str(KAZAKHSTAN), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["ok"] is True and data["notices"] == 14
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
    assert data["unverified_marks"] == 14


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
    assert out.strip().endswith("(14 notices left out by --quiet, e.g. unverified facts)")


def test_unwritable_output_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing-dir" / "schema.json"
    code, _out = run("schema", "-o", str(target))
    err = capsys.readouterr().err
    assert code == 1 and "internal error" not in err and "Traceback" not in err
    assert str(target.parent) in err and ".tmp" not in err
