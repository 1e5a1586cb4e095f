"""The scorecard's headline: one block of figures per scope, each saying what it counts.

Every score stands beside its coverage; every rate names its denominator ("3 of the 12
scored"); regressions are counted on their own; each block says whose recommendations
(mechanisms, reviews) and whose judgements it counts, and how unverified facts were
treated.
"""

from __future__ import annotations

from followup.i18n import counted, format_percent, format_signed, message
from followup.scorecard.blocks import Block, Heading, Headline, Paragraph, Stat
from followup.scorecard.card import ScopeFigures, Scorecard
from followup.scorecard.linked import marks_sign
from followup.scorecard.tables import score_text, share_text

__all__ = ["headline_blocks"]


def _stats(card: Scorecard, scope: ScopeFigures) -> Headline:
    lang, now, key = card.language, scope.figures, scope.key
    period = card.previous.label(lang)
    if scope.previous is None:
        change = Stat(
            f"{key}.change",
            message("scorecard.change", lang, period=period),
            "–",
            message("scorecard.change_none", lang),
        )
    else:
        change = Stat(
            f"{key}.change",
            message("scorecard.change", lang, period=period),
            format_signed(scope.change, lang) if scope.change is not None else "–",
            message(
                "scorecard.from_to",
                lang,
                before=score_text(scope.previous.score, lang),
                after=score_text(now.score, lang),
            ),
        )
    stats = [
        Stat(
            f"{key}.score",
            message("scorecard.score", lang),
            score_text(now.score, lang),
            message(
                "scorecard.score_help", lang, scored=counted("counted.scored", now.scored, lang)
            ),
        ),
        Stat(
            f"{key}.coverage",
            message("scorecard.coverage_label", lang),
            share_text(now.coverage, lang),
            message("scorecard.coverage", lang, assessed=now.assessed, total=now.total),
        ),
    ]
    for rate in scope.rates:
        stats.append(
            Stat(
                f"{key}.{rate.key}",
                message(f"scorecard.rate_{rate.key.replace('-', '_')}", lang),
                format_percent(rate.share, lang) if rate.share is not None else "–",
                counted("scorecard.rate_detail", rate.of, lang, part=rate.count),
            )
        )
    stats.append(
        Stat(
            f"{key}.regressed",
            message("scorecard.regressed", lang),
            str(len(scope.regressed)),
            message("scorecard.regressed_detail", lang),
        )
    )
    stats.append(change)
    return Headline(tuple(stats))


def headline_blocks(card: Scorecard) -> list[Block]:
    """The "At a glance" section: for each scope a heading, what it counts, its figures."""
    lang = card.language
    blocks: list[Block] = [Heading(message("scorecard.headline", lang), 2, "headline")]
    if card.asked_by:  # the strongest argument: the same ask from several bodies
        line = counted("scorecard.asked_by_several", len(card.asked_by), lang)
        marked = any(found.unverified for found in card.asked_by.values())
        blocks.append(Paragraph(line + marks_sign(marked, lang)))
    for scope in card.scopes:
        if len(card.scopes) > 1:
            blocks.append(Heading(scope.label, 3, f"headline-{scope.key}"))
        detail = message(
            "scorecard.scope_detail",
            lang,
            mechanisms=", ".join(scope.mechanisms) or "–",
            reviews=counted("counted.reviews", scope.reviews, lang),
            recommendations=counted("counted.recommendations", scope.figures.total, lang),
        )
        judges = (
            message("scorecard.judged_by", lang, judges=", ".join(scope.judges))
            if scope.judges
            else message("scorecard.judged_by_none", lang)
        )
        foreign = tuple((j, found) for j in scope.judges if (found := card.lang_of(j)))
        blocks.append(Paragraph(f"{detail} {judges}", "note", spans=foreign))
        if scope.key == "ngo":
            blocks.append(Paragraph(message("scorecard.scope_ngo_note", lang), "note"))
        blocks.append(_stats(card, scope))
    if card.exclude_unverified:
        recs, assessments = card.left_out
        blocks.append(
            Paragraph(
                message(
                    "scorecard.computed_without_unverified",
                    lang,
                    recommendations=counted("counted.recommendations", recs, lang),
                    assessments=counted("counted.assessments", assessments, lang),
                ),
                "note",
            )
        )
    elif card.unverified:  # said only when something shown is marked
        blocks.append(Paragraph(message("scorecard.computed_with_unverified", lang), "note"))
    return blocks
