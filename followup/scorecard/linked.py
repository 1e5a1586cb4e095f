"""What a scorecard says of links between recommendations.

Two things, both computed by :func:`followup.scorecard.build`:

- **asked by several bodies**: the recommendations of an accepted ``cluster`` (the
  same ask from different bodies, decided by a person and kept in the registry's
  ``links.yaml``), each with the number of distinct bodies in its cluster and the other
  recommendations' ids. A body is a review's mechanism, and for a special procedure its
  mandate (the review's author), as :func:`followup.model.linkdecision.body` tells them apart.
- **taken up by a UN body**: for a review of an NGO, how many of its asks name, in their
  own ``relates_to``, at least one recommendation of a UN mechanism (a treaty body, the
  UPR, a special procedure) made on or after the NGO's own date: a UN recommendation
  older than the ask may have inspired it, but did not take it up.

A count that rests on a recommendation marked unverified (the ask, or the UN
recommendation it names) carries the mark, and the recommendation is listed with its
explanation, as every other unverified fact on the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from attrs import frozen

from followup.i18n import counted, format_percent, message
from followup.model.linkdecision import NON_UN, LinkDecisions, body
from followup.model.registry import Registry
from followup.model.values import Mechanism
from followup.scorecard.marks import Marks

__all__ = [
    "AskedBy",
    "TakenUp",
    "asked_by",
    "asked_by_data",
    "asked_by_text",
    "marks_sign",
    "taken_up",
    "taken_up_text",
    "with_asked",
]


@frozen
class AskedBy:
    """A recommendation of an accepted cluster: how many bodies ask the same thing, the
    other recommendations of its cluster, and those of the cluster marked unverified."""

    bodies: int
    others: tuple[str, ...]
    unverified: tuple[str, ...] = ()  # ids of the cluster marked unverified (shown with †)


@frozen
class TakenUp:
    """Of an NGO review's ``asks``, how many a UN body took up, and the share."""

    asks: int
    taken_up: int
    share: float | None
    unverified: bool = False  # the count rests on a recommendation marked unverified


def asked_by(
    registry: Registry, links: LinkDecisions | None, as_of: dt.date, marks: Marks
) -> dict[str, AskedBy]:
    """Each recommendation of an accepted cluster asked by two or more bodies, by id.

    Only recommendations of ``registry`` (the scorecard's view) from reviews of UN
    mechanisms made on or before ``as_of`` count (an NGO's ask in a cluster, which the
    registry's check refuses, is no body); a cluster left with one body says nothing."""
    if links is None:
        return {}
    recs, reviews = registry.recommendations, registry.reviews
    found: dict[str, AskedBy] = {}
    for cluster in links.clusters():
        members = sorted(
            i
            for i in cluster
            if i in recs
            and reviews[recs[i].review].date <= as_of
            and reviews[recs[i].review].mechanism not in NON_UN  # UN bodies only
        )
        bodies = {body(reviews[recs[i].review]) for i in members}
        if len(bodies) < 2:
            continue
        marked = [recs[i] for i in members if recs[i].unverified]
        for rec in marked:
            marks.add(rec.id, rec.unverified or "")
        unverified = tuple(rec.id for rec in marked)
        for rec_id in members:
            others = tuple(i for i in members if i != rec_id)
            found[rec_id] = AskedBy(len(bodies), others, unverified)
    return found


def taken_up(registry: Registry, as_of: dt.date, marks: Marks) -> dict[str, TakenUp]:
    """For each NGO review made on or before ``as_of`` whose asks name any recommendation
    in ``relates_to``, how many of its asks name one of a UN mechanism; by review id."""
    recs, reviews = registry.recommendations, registry.reviews
    asks: dict[str, list[str]] = {}
    for rec in recs.values():
        review = reviews[rec.review]
        if review.mechanism == Mechanism.NGO and review.date <= as_of:
            asks.setdefault(rec.review, []).append(rec.id)
    linked = {k: ids for k, ids in asks.items() if any(recs[i].relates_to for i in ids)}
    if not linked:
        return {}  # no link recorded: nothing to say (and nothing changes)
    found: dict[str, TakenUp] = {}
    for review_id, ids in linked.items():
        count, unverified = 0, False
        for rec_id in ids:
            ask = recs[rec_id]
            targets = [
                recs[t]
                for t in ask.relates_to
                if t in recs
                and reviews[recs[t].review].mechanism not in NON_UN
                # taken up: asked by the UN on or after the NGO asked, by the day shown
                and reviews[rec.review].date <= reviews[recs[t].review].date <= as_of
            ]
            if not targets:
                continue
            count += 1
            # the count rests on the ask, and on its targets when none is verified
            resting = (ask, *targets) if all(t.unverified for t in targets) else (ask,)
            for rec in resting:
                if rec.unverified:
                    marks.add(rec.id, rec.unverified)
                    unverified = True
        total = len(ids)
        found[review_id] = TakenUp(total, count, count / total if total else None, unverified)
    return found


def asked_by_text(found: AskedBy, lang: str) -> str:
    """ "asked by 3 bodies (also a; b)"; each other id carries its own mark."""
    sign = Marks(lang).sign
    ids = message("scorecard.separator", lang).join(
        i + sign(i in found.unverified) for i in found.others
    )
    return counted("scorecard.asked_by", found.bodies, lang, ids=ids)


def with_asked(found: Mapping[str, AskedBy], lang: str, rec_id: str, *parts: str | None) -> str:
    """A recommendation's second line in a table: its id and ``parts`` (a paragraph
    number), then "asked by 3 bodies (also …)" when it belongs to an accepted cluster."""
    asked = found.get(rec_id)
    more = asked_by_text(asked, lang) if asked is not None else None
    return " · ".join(p for p in (rec_id, *parts, more) if p)


def taken_up_text(found: TakenUp, review: str, lang: str) -> str:
    """ "A review: 3 of 4 asks (75%) taken up by a UN body", marked when unverified."""
    share = format_percent(found.share, lang) if found.share is not None else "–"
    line = counted("scorecard.taken_up", found.asks, lang, part=found.taken_up, share=share)
    text = message("scorecard.label_value", lang, label=review, value=line)
    return text + marks_sign(found.unverified, lang)


def marks_sign(unverified: bool, lang: str) -> str:
    """The mark (" †") when ``unverified``."""
    return Marks(lang).sign(unverified)


def asked_by_data(found: Mapping[str, AskedBy]) -> list[dict[str, object]]:
    """The JSON of the recommendations asked by several bodies, by id."""
    return [
        {"rec_id": k, "bodies": v.bodies, "with": list(v.others), "unverified": list(v.unverified)}
        for k, v in sorted(found.items())
    ]
