"""Short reprs and notebook tables of registries, reviews, recommendations and scores."""

from __future__ import annotations

import datetime as dt
import html.parser

import attrs
import pytest

import followup
from followup.model import Text
from followup.scoring import score

from .conftest import KAZAKHSTAN

LIMIT = 300


class _Checker(html.parser.HTMLParser):
    """Collects the text and the tags of an HTML fragment (to see what is escaped)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(fragment: str) -> _Checker:
    checker = _Checker()
    checker.feed(fragment)
    checker.close()
    return checker


@pytest.fixture(scope="module")
def kaz() -> followup.Registry:
    return followup.load(KAZAKHSTAN)


def test_reprs_are_short_and_say_what_it_is(kaz: followup.Registry) -> None:
    text = repr(kaz)
    assert len(text) < LIMIT
    assert "'kazakhstan'" in text and "KAZ" in text
    assert f"{len(kaz.reviews)} reviews" in text and f"{len(kaz)} recommendations" in text
    for rec in kaz.recommendations.values():
        assert len(repr(rec)) < LIMIT and repr(rec.id) in repr(rec)
    for review in kaz.reviews.values():
        assert len(repr(review)) < LIMIT and repr(review.id) in repr(review)
    result = score(kaz, "theme", as_of=dt.date(2025, 9, 30))
    assert len(repr(result)) < LIMIT
    assert "as_of=2025-09-30" in repr(result) and f"{len(result.groups)} groups" in repr(result)


def _big(kaz: followup.Registry, copies: int) -> followup.Registry:
    """The registry with each review and its recommendations copied ``copies`` times."""
    reviews = {}
    recs = {}
    for i in range(copies):
        for review in kaz.reviews.values():
            reviews[f"{review.id}-{i}"] = attrs.evolve(review, id=f"{review.id}-{i}")
        for rec in kaz.recommendations.values():
            new_id = f"{rec.id}-{i}"
            recs[new_id] = attrs.evolve(
                rec, id=new_id, review=f"{rec.review}-{i}", reiterates=(), relates_to=()
            )
    return attrs.evolve(kaz, reviews=reviews, recommendations=recs)


def test_reprs_stay_short_at_scale(kaz: followup.Registry) -> None:
    big = _big(kaz, 60)
    assert len(big) == 60 * len(kaz)
    assert len(repr(big)) < LIMIT
    assert len(repr(score(big, ("theme", "review")))) < LIMIT
    long_rec = next(iter(big.recommendations.values()))
    long_rec = attrs.evolve(long_rec, text=Text.plain("word " * 5000), themes=("a",) * 1)
    assert len(repr(long_rec)) < LIMIT
    # the notebook table is bounded too
    assert len(big._repr_html_()) < 20_000


def test_equality_and_hash_unchanged(kaz: followup.Registry) -> None:
    again = followup.load(KAZAKHSTAN)
    assert again == kaz
    rec = next(iter(kaz.recommendations.values()))
    assert hash(rec) == hash(again[rec.id]) and rec == again[rec.id]
    assert attrs.evolve(rec, weight=2.0) != rec


def test_registry_html_summary(kaz: followup.Registry) -> None:
    page = kaz._repr_html_()
    found = _parsed(page)
    assert "table" in found.tags
    words = " ".join(found.text)
    assert "KAZ" in words and "unverified" in words
    for review_id, review in kaz.reviews.items():
        assert review_id in words and review.date.isoformat() in words


def test_recommendation_html(kaz: followup.Registry) -> None:
    rec = next(r for r in kaz.recommendations.values() if r.assessments)
    found = " ".join(_parsed(rec._repr_html_()).text)
    assert rec.source.document in found and rec.assessments[-1].status in found
    assert rec.text.pick()[:30] in found


def test_html_escapes_registry_text(kaz: followup.Registry) -> None:
    hostile = '<script>alert("x")</script>'
    rec = next(iter(kaz.recommendations.values()))
    rec = attrs.evolve(rec, text=Text.plain(hostile))
    page = rec._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    info = attrs.evolve(kaz.info, title=Text.plain(hostile))
    reg = attrs.evolve(kaz, info=info)
    assert "<script>" not in reg._repr_html_()
    review = attrs.evolve(next(iter(kaz.reviews.values())), title=Text.plain(hostile))
    assert "<script>" not in review._repr_html_()


def test_confidential_text_stays_out_of_the_repr(kaz: followup.Registry) -> None:
    rec = attrs.evolve(next(iter(kaz.recommendations.values())), confidential=True)
    assert rec.text.pick()[:20] not in repr(rec) and "(confidential)" in repr(rec)


def test_score_table_html(kaz: followup.Registry) -> None:
    result = score(kaz, "theme", as_of=dt.date(2025, 9, 30))
    found = _parsed(result._repr_html_())
    words = " ".join(found.text)
    assert found.tags.count("tr") == len(result.groups) + 2  # head, groups, overall
    assert "overall" in words and "2025-09-30" in words
    for group in result.groups:
        assert group.key[0] in words
