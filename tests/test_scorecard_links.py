"""Links in the scorecard: "asked by N bodies" for accepted clusters, and the share of
an NGO review's asks a UN body took up (from the registry's own ``relates_to``)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

import followup
import followup.scorecard
from followup.model.linkdecision import LinkDecision, LinkDecisions, decisions_of
from followup.model.values import Mechanism

KAZAKHSTAN = Path(__file__).parent.parent / "registries" / "kazakhstan"
TODAY = dt.date(2025, 12, 1)
DAY = dt.date(2025, 11, 20)

MOVED = "kaz-ccpr-2-death-penalty"  # in the moved table of 2025-Q3
DUE = "kaz-ccpr-2-zhanaozen"  # in the follow-up table of 2025-Q3
ASK = "iphr-2025-1.1"  # an NGO ask (IPHR)
CAT = "test-cat-1"
UPR = "test-upr-1"
UPR_UNVERIFIED = "test-upr-2"

# a made-up review for the tests only: its text says so
UPR_REVIEW = f"""\
followup: 1
id: test-upr-2019
mechanism: UPR
state: KAZ
title: Test review (not a real UPR review)
date: 2019-11-07
recommendations:
  - id: {UPR}
    text: A test recommendation, made up for the tests.
    source: {{document: TEST/1, paragraph: "1"}}
  - id: {UPR_UNVERIFIED}
    text: Another test recommendation, made up for the tests.
    source: {{document: TEST/1, paragraph: "2"}}
    unverified: Made up for the tests; not checked.
"""


CAT_REVIEW = f"""\
followup: 1
id: test-cat-2020
mechanism: CAT
state: KAZ
title: Test review (not a real CAT review)
date: 2020-05-15
recommendations:
  - id: {CAT}
    text: A test recommendation of a third body, made up for the tests.
    source: {{document: TEST/2, paragraph: "1"}}
