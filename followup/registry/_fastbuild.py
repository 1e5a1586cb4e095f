"""The fast build: a review or a recommendation from plain data, when the data is valid.

:func:`followup.registry.convert.structure` tries this first. Each function here checks
the plain data of one class exactly as the converter's hooks and the model's
validators would (the same ``check_*`` functions and patterns, each run once per value)
and makes the model value without running its validators again (see
:mod:`followup.model._raw`). It accepts only the plain, common shapes (exact
``str``, ``int``, ``bool``, ``dict``, ``list`` and ``date`` types) and *declines*
everything else by raising :class:`~followup.registry._fastvalues.Declined` (the
checks of single values live there), caught by :func:`build`, which then
returns None: the converter builds the value instead and reports every problem with
its located message, as before. So a value the fast build makes is the value the
converter would make (``tests/test_fastbuild.py`` checks this), and a value it declines
costs only the time until it declined.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import attrs

from followup.model._raw import maker
from followup.model.records import (
    Assessment,
    Document,
    Evidence,
    FollowUp,
    Recommendation,
    Response,
    Review,
    Source,
)
from followup.model.values import ISO_ALPHA3
from followup.registry._fastvalues import (
    _BOOL,
    _DATE,
    _DICT,
    _INT,
    _LEVEL_MATCH,
    _LIST,
    _MECHANISMS,
    _MISSING,
    _POSITIONS,
    _STR,
    _URL_FULL,
    Declined,
    _all_nonempty,
    _confidential,
    _date,
    _id,
    _ids,
    _nonempty,
    _opt_date,
    _opt_nonempty,
    _opt_text,
    _opt_url,
    _paragraph,
    _text,
)

__all__ = ["Declined", "build"]


def _keys(cls: type, hidden: frozenset[str] = frozenset()) -> frozenset[str]:
    return frozenset(a.name for a in attrs.fields(cls)) - hidden


def _marks(cls: type, hidden: frozenset[str] = frozenset()) -> frozenset[str]:
    """The names a ``confidential:`` list may give (the converter's and the validator's)."""
    return _keys(cls, hidden) - {"confidential"}


_REC_KEYS, _REVIEW_KEYS = _keys(Recommendation), _keys(Review)
_RESPONSE_KEYS, _ASSESSMENT_KEYS = _keys(Response), _keys(Assessment)
_EVIDENCE_KEYS, _SOURCE_KEYS = _keys(Evidence), _keys(Source)
_DOCUMENT_KEYS, _FOLLOW_UP_KEYS = _keys(Document), _keys(FollowUp)
_REC_MARKS = _marks(Recommendation, frozenset({"review"}))
_RESPONSE_MARKS, _ASSESSMENT_MARKS = _marks(Response), _marks(Assessment)
_EVIDENCE_MARKS = _marks(Evidence)

_new_evidence: Callable[..., Evidence] = maker(Evidence)
_new_response: Callable[..., Response] = maker(Response)
_new_assessment: Callable[..., Assessment] = maker(Assessment)
_new_source: Callable[..., Source] = maker(Source)
_new_rec: Callable[..., Recommendation] = maker(Recommendation)
_new_document: Callable[..., Document] = maker(Document)
_new_follow_up: Callable[..., FollowUp] = maker(FollowUp)
_new_review: Callable[..., Review] = maker(Review)


# -- records ------------------------------------------------------------------------------
# The hot functions below check absent and null optional fields inline (no call): a
# recommendation has some twenty fields and writes about eight.


def _evidence(value: Any) -> Evidence:
    kind = type(value)
    if kind is _STR:
        if value.startswith(("http://", "https://")):
            return _new_evidence(_opt_url(value), None, None, None, None, None, False)
        return _new_evidence(None, _nonempty(value), None, None, None, None, False)
    if kind is not _DICT or not value.keys() <= _EVIDENCE_KEYS:
        raise Declined
    get = value.get
    url, document, date = get("url"), get("document"), get("date")
    if url is not None and (type(url) is not _STR or not _URL_FULL(url)):
        raise Declined
    if document is not None and (type(document) is not _STR or not document.strip()):
        raise Declined
    if url is None and document is None:
        raise Declined  # no url or document, or both null
    if date is not None and type(date) is not _DATE:
        date = _date(date)
    title, note, unverified = get("title"), get("note"), get("unverified")
    if unverified is not None and (type(unverified) is not _STR or not unverified.strip()):
        raise Declined
    confidential = get("confidential", False)
    return _new_evidence(
        url,
        document,
        date,
        None if title is None else _text(title),
        None if note is None else _text(note),
        unverified,
        confidential if confidential is False else _confidential(confidential, _EVIDENCE_MARKS),
    )


def _history_entry(value: Any) -> Response | Assessment:
    if type(value) is not _DICT:
        raise Declined
    get = value.get
    evidence = get("evidence", _MISSING)
    if evidence is _MISSING:
        evidence = ()
    elif type(evidence) is _LIST:
        evidence = tuple([_evidence(item) for item in evidence])
    else:
        raise Declined
    note, unverified = get("note"), get("unverified")
    if note is not None:
        note = _text(note)
    if unverified is not None and (type(unverified) is not _STR or not unverified.strip()):
        raise Declined
    confidential = get("confidential", False)
    date = get("date")
    if date is not None and type(date) is not _DATE:
        date = _date(date)
    if "response" in value:
        if "status" in value or not value.keys() <= _RESPONSE_KEYS:
            raise Declined
        position = get("response")
        if type(position) is not _STR or position not in _POSITIONS:
            raise Declined
        by, document, url = get("by"), get("document"), get("url")
        if by is not None and (type(by) is not _STR or not by.strip()):
            raise Declined
        if document is not None and (type(document) is not _STR or not document.strip()):
            raise Declined
        if url is not None and (type(url) is not _STR or not _URL_FULL(url)):
            raise Declined
        return _new_response(
            date,
            _POSITIONS[position],
            by,
            document,
            url,
            evidence,
            note,
            unverified,
            confidential if confidential is False else _confidential(confidential, _RESPONSE_MARKS),
        )
    if date is None or not value.keys() <= _ASSESSMENT_KEYS:
        raise Declined  # no date, or a null one: the converter says which
    status, by = value["status"], value["by"]  # a KeyError declines (see build)
    if type(status) is not _STR or not _LEVEL_MATCH(status):
        raise Declined
    if type(by) is not _STR or not by.strip():
        raise Declined
    scale, fact_date = get("scale"), get("fact_date")
    if scale is not None:
        _id(scale)
    if fact_date is not None and type(fact_date) is not _DATE:
        fact_date = _date(fact_date)
    return _new_assessment(
        date,
        status,
        by,
        scale,
        fact_date,
        evidence,
        note,
        unverified,
        confidential if confidential is False else _confidential(confidential, _ASSESSMENT_MARKS),
    )


def _source(value: Any) -> Source:
    if type(value) is not _DICT or not value.keys() <= _SOURCE_KEYS:
        raise Declined
    get = value.get
    paragraph, url = get("paragraph", _MISSING), get("url")
    if url is not None and (type(url) is not _STR or not _URL_FULL(url)):
        raise Declined
    return _new_source(
        _nonempty(value["document"]),
        None if paragraph is _MISSING else _paragraph(paragraph),
        url,
        _opt_nonempty(get("unverified")),
    )


def _recommendation(value: Any) -> Recommendation:
    if type(value) is not _DICT or not value.keys() <= _REC_KEYS:
        raise Declined
    get = value.get
    paragraph = get("paragraph", _MISSING)
    weight = get("weight", 1.0)
    if type(weight) is _INT:
        weight = float(weight)
    if type(weight) is not float or not weight > 0:
        raise Declined
    follow_up = get("follow_up", False)
    if type(follow_up) is not _BOOL:
        raise Declined
    confidential = get("confidential", False)
    history = get("history", _MISSING)
    if history is _MISSING:
        history = ()
    elif type(history) is _LIST:
        history = tuple([_history_entry(entry) for entry in history])
    else:
        raise Declined
    themes, rights, sdg_targets = (
        get("themes", _MISSING),
        get("rights", _MISSING),
        get("sdg_targets", _MISSING),
    )
    recommended_by, affected = get("recommended_by", _MISSING), get("affected_persons", _MISSING)
    reiterates, relates_to = get("reiterates", _MISSING), get("relates_to", _MISSING)
    note = get("note")
    return _new_rec(
        _id(value["id"]),
        _id(value["review"]),
        _text(value["text"]),
        _source(value["source"]),
        None if paragraph is _MISSING else _paragraph(paragraph),
        () if themes is _MISSING else _ids(themes),
        () if rights is _MISSING else _all_nonempty(rights),
        () if sdg_targets is _MISSING else _all_nonempty(sdg_targets),
        follow_up,
        weight,
        () if recommended_by is _MISSING else _all_nonempty(recommended_by),
        () if affected is _MISSING else _all_nonempty(affected),
        _opt_nonempty(get("uhri_id")),
        () if reiterates is _MISSING else _ids(reiterates),
        () if relates_to is _MISSING else _ids(relates_to),
        None if note is None else _text(note),
        _opt_nonempty(get("unverified")),
        confidential if confidential is False else _confidential(confidential, _REC_MARKS),
        history,
    )


def _document(value: Any) -> Document:
    if type(value) is not _DICT or not value.keys() <= _DOCUMENT_KEYS:
        raise Declined
    get = value.get
    return _new_document(
        _nonempty(value["symbol"]),
        _opt_nonempty(get("kind")),
        _opt_date(get("date")),
        _opt_url(get("url")),
        _opt_text(get("title")),
    )


def _follow_up(value: Any) -> FollowUp | None:
    if value is None:
        return None
    if type(value) is not _DICT or not value.keys() <= _FOLLOW_UP_KEYS:
        raise Declined
    get = value.get
    return _new_follow_up(
        _opt_date(get("due")), _opt_text(get("note")), _opt_nonempty(get("unverified"))
    )


def _review(value: Any) -> Review:
    if type(value) is not _DICT or not value.keys() <= _REVIEW_KEYS:
        raise Declined
    get = value.get
    mechanism, state = value["mechanism"], value["state"]
    if type(mechanism) is not _STR or mechanism not in _MECHANISMS:
        raise Declined
    if type(state) is not _STR or state not in ISO_ALPHA3:
        raise Declined
    cycle = get("cycle")
    if cycle is not None and (type(cycle) is not _INT or cycle < 1):
        raise Declined
    documents = get("documents", _MISSING)
    if documents is _MISSING:
        documents = ()
    elif type(documents) is _LIST:
        documents = tuple([_document(item) for item in documents])
    else:
        raise Declined
    return _new_review(
        _id(value["id"]),
        _MECHANISMS[mechanism],
        state,
        _text(value["title"]),
        _date(value["date"]),
        _opt_nonempty(get("author")),
        cycle,
        _opt_nonempty(get("session")),
        documents,
        _follow_up(get("follow_up")),
        _opt_text(get("note")),
        _opt_nonempty(get("unverified")),
    )


_BUILDERS: Final[dict[type, Callable[[Any], Any]]] = {
    Recommendation: _recommendation,
    Review: _review,
}


def build(data: Any, cls: type[Any]) -> Any | None:
    """``cls`` made from ``data`` when the fast build can vouch for it, else None (the
    converter must build it, and say what is wrong if anything is)."""
    builder = _BUILDERS.get(cls)
    if builder is None:
        return None
    try:
        return builder(data)
    except Exception:
        return None
