"""Hostile input and outputs (issue 13): outputs never written through a symbolic link,
analysis commands on the public view by default, control characters escaped on the
terminal, out of memory said plainly, special files refused, long words rendered."""

from __future__ import annotations

import io
import json
import os
import re
import stat
from pathlib import Path

import pytest

import followup
from followup.cli import main
from followup.registry.outputs import UnsafeOutput, write_output

CONFIDENTIAL = """\
followup: 1
id: secret-test
title: Test registry with confidential data
version: "1"
states: [KAZ]
themes:
  - {id: t1, label: Theme one}
judges:
  - {id: ngo-a, name: NGO A, role: ngo}
  - {id: ngo-b, name: NGO B, role: ngo}
reviews:
  - id: kaz-ccpr-2016
    mechanism: CCPR
    state: KAZ
    title: Human Rights Committee
    date: 2016-07-11
    follow_up: {due: 2017-07-11}
    recommendations:
      - id: rec-open
        text: An open recommendation.
        source: {document: CCPR/C/KAZ/CO/2, paragraph: "1"}
        themes: [t1]
        follow_up: true
        history:
          - {date: 2020-01-01, status: not-implemented, by: ngo-a}
          - {date: 2021-01-01, status: implemented, by: ngo-b, confidential: true}
      - id: rec-secret
        text: A confidential recommendation.
        source: {document: CCPR/C/KAZ/CO/2, paragraph: "2"}
        themes: [t1]
        follow_up: true
        confidential: true
        history:
          - {date: 2020-01-01, status: implemented, by: ngo-a}
          - {date: 2020-06-01, status: partially-implemented, by: ngo-b}
"""

