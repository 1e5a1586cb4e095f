"""Scorecards: the value (hand-computed figures), the public view, escaping, periods,
the label catalogue, rendering to every format, and the ``followup scorecard`` command."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import followup
import followup.scorecard
from followup import (
    Assessment,
    Evidence,
    FollowUp,
    Mechanism,
    Position,
    Recommendation,
    Registry,
    RegistryInfo,
    Response,
    Review,
    Source,
    Text,
    Theme,
)
from followup.cli import main
from followup.model.public import public_view
from followup.scorecard import Period, PeriodError, periods
from followup.scorecard.markdown import escape

from .conftest import KAZAKHSTAN, TODAY, require_tool

SCRIPT = '<script>alert("x")</script> *bold* a|b [link](javascript:alert(1))'


def hostile_registry() -> Registry:
    """A small registry with markup in its texts and confidential data everywhere."""
    review = Review(
        id="r1",
        mechanism=Mechanism.CCPR,
        state="KAZ",
        title=Text.plain("Review <i>one</i> & more"),
        date=dt.date(2025, 1, 15),
        follow_up=FollowUp(due=dt.date(2025, 10, 15)),
    )

    def rec(
        rec_id: str, text: str, *history: Assessment | Response, **kw: object
    ) -> Recommendation:
        return Recommendation(
            id=rec_id,
            review="r1",
            text=Text.plain(text),
            source=Source(document="CCPR/C/XXX/CO/1", paragraph=rec_id[-1]),
            themes=("t1",),
            history=history,
            **kw,  # type: ignore[arg-type]
        )

    a = rec(
        "rec-a",
        SCRIPT,
        Assessment(dt.date(2025, 3, 1), "not-implemented", "NGO"),
        Assessment(
            dt.date(2025, 8, 1),
            "partially-implemented",
            "NGO <i>x</i>",
            evidence=(
                Evidence(url="https://example.org/a?b=1&c=2", document="DOC/<b>1</b>"),
                Evidence(url="https://secret.example.org/SECRET-URL", confidential=True),
            ),
            note=Text.plain("SECRET-NOTE of the assessor"),
            confidential=("note",),
        ),
    )
    b = rec("rec-b", "SECRET-REC text", confidential=True)
    c = rec(
        "rec-c",
        "A plain recommendation",
        Assessment(
            dt.date(2025, 8, 15),
            "implemented",
            "SECRET-JUDGE",
            note=Text.plain("SECRET-ASSESS"),
            confidential=True,
        ),
        reiterates=("rec-b",),
    )
    d = rec(
        "rec-d",
        "Under follow-up",
        Response(
            date=dt.date(2025, 9, 1),
            response=Position.REPLY_RECEIVED,
            note=Text.plain("SECRET-REPLY"),
            confidential=("note",),
        ),
        Assessment(dt.date(2025, 9, 20), "B", "CCPR", scale="hrc-follow-up"),
        follow_up=True,
    )
    info = RegistryInfo(
        id="hostile",
        title=Text.plain("Test <b>registry</b> & co"),
        version="1",
        states=("KAZ",),
        themes=(Theme("t1", Text.plain("<img src=x onerror=alert(1)> theme")),),
        scales=("implementation", "hrc-follow-up"),
    )
    recs = {r.id: r for r in (a, b, c, d)}
    return Registry(info=info, reviews={"r1": review}, recommendations=recs)


# -- the value ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def q3(kazakhstan: followup.Registry) -> followup.scorecard.Scorecard:
    return followup.scorecard.build(kazakhstan, "2025-Q3", today=TODAY)


def test_kazakhstan_headline_by_hand(q3: followup.scorecard.Scorecard) -> None:
    # as of 30 September 2025: 29 recommendations (CO/3's two were adopted on 11 July);
    # 14 not implemented (0), 1 regressed (0), 4 partially (0.5), 1 implemented (1),
    # 1 "no information" (assessed, no score), 8 not assessed
    head = q3.headline
    assert (q3.as_of, q3.previous_as_of) == (dt.date(2025, 9, 30), dt.date(2025, 6, 30))
    assert (head.total, head.assessed, head.scored) == (29, 21, 20)
    assert head.counts["not-implemented"] == 14 and head.counts["unknown"] == 8
    assert head.counts["regressed"] == 1
    assert head.score == pytest.approx((4 * 0.5 + 1) / 20)
    assert head.rate == pytest.approx(5 / 20)
    assert head.coverage == pytest.approx(21 / 29)
    # on 30 June: 27 recommendations, 19 scored, 2 points (4 partially) -> 2/19
    before = q3.previous_headline
    assert before is not None and (before.total, before.scored) == (27, 19)
    assert before.score == pytest.approx(2 / 19)
    assert q3.change == pytest.approx(0.15 - 2 / 19)
    assert q3.reviews_count == 4


def test_kazakhstan_tables_by_hand(q3: followup.scorecard.Scorecard) -> None:
    themes = {row.key: row for row in q3.themes}
    assert [row.key for row in q3.themes][:3] == ["accountability", "torture", "expression"]
    expression = themes["expression"]  # 8 not implemented, 1 regressed, 1 partially of 10
    assert expression.figures.total == 10 and expression.figures.score == pytest.approx(0.05)
    assert expression.change == pytest.approx(0.0)
    death = themes["death-penalty"]  # first assessed on 3 September 2025: implemented
    assert death.figures.score == 1.0 and death.previous_score is None and death.change is None
    reviews = {row.key: row for row in q3.reviews}
    assert [row.key for row in q3.reviews] == [
        "kaz-ccpr-2011",
        "kaz-ccpr-2016",
        "kaz-iphr-2025",
        "kaz-ccpr-2025",
    ]
    assert reviews["kaz-iphr-2025"].figures.total == 16
    assert reviews["kaz-ccpr-2025"].figures.assessed == 0
    assert reviews["kaz-ccpr-2016"].date == dt.date(2016, 7, 11)


def test_kazakhstan_what_moved_and_deadlines(q3: followup.scorecard.Scorecard) -> None:
    (moved,) = q3.moved
    assert (moved.rec_id, moved.before, moved.after) == (
        "kaz-ccpr-2-death-penalty",
        "unknown",
        "implemented",
    )
    assert moved.date == dt.date(2025, 9, 3)
    assert [e.citation for e in moved.evidence] == ["CCPR/C/KAZ/CO/3", "CERD/C/KAZ/CO/8-10"]
    assert moved.unverified  # its paragraph number is not established
    # CO/2's follow-up (due 11 July 2017, inferred): a reply is known, its date is not
    # established, so it is past due but never "overdue"; CO/3's (17 July 2028) is
    # neither near nor past
    (due,) = q3.deadlines
    assert due.review == "kaz-ccpr-2016" and not due.overdue and not due.replied
    assert due.reply == "undated" and due.overdue_by is None
    assert moved.fact_date is not None and moved.fact_date.isoformat() == "2022"
    assert due.days_left == (dt.date(2017, 7, 11) - dt.date(2025, 9, 30)).days
    assert due.due_unverified
    assert len(due.items) == 3
    whats = [what for what, _ in q3.unverified]
    assert "kaz-ccpr-2-death-penalty" in whats and "kaz-ccpr-2-zhanaozen" in whats


def test_latest_period_is_that_of_the_latest_fact(kazakhstan: followup.Registry) -> None:
    assert str(followup.scorecard.latest_period(kazakhstan, today=TODAY)) == "2025-Q3"
    assert str(followup.scorecard.latest_period(kazakhstan, "month", today=TODAY)) == "2025-09"
    card = followup.scorecard.build(kazakhstan, today=TODAY)
    assert str(card.period) == "2025-Q3"


def test_running_period_is_as_of_today(kazakhstan: followup.Registry) -> None:
    card = followup.scorecard.build(kazakhstan, "2025-Q3", today=dt.date(2025, 8, 20))
    assert card.as_of == dt.date(2025, 8, 20) and not card.moved
    with pytest.raises(followup.FollowupError, match="not begun"):
        followup.scorecard.build(kazakhstan, "2025-Q4", today=dt.date(2025, 8, 20))


def test_scorecard_errors(kazakhstan: followup.Registry) -> None:
    with pytest.raises(followup.FollowupError, match=r"available: en, .*ru"):
        followup.scorecard.build(kazakhstan, "2025-Q3", language="xx", today=TODAY)
    with pytest.raises(PeriodError, match="2025-Q3"):
        followup.scorecard.build(kazakhstan, "Q3-2025", today=TODAY)
    with pytest.raises(followup.UnknownIdError):
        followup.scorecard.build(kazakhstan, "2025-Q3", scale="nope", today=TODAY)


def test_same_registry_same_scorecard(kazakhstan: followup.Registry, tmp_path: Path) -> None:
    one = followup.scorecard.build(kazakhstan, "2025-Q3", today=TODAY)
    two = followup.scorecard.build(kazakhstan, "2025-Q3", today=dt.date(2030, 1, 1))
    assert one.to_dict() == two.to_dict()
    first = one.write(tmp_path / "a", ["html", "md", "json", "pdf"])
    second = two.write(tmp_path / "b", ["html", "md", "json", "pdf"])
    for a, b in zip(first, second, strict=True):
        assert isinstance(a, Path) and isinstance(b, Path)
        assert a.read_bytes() == b.read_bytes(), a.name


# -- the public view ----------------------------------------------------------------------


def test_public_view_rules() -> None:
    reg = hostile_registry()
    view = public_view(reg)
    public = view.registry
    assert "rec-b" not in public.recommendations  # confidential: true
    assert public.recommendations["rec-c"].reiterates == ()  # the link to it is dropped
    assert public.recommendations["rec-c"].history == ()  # its assessment was confidential
    a = public.recommendations["rec-a"].history[-1]
    assert isinstance(a, Assessment) and a.note is None and a.confidential is False
    assert [e.url for e in a.evidence] == ["https://example.org/a?b=1&c=2"]
    # withheld whole: rec-b, rec-c's assessment, rec-a's second evidence; emptied: two notes
    assert (view.withheld, view.emptied) == (3, 2)
    assert public_view(public).registry is public  # nothing left to remove


def test_required_confidential_field_withholds_the_item() -> None:
    rec = hostile_registry().recommendations["rec-a"]
    entry = Assessment(dt.date(2025, 1, 20), "implemented", "X", confidential=("by",))
    reg = hostile_registry()
    changed = Registry(
        info=reg.info,
        reviews=reg.reviews,
        recommendations={
            "rec-a": Recommendation(
                id=rec.id, review=rec.review, text=rec.text, source=rec.source, history=(entry,)
            )
        },
    )
    view = public_view(changed)
    assert view.registry.recommendations["rec-a"].history == () and view.withheld == 1


# -- rendering: escaping and confidentiality --------------------------------------------


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    card = followup.scorecard.build(hostile_registry(), "2025-Q3", today=dt.date(2025, 12, 1))
    out = tmp_path_factory.mktemp("hostile")
    files = card.write(out, ["html", "md", "json", "pdf"])
    return {
        Path(str(p)).suffix
        + ("-" + Path(str(p)).stem if Path(str(p)).suffix == ".svg" else ""): Path(str(p))
        for p in files
    }


def test_hostile_figures() -> None:
    card = followup.scorecard.build(hostile_registry(), "2025-Q3", today=dt.date(2025, 12, 1))
    # rec-b is withheld; rec-c's only assessment is confidential: it counts as not assessed
    assert (card.headline.total, card.headline.assessed, card.headline.score) == (3, 1, 0.5)
    assert card.previous_headline is not None and card.previous_headline.score == 0.0
    assert [m.rec_id for m in card.moved] == ["rec-a"]
    assert card.withheld == 3
    (due,) = card.deadlines  # due 15 October: 15 days after 30 September, replied
    assert due.days_left == 15 and due.replied and due.items[0].grade == "B"


def test_confidential_fields_never_appear(hostile_files: dict[str, Path]) -> None:
    assert {".html", ".md", ".json", ".pdf"} <= set(hostile_files)
    texts = {name: p.read_text("utf-8") for name, p in hostile_files.items() if name != ".pdf"}
    pdftotext = require_tool("pdftotext", "poppler-utils")
    texts[".pdf"] = subprocess.run(
        [pdftotext, "-layout", str(hostile_files[".pdf"]), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name, text in texts.items():
        assert "SECRET" not in text, name
    assert "rec-a" in texts[".json"] and "rec-a" in texts[".pdf"].replace("\n", " ")


def test_html_escapes_every_quoted_text(hostile_files: dict[str, Path]) -> None:
    page = hostile_files[".html"].read_text("utf-8")
    assert "<script" not in page  # neither the recommendation's nor any other
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Test &lt;b&gt;registry&lt;/b&gt; &amp; co" in page
    assert 'href="javascript' not in page
    assert 'href="https://example.org/a?b=1&amp;c=2"' in page
    assert "<metadata>" not in page
    assert "http://" not in re.sub(r'xmlns(:\w+)?="[^"]*"', "", page)  # no network at all
    assert re.search(r"<(link|img|iframe|object|embed)\b", page) is None


def test_markdown_escapes_every_quoted_text(hostile_files: dict[str, Path]) -> None:
    text = hostile_files[".md"].read_text("utf-8")
    assert "<script" not in text and "&lt;script&gt;" in text
    assert r"\*bold\*" in text and r"a\|b" in text and r"\[link\](javascript:alert(1))" in text
    assert re.search(r"(?<!\\)\]\(javascript", text) is None  # no live link


def test_markdown_escape_unit() -> None:
    assert escape("1. first") == r"1\. first"
    assert escape("# not a heading") == r"\# not a heading"
    assert escape("a\nb  c") == "a b c"
    assert escape("x < y & z") == "x &lt; y &amp; z"
    assert escape("> quote") == "&gt; quote"


def test_json_is_the_data(hostile_files: dict[str, Path]) -> None:
    data = json.loads(hostile_files[".json"].read_text("utf-8"))
    assert data["format"] == "followup-scorecard" and data["format_version"] == 1
    assert data["moved"][0]["text"] == SCRIPT  # data, not markup: JSON quotes it
    assert data["headline"]["score"] == 0.5 and data["withheld"] == 3
    assert data["period"] == {
        "id": "2025-Q3",
        "label": "Q3 2025",
        "start": "2025-07-01",
        "end": "2025-09-30",
    }


def test_pdf_is_a4_and_not_blank(hostile_files: dict[str, Path], tmp_path: Path) -> None:
    from PIL import Image

    pdftoppm = require_tool("pdftoppm", "poppler-utils")
    subprocess.run(
        [pdftoppm, "-r", "30", "-png", str(hostile_files[".pdf"]), str(tmp_path / "p")], check=True
    )
    pages = sorted(tmp_path.glob("p*.png"))
    assert pages
    for page in pages:
        with Image.open(page) as image:
            width, height = image.size
            assert abs(height / width - 297 / 210) < 0.01
            assert sum(image.convert("L").histogram()[:128]) > 100


# -- periods -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025-Q3", dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        ("2025-q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
        ("2024-H1", dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
    ],
)
def test_period_bounds(text: str, start: dt.date, end: dt.date) -> None:
    period = Period.parse(text)
    assert (period.start, period.end) == (start, end)
    assert Period.parse(str(period)) == period
    assert Period.containing(start, period.kind) == period == Period.containing(end, period.kind)
    assert period.next.start == end + dt.timedelta(days=1)
    assert period.previous.end == start - dt.timedelta(days=1)


@pytest.mark.parametrize(
    "text", ["2025-Q5", "2025-Q0", "2025-13", "2025-00", "Q3", "", "2025-H3", "25-Q1"]
)
def test_bad_periods(text: str) -> None:
    with pytest.raises(PeriodError):
        Period.parse(text)


def test_period_ranges_and_labels() -> None:
    chosen = periods(Period.parse("2022-Q4"), Period.parse("2025-Q3"))
    assert len(chosen) == 12 and str(chosen[1]) == "2023-Q1"
    with pytest.raises(PeriodError):
        periods(Period.parse("2025-Q3"), Period.parse("2025-Q1"))
    with pytest.raises(PeriodError):
        periods(Period.parse("2025-Q3"), Period.parse("2025-12"))
    assert Period.parse("2025-Q3").label("ru") == "3-й квартал 2025\u202fг."
    assert Period.parse("2025-07").label("ru") == "июль 2025\u202fг."  # CLDR's no-break space
    assert Period.parse("2025-07").label("en") == "July 2025"
    assert Period.parse("2025-H2").label("en") == "H2 2025"


def test_russian_scorecard(kazakhstan: followup.Registry, tmp_path: Path) -> None:
    card = followup.scorecard.build(kazakhstan, "2025-Q3", language="ru", today=TODAY)
    assert card.title.startswith("Казахстан")
    assert card.level("not-implemented").label == "Не выполнена"
    (html,) = card.write(tmp_path, ["html"])
    page = Path(str(html)).read_text("utf-8")
    assert '<html lang="ru" dir="ltr">' in page
    # the UN mechanisms' score, (0.5 + 1) / 5, with the Russian decimal mark
    assert "Индекс выполнения" in page and "0,30" in page and "3-й квартал 2025\u202fг." in page
    assert "Compliance score" not in page


# -- the command line ---------------------------------------------------------------------


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stderr
    sys.stderr = err
    try:
        code = main(list(args), out)
    finally:
        sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def test_cli_one_period(tmp_path: Path) -> None:
    code, out, err = _run(
        "scorecard",
        str(KAZAKHSTAN),
        "--period",
        "2025-Q3",
        "--format",
        "html,md,json",
        "--language",
        "en,ru",
        "-o",
        str(tmp_path),
    )
    assert code == 0, err
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "kazakhstan-2025-Q3-en.html" in names and "kazakhstan-2025-Q3-ru.md" in names
    assert "kazakhstan-2025-Q3-ru-heatmap.svg" in names
    assert out.count("wrote ") == len(names)


def test_cli_series_with_index(tmp_path: Path) -> None:
    code, out, err = _run(
        "scorecard",
        str(KAZAKHSTAN),
        "--every",
        "quarter",
        "--from",
        "2022-Q4",
        "--to",
        "2025-Q3",
        "--format",
        "html,json",
        "-o",
        str(tmp_path),
    )
    assert code == 0, err
    assert "for 12 periods" in out
    index = (tmp_path / "index.html").read_text("utf-8")
    links = re.findall(r'href="(kazakhstan-[^"]+)"', index)
    assert len(set(links)) == 24 and all((tmp_path / link).exists() for link in links)
    first = json.loads((tmp_path / "kazakhstan-2022-Q4-en.json").read_text("utf-8"))
    last = json.loads((tmp_path / "kazakhstan-2025-Q3-en.json").read_text("utf-8"))
    assert first["headline"]["assessed"] == 0 and last["headline"]["assessed"] == 21
    assert err == ""  # no progress bar when stderr is not a terminal


def test_cli_series_dates_and_default_end(tmp_path: Path) -> None:
    code, out, err = _run(
        "scorecard",
        str(KAZAKHSTAN),
        "--every",
        "year",
        "--from",
        "2024-03-15",
        "--format",
        "json",
        "-o",
        str(tmp_path),
        "--quiet",
    )
    assert code == 0, err
    assert out == ""
    assert sorted(p.name for p in tmp_path.glob("*.json")) == [
        "kazakhstan-2024-en.json",
        "kazakhstan-2025-en.json",
    ]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--period", "2025-Q9"], "not a period"),
        (["--format", "html,docx"], "unknown scorecard format 'docx'"),
        (["--language", "xx"], "no translation for language 'xx'"),
        (["--from", "2024-Q1"], "give --every too"),
        (["--every", "quarter"], "needs --from"),
        (["--every", "quarter", "--from", "2025-Q3", "--to", "2024-Q1"], "comes before"),
        (["--period", "2031-Q1"], "has not begun"),
    ],
)
def test_cli_mistakes(tmp_path: Path, args: list[str], says: str) -> None:
    code, _out, err = _run("scorecard", str(KAZAKHSTAN), "-o", str(tmp_path), *args)
    assert code == 1 and says in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())


def test_cli_unwritable_output(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _out, err = _run(
        "scorecard", str(KAZAKHSTAN), "--format", "json", "-o", str(blocker / "sub")
    )
    assert code == 1 and "cannot write" in err and "Traceback" not in err


def test_cli_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    from followup._progress import ProgressBar as _ProgressBar

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    bar = _ProgressBar(stream, width=10)
    for n in range(1, 5):
        bar(n, 4, f"2025-Q{n}")
    text = stream.getvalue()
    frames = text.split("\r")[1:]
    assert frames[0] == "[##--------] 1/4 2025-Q1\x1b[K"  # 10 * 1 // 4 = 2 cells
    assert frames[2] == "[#######---] 3/4 2025-Q3\x1b[K"
    assert frames[3] == "[##########] 4/4 2025-Q4\x1b[K\n"
    silent = io.StringIO()
    _ProgressBar(silent)(1, 2, "x")
    assert silent.getvalue() == ""


def test_readme_command_writes_html_and_pdf(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "followup",
            "scorecard",
            str(KAZAKHSTAN),
            "--language",
            "en,ru",
            "--format",
            "html,pdf",
            "-o",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in (
        "kazakhstan-2025-Q3-en.html",
        "kazakhstan-2025-Q3-en.pdf",
        "kazakhstan-2025-Q3-ru.html",
        "kazakhstan-2025-Q3-ru.pdf",
    ):
        assert (tmp_path / name).stat().st_size > 10_000, name


def test_series_on_two_processes_writes_the_same_files(
    kazakhstan: followup.Registry, tmp_path: Path
) -> None:
    chosen = periods(Period.parse("2025-Q2"), Period.parse("2025-Q3"))
    one, index_one = followup.scorecard.write_series(
        kazakhstan, chosen, tmp_path / "one", ["html", "json"], today=TODAY
    )
    seen: list[str] = []
    two, index_two = followup.scorecard.write_series(
        kazakhstan,
        chosen,
        tmp_path / "two",
        ["html", "json"],
        today=TODAY,
        workers=2,
        progress=lambda done, total, period: seen.append(f"{done}/{total}"),
    )
    assert seen == ["1/2", "2/2"]
    assert [e.period for e in two] == list(chosen)
    for a, b in zip(one, two, strict=True):
        for x, y in zip(a.files, b.files, strict=True):
            assert x.name == y.name and x.read_bytes() == y.read_bytes()
    assert index_one.read_bytes() == index_two.read_bytes()
