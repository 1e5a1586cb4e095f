"""What moved: a recommendation whose level changed in the period, with its evidence.

The texts (the recommendation's, the assessment's note, the evidence titles) are picked
in the scorecard's language by :class:`~followup.scorecard.languages.ShownTexts`, which
remembers those shown in another language.
"""

from __future__ import annotations

from followup.model.records import Assessment, Evidence, Recommendation
from followup.scorecard.card import EvidenceRef, Movement
from followup.scorecard.languages import ShownTexts

__all__ = ["evidence", "movement"]


def evidence(items: tuple[Evidence, ...], texts: ShownTexts) -> tuple[EvidenceRef, ...]:
    """The evidence ``items`` as the scorecard shows them (titles picked by ``texts``)."""
    return tuple(
        EvidenceRef(
            citation=item.citation,
            url=item.url,
            title=texts(item.title),
            date=item.date,
            unverified=item.unverified,
        )
        for item in items
    )


def movement(
    rec: Recommendation,
    new: Assessment,
    old_level: str,
    texts: ShownTexts,
    by: str,
) -> Movement:
    """The change of ``rec`` to ``new`` (from ``old_level``), its texts picked by
    ``texts`` and ``by`` the judge's name as shown."""
    return Movement(
        rec_id=rec.id,
        review=rec.review,
        paragraph=rec.paragraph or rec.source.paragraph,
        text=texts(rec.text),
        before=old_level,
        after=new.status,
        date=new.date,
        by=by,
        evidence=evidence(new.evidence, texts),
        note=texts(new.note),
        unverified=rec.unverified or new.unverified,
        fact_date=new.fact_date,
    )
