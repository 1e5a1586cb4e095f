"""A scorecard an NGO can defend: dates as precise as the source, replies known but not
dated, judges as data, headlines that name their scope, every shown fact marked.

The headline test recomputes the Kazakhstan figures straight from the YAML files,
without ``followup.scoring``, and compares them with the page.
"""

from __future__ import annotations

import calendar
import datetime as dt
import pickle
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import followup
import followup.scorecard
from followup.i18n import format_date, format_duration
from followup.model.dates import PartialDate, parse_date, precision_of
from followup.scorecard.layout import document
from followup.scorecard.markdown import render_markdown
from followup.scoring.deadlines import deadlines, elapsed

from .conftest import KAZAKHSTAN, TODAY

SCORES = {
    "regressed": 0.0,
    "not-implemented": 0.0,
    "partially-implemented": 0.5,
    "implemented": 1.0,
}


# -- dates as precise as the source ----------------------------------------------------------
def test_partial_dates_compare_as_their_last_day_and_print_as_written() -> None:
    may = PartialDate(2025, 5)
    assert may.isoformat() == "2025-05" and precision_of(may) == "month"
    assert may <= dt.date(2025, 5, 31) and not may <= dt.date(2025, 5, 30)
    assert may != dt.date(2025, 5, 31)  # they say different things
    assert parse_date("2017") == PartialDate(2017) and parse_date(2017).isoformat() == "2017"
    assert parse_date("2025-05-31") == dt.date(2025, 5, 31)
    assert pickle.loads(pickle.dumps(may)) == may
    assert type(may + dt.timedelta(days=1)) is dt.date
    assert format_date(may, "en") == "May 2025"
    assert format_date(may, "ru") == "май 2025\u202fг."  # CLDR: a narrow no-break space
    assert format_date(PartialDate(2017), "en", "short") == "2017"
    with pytest.raises(ValueError):
        parse_date("2025-13")
    with pytest.raises(ValueError):
        parse_date("May 2025")


def _registry(tmp_path: Path, history: str, *, judges: str = "", follow_up: str = "") -> Path:
    root = tmp_path / "reg"
    (root / "reviews").mkdir(parents=True)
    (root / "registry.yaml").write_text(
        "followup: 1\nid: t\ntitle: T\nversion: '1'\nstates: [KAZ]\n"
        "scales: [implementation, hrc-follow-up]\n" + judges,
        encoding="utf-8",
    )
    (root / "reviews" / "r.yaml").write_text(
        "followup: 1\nid: r\nmechanism: CCPR\nstate: KAZ\ntitle: R\ndate: 2016-07-11\n"
        + follow_up
        + "recommendations:\n  - id: a\n    text: Do it.\n    source: {document: X/1}\n"
        + ("    follow_up: true\n" if follow_up else "")
        + "    history:\n"
        + history,
        encoding="utf-8",
    )
    return root


def test_a_month_dated_assessment_counts_from_the_months_last_day(tmp_path: Path) -> None:
    path = _registry(tmp_path, "      - {date: 2025-05, status: implemented, by: x}\n")
    reg = followup.load(path, today=TODAY)
    entry = reg.recommendations["a"].history[0]
    assert isinstance(entry.date, PartialDate) and entry.date.isoformat() == "2025-05"
    assert reg.status("a", as_of=dt.date(2025, 5, 30)) is None
    assert reg.status("a", as_of=dt.date(2025, 5, 31)) == "implemented"


def test_a_year_in_progress_is_not_in_the_future(tmp_path: Path) -> None:
    path = _registry(tmp_path, "      - {date: 2026, status: implemented, by: x}\n")
    report = followup.validate(path, today=dt.date(2026, 3, 1))
    assert not [p for p in report.problems if p.code == "future-date"]
    report = followup.validate(path, today=dt.date(2025, 12, 31))
    assert [p for p in report.problems if p.code == "future-date"]


