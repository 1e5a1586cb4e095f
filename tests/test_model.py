"""The model layer: value checks, Text, scales, records and registry queries."""

from __future__ import annotations

import datetime as dt

import pytest

import followup
from followup.model import (
    BUILTIN_SCALES,
    IMPLEMENTATION,
    Assessment,
    Evidence,
    Recommendation,
    Source,
    Text,
    is_confidential,
    pick,
)
from followup.model.values import check_date, check_id, check_state, check_url


@pytest.mark.parametrize("value", ["kaz-ccpr-3-p42", "iphr-2025-1.1", "a", "x_1", "9"])
def test_valid_ids(value: str) -> None:
    assert check_id(value) == value


@pytest.mark.parametrize("value", ["", "Kaz", "a b", "-a", "a-", "a--b", "a" * 101, "é"])
def test_invalid_ids(value: str) -> None:
    with pytest.raises(ValueError, match="not a valid id"):
        check_id(value)


def test_state_codes() -> None:
    assert check_state("KAZ") == "KAZ"
    with pytest.raises(ValueError, match="use upper case"):
        check_state("kaz")
    with pytest.raises(ValueError, match="alpha-3"):
        check_state("XYZ")


@pytest.mark.parametrize(
    "value",
    [
        "https://example.org",
        "http://example.org/",
        "HTTPS://Example.org/a?b=c#d",
        "https://docstore.ohchr.org/SelfServices/FilesHandler.ashx?enc=x%2B",
        "https://user@host:8080/p",
        "https://ccprcentre.org/ccprpages/kazakhstan",
    ],
)
def test_valid_urls(value: str) -> None:
    assert check_url(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "ftp://a.b",
        "https://",
        "https:///path",
        "https://?q",
        "example.org",
        "//example.org",
        "https:/example.org",
        "https://a b.org",
        "https://a.org/x y",
        "https://a.org/x\u00a0",
        "https://a.org/\n",
        " https://a.org",
        "https://a.org ",
        "mailto:x@y.org",
    ],
)
def test_invalid_urls(value: str) -> None:
    with pytest.raises(ValueError):
        check_url(value)


def test_dates_reject_datetimes() -> None:
    assert check_date(dt.date(2025, 1, 1)) == dt.date(2025, 1, 1)
    with pytest.raises(ValueError):
        check_date(dt.datetime(2025, 1, 1, 10))


def test_text_pick_fallback_chain() -> None:
    text = Text.of({"en": "Assembly", "ru": "Собрания", "pt": "Reunião"})
    assert text.pick("ru") == "Собрания"
    assert text.pick("kk") == "Assembly"
    assert text.pick("kk", fallback=("ru",)) == "Собрания"
    assert text.pick("pt-br") == "Reunião"  # regional tag falls back to its language
    assert Text.of({"fr": "Réunion"}).pick("es") == "Réunion"  # anything beats nothing
    plain = Text.plain("Only text")
    assert plain.is_plain and plain.pick("ru") == "Only text"
    assert pick(Text.plain("x"), "en", default_language="ru") == "x"
    assert Text.plain("Hi").as_plain() == "Hi"
    assert text.as_plain() == {"en": "Assembly", "ru": "Собрания", "pt": "Reunião"}


def test_plain_text_counts_as_default_language() -> None:
    text = Text((("", "Default"), ("ru", "По умолчанию")))
    assert text.pick("en", default_language="en") == "Default"
    assert text.pick("kk", fallback=("ru",), default_language="en") == "По умолчанию"


@pytest.mark.parametrize("items", [(), (("", " "),), (("EN", "x"),), (("en", "x"), ("en", "y"))])
def test_text_rejects_bad_values(items: tuple[tuple[str, str], ...]) -> None:
    with pytest.raises(ValueError):
        Text(items)


def test_builtin_scales() -> None:
    assert set(BUILTIN_SCALES) == {"implementation", "hrc-follow-up"}
    assert IMPLEMENTATION.level("partially-implemented").score == 0.5
    assert IMPLEMENTATION.level("no-information").score is None
    assert BUILTIN_SCALES["hrc-follow-up"].level_ids == ("E", "D", "C", "B", "A")
    with pytest.raises(KeyError, match="not a level"):
        IMPLEMENTATION.level("done")


