"""The command line's rough edges, each fixed: dates the wrong way round, ``--debug``
anywhere, "did you mean" for commands, scales and periods, levels by label, periods
outside the registry, examples in every ``--help``, shell completion."""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from followup.cli import _parser, main
from followup.cli._base import date_arg, source_date_arg
from followup.cli._help import EXAMPLES

from .conftest import KAZAKHSTAN, ROOT, fails, run


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """A command the parser refuses (exit 2): its stderr."""
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    assert exc.value.code == 2
    return capsys.readouterr().err


@pytest.fixture
def kaz(tmp_path: Path) -> Path:
    """A copy of the Kazakhstan registry (edits take a lock file in its folder)."""
    return Path(shutil.copytree(KAZAKHSTAN, tmp_path / "kazakhstan"))


# -- dates, --debug, commands -------------------------------------------------------------


def test_progress_from_after_to_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    err = fails(capsys, "progress", str(KAZAKHSTAN), "--from", "2025-09-30", "--to", "2025-01-01")
    assert "--from 2025-09-30 is after --to 2025-01-01" in err


def test_debug_before_or_after_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("info", str(KAZAKHSTAN), "--debug")[0] == 0
    assert run("--debug", "info", str(KAZAKHSTAN))[0] == 0
    assert run("info", "--debug", str(KAZAKHSTAN))[0] == 0

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr("followup.cli.check", boom)
    assert run("validate", str(KAZAKHSTAN))[0] == 3  # no --debug: a message
    with pytest.raises(RuntimeError):
        run("validate", str(KAZAKHSTAN), "--debug")
    with pytest.raises(RuntimeError):
        run("--debug", "validate", str(KAZAKHSTAN))


def test_misspelled_command_gets_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "valdate", str(KAZAKHSTAN))
    assert "'valdate' is not a command; did you mean 'validate'?" in err
    assert "did you mean 'scorecard'" in usage_error(capsys, "--debug", "scorecards", "x")
    err = usage_error(capsys, "import", "uhr", "f.json")
    assert "did you mean 'uhri'" in err
    err = usage_error(capsys, "score", str(KAZAKHSTAN), "--format", "jsn")
    assert "did you mean 'json'" in err


# -- levels and scales --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "extra", "level"),
    [
        ("Partially implemented", [], "partially-implemented"),
        ("partially implemented", [], "partially-implemented"),
        ("Выполнена частично", [], "partially-implemented"),
        ("NOT-IMPLEMENTED", [], "not-implemented"),
        ("b", ["--scale", "hrc-follow-up"], "B"),
        ("B: partially satisfactory", ["--scale", "hrc-follow-up"], "B"),
        ("largely satisfactory", ["--scale", "hrc-follow-up"], "A"),
    ],
)
def test_status_by_id_or_label(kaz: Path, typed: str, extra: list[str], level: str) -> None:
    code, out = run(
        *("assess", str(kaz), "kaz-ccpr-2-p50a", "--status", typed, *extra),
        *("--on", "2025-07", "--by", "compilers"),
    )
    assert code == 0, out
    import followup

    assert followup.load(kaz).status("kaz-ccpr-2-p50a", scale=extra[1] if extra else None) == level


def test_bad_level_hint_lists_that_scales_levels(
    kaz: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ("assess", str(kaz), "kaz-ccpr-2-p50a", "--on", "2025-07", "--by", "compilers")
    err = fails(capsys, *base, "--status", "partialy")
    assert "not a level of scale 'implementation'" in err
    assert "did you mean 'partially-implemented'" in err
    assert "partially-implemented (Partially implemented)" in err
    assert "'B'" not in err and " B " not in err  # not a level of this scale
    err = fails(capsys, *base, "--status", "partialy", "--scale", "hrc-follow-up")
    assert "use one of: E (E: contrary" in err and "implemented (" not in err
    err = fails(capsys, *base, "--status", "B")  # on another scale: say which
    assert "it is level 'B' of scale 'hrc-follow-up': add --scale hrc-follow-up" in err
    # graded on the Committee's scale before: the hint says so
    assert run(*base, "--status", "C", "--scale", "hrc-follow-up")[0] == 0
    err = fails(capsys, *base, "--status", "Z")
    assert "it was assessed on scale 'hrc-follow-up' before: give --scale" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["assess", "{kaz}", "kaz-ccpr-2-p50a", "--status", "B", "--on", "2025-07", "--by", "ccpr"],
        ["score", "{kaz}"],
        ["progress", "{kaz}", "--from", "2025-01-01", "--to", "2025-09-30"],
        ["scorecard", "{kaz}", "--format", "json", "-o", "{out}"],
    ],
)
def test_unknown_scale_gets_did_you_mean(
    kaz: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    out = tmp_path / "cards"
    filled = [a.format(kaz=kaz, out=out) for a in argv]
    err = fails(capsys, *filled, "--scale", "hrc")
    assert "no scale with id 'hrc'" in err and "did you mean 'hrc-follow-up'" in err
    assert not out.exists()


# -- periods ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--period", "1990"], "ends on 1990-12-31, before the registry's first review"),
        (["--period", "2009-Q2"], "(e.g. --period 2011-Q3, or --period latest)"),
        (["--period", "2099-Q1"], "has not begun yet"),
        (["--period", "2025q3"], "did you mean '2025-Q3'?"),
        (["--period", "Q3 2025"], "did you mean '2025-Q3'?"),
        (["--period", "2025/7"], "did you mean '2025-07'?"),
        (["--every", "year", "--from", "1995", "--to", "2010"], "before the registry's first"),
        (["--every", "year", "--from", "2098"], "comes before"),
    ],
)
def test_period_outside_the_registry_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    out = tmp_path / "cards"
    err = fails(capsys, "scorecard", str(KAZAKHSTAN), "--format", "json", "-o", str(out), *args)
    assert says in err
    assert not out.exists()