#: Every control character a terminal may obey: C0 but tab and line feed, DEL, C1.
RAW_CONTROL = re.compile("\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.yaml"
    path.write_text(CONFIDENTIAL, encoding="utf-8")
    return path


# -- outputs never follow a symbolic link ------------------------------------------------


@pytest.fixture
def planted(tmp_path: Path) -> tuple[Path, Path]:
    """An output directory and, outside it, a file a link will point to."""
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "elsewhere" / "victim.txt"
    victim.parent.mkdir()
    victim.write_text("precious", encoding="utf-8")
    return out, victim


def _untouched(victim: Path, out: Path) -> None:
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_write_output_refuses_a_link_and_keeps_its_target(planted: tuple[Path, Path]) -> None:
    out, victim = planted
    link = out / "card.html"
    link.symlink_to(victim)
    with pytest.raises(UnsafeOutput, match=r"card\.html is a symbolic link.*remove the link"):
        write_output(link, b"new")
    _untouched(victim, out)
    assert link.is_symlink()
    dangling = out / "dangling.json"
    dangling.symlink_to(out / "no-such-file")
    with pytest.raises(UnsafeOutput):
        write_output(dangling, b"new")
    assert not (out / "no-such-file").exists()


def test_a_link_made_after_the_check_is_replaced_not_followed(
    planted: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup.registry import outputs

    out, victim = planted
    link = out / "card.html"
    link.symlink_to(victim)
    monkeypatch.setattr(outputs, "check_output", Path)  # lost the race: no check
    write_output(link, b"new")
    assert not link.is_symlink() and link.read_bytes() == b"new"
    assert stat.S_IMODE(link.stat().st_mode) != 0o777  # not the link's mode
    _untouched(victim, out)


def test_write_output_replaces_files_whole_and_keeps_their_mode(tmp_path: Path) -> None:
    target = tmp_path / "data.csv"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_output(target, b"new")
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o640
    write_output(tmp_path / "private.bin", b"x", mode=0o600)
    assert stat.S_IMODE((tmp_path / "private.bin").stat().st_mode) == 0o600
    with pytest.raises(UnsafeOutput, match="is a directory"):
        write_output(tmp_path, b"x")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe")
        with pytest.raises(UnsafeOutput, match="not a regular file"):
            write_output(tmp_path / "pipe", b"x")
    with pytest.raises(OSError) as caught:
        write_output(tmp_path / "missing" / "x.json", b"x")
    assert ".tmp" not in str(caught.value)
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


def test_cli_outputs_refuse_links(
    planted: tuple[Path, Path], secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, victim = planted
    (out / "export.csv").symlink_to(victim)
    code, _ = _run("export", str(secret), "--format", "csv", "-o", str(out / "export.csv"))
    assert code == 1 and "symbolic link" in capsys.readouterr().err
    (out / "schema.json").symlink_to(victim)
    code, _ = _run("schema", "-o", str(out / "schema.json"))
    assert code == 1 and "symbolic link" in capsys.readouterr().err
    (out / "secret-test-2021-Q1-en.json").symlink_to(victim)
    code, _ = _run(
        "scorecard", str(secret), "--period", "2021-Q1", "--format", "json", "-o", str(out)
    )
    err = capsys.readouterr().err
    assert code == 1 and "secret-test-2021-Q1-en.json is a symbolic link" in err
    _untouched(victim, out)


def test_schema_to_a_directory_names_no_temporary_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = _run("schema", "-o", str(tmp_path))
    err = capsys.readouterr().err
    assert code == 1 and "is a directory" in err and ".tmp" not in err
    assert "registry.schema.json" in err and not list(tmp_path.iterdir())


def test_python_writers_refuse_links(
    planted: tuple[Path, Path], secret: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matplotlib.figure import Figure

    from followup.charts import save
    from followup.scorecard import pdf, write_series
    from followup.scorecard.period import Period

    out, victim = planted
    (out / "chart.svg").symlink_to(victim)
    with pytest.raises(UnsafeOutput):
        save(Figure(), out / "chart.svg")
    monkeypatch.setattr(pdf, "render_pdf", lambda _doc: b"%PDF-1.7 stand-in")
    (out / "card.pdf").symlink_to(victim)
    with pytest.raises(UnsafeOutput):
        pdf.write_pdf(object(), out / "card.pdf")  # type: ignore[arg-type]
    registry = followup.load(secret)
    (out / "secret-test-2020-Q2-en.json").symlink_to(victim)
    periods = [Period.parse("2020-Q1"), Period.parse("2020-Q2")]
    with pytest.raises(UnsafeOutput, match="2020-Q2"):  # before the first period is written
        write_series(registry, periods, out, ("json",))
    assert not (out / "secret-test-2020-Q1-en.json").exists()
    _untouched(victim, out)


# -- confidentiality by default ------------------------------------------------------------


def test_score_counts_public_assessments_unless_asked(secret: Path) -> None:
    code, out = _run("score", str(secret), "--as-of", "2025-01-01", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["view"].startswith("public view") and data["withheld"] == 2
    group = data["groups"][-1]  # the overall row
    assert group["total"] == 1 and group["not-implemented"] == 1 and group["implemented"] == 0
    code, out = _run("score", str(secret), "--as-of", "2025-01-01")
    assert "View: public view: 2 confidential items left out" in out
    code, out = _run(
        "score", str(secret), "--as-of", "2025-01-01", "--format", "json", "--include-confidential"
    )
    data = json.loads(out)
    assert data["view"] == "including confidential data" and data["withheld"] == 0
    assert data["groups"][-1]["total"] == 2 and data["groups"][-1]["implemented"] == 1
    code, out = _run("score", str(secret), "--as-of", "2025-01-01", "--include-confidential")
    assert "View: including confidential data (not for publication)" in out


@pytest.mark.parametrize(
    "command",
    [
        ("progress", "--from", "2019-01-01", "--to", "2022-01-01"),
        ("deadlines", "--as-of", "2025-01-01"),
        ("info", "--as-of", "2025-01-01"),
        ("agreement", "--as-of", "2025-01-01"),
    ],
    ids=lambda c: c[0],
)
def test_analysis_commands_hide_confidential_items(command: tuple[str, ...], secret: Path) -> None:
    name, *options = command
    for fmt in ("text", "json"):
        code, out = _run(name, str(secret), *options, "--format", fmt)
        assert code == 0 and "rec-secret" not in out and "confidential recommendation" not in out
        said = "View: public view" if name != "agreement" else "(public view"
        assert (said if fmt == "text" else '"view": "public view') in out
        code, out = _run(name, str(secret), *options, "--format", fmt, "--include-confidential")
        assert code == 0 and "including confidential" in out
        if name != "info":  # info counts recommendations, it does not list them
            assert "rec-secret" in out
    _, public = _run(name, str(secret), *options, "--format", "json")
    _, full = _run(name, str(secret), *options, "--format", "json", "--include-confidential")
    assert public != full
    if name == "info":
        assert json.loads(public)["recommendations"] == 1
        assert json.loads(full)["recommendations"] == 2
    if name == "progress":  # the confidential assessment of rec-open moved it
        assert "implemented" not in {t["to"] for t in json.loads(public)["transitions"]}


# -- terminal-safe output ------------------------------------------------------------------

HOSTILE = """\
followup: 1
id: ctl
title: "Evil \\e]0;pwned\\a title \\x9b2J \\x7f \\r over"
version: "1"
states: [KAZ]
themes:
  - {id: t1, label: "Theme \\e]0;pwned\\a \\x9b"}
judges:
  - {id: ngo, name: "NGO \\e[1m\\x9b", role: ngo}
  - {id: ngo2, name: "Other \\x07", role: ngo}
reviews:
  - id: r
    mechanism: CCPR
    state: KAZ
    title: "Review \\e[31mred\\e[0m"
    date: 2016-07-11
    follow_up: {due: 2017-07-11}
    recommendations:
      - id: a
        text: "Text \\e]0;pwned\\a and \\x9b and \\x7f"
        source: {document: "D\\e[2J", paragraph: '42'}
        follow_up: true
        themes: [t1]
        history:
          - {date: 2020-01-01, status: not-implemented, by: ngo, note: "n\\x9b"}
          - {date: 2020-02-01, status: implemented, by: ngo2, note: "\\e]0;pwned\\a"}
"""


@pytest.mark.parametrize(
    "command",
    [
        ("validate",),
        ("info",),
        ("info", "--format", "json"),
        ("score", "--by", "theme"),
        ("score", "--by", "theme", "--format", "json"),
        ("score", "--by", "theme", "--format", "csv"),
        ("progress", "--from", "2019-01-01", "--to", "2021-01-01"),
        ("deadlines",),
        ("agreement",),
        ("agreement", "--format", "json"),
        ("export", "--format", "csv", "-o", "-"),
        ("export", "--format", "json", "-o", "-"),
    ],
    ids=" ".join,
)
def test_control_characters_never_reach_the_terminal(
    command: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    name, *options = command
    dated = ("--as-of", "2025-01-01") if name in ("info", "score", "deadlines", "agreement") else ()
    code, out = _run(name, str(path), *options, *dated)
    err = capsys.readouterr().err
    assert code == 0, err
    assert not RAW_CONTROL.search(out) and not RAW_CONTROL.search(err)
    if name in ("info", "agreement", "export"):
        assert "\\u001b]0;pwned\\u0007" in out or "\\u001b[1m\\u009b" in out
    if "json" in options:
        json.loads(out)  # escapes as JSON writes them: still JSON, same meaning
    if name == "export" and "json" in options:  # the same data as in the registry
        assert json.loads(out)["title"] == "Evil \x1b]0;pwned\x07 title \x9b2J \x7f \r over"


def test_errors_on_stderr_are_escaped_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE.replace("themes: [t1]", 'themes: ["t\\e]0;x\\a"]'), encoding="utf-8")
    code, _ = _run("info", str(path))
    err = capsys.readouterr().err
    assert code == 1 and not RAW_CONTROL.search(err)
    path.write_text(HOSTILE, encoding="utf-8")
    summary = tmp_path / "x\x1b[2J.csv"
    code, out = _run("export", str(path), "--format", "csv", "-o", str(summary))
    assert code == 0 and "x\\u001b[2J.csv" in out and not RAW_CONTROL.search(out)


# -- out of memory, special files -----------------------------------------------------------


@pytest.mark.parametrize("debug", [False, True])
def test_memory_error_is_a_message_naming_the_input(
    debug: bool, secret: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def exhausted(*_args: object, **_kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr("followup.cli.analysis.load", exhausted)
    code, out = _run(*(["--debug"] if debug else []), "score", str(secret))
    err = capsys.readouterr().err
    assert code == 1 and out == ""
    assert f"out of memory while working on {secret}" in err and "64 MiB" in err
    assert "Traceback" not in err and "internal error" not in err


def _special_registries(tmp_path: Path) -> list[Path]:
    found = [Path("/dev/zero")] if Path("/dev/zero").exists() else []
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.yaml")
        found.append(tmp_path / "fifo.yaml")
        inside = tmp_path / "with-fifo"
        inside.mkdir()
        os.mkfifo(inside / "registry.yaml")
        found.append(inside)
    if found and found[0] == Path("/dev/zero"):
        linked = tmp_path / "with-device"
        linked.mkdir()
        (linked / "registry.yaml").symlink_to("/dev/zero")
        found.append(linked)
        (tmp_path / "device-link.yaml").symlink_to("/dev/zero")
        found.append(tmp_path / "device-link.yaml")
    return found


def test_special_files_are_not_regular_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = _special_registries(tmp_path)
    if not paths:
        pytest.skip("no FIFO and no /dev/zero here")
    for path in paths:
        code, out = _run("validate", str(path))
        assert code == 1 and "not a regular file" in out and "[unsafe-path]" in out, out
        assert "holds no registry.yaml" not in out
        with pytest.raises(followup.RegistryError) as caught:
            followup.load(path)
        assert "not a regular file" in str(caught.value)
        code, _ = _run("info", str(path))
        err = capsys.readouterr().err
        assert code == 1 and "not a regular file" in err


# -- long words --------------------------------------------------------------------------


def test_a_long_word_renders_in_every_format() -> None:
    """HTML, Markdown and PDF of a scorecard whose registry title and recommendation
    texts hold a 10,000-character word (bench/long_words.py measures the time)."""
    import attrs

    from followup.model.text import Text
    from followup.scorecard import build, document
    from followup.scorecard.html import render_html
    from followup.scorecard.markdown import render_markdown
    from followup.scorecard.pdf import render_pdf

    from .test_scorecard import hostile_registry

    word = "w" * 10_000
    registry = hostile_registry()
    info = attrs.evolve(registry.info, title=Text.plain(f"Title {word} end"))
    recs = {
        rec_id: attrs.evolve(rec, text=Text.plain(f"Text {word} end"))
        for rec_id, rec in registry.recommendations.items()
    }
    registry = followup.Registry(info=info, reviews=registry.reviews, recommendations=recs)
    doc = document(build(registry, "2025-Q3", today=None))
    assert word in render_html(doc, {})
    assert word in render_markdown(doc, {})
    assert render_pdf(doc).startswith(b"%PDF")


def test_chart_labels_cut_a_long_word_at_the_line_and_stop_after_eight_lines() -> None:
    """A word longer than the line (and than 32 columns) is cut at the line's width,
    so it neither pushes the other labels out of the figure nor squeezes them; a label
    wrapped to more than eight lines ends with an ellipsis (its table has it whole)."""
    from followup.charts import _style, _wrap

    word = "x" * 10_000
    with _style.style("en"):
        wrapped = _style.wrap_to(f"Freedom of peaceful assembly {word} and association", 150, 8.5)
        lines = wrapped.split("\n")
        assert lines[0] == "Freedom of peaceful assembly"
        assert len(lines) == _wrap.MAX_LABEL_LINES and lines[-1].endswith("…")
        assert _style.text_width(wrapped, 8.5) <= 150 * 1.1
    # a word a little longer than a narrow column keeps a line of its own, uncut
    assert _wrap.wrap("Antidiscriminatory laws", 16).split("\n")[0] == "Antidiscriminatory"
    # cut words lose no character: the label reads the same without the line breaks
    label = "Title " + "Antidiscrimination" * 3 + " end"
    assert _wrap.wrap(label, 20).replace("\n", "").replace(" ", "") == label.replace(" ", "")
    # Chinese wraps between characters as before, and is cut the same way when endless
    assert "\n" in _wrap.wrap("公民权利和政治权利国际公约" * 3, 12)
