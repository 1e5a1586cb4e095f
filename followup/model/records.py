"""The domain's value classes: reviews, recommendations and their dated history.

All are frozen and slotted; a registry is edited by building new values, never by
mutation. Validators here check only what one value can get wrong on its own; checks
that need the whole registry (unknown ids, themes, history order) live in
``followup.registry``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from attrs import field, fields, frozen

from followup.model import _display
from followup.model._raw import compact_pickling
from followup.model._validators import (
    _cycle,
    _date,
    _id,
    _ids,
    _level,
    _nonempty,
    _nonempty_all,
    _opt_date,
    _opt_id,
    _opt_nonempty,
    _opt_url,
    _position,
    _positive,
    _state,
)
from followup.model.dates import DateLike, as_optional_date
from followup.model.text import Text
from followup.model.values import Mechanism, Position

__all__ = [
    "Assessment",
    "Confidential",
    "Document",
    "Evidence",
    "FollowUp",
    "HistoryEntry",
    "Recommendation",
    "Response",
    "Review",
    "Source",
    "confidential_fields",
    "is_confidential",
]

#: ``True`` (the whole item) or the names of the item's confidential fields.
Confidential = bool | tuple[str, ...]


def _confidential(inst: Any, _a: object, value: Confidential) -> None:
    if isinstance(value, tuple):
        known = {a.name for a in fields(type(inst))} - {"confidential"}
        unknown = [name for name in value if name not in known]
        if unknown:
            raise ValueError(
                f"confidential names unknown field(s) {', '.join(unknown)}; "
                f"known: {', '.join(sorted(known))}"
            )


def is_confidential(item: Any, name: str | None = None) -> bool:
    """True when ``item`` (or its field ``name``) is marked confidential."""
    mark = getattr(item, "confidential", False)
    if mark is True:
        return True
    return bool(name is not None and isinstance(mark, tuple) and name in mark)


def confidential_fields(item: Any) -> frozenset[str]:
    """The names of the fields of ``item`` that public output must leave out."""
    mark = getattr(item, "confidential", False)
    if mark is True:
        return frozenset(a.name for a in fields(type(item)))
    if isinstance(mark, tuple):
        return frozenset(mark)
    return frozenset()


@frozen
class Evidence:
    """A dated, cited source behind a response or an assessment."""

    url: str | None = field(default=None, validator=_opt_url)
    document: str | None = field(default=None, validator=_opt_nonempty)
    date: dt.date | None = field(default=None, validator=_opt_date)
    title: Text | None = None
    note: Text | None = None
    unverified: str | None = field(default=None, validator=_opt_nonempty)
    confidential: Confidential = field(default=False, validator=_confidential)

    def __attrs_post_init__(self) -> None:
        if self.url is None and self.document is None:
            raise ValueError("evidence needs a url or a document")

    @property
    def citation(self) -> str:
        """The document symbol or URL, the way a scorecard cites it."""
        return self.document or self.url or ""


@frozen
class Response:
    """What the State said about a recommendation, on a date.

    ``date`` is None when the reply is known to exist but its date is not established
    (say why in ``unverified``); such a response is never placed before or after a
    date, and follow-up deadlines read it as "reply known, not dated".
    """

    date: dt.date | None = field(default=None, validator=_opt_date, kw_only=True)
    response: Position = field(validator=_position)
    by: str | None = field(default=None, validator=_opt_nonempty)
    document: str | None = field(default=None, validator=_opt_nonempty)
    url: str | None = field(default=None, validator=_opt_url)
    evidence: tuple[Evidence, ...] = ()
    note: Text | None = None
    unverified: str | None = field(default=None, validator=_opt_nonempty)
    confidential: Confidential = field(default=False, validator=_confidential)

    @property
    def position(self) -> Position:
        """The State's position (an alias of ``response``, the YAML key)."""
        return self.response


@frozen
class Assessment:
    """Someone's judgement of implementation as of a date, on a named scale.

    ``date`` is when the judgement was made (it decides when the assessment is in
    force); ``fact_date``, when known, is the date of the fact it reflects (a law in
    force since 2021, recorded in 2025). ``by`` is the id of a judge declared in the
    manifest. ``scale`` is None when the assessment uses the registry's default scale;
    use :meth:`followup.Registry.scale_of` to resolve it.
    """

    date: dt.date = field(validator=_date)
    status: str = field(validator=_level)
    by: str = field(validator=_nonempty)
    scale: str | None = field(default=None, validator=_opt_id)
    fact_date: dt.date | None = field(default=None, validator=_opt_date, kw_only=True)
    evidence: tuple[Evidence, ...] = ()
    note: Text | None = None
    unverified: str | None = field(default=None, validator=_opt_nonempty)
    confidential: Confidential = field(default=False, validator=_confidential)


HistoryEntry = Response | Assessment


@frozen
class Source:
    """Where a recommendation is written: document symbol, paragraph and URL."""

    document: str = field(validator=_nonempty)
    paragraph: str | None = field(default=None, validator=_opt_nonempty)
    url: str | None = field(default=None, validator=_opt_url)
    unverified: str | None = field(default=None, validator=_opt_nonempty)