# -- replies known but not dated ---------------------------------------------------------------
FOLLOW_UP = "follow_up: {due: 2017-07-11}\n"


def _due(tmp_path: Path, history: str) -> followup.Registry:
    return followup.load(_registry(tmp_path, history, follow_up=FOLLOW_UP), today=TODAY)


def test_three_reply_states(tmp_path: Path) -> None:
    day = dt.date(2025, 9, 30)
    undated = "      - {response: reply-received, unverified: date not established}\n"
    (known,) = deadlines(_due(tmp_path / "1", undated), day)
    assert known.reply == "undated" and not known.overdue
    dated = "      - {date: 2017-06, response: reply-received}\n"
    (recorded,) = deadlines(_due(tmp_path / "2", dated), day)
    assert recorded.reply == "recorded" and not recorded.overdue
    assert recorded.items[0].replied_on == PartialDate(2017, 6)
    (none,) = deadlines(
        _due(
            tmp_path / "3", "      - {date: 2025-01-01, status: C, scale: hrc-follow-up, by: x}\n"
        ),
        day,
    )
    assert none.reply == "none" and none.overdue
    assert elapsed(dt.date(2017, 7, 11), day) == (8, 2, 19)
    assert format_duration(8, 2, 19, "en") == "8 years 2 months"
    assert format_duration(0, 0, 1, "en") == "1 day"
    assert format_duration(21, 1, 0, "ru") == "21 год 1 месяц"


def test_an_undated_reply_must_say_why(tmp_path: Path) -> None:
    path = _registry(tmp_path, "      - {response: reply-received}\n", follow_up=FOLLOW_UP)
    report = followup.validate(path, today=TODAY)
    assert [p for p in report.errors if p.code == "missing-field"]


def test_overdue_only_without_any_known_reply_and_in_years(tmp_path: Path) -> None:
    reg = _due(tmp_path, "      - {date: 2025-01-01, status: not-implemented, by: x}\n")
    card = followup.scorecard.build(reg, "2025-Q3", today=TODAY)
    text = render_markdown(document(card))
    assert "overdue by 8 years 2 months" in text
    assert "days overdue" not in text


# -- judges as data --------------------------------------------------------------------------
JUDGES = "judges:\n  - {id: ngo, name: An NGO, role: ngo}\n"


def test_by_must_name_a_declared_judge(tmp_path: Path) -> None:
    path = _registry(
        tmp_path, "      - {date: 2025-05, status: implemented, by: NGO}\n", judges=JUDGES
    )
    report = followup.validate(path, today=TODAY)
    (problem,) = [p for p in report.errors if p.code == "unknown-judge"]
    assert "ngo" in (problem.hint or "")


def test_free_text_judges_of_older_files_load_with_one_notice(tmp_path: Path) -> None:
    history = (
        "      - {date: 2025-05, status: not-implemented, by: Someone}\n"
        "      - {date: 2025-06, status: implemented, by: Someone}\n"
    )
    report = followup.validate(_registry(tmp_path, history), today=TODAY)
    assert not report.errors
    assert len([p for p in report.problems if p.code == "undeclared-judge"]) == 1


# -- the Kazakhstan headline, recomputed from the YAML alone -----------------------------------
def _day(value: Any) -> dt.date:
    """A YAML date as the methodology reads it: a month or a year counts from its last day."""
    if isinstance(value, dt.date):
        return value
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 12, 31)
    year, month = map(int, text.split("-"))
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _yaml_recs(as_of: dt.date) -> list[tuple[str, str, list[str], str | None]]:
    """(id, mechanism, themes, level in force) of each recommendation, from the files."""
    yaml = YAML(typ="safe")
    out = []
    for path in sorted((KAZAKHSTAN / "reviews").glob("*.yaml")):
        review = yaml.load(path.read_text(encoding="utf-8"))
        if _day(review["date"]) > as_of:
            continue
        for rec in review["recommendations"]:
            level = None
            for entry in rec.get("history", []):
                on_scale = entry.get("scale", "implementation") == "implementation"
                if "status" in entry and on_scale and _day(entry["date"]) <= as_of:
                    level = entry["status"]
            out.append((rec["id"], review["mechanism"], rec.get("themes", []), level))
    return out


