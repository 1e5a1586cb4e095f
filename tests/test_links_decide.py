"""Decisions on suggested links: the ``links.yaml`` file, accepting and rejecting, and a
rejected pair never suggested again."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

import followup
from followup.cli import main
from followup.links import LinkError, decide, suggest
from followup.model.linkdecision import Decision, LinkDecision, LinkDecisions, LinkKind
from followup.registry.linkcheck import check_link_decisions
from followup.registry.linkfile import (
    LinkFileError,
    link_file,
    read_link_decisions,
    record_link_decision,
)

from .conftest import KAZAKHSTAN

SOURCE, TARGET = "kaz-iphr-2025", "mechanism:CCPR"


@pytest.fixture
def reg(tmp_path: Path) -> Path:
    copy = tmp_path / "kaz"
    shutil.copytree(KAZAKHSTAN, copy)
    return copy


TODAY = dt.date(2026, 12, 3)


def _decision(**changes: object) -> LinkDecision:
    values: dict[str, object] = {
        "source": "iphr-2025-1.1",
        "target": "kaz-ccpr-2-torture",
        "kind": "relates_to",
        "decision": "rejected",
        "by": "Ana Pérez",
        "on": dt.date(2026, 1, 5),
        "score": 0.8300000000000001,
        "method": "lexical-bm25",
    }
    values.update(changes)
    return LinkDecision(**values)  # type: ignore[arg-type]


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_absent_file_is_no_decisions(reg: Path) -> None:
    assert len(read_link_decisions(reg)) == 0
    assert link_file(reg) == reg / "links.yaml"


def test_single_file_registry_keeps_decisions_beside_it(tmp_path: Path) -> None:
    single = tmp_path / "kaz.yaml"
    single.write_text("followup: 1\n", encoding="utf-8")
    assert link_file(single) == tmp_path / "kaz.links.yaml"


def test_round_trip_keeps_comments(reg: Path) -> None:
    first = _decision()
    record_link_decision(reg, first)
    file = reg / "links.yaml"
    text = file.read_text(encoding="utf-8")
    assert text.startswith("#")  # a header says what the file is
    file.write_text(
        text.replace("decisions:\n", "decisions:  # ours\n") + "# checked with Ana, 5 Jan\n",
        encoding="utf-8",
    )
    second = _decision(
        target="kaz-ccpr-1-p26", kind="cluster", decision="accepted", score=None, method=None
    )
    everything = record_link_decision(reg, second)
    text = file.read_text(encoding="utf-8")
    assert "decisions:  # ours" in text
    assert "# checked with Ana, 5 Jan" in text
    assert "score: 0.83," in text  # no float noise
    read = read_link_decisions(reg)
    assert read == everything
    assert read.decisions[1] == second
    assert read.decisions[0] == _decision(score=0.83)
    assert text.count("\n  - {") == 2  # one decision per line


@pytest.mark.parametrize(
    ("entry", "field", "line"),
    [
        ("{source: a-1, target: b-2, kind: sideways, decision: accepted, by: me, on: 2026-01-02}",
         "decisions[1].kind", 5),
        ("{source: a-1, target: b-2, kind: cluster, decision: accepted, on: 2026-01-02}",
         "decisions[1].by", 5),
        ("{source: A 1, target: b-2, kind: cluster, decision: accepted, by: me, on: 2026-01-02}",
         "decisions[1].source", 5),
        ("{source: a-1, target: b-2, kind: cluster, decision: maybe, by: me, on: 2026-01-02}",
         "decisions[1].decision", 5),
        ("{source: a-1, target: b-2, kind: cluster, decision: accepted, by: me, on: 2026-01-02,\n"
         "     colour: red}", "decisions[1].colour", 6),
    ],
)  # fmt: skip
def test_malformed_file_names_file_line_and_field(
    reg: Path, entry: str, field: str, line: int
) -> None:
    good = "{source: a-1, target: b-2, kind: cluster, decision: accepted, by: me, on: 2026-01-02}"
    text = f"# mine\nfollowup: 1\ndecisions:\n  - {good}\n  - {entry}\n"
    (reg / "links.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(LinkFileError) as caught:
        read_link_decisions(reg)
    message = str(caught.value)
    assert f"links.yaml:{line}:" in message
    assert field in message
    with pytest.raises(LinkFileError):  # and nothing is appended to a broken file
        record_link_decision(reg, _decision())
    assert (reg / "links.yaml").read_text(encoding="utf-8") == text


def test_yaml_syntax_error_names_line(reg: Path) -> None:
    (reg / "links.yaml").write_text("followup: 1\ndecisions:\n  - {source: [\n", encoding="utf-8")
    with pytest.raises(LinkFileError, match=r"links\.yaml:\d+: YAML"):
        read_link_decisions(reg)


def test_accept_writes_the_link_and_the_decision_and_validates(reg: Path) -> None:
    registry = followup.load(reg)
    found = suggest(registry, SOURCE, TARGET, top=3, method="lexical")
    chosen = next(s for s in found if s.kind == "relates_to")
    assert chosen.target not in registry.recommendation(chosen.source).relates_to
    made = decide.accept(reg, chosen, by="compilers", on="2026-01-05")
    assert made.decision is Decision.ACCEPTED
    assert followup.validate(reg).ok
    after = followup.load(reg)
    assert chosen.target in after.recommendation(chosen.source).relates_to
    decisions = read_link_decisions(reg)
    assert decisions.accepted() == (made,)
    assert made.on == dt.date(2026, 1, 5) and made.by == "compilers"
    assert made.method == chosen.method
    assert check_link_decisions(after, decisions, today=dt.date(2026, 12, 3)) == []
    # the review file changed in one place: the link, its comments kept
    review = next((reg / "reviews").glob("*iphr*"))
    assert review.read_text(encoding="utf-8").count("#") == next(
        (KAZAKHSTAN / "reviews").glob("*iphr*")
    ).read_text(encoding="utf-8").count("#")


def test_accepted_cluster_is_recorded_only(reg: Path) -> None:
    before = {p.name: p.read_bytes() for p in (reg / "reviews").iterdir()}
    found = suggest(followup.load(reg), "kaz-ccpr-2016", "all", "reiterates", 1, method="lexical")
    assert found[0].kind == LinkKind.REITERATES
    s = type(found[0])(found[0].source, found[0].target, 0.5, "m", "cluster", ("en", "en"))
    decide.accept(reg, s, by="me")
    assert {p.name: p.read_bytes() for p in (reg / "reviews").iterdir()} == before
    assert read_link_decisions(reg).clusters() == (frozenset((s.source, s.target)),)


def test_rejected_pair_is_not_suggested_again(reg: Path) -> None:
    registry = followup.load(reg)
    found = suggest(registry, SOURCE, TARGET, top=2, method="lexical")
    rejected = found[0]
    decide.reject(reg, rejected, by="me")
    decisions = read_link_decisions(reg)
    assert decide.pending(registry, decisions, found) == found[1:]
    again = suggest(registry, SOURCE, TARGET, top=2, method="lexical", decisions=decisions)
    pairs = {(s.source, s.target) for s in again}
    assert (rejected.source, rejected.target) not in pairs
    # the source still gets its top 2: the next candidate moves up
    assert sum(1 for s in again if s.source == rejected.source) == 2
    # and the command line reads the registry's decisions
    code, out = _run(
        "links", "suggest", str(reg), "--from", SOURCE, "--to", TARGET, "--top", "2",
        "--method", "lexical", "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert (rejected.source, rejected.target) not in {
        (d["source"], d["target"]) for d in json.loads(out)
    }


def test_checks_of_decisions(reg: Path) -> None:
    registry = followup.load(reg)
    decisions = read_link_decisions(reg)
    for d in (
        _decision(source="no-such-rec"),
        _decision(on=dt.date(2030, 1, 1)),
        _decision(decision="accepted"),  # not in iphr-2025-1.1's relates_to
    ):
        decisions = decisions.with_decision(d)
    problems = check_link_decisions(registry, decisions, today=dt.date(2026, 12, 3))
    codes = sorted((p.code, p.severity.value) for p in problems)
    assert codes == [
        ("link-decision-future-date", "error"),
        ("link-decision-not-linked", "warning"),
        ("link-decision-unknown-id", "error"),
    ]


def test_validate_and_info_read_the_decisions(reg: Path) -> None:
    record_link_decision(reg, _decision(source="iphr-2025-1.1", decision="accepted"))
    record_link_decision(reg, _decision(target="kaz-ccpr-1-p26"))
    code, out = _run("validate", str(reg))
    assert code == 0
    header = (reg / "links.yaml").read_text(encoding="utf-8").index("\n  - {")
    line = (reg / "links.yaml").read_text(encoding="utf-8")[:header].count("\n") + 2
    assert f"links.yaml:{line}: warning[link-decision-not-linked]" in out
    code, out = _run("info", str(reg), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["link_decisions"]["accepted"]["relates_to"] == 1
    assert data["link_decisions"]["rejected"]["relates_to"] == 1
    assert "pending_link_suggestions" not in data  # opt-in: --pending
    code, out = _run("info", str(reg), "--format", "json", "--pending")
    assert json.loads(out)["pending_link_suggestions"] > 0
    (reg / "links.yaml").write_text("followup: 1\ndecisions: 3\n", encoding="utf-8")
    code, out = _run("validate", str(reg))
    assert code == 1 and "links.yaml" in out


def test_decisions_file_linking_outside_is_refused(reg: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("precious: true\n", encoding="utf-8")
    (reg / "links.yaml").symlink_to(elsewhere)
    with pytest.raises(LinkFileError, match="outside the registry"):
        record_link_decision(reg, _decision())
    with pytest.raises(LinkFileError, match="outside the registry"):
        read_link_decisions(reg)
    assert elsewhere.read_text(encoding="utf-8") == "precious: true\n"


def test_decision_in_the_future_is_refused(reg: Path) -> None:
    found = suggest(followup.load(reg), SOURCE, TARGET, top=1, method="lexical")
    future = dt.date.today() + dt.timedelta(days=3)
    with pytest.raises(LinkError, match="future"):
        decide.reject(reg, found[0], by="me", on=future)
    assert not (reg / "links.yaml").exists()


def test_review_reads_lines_without_a_terminal(
    reg: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ("links", "review", str(reg), "--from", SOURCE, "--to", TARGET, "--top", "2",
            "--method", "lexical", "--by", "me")  # fmt: skip
    monkeypatch.setattr("sys.stdin", io.StringIO("x\ns\nr\nq\n"))
    code, out = _run(*argv)
    assert code == 0
    assert "press a to accept" in out  # x is no answer: asked again
    assert "0 accepted, 1 rejected, 1 skipped" in out
    assert len(read_link_decisions(reg).rejected()) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out = _run(*argv)
    assert code == 2
    assert "no answer could be read" in capsys.readouterr().err
    assert len(read_link_decisions(reg)) == 1


def test_library_validate_reads_the_decisions(reg: Path) -> None:
    assert followup.validate(reg).ok
    record_link_decision(reg, _decision(source="iphr-2025-1.1", decision="accepted"))
    codes = [p.code for p in followup.validate(reg).warnings]
    assert "link-decision-not-linked" in codes
    (reg / "links.yaml").write_text("followup: 1\ndecisions: 3\n", encoding="utf-8")
    report = followup.validate(reg)
    assert not report.ok and any((p.file or "").endswith("links.yaml") for p in report.errors)


def test_a_kind_the_pair_cannot_have_is_an_error(reg: Path) -> None:
    registry = followup.load(reg)
    wrong = [
        _decision(kind="cluster"),  # an NGO ask and a UN body: relates_to, not a cluster
        _decision(source="kaz-ccpr-1-p26", target="kaz-ccpr-2-p52", kind="reiterates"),
        _decision(source="kaz-ccpr-2-p52", target="iphr-2025-1.1", kind="relates_to"),
    ]
    right = [
        _decision(),
        _decision(source="kaz-ccpr-2-p52", target="kaz-ccpr-1-p26", kind="reiterates"),
    ]
    for d in wrong:
        problems = check_link_decisions(registry, LinkDecisions((d,)), today=TODAY)
        assert [p.code for p in problems] == ["link-decision-kind"], d
        assert problems[0].path == ("decisions", 0, "kind")
    assert (
        "may be linked as relates_to"
        in check_link_decisions(registry, LinkDecisions((wrong[0],)), today=TODAY)[0].message
    )
    for d in right:
        codes = [p.code for p in check_link_decisions(registry, LinkDecisions((d,)), today=TODAY)]
        assert "link-decision-kind" not in codes, d