def test_evidence_needs_a_citation() -> None:
    with pytest.raises(ValueError, match="url or a document"):
        Evidence()
    assert Evidence(document="CCPR/C/KAZ/CO/3").citation == "CCPR/C/KAZ/CO/3"


def test_confidential_marks() -> None:
    item = Evidence(url="https://a.org/x", note=Text.plain("told by X"), confidential=("note",))
    assert is_confidential(item, "note") and not is_confidential(item, "url")
    assert followup.confidential_fields(item) == {"note"}
    whole = Evidence(url="https://a.org/x", confidential=True)
    assert is_confidential(whole, "url") and "url" in followup.confidential_fields(whole)
    with pytest.raises(ValueError, match="unknown field"):
        Evidence(url="https://a.org/x", confidential=("nte",))


def test_models_are_frozen() -> None:
    source = Source(document="CCPR/C/KAZ/CO/2")
    with pytest.raises(AttributeError):
        source.document = "x"  # type: ignore[misc]


def _rec(history: tuple[Assessment, ...]) -> Recommendation:
    return Recommendation(
        id="r", review="rev", text=Text.plain("t"), source=Source("D"), history=history
    )


def test_latest_assessment_as_of() -> None:
    a1 = Assessment(dt.date(2020, 1, 1), "not-implemented", "NGO")
    a2 = Assessment(dt.date(2022, 1, 1), "implemented", "NGO")
    a3 = Assessment(dt.date(2023, 1, 1), "B", "CCPR", scale="hrc-follow-up")
    rec = _rec((a1, a2, a3))
    assert rec.latest_assessment(dt.date(2019, 12, 31)) is None
    assert rec.latest_assessment(dt.date(2020, 1, 1)) == a1
    assert rec.latest_assessment(dt.date(2022, 6, 1)) == a2
    assert rec.latest_assessment() == a3
    assert rec.latest_assessment(by="NGO") == a2
    assert rec.latest_assessment(scale="hrc-follow-up") == a3


def test_registry_queries(kazakhstan: followup.Registry) -> None:
    reg = kazakhstan
    assert {r.id for r in reg.by_review("kaz-ccpr-2011")} == {"kaz-ccpr-1-p26", "kaz-ccpr-1-p27"}
    assert len(reg.by_review("kaz-iphr-2025")) == 16
    assert len(reg.by_mechanism("NGO")) == 16
    assert len(reg.by_state("KAZ")) == len(reg)
    assert {r.id for r in reg.under_follow_up()} == {
        "kaz-ccpr-2-zhanaozen",
        "kaz-ccpr-2-torture",
        "kaz-ccpr-2-association",
    }
    assert all("assembly" in r.themes for r in reg.by_theme("assembly"))
    assert reg.by_right("ICCPR art. 21")
    assert reg.review_of("kaz-ccpr-2-p52").id == "kaz-ccpr-2016"
    assert [r.id for r in reg.reiterated_by("kaz-ccpr-1-p26")] == ["kaz-ccpr-2-p52"]
    assert reg.status("kaz-ccpr-2-p50a", as_of=dt.date(2025, 6, 30)) == "partially-implemented"
    assert reg.status("kaz-ccpr-2-p50a", as_of=dt.date(2016, 1, 1)) is None
    with pytest.raises(followup.UnknownIdError, match="did you mean 'kaz-ccpr-2-p50a'"):
        reg["kaz-ccpr-2-p5Oa"]
    with pytest.raises(followup.UnknownIdError):
        reg.select(review="kaz-ccpr-2017")
    with pytest.raises(KeyError):  # UnknownIdError is also a KeyError
        reg.review("nope")


def test_repeated_ids_in_a_list_are_refused() -> None:
    with pytest.raises(ValueError, match="listed more than once: a"):
        followup.Recommendation(
            id="r",
            review="v",
            text=followup.Text.plain("t"),
            source=followup.Source(document="D"),
            themes=("a", "b", "a"),
        )
