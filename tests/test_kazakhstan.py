"""The bundled Kazakhstan registry: clean, and true to the fact sheet it was built from."""

from __future__ import annotations

import datetime as dt

import followup
from followup.model import Assessment
from followup.model.dates import PartialDate

from .conftest import KAZAKHSTAN, TODAY


def test_validates_with_no_errors_or_warnings() -> None:
    report = followup.validate(KAZAKHSTAN, today=TODAY)
    assert report.errors == () and report.warnings == ()
    # 19 facts not yet checked against their source, each listed (3 of them: the CO/2
    # follow-up reply, known but not dated, on each paragraph under follow-up)
    assert len(report.notices) == 19
    assert {p.code for p in report.notices} == {"unverified"}
    assert all(p.line is not None for p in report.notices)


def test_reviews_match_the_fact_sheet(kazakhstan: followup.Registry) -> None:
    co2 = kazakhstan.review("kaz-ccpr-2016")
    assert co2.date == dt.date(2016, 7, 11)  # adopted at the 3294th meeting [V]
    assert {d.symbol: d.date for d in co2.documents}["CCPR/C/KAZ/CO/2"] == dt.date(2016, 8, 9)
    co3 = kazakhstan.review("kaz-ccpr-2025")
    assert co3.date == dt.date(2025, 7, 11)
    assert {d.symbol: d.date for d in co3.documents}["CCPR/C/KAZ/CO/3"] == dt.date(2025, 9, 3)
    # Follow-up deadlines are not verified: both carry an unverified mark.
    assert co2.follow_up is not None and co2.follow_up.unverified
    assert co3.follow_up is not None and co3.follow_up.unverified


def test_no_unverified_paragraph_is_presented_as_fact(kazakhstan: followup.Registry) -> None:
    verified_paragraphs = {"26", "27", "50(a)", "50(b)", "50(c)", "50(d)"}
    for rec in kazakhstan.select(mechanism="CCPR"):
        paragraph = rec.source.paragraph
        if paragraph is not None and paragraph not in verified_paragraphs:
            assert rec.source.unverified or rec.unverified, rec.id
        if paragraph is None:
            assert rec.unverified, f"{rec.id} has no paragraph and no unverified mark"


def test_ngo_submission(kazakhstan: followup.Registry) -> None:
    recs = kazakhstan.by_review("kaz-iphr-2025")
    assert [r.id for r in recs][:3] == ["iphr-2025-1.1", "iphr-2025-1.2", "iphr-2025-1.3"]
    assert len(recs) == 16  # 3 + 3 + 3 + 3 + 4
    for rec in recs:
        assert rec.relates_to, rec.id
        (assessment,) = rec.assessments
        assert isinstance(assessment, Assessment)
        # IPHR graded nothing: the grades are the compilers' reading of its submission,
        # dated to the month the submission gives ("May 2025"), never a made-up day
        assert assessment.by == "compilers"
        assert assessment.date == PartialDate(2025, 5)
        assert assessment.evidence, rec.id


def test_judges_declared_and_the_co2_reply_known_but_not_dated(
    kazakhstan: followup.Registry,
) -> None:
    assert {j.id for j in kazakhstan.info.judges} >= {"compilers"}
    for rec in kazakhstan.recommendations.values():
        for entry in rec.assessments:
            assert kazakhstan.info.judge(entry.by) is not None, rec.id
    for rec in kazakhstan.by_review("kaz-ccpr-2016"):
        if rec.follow_up:
            (reply,) = rec.undated_responses
            assert reply.date is None and reply.unverified
    p50b = kazakhstan.recommendations["kaz-ccpr-2-p50b"]
    assert p50b.assessments[-1].status == "regressed"  # a new contrary offence (2023)


def test_no_test_host_or_third_party_copy_is_cited() -> None:
    banned = ("un-icc.cloud", "theenergyrepublic", "daily8")
    for path in KAZAKHSTAN.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert not any(host in text for host in banned), path