def _figures(levels: list[str | None]) -> tuple[int, int, int, float | None]:
    scored = [SCORES[lv] for lv in levels if lv in SCORES]
    assessed = sum(1 for lv in levels if lv is not None)
    mean = sum(scored) / len(scored) if scored else None
    return len(levels), assessed, len(scored), mean


def test_kazakhstan_headline_recomputed_from_the_yaml() -> None:
    as_of = dt.date(2025, 9, 30)
    recs = _yaml_recs(as_of)
    card = followup.scorecard.build(followup.load(KAZAKHSTAN), "2025-Q3", today=TODAY)
    scopes = {s.key: s for s in card.scopes}
    assert set(scopes) == {"un", "ngo"}
    text = render_markdown(document(card))
    for key, wanted in (("un", lambda m: m not in ("NGO", "NHRI")), ("ngo", lambda m: m == "NGO")):
        levels = [lv for _, mech, _, lv in recs if wanted(mech)]
        total, assessed, scored, mean = _figures(levels)
        figures = scopes[key].figures
        assert (figures.total, figures.assessed, figures.scored) == (total, assessed, scored)
        assert mean is not None and figures.score == pytest.approx(mean)
        assert f"**{mean:.2f}**".replace(".", "\\.") in text
        assert f"({assessed} of {total} assessed)" in text
        assert f"Mean score of the {scored} scored recommendations," in text
    # one theme's figures, in the theme table
    levels = [lv for _, _, themes, lv in recs if "expression" in themes]
    total, assessed, scored, mean = _figures(levels)
    row = next(r for r in card.themes if r.key == "expression")
    assert (row.figures.total, row.figures.assessed, row.figures.scored) == (
        total,
        assessed,
        scored,
    )
    assert row.figures.score == pytest.approx(mean)
    regressed = [i for i, _, _, lv in recs if lv == "regressed"]
    assert regressed == ["kaz-ccpr-2-p50b"]
    assert scopes["un"].regressed == ("kaz-ccpr-2-p50b",)


def test_headline_names_whose_recommendations_and_judges() -> None:
    card = followup.scorecard.build(followup.load(KAZAKHSTAN), "2025-Q3", today=TODAY)
    text = render_markdown(document(card))
    assert "### Recommendations of UN mechanisms" in text
    assert "### NGOs' and national institutions' own recommendations" in text
    assert "Judged by: followup project" in text
    assert "IPHR 0" not in text and "by: IPHR" not in text
    assert "include facts not yet verified" in text
    un = next(s for s in card.scopes if s.key == "un")
    assert [r.key for r in un.rates] == ["implemented", "implemented-or-partially", "any-progress"]
    for rate in un.rates:
        assert f"({rate.count} of the {rate.of} scored)" in text


def test_exclude_unverified_changes_the_figures_and_says_so() -> None:
    reg = followup.load(KAZAKHSTAN)
    full = followup.scorecard.build(reg, "2025-Q3", today=TODAY)
    strict = followup.scorecard.build(reg, "2025-Q3", today=TODAY, exclude_unverified=True)
    marked = [r for r in reg.recommendations.values() if r.unverified]
    assert strict.left_out[0] == len(marked) > 0
    assert strict.headline.total == full.headline.total - len(marked)
    assert all(m.rec_id not in {r.id for r in marked} for m in strict.moved)
    text = render_markdown(document(strict))
    assert f"{len(marked)} recommendations" in text and "leave out facts not yet verified" in text