# -- help ---------------------------------------------------------------------------------


def _all_parsers() -> dict[str, argparse.ArgumentParser]:
    from followup.cli._help import subparsers_of

    found: dict[str, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, prefix: str) -> None:
        for name, sub in subparsers_of(parser).items():
            found[f"{prefix}{name}"] = sub
            walk(sub, f"{prefix}{name} ")

    walk(_parser(), "")
    return found


def test_every_help_has_an_example_and_date_formats() -> None:
    parsers = _all_parsers()
    assert set(parsers) == set(EXAMPLES)
    dated = {date_arg, source_date_arg}
    for name, parser in parsers.items():
        text = parser.format_help()
        assert "\nExample:\n  " in text, name
        assert f"followup {name}" in text.partition("\nExample:\n")[2], name
        if any(a.type in dated for a in parser._actions) or name == "scorecard":
            assert "Dates: " in text or "Periods: " in text, name
            assert "2025-06-30" in text, name
    assess = parsers["assess"].format_help()
    assert "2025-06-30" in assess and "(2025-06)" in assess and "(2025)" in assess


# -- completion ---------------------------------------------------------------------------


def _script(shell: str) -> str:
    code, out = run("completion", shell)
    assert code == 0
    return out


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completion_is_accepted_and_completes(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            "bash",
            "-c",
            f"source <({sys.executable} -m followup completion bash) && complete -p followup",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "-F _followup_complete followup" in result.stdout
    script = tmp_path / "followup.bash"
    script.write_text(_script("bash"), encoding="utf-8")

    def complete(*words: str) -> list[str]:
        line = " ".join(f"'{w}'" for w in words)
        probe = (
            f"source {script}; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; "
            '_followup_complete; printf "%s\\n" "${COMPREPLY[@]}"'
        )
        done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=True)
        return done.stdout.split()

    assert complete("followup", "val") == ["validate"]
    assert complete("followup", "--debug", "sc") == ["score", "scorecard", "schema"]
    assert complete("followup", "score", "reg", "--format", "") == ["table", "json", "csv"]
    assert complete("followup", "import", "") == ["uhri", "table"]
    assert "--state" in complete("followup", "import", "uhri", "--st")
    assert "--status" in complete("followup", "assess", "reg", "--st")
    assert complete("followup", "scorecard", "reg", "--every", "q") == ["quarter"]


def test_zsh_completion_runs_the_bash_script_through_bashcompinit() -> None:
    script = _script("zsh")
    assert script.startswith("#compdef followup\n")
    assert "bashcompinit" in script and "complete -o bashdefault" in script
    if shutil.which("zsh"):
        result = subprocess.run(
            ["zsh", "-c", f"source <({sys.executable} -m followup completion zsh)"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        assert result.returncode == 0, result.stderr


def test_completion_needs_a_known_shell(capsys: pytest.CaptureFixture[str]) -> None:
    assert "did you mean 'bash'" in usage_error(capsys, "completion", "bsh")


def test_json_scores_are_rounded_at_output() -> None:
    code, out = run("score", str(KAZAKHSTAN), "--format", "json")
    assert code == 0
    data = json.loads(out)
    coverages = [group["coverage"] for group in data["groups"]]
    assert coverages and all(len(repr(c).partition(".")[2]) <= 6 for c in coverages if c)
    assert any(c not in (0, 1) for c in coverages)


@pytest.mark.parametrize(
    ("typed", "position"),
    [
        ("Partially supported", "partially-supported"),
        ("partially supported", "partially-supported"),
        ("Partiellement appuyée", "partially-supported"),
        ("Частично поддержана", "partially-supported"),
        ("NOTED", "noted"),
    ],
)
def test_position_by_id_or_label(kaz: Path, typed: str, position: str) -> None:
    import followup

    argv = ("respond", str(kaz), "kaz-ccpr-2-p50a", "--position", typed, "--on", "2025-07")
    code, out = run(*argv)
    assert code == 0, out
    last = followup.load(kaz).latest_response("kaz-ccpr-2-p50a")
    assert last is not None and last.response.value == position


def test_bad_position_lists_the_positions(kaz: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("respond", str(kaz), "kaz-ccpr-2-p50a", "--position", "note", "--on", "2025-07")
    err = fails(capsys, *argv)
    assert "'note' is not a response; did you mean 'noted'?" in err
    assert "partially-supported (Partially supported)" in err


@pytest.mark.parametrize("where", ["before", "after"])
def test_no_cache_anywhere_writes_no_cache(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(cache))
    monkeypatch.delenv("FOLLOWUP_NO_CACHE", raising=False)
    registry = str(ROOT / "registries" / "kazakhstan")
    argv = (
        ["--no-cache", "info", registry] if where == "before" else ["info", registry, "--no-cache"]
    )
    assert main(argv, io.StringIO()) == 0
    assert not cache.exists() or not any(p.is_file() for p in cache.rglob("*"))
    assert "FOLLOWUP_NO_CACHE" not in os.environ  # only for that command
    assert main(["info", registry], io.StringIO()) == 0
    assert any(p.is_file() for p in cache.rglob("*"))  # the same command without it caches
