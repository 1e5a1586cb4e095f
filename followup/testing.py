"""Hypothesis strategies for followup's model, for our tests and for tools embedding us.

Every strategy here draws *valid* values: ids are unique, themes are declared, links
point at existing recommendations, history is in date order and every status belongs
to its scale. ``registries()`` draws whole registries that load without errors.

Importing this module needs hypothesis (the ``test`` extra).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import strategies as st

from followup.model.dates import PartialDate
from followup.model.manifest import Maintainer, RegistryInfo, Theme
from followup.model.records import (
    Assessment,
    Document,
    Evidence,
    FollowUp,
    HistoryEntry,
    Recommendation,
    Response,
    Review,
    Source,
)
from followup.model.registry import Registry
from followup.model.scales import BUILTIN_SCALES
from followup.model.text import Text
from followup.model.values import Mechanism, Position

__all__ = [
    "assessments",
    "dates",
    "evidence",
    "ids",
    "registries",
    "responses",
    "source_dates",
    "texts",
    "urls",
]

_EARLIEST, _LATEST = dt.date(1990, 1, 1), dt.date(2025, 12, 31)
_ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


def dates(
    min_value: dt.date = _EARLIEST, max_value: dt.date = _LATEST
) -> st.SearchStrategy[dt.date]:
    """Calendar dates (in the past, so no ``future-date`` warnings)."""
    return st.dates(min_value=min_value, max_value=max_value)


def source_dates(
    min_value: dt.date = _EARLIEST, max_value: dt.date = _LATEST
) -> st.SearchStrategy[dt.date]:
    """Dates as precise as a source gives them: a day, a month or a year
    (:class:`~followup.model.dates.PartialDate`), in the past."""
    return dates(min_value, max_value).flatmap(
        lambda day: st.sampled_from([day, PartialDate(day.year, day.month), PartialDate(day.year)])
    )


def ids(prefix: str = "") -> st.SearchStrategy[str]:
    """Valid ids such as ``kaz-ccpr-3-p42``."""
    part = st.text(_ID_CHARS, min_size=1, max_size=8)
    return st.builds(
        lambda parts, sep: prefix + sep.join(parts),
        st.lists(part, min_size=1, max_size=4),
        st.sampled_from("-._"),
    )


def _line() -> st.SearchStrategy[str]:
    chars = st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff\ufffe\uffff"
    )
    return st.text(chars, min_size=1, max_size=60).filter(lambda s: s.strip() != "")


def plain_strings() -> st.SearchStrategy[str]:
    """Non-empty single-line strings of any printable characters (YAML-hostile ones too)."""
    return _line()


def texts() -> st.SearchStrategy[Text]:
    """Text as a plain string or as translations."""
    return st.one_of(
        _line().map(Text.plain),
        st.dictionaries(
            st.sampled_from(["en", "ru", "kk", "fr", "es", "pt-br"]),
            _line(),
            min_size=1,
            max_size=3,
        ).map(Text.of),
    )


def urls() -> st.SearchStrategy[str]:
    """Absolute https URLs."""
    return st.builds(
        lambda host, path: f"https://{host}.org/{path}",
        st.text(_ID_CHARS, min_size=1, max_size=10),
        st.text(_ID_CHARS + "/-_", max_size=20),
    )


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def evidence() -> st.SearchStrategy[Evidence]:
    """Evidence with a URL and/or a document symbol."""
    return st.builds(
        Evidence,
        url=urls(),
        document=_opt(_line()),
        date=_opt(source_dates()),
        title=_opt(texts()),
        note=_opt(texts()),
        unverified=_opt(_line()),
        confidential=st.sampled_from([False, True, ("note",), ("note", "title")]),
    )


def responses(on: dt.date) -> st.SearchStrategy[Response]:
    """A State response dated ``on``."""
    return st.builds(
        Response,
        date=st.just(on),
        response=st.sampled_from(list(Position)),
        by=_opt(_line()),
        document=_opt(_line()),
        url=_opt(urls()),
        evidence=st.lists(evidence(), max_size=2).map(tuple),
        note=_opt(texts()),
        unverified=_opt(_line()),
        confidential=st.sampled_from([False, ("note",)]),
    )


def assessments(on: dt.date) -> st.SearchStrategy[Assessment]:
    """An assessment dated ``on`` on one of the built-in scales."""

    def build(
        scale_id: str | None,
        draw_level: int,
        by: str,
        ev: tuple[Evidence, ...],
        note: Text | None,
        unverified: str | None,
    ) -> Assessment:
        scale = BUILTIN_SCALES[scale_id or "implementation"]
        status = scale.levels[draw_level % len(scale.levels)].id
        return Assessment(on, status, by, scale_id, ev, note, unverified)

    return st.builds(
        build,
        st.sampled_from([None, "implementation", "hrc-follow-up"]),
        st.integers(0, 10),
        _line(),
        st.lists(evidence(), max_size=2).map(tuple),
        _opt(texts()),
        _opt(_line()),
    )


@st.composite
def _history(draw: st.DrawFn, start: dt.date) -> tuple[HistoryEntry, ...]:
    days = sorted(draw(st.lists(dates(start, _LATEST), max_size=4)))
    history = [draw(st.one_of(responses(day), assessments(day))) for day in days]
    if draw(st.booleans()) and draw(st.booleans()):  # a reply known, its date not
        undated = draw(responses(start))
        history.append(attrs.evolve(undated, date=None, unverified=draw(_line())))
    return tuple(history)


def _confidential(marked: bool) -> bool | tuple[str, ...]:
    return ("note",) if marked else False


@st.composite
def registries(draw: st.DrawFn, max_reviews: int = 3, max_recommendations: int = 6) -> Registry:
    """A whole valid registry (loads with no errors)."""
    states = tuple(
        draw(
            st.lists(
                st.sampled_from(["KAZ", "KGZ", "UZB", "TJK"]), min_size=1, max_size=2, unique=True
            )
        )
    )
    theme_ids = draw(st.lists(ids("t-"), max_size=4, unique=True))
    themes = tuple(
        Theme(tid, draw(texts()), tuple(draw(st.lists(_line(), max_size=2))), draw(_opt(texts())))
        for tid in theme_ids
    )
    info = RegistryInfo(
        id=draw(ids()),
        title=draw(texts()),
        version=draw(st.sampled_from(["1", "2025.1", "2025.10", "v3"])),
        states=states,
        language=draw(st.sampled_from(["en", "ru"])),
        description=draw(_opt(texts())),
        licence=draw(_opt(st.just("CC-BY-4.0"))),
        maintainers=tuple(
            draw(st.lists(st.builds(Maintainer, name=_line(), url=_opt(urls())), max_size=2))
        ),
        themes=themes,
        scales=("implementation", "hrc-follow-up"),
        updated=draw(_opt(dates())),
    )
    review_ids = draw(st.lists(ids("rev-"), min_size=1, max_size=max_reviews, unique=True))
    rec_ids = draw(st.lists(ids("rec-"), max_size=max_recommendations, unique=True))
    reviews: dict[str, Review] = {}
    for rid in review_ids:
        day = draw(dates(_EARLIEST, dt.date(2020, 1, 1)))
        mechanism = draw(st.sampled_from(list(Mechanism)))
        # Reports by NGOs and national institutions must say who made them.
        needs_author = mechanism in (Mechanism.NGO, Mechanism.NHRI)
        reviews[rid] = Review(
            id=rid,
            mechanism=mechanism,
            state=draw(st.sampled_from(states)),
            title=draw(texts()),
            date=day,
            author=draw(_line() if needs_author else _opt(_line())),
            cycle=draw(_opt(st.integers(1, 9))),
            session=draw(_opt(_line())),
            documents=tuple(
                draw(
                    st.lists(
                        st.builds(
                            Document,
                            symbol=_line(),
                            kind=_opt(_line()),
                            date=_opt(source_dates()),
                            url=_opt(urls()),
                        ),
                        max_size=2,
                    )
                )
            ),
            follow_up=draw(
                _opt(
                    st.builds(
                        FollowUp,
                        due=_opt(source_dates()),
                        note=_opt(texts()),
                        unverified=_opt(_line()),
                    )
                )
            ),
            note=draw(_opt(texts())),
            unverified=draw(_opt(_line())),
        )
    recs: dict[str, Recommendation] = {}
    for index, rec_id in enumerate(rec_ids):
        review = reviews[draw(st.sampled_from(review_ids))]
        earlier = rec_ids[:index]
        recs[rec_id] = Recommendation(
            id=rec_id,
            review=review.id,
            text=draw(texts()),
            source=draw(
                st.builds(
                    Source,
                    document=_line(),
                    paragraph=_opt(_line()),
                    url=_opt(urls()),
                    unverified=_opt(_line()),
                )
            ),
            paragraph=draw(_opt(_line())),
            themes=tuple(draw(st.lists(st.sampled_from(theme_ids), unique=True, max_size=2)))
            if theme_ids
            else (),
            rights=tuple(draw(st.lists(_line(), max_size=2))),
            sdg_targets=tuple(
                draw(st.lists(st.sampled_from(["16.10", "5.2", "16.3"]), unique=True, max_size=2))
            ),
            follow_up=draw(st.booleans()),
            weight=draw(st.sampled_from([1.0, 0.5, 2.0, 3.0])),
            recommended_by=tuple(draw(st.lists(_line(), max_size=2))),
            affected_persons=tuple(draw(st.lists(_line(), max_size=2))),
            uhri_id=draw(st.none() | st.uuids().map(str)),
            reiterates=tuple(draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)))
            if earlier
            else (),
            relates_to=tuple(draw(st.lists(st.sampled_from(earlier), unique=True, max_size=1)))
            if earlier
            else (),
            note=draw(_opt(texts())),
            unverified=draw(_opt(_line())),
            confidential=_confidential(draw(st.booleans())),
            history=draw(_history(review.date)),
        )
    # Files are written per review, so keep recommendations grouped by review.
    ordered = {r.id: r for rid in review_ids for r in recs.values() if r.review == rid}
    return Registry(info=info, reviews=reviews, recommendations=ordered)