# -- every shown fact carries its mark ------------------------------------------------------------
@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_shown_unverified_fact_is_marked_and_explained(language: str) -> None:
    reg = followup.load(KAZAKHSTAN)
    card = followup.scorecard.build(reg, "2025-Q3", language=language, today=TODAY)
    text = render_markdown(document(card))
    lines = text.splitlines()
    explained = "\n".join(
        lines[
            lines.index(
                next(
                    ln
                    for ln in lines
                    if ln.startswith("## ")
                    and "†" not in ln
                    and ("verified" in ln or "проверен" in ln)
                )
            ) :
        ]
    )
    checked = 0
    for rec in reg.recommendations.values():
        shown_text = rec.text.pick(language, default_language="en")
        for line in lines:
            if shown_text in line and line.startswith("|"):
                checked += 1
                if rec.unverified:
                    assert "†" in line, (rec.id, line)
                    assert rec.unverified.split(";")[0][:60] in text.replace("\\", "")
        if rec.follow_up and rec.unverified:
            for line in lines:
                if line.startswith("|") and rec.id in line:
                    assert f"{rec.id} †" in line
    for review in reg.reviews.values():
        title = review.title.pick(language, default_language="en")
        for line in lines:
            if line.startswith("|") and line.split("|")[1].strip().startswith(title):
                checked += 1
                if review.unverified:
                    assert "†" in line, (review.id, line)
                    assert review.unverified[:60] in explained.replace("\\", "")
        if review.follow_up and review.follow_up.unverified:
            assert review.follow_up.unverified[:60] in explained.replace("\\", "")
    for rec in reg.recommendations.values():
        for response in rec.undated_responses:
            assert response.unverified is not None
            assert response.unverified[:60] in explained.replace("\\", "")
    assert checked >= 5
    for what, mark in card.unverified:
        assert mark[:60] in explained.replace("\\", ""), what


def test_series_index_shows_each_scope_and_can_leave_out_unverified(tmp_path: Path) -> None:
    from followup.scorecard import Period, periods, write_series

    reg = followup.load(KAZAKHSTAN)
    chosen = periods(Period.parse("2025-Q2"), Period.parse("2025-Q3"))
    entries, index = write_series(
        reg, chosen, tmp_path, ["md"], today=TODAY, exclude_unverified=True
    )
    strict = followup.scorecard.build(reg, "2025-Q3", today=TODAY, exclude_unverified=True)
    assert [(s.key, s.score) for s in entries[-1].scopes] == [
        (s.key, s.figures.score) for s in strict.scopes
    ]
    page = index.read_text(encoding="utf-8")
    assert "Recommendations of UN mechanisms" in page
    assert "NGOs&#39; and national institutions&#39; own recommendations" in page
    assert "leave out facts not yet verified" in (tmp_path / f"{entries[-1].stem}.md").read_text(
        encoding="utf-8"
    )


def test_the_timeline_says_a_reply_is_known_but_not_dated() -> None:
    from followup.charts import follow_up_timeline
    from followup.model import HRC_FOLLOW_UP

    reg = followup.load(KAZAKHSTAN)
    found = deadlines(reg, dt.date(2025, 9, 30))
    figure = follow_up_timeline(found, as_of=dt.date(2025, 9, 30), grade_scale=HRC_FOLLOW_UP)
    notes = [t for ax in figure.axes for t in ax.texts if t.get_gid() == "reply-undated"]
    assert [t.get_text() for t in notes] == ["reply known, not dated"] * 3
    assert not [line for ax in figure.axes for line in ax.lines if line.get_gid() == "reply"]


def test_scorecard_shows_where_the_judges_disagree() -> None:
    root = Path(__file__).parents[1] / "examples" / "judges"
    reg = followup.load(root)
    card = followup.scorecard.build(reg, "2025-Q1", today=TODAY)
    text = render_markdown(document(card)).replace("\\", "")
    assert card.judged and all(j.contested for j in card.judged)
    first = card.judged[0]
    assert card.texts[first.rec_id] in text and first.rec_id in text
    for j in first.judgements:
        assert card.judge_names[j.judge] in text
    pairs = {p.judges: p for p in card.agreement}
    (ngo_nhri,) = [p for k, p in pairs.items() if set(k) == {"ngo", "nhri"}]
    assert ngo_nhri.alpha is not None and f"| {ngo_nhri.alpha:.2f} |" in text
    assert "## Where the judges disagree" in text
    # the State's own claims are compared, but do not count in the default headline
    assert all("State under review" not in judge for s in card.scopes for judge in s.judges)