"""


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> followup.Registry:
    root = tmp_path_factory.mktemp("reg") / "kazakhstan"
    shutil.copytree(KAZAKHSTAN, root, ignore=shutil.ignore_patterns(".followup"))
    (root / "reviews" / "upr-test.yaml").write_text(UPR_REVIEW, "utf-8")
    (root / "reviews" / "cat-test.yaml").write_text(CAT_REVIEW, "utf-8")
    return followup.load(root)


def cluster(a: str, b: str, decision: str = "accepted", on: dt.date = DAY) -> LinkDecision:
    return LinkDecision(a, b, "cluster", decision, "tester", on)


def card(
    registry: followup.Registry, links: LinkDecisions | None, language: str = "en"
) -> followup.scorecard.Scorecard:
    return followup.scorecard.build(
        registry, "2025-Q3", language=language, today=TODAY, links=links
    )


THREE = decisions_of([cluster(MOVED, UPR), cluster(UPR, CAT)])  # CCPR, UPR, CAT


def test_a_cluster_of_three_bodies_in_every_format(registry: followup.Registry) -> None:
    made = card(registry, THREE)
    assert set(made.asked_by) == {MOVED, UPR, CAT}
    assert {a.bodies for a in made.asked_by.values()} == {3}
    assert made.asked_by[MOVED].others == (CAT, UPR)
    said = f"asked by 3 bodies (also {CAT}; {UPR})"
    html, md = made.render("html"), made.render("md")
    assert said in html and said in md
    headline = "3 recommendations were asked by several bodies."
    assert headline in html and headline in md
    data = json.loads(made.render("json"))
    assert {a["rec_id"]: a["bodies"] for a in data["asked_by"]} == {MOVED: 3, UPR: 3, CAT: 3}
    assert next(a for a in data["asked_by"] if a["rec_id"] == MOVED)["with"] == [CAT, UPR]
    # the moved table shows it under the recommendation, with its id
    row = next(line for line in md.splitlines() if MOVED in line and "|" in line)
    assert said in row


def test_two_bodies_and_the_follow_up_table(registry: followup.Registry) -> None:
    made = card(registry, decisions_of([cluster(DUE, UPR)]))
    assert made.asked_by[DUE].bodies == 2
    md = made.render("md")
    row = next(line for line in md.splitlines() if "|" in line and f"(also {UPR})" in line)
    assert "asked by 2 bodies" in row
    assert "2 recommendations were asked by several bodies." in md


def test_one_body_says_nothing(registry: followup.Registry) -> None:
    # two recommendations of the Committee (one body): not "asked by several bodies"
    made = card(registry, decisions_of([cluster(MOVED, DUE)]))
    assert made.asked_by == {}


def test_an_ngo_in_a_cluster_is_no_un_body(registry: followup.Registry) -> None:
    # a cluster is of UN bodies; an NGO's ask recorded in one (by hand: validation
    # refuses it) is not counted as a body, nor shown
    made = card(registry, decisions_of([cluster(MOVED, ASK)]))
    assert made.asked_by == {}
    made = card(registry, decisions_of([cluster(MOVED, UPR), cluster(UPR, ASK)]))
    assert set(made.asked_by) == {MOVED, UPR}
    assert made.asked_by[MOVED].bodies == 2 and made.asked_by[MOVED].others == (UPR,)


def test_rejected_or_absent_clusters_show_nothing(registry: followup.Registry) -> None:
    plain = card(registry, None)
    later = dt.date(2025, 11, 21)
    rejected = THREE.with_decision(cluster(MOVED, UPR, "rejected", later)).with_decision(
        cluster(CAT, UPR, "rejected", later)
    )
    only_rejected = decisions_of([cluster(MOVED, UPR, "rejected")])
    for links in (LinkDecisions(), rejected, only_rejected):
        made = card(registry, links)
        assert made.asked_by == {}
        for fmt in ("html", "md", "json"):
            assert made.render(fmt) == plain.render(fmt)
        assert "asked by" not in made.render("md")


def test_an_unverified_member_carries_its_mark(registry: followup.Registry) -> None:
    made = card(registry, decisions_of([cluster(MOVED, UPR_UNVERIFIED)]))
    md = made.render("md")
    assert f"(also {UPR_UNVERIFIED} †)" in md
    assert "2 recommendations were asked by several bodies. †" in md
    assert (UPR_UNVERIFIED, "Made up for the tests; not checked.") in made.unverified
    data = json.loads(made.render("json"))
    row = next(a for a in data["asked_by"] if a["rec_id"] == MOVED)
    assert row["with"] == [UPR_UNVERIFIED]
    recs = registry.recommendations
    assert row["unverified"] == sorted(i for i in (MOVED, UPR_UNVERIFIED) if recs[i].unverified)


def test_in_russian(registry: followup.Registry) -> None:
    md = card(registry, THREE, "ru").render("md")
    assert f"рекомендовано 3 органами (также {CAT}; {UPR})" in md
    assert "3 рекомендации даны несколькими органами." in md


def expected_taken_up(registry: followup.Registry, review: str) -> tuple[int, int]:
    """Counted here from the registry: asks of the review, and those whose relates_to
    names a recommendation of a UN mechanism made on or after the ask."""
    recs, reviews = registry.recommendations, registry.reviews
    asks = [r for r in recs.values() if r.review == review]
    un = {Mechanism.NGO, Mechanism.NHRI}

    def took_up(ask: followup.Recommendation, target: str) -> bool:
        made = reviews[recs[target].review]
        return made.mechanism not in un and made.date >= reviews[ask.review].date

    taken = [r for r in asks if any(t in recs and took_up(r, t) for t in r.relates_to)]
    return len(asks), len(taken)


def test_taken_up_share_of_the_iphr_review(kazakhstan: followup.Registry) -> None:
    asks, taken = expected_taken_up(kazakhstan, "kaz-iphr-2025")
    assert asks == 16 and taken > 0
    # links to the Committee's 2011 and 2016 recommendations, older than the May 2025
    # submission, say what an ask follows up, not that the UN took it up
    assert taken < sum(
        1
        for r in kazakhstan.recommendations.values()
        if r.review == "kaz-iphr-2025" and r.relates_to
    )
    made = followup.scorecard.build(kazakhstan, "2025-Q3", today=TODAY)
    found = made.taken_up["kaz-iphr-2025"]
    assert (found.asks, found.taken_up) == (asks, taken)
    assert found.share == pytest.approx(taken / asks)
    line = f"{taken} of {asks} asks ({round(100 * taken / asks)}%) taken up by a UN body"
    assert line in made.render("md") and line in made.render("html")
    row = next(r for r in json.loads(made.render("json"))["reviews"] if r["key"] == "kaz-iphr-2025")
    assert row["taken_up"]["asks"] == asks and row["taken_up"]["taken_up"] == taken
    assert row["taken_up"]["share"] == pytest.approx(taken / asks)
    # the UN reviews say nothing of it
    assert set(made.taken_up) == {"kaz-iphr-2025"}


def test_taken_up_resting_on_unverified_links_is_marked(kazakhstan: followup.Registry) -> None:
    made = followup.scorecard.build(kazakhstan, "2025-Q3", today=TODAY)
    recs = kazakhstan.recommendations
    # iphr-2025-5.2 is taken up only by kaz-ccpr-3-counter-terrorism (its 2016 link is
    # older than the ask, so it does not count), which is unverified
    assert recs["kaz-ccpr-3-counter-terrorism"].unverified
    assert made.taken_up["kaz-iphr-2025"].unverified
    listed = dict(made.unverified)
    key = "kaz-ccpr-3-counter-terrorism"
    assert listed[key] == recs[key].unverified
    line = next(s for s in made.render("md").splitlines() if "taken up by a UN body" in s)
    assert line.rstrip().endswith("†")


def test_no_relates_to_says_nothing(kazakhstan: followup.Registry) -> None:
    import attrs

    bare = attrs.evolve(
        kazakhstan,
        recommendations={
            k: attrs.evolve(r, relates_to=()) for k, r in kazakhstan.recommendations.items()
        },
    )
    made = followup.scorecard.build(bare, "2025-Q3", today=TODAY)
    assert made.taken_up == {}
    assert "taken up" not in made.render("md")
    assert "taken_up" not in made.render("json")


def test_a_series_passes_the_links_on(registry: followup.Registry, tmp_path: Path) -> None:
    period = followup.scorecard.Period.parse("2025-Q3")
    entries, _ = followup.scorecard.write_series(
        registry, [period], tmp_path, ("json",), today=TODAY, links=THREE
    )
    data = json.loads(next(f for f in entries[0].files if f.suffix == ".json").read_text())
    assert {a["rec_id"] for a in data["asked_by"]} == {MOVED, UPR, CAT}


def test_the_command_reads_the_registrys_decisions(tmp_path: Path) -> None:
    import datetime as dt
    import io
    import shutil

    from followup.cli import main
    from followup.model.linkdecision import LinkDecision
    from followup.registry.linkfile import record_link_decision

    reg = tmp_path / "kaz"
    shutil.copytree(KAZAKHSTAN, reg)
    (reg / "reviews" / "upr-test.yaml").write_text(UPR_REVIEW, "utf-8")
    accepted = LinkDecision(
        "kaz-ccpr-3-counter-terrorism", UPR, "cluster", "accepted", "compilers",
        dt.date(2026, 1, 5),
    )  # fmt: skip
    record_link_decision(reg, accepted)
    assert followup.validate(reg).ok  # a cluster of two UN bodies: a kind they may have
    out = tmp_path / "out"
    argv = ["scorecard", str(reg), "--period", "2025-Q3", "--format", "md", "-o", str(out)]
    assert main(argv, io.StringIO()) == 0
    (page,) = out.glob("*.md")
    assert "2 recommendations were asked by several bodies. †" in page.read_text(encoding="utf-8")