@frozen(repr=False)
class Recommendation:
    """One ask made to a State, with its dated history (oldest first).

    ``review`` is the id of the review that made it; the loader fills it in from the
    file the recommendation is written in.
    """

    id: str = field(validator=_id)
    review: str = field(validator=_id)
    text: Text
    source: Source
    paragraph: str | None = field(default=None, validator=_opt_nonempty)
    themes: tuple[str, ...] = field(default=(), validator=_ids)
    rights: tuple[str, ...] = field(default=(), validator=_nonempty_all)
    sdg_targets: tuple[str, ...] = field(default=(), validator=_nonempty_all)
    follow_up: bool = False
    weight: float = field(default=1.0, validator=_positive)
    recommended_by: tuple[str, ...] = field(default=(), validator=_nonempty_all)
    affected_persons: tuple[str, ...] = field(default=(), validator=_nonempty_all)
    uhri_id: str | None = field(default=None, validator=_opt_nonempty)  # UHRI AnnotationId
    reiterates: tuple[str, ...] = field(default=(), validator=_ids)
    relates_to: tuple[str, ...] = field(default=(), validator=_ids)
    note: Text | None = None
    unverified: str | None = field(default=None, validator=_opt_nonempty)
    confidential: Confidential = field(default=False, validator=_confidential)
    history: tuple[HistoryEntry, ...] = ()

    @property
    def responses(self) -> tuple[Response, ...]:
        """The State's responses, oldest first."""
        return tuple(e for e in self.history if isinstance(e, Response))

    @property
    def assessments(self) -> tuple[Assessment, ...]:
        """The assessments, oldest first."""
        return tuple(e for e in self.history if isinstance(e, Assessment))

    def __repr__(self) -> str:
        return _display.recommendation_repr(self)

    def _repr_html_(self) -> str:
        """Jupyter: the text, source and latest status."""
        return _display.recommendation_html(self)

    def latest_response(self, as_of: DateLike | None = None) -> Response | None:
        """The last dated response on or before ``as_of`` (any date when None; a date or
        an ISO string such as ``"2025-06-30"``).

        A response whose date is not established is never returned here: see
        :attr:`undated_responses`.
        """
        as_of = as_optional_date(as_of, "as_of")
        found = None
        for entry in self.responses:
            if entry.date is not None and (as_of is None or entry.date <= as_of):
                found = entry
        return found

    @property
    def undated_responses(self) -> tuple[Response, ...]:
        """Responses known to exist whose date is not established."""
        return tuple(e for e in self.history if isinstance(e, Response) and e.date is None)

    def latest_assessment(
        self, as_of: DateLike | None = None, scale: str | None = None, by: str | None = None
    ) -> Assessment | None:
        """The last assessment dated on or before ``as_of`` (a date or an ISO string),
        optionally on one scale or judge.

        ``scale`` compares with the assessment's own ``scale`` field; an assessment that
        names none is on the registry's default scale (see ``Registry.latest_assessment``).
        """
        as_of = as_optional_date(as_of, "as_of")
        found = None
        for entry in self.assessments:
            if as_of is not None and entry.date > as_of:
                continue
            if scale is not None and entry.scale != scale:
                continue
            if by is not None and entry.by != by:
                continue
            found = entry
        return found


@frozen
class Document:
    """A document of a review: concluding observations, a follow-up reply, a report."""

    symbol: str = field(validator=_nonempty)
    kind: str | None = field(default=None, validator=_opt_nonempty)
    date: dt.date | None = field(default=None, validator=_opt_date)
    url: str | None = field(default=None, validator=_opt_url)
    title: Text | None = None


@frozen
class FollowUp:
    """A review's follow-up procedure: when the State's follow-up information is due."""

    due: dt.date | None = field(default=None, validator=_opt_date)
    note: Text | None = None
    unverified: str | None = field(default=None, validator=_opt_nonempty)


@frozen(repr=False)
class Review:
    """One examination of one State by one mechanism, with its documents."""

    id: str = field(validator=_id)
    mechanism: Mechanism
    state: str = field(validator=_state)
    title: Text
    date: dt.date = field(validator=_date)
    author: str | None = field(default=None, validator=_opt_nonempty)
    cycle: int | None = field(default=None, validator=_cycle)
    session: str | None = field(default=None, validator=_opt_nonempty)
    documents: tuple[Document, ...] = ()
    follow_up: FollowUp | None = None
    note: Text | None = None
    unverified: str | None = field(default=None, validator=_opt_nonempty)

    def __repr__(self) -> str:
        return _display.review_repr(self)

    def _repr_html_(self) -> str:
        """Jupyter: mechanism, State, date and title."""
        return _display.review_html(self)


for _cls in (Evidence, Response, Assessment, Source, Recommendation, Document, FollowUp, Review):
    compact_pickling(_cls)  # the warm-load cache rebuilds them in one call each