def test_a_committee_grade_of_e_counts_as_a_regression_unless_the_registry_says(
    tmp_path: Path,
) -> None:
    from followup.scoring import regressions, score

    history = "      - {date: 2024-05, status: E, scale: hrc-follow-up, by: x}\n"
    reg = followup.load(_registry(tmp_path / "1", history), today=TODAY)
    result = score(reg, as_of=dt.date(2025, 1, 1), scale="hrc-follow-up")
    assert regressions(reg, result.overall, reg.scales["hrc-follow-up"]) == ("a",)
    stated = "equivalences: {hrc-follow-up: {E: not-implemented}}\n"
    reg = followup.load(_registry(tmp_path / "2", history, judges=stated), today=TODAY)
    result = score(reg, as_of=dt.date(2025, 1, 1), scale="hrc-follow-up")
    assert regressions(reg, result.overall, reg.scales["hrc-follow-up"]) == ()


def test_cli_records_partial_dates_fact_dates_and_undated_replies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import shutil

    from followup.cli import main

    root = tmp_path / "kazakhstan"
    shutil.copytree(KAZAKHSTAN, root)
    out = io.StringIO()
    code = main(
        [
            "assess", str(root), "kaz-ccpr-2-p52", "--status", "not-implemented",
            "--on", "2025-06", "--by", "compilers", "--fact-date", "2024",
        ],
        out,
    )  # fmt: skip
    assert code == 0, out.getvalue()
    code = main(["respond", str(root), "kaz-ccpr-2-p52", "--position", "no-reply"], out)
    assert code == 1  # a response without a date must say why: refused, located
    said = capsys.readouterr().err + out.getvalue()
    assert "unverified" in said and "ccpr-2016.yaml" in said and "Traceback" not in said
    code = main(
        [
            "respond", str(root), "kaz-ccpr-2-p52", "--position", "reply-received",
            "--unverified", "known from an NGO's reference; date not established",
        ],
        out,
    )  # fmt: skip
    assert code == 0, out.getvalue()
    rec = followup.load(root, today=TODAY).recommendations["kaz-ccpr-2-p52"]
    assessment = rec.assessments[-1]
    assert assessment.date == PartialDate(2025, 6) and assessment.fact_date == PartialDate(2024)
    (reply,) = rec.undated_responses
    assert reply.unverified and reply.date is None
    text = (root / "reviews" / "ccpr-2016.yaml").read_text(encoding="utf-8")
    assert "date: 2025-06\n" in text and "fact_date: '2024'" not in text


def test_the_states_own_claims_count_in_a_headline_only_when_named(tmp_path: Path) -> None:
    judges = (
        "judges:\n  - {id: gov, name: The State, role: state}\n"
        "  - {id: ngo, name: An NGO, role: ngo}\n"
    )
    history = (
        "      - {date: 2024-01, status: not-implemented, by: ngo}\n"
        "      - {date: 2024-06, status: implemented, by: gov}\n"
    )
    cases = (
        ("", 0.0),  # UN and NGO apart: the State's claim does not count
        ("headline: {mechanisms: [CCPR]}\n", 0.0),  # a scope naming no judges: the same
        ("headline: {judges: [gov, ngo]}\n", 1.0),  # named: it counts (the latest)
    )
    for index, (headline, counted_score) in enumerate(cases):
        root = _registry(tmp_path / str(index), history, judges=judges + headline)
        card = followup.scorecard.build(followup.load(root, today=TODAY), "2025-Q1", today=TODAY)
        (scope,) = card.scopes
        assert scope.figures.score == counted_score, headline
