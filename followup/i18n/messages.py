"""The English text of every message: the source of the translation template.

Each entry is a call the gettext tools recognise: ``pgettext(key, text)`` for a message
and ``npgettext(key, singular, plural)`` for one that counts something, its number being
the ``{count}`` placeholder. The key becomes the entry's ``msgctxt``, the English text its
``msgid``. ``python -m followup.i18n extract`` reads this file (with Babel's Python
extractor, so a comment starting ``TRANSLATORS:`` right above an entry reaches the
translators) and writes ``locale/followup.pot``; see docs/translation.md.

Only string literals may stand in the calls, or extraction could not read them.
"""

from __future__ import annotations

from attrs import frozen

__all__ = ["DEFINITIONS", "Definition", "npgettext", "pgettext"]


@frozen
class Definition:
    """One message: its key, its English text and, if it counts, its English plural."""

    key: str
    text: str
    plural: str | None = None


def pgettext(key: str, text: str) -> Definition:
    """A message ``key`` whose English text is ``text``."""
    return Definition(key, text)


def npgettext(key: str, singular: str, plural: str) -> Definition:
    """A message ``key`` that counts: ``singular`` for one ``{count}``, ``plural`` else."""
    return Definition(key, singular, plural)


DEFINITIONS: tuple[Definition, ...] = (
    # -- period --
    # TRANSLATORS: the labels of scorecard periods ("Q3 2025", "H1 2025", "2025"); a month
    # period is written as the language writes a month and year, with no message.
    pgettext("period.quarter", "Q{quarter} {year}"),
    pgettext("period.year", "{year}"),
    pgettext("period.half", "H{half} {year}"),
    # -- dimension --
    # TRANSLATORS: what figures are grouped by; they complete "by {dimension}"
    # (chart.status_title, chart.score_title) and are joined with " / ".
    pgettext("dimension.theme", "theme"),
    pgettext("dimension.right", "right"),
    pgettext("dimension.mechanism", "mechanism"),
    pgettext("dimension.review", "review"),
    pgettext("dimension.state", "State"),
    pgettext("dimension.follow-up", "follow-up"),
    pgettext("dimension.judge", "assessor"),
    # -- level --
    pgettext("level.unknown", "Not assessed"),
    # -- position --
    pgettext("position.supported", "Supported"),
    pgettext("position.partially-supported", "Partially supported"),
    pgettext("position.noted", "Noted"),
    pgettext("position.reply-received", "Reply received"),
    pgettext("position.no-reply", "No reply"),
    pgettext("position.none", "No response"),
    # -- mechanism --
    # TRANSLATORS: the UN bodies' official names in your language where the UN has one.
    pgettext("mechanism.CCPR", "Human Rights Committee"),
    pgettext("mechanism.CAT", "Committee against Torture"),
    pgettext("mechanism.CEDAW", "Committee on the Elimination of Discrimination against Women"),
    pgettext("mechanism.CESCR", "Committee on Economic, Social and Cultural Rights"),
    pgettext("mechanism.CRC", "Committee on the Rights of the Child"),
    pgettext("mechanism.CERD", "Committee on the Elimination of Racial Discrimination"),
    pgettext("mechanism.CRPD", "Committee on the Rights of Persons with Disabilities"),
    pgettext("mechanism.CED", "Committee on Enforced Disappearances"),
    pgettext("mechanism.CMW", "Committee on Migrant Workers"),
    pgettext("mechanism.SPT", "Subcommittee on Prevention of Torture"),
    pgettext("mechanism.UPR", "Universal Periodic Review"),
    pgettext("mechanism.SP", "Special procedures"),
    pgettext("mechanism.NGO", "Non-governmental organisation"),
    pgettext("mechanism.NHRI", "National human rights institution"),
    # -- scorecard --
    pgettext("scorecard.of", "{part} of {whole}"),
    pgettext(
        "scorecard.score_help",
        "Mean score of {scored}, from 0 (nothing done) to 1 (all implemented)",
    ),
    pgettext("scorecard.scope_un", "Recommendations of UN mechanisms"),
    pgettext("scorecard.scope_ngo", "NGOs' and national institutions' own recommendations"),
    pgettext("scorecard.scope_headline", "Recommendations counted in the headline"),
    # TRANSLATORS: {reviews} is counted.reviews ("3 reviews"), {recommendations} is
    # counted.recommendations ("12 recommendations").
    pgettext("scorecard.scope_detail", "Mechanisms: {mechanisms}. {reviews}, {recommendations}."),
    pgettext(
        "scorecard.scope_ngo_note",
        "Recommendations graded on the day they were made give a baseline, not implementation: "
        "read these figures as where things stood, not as progress.",
    ),
    pgettext("scorecard.judged_by", "Judged by: {judges}."),
    # TRANSLATORS: a recommendation in a table; {count} bodies (UN committees,
    # the UPR, special rapporteurs) asked the same thing; {ids} lists the
    # other recommendations.
    npgettext(
        "scorecard.asked_by",
        "asked by {count} body (also {ids})",
        "asked by {count} bodies (also {ids})",
    ),
    npgettext(
        "scorecard.asked_by_several",
        "{count} recommendation was asked by several bodies.",
        "{count} recommendations were asked by several bodies.",
    ),
    # TRANSLATORS: an NGO's review; {part} of its {count} asks name a UN
    # recommendation that takes them up; {share} is a percentage ("44%").
    npgettext(
        "scorecard.taken_up",
        "{part} of {count} ask ({share}) taken up by a UN body",
        "{part} of {count} asks ({share}) taken up by a UN body",
    ),
    pgettext("scorecard.judged_by_none", "No assessment is in force."),
    pgettext("scorecard.rate_implemented", "Implemented"),
    pgettext("scorecard.rate_implemented_or_partially", "Implemented or partially"),
    pgettext("scorecard.rate_any_progress", "Any progress"),
    # TRANSLATORS: the form follows {count}, the number scored; {part} is how many of them.
    npgettext(
        "scorecard.rate_detail", "{part} of the {count} scored", "{part} of the {count} scored"
    ),
    pgettext("scorecard.regressed", "Regressed"),
    pgettext("scorecard.regressed_detail", "measures went against the recommendation"),
    pgettext(
        "scorecard.computed_with_unverified",
        "These figures include facts not yet verified (marked †).",
    ),
    # TRANSLATORS: {recommendations} is counted.recommendations, {assessments} is
    # counted.assessments.
    pgettext(
        "scorecard.computed_without_unverified",
        "These figures leave out facts not yet verified: {recommendations} and {assessments}"
        " marked unverified.",
    ),
    pgettext("scorecard.reply_recorded", "Reply recorded"),
    pgettext("scorecard.reply_undated", "Reply known, not dated"),
    pgettext("scorecard.recorded", "recorded {date}"),
    pgettext("scorecard.fact_date", "the fact dates from {date}"),
    pgettext("scorecard.overdue_by", "overdue by {duration}"),
    pgettext("scorecard.due_in", "{duration} left"),
    pgettext("scorecard.trend_table", "Compliance score over time"),
    pgettext(
        "scorecard.trend_table_intro",
        "The figures the score-over-time chart draws; * marks a date where that line's score "
        "changed.",
    ),
    pgettext("scorecard.judges", "Where the judges disagree"),
    pgettext(
        "scorecard.judges_intro",
        "Recommendations that two or more judges assessed differently (levels of other scales "
        "read on this one through the registry's stated equivalences), with each judge's latest "
        "assessment on or before {date}.",
    ),
    pgettext(
        "scorecard.judges_none",
        "No recommendation was assessed differently by two judges on or before {date}.",
    ),
    pgettext("scorecard.judge", "Judge"),
    pgettext("scorecard.level", "Level"),
    pgettext("scorecard.agreement", "Agreement between judges"),
    pgettext(
        "scorecard.agreement_intro",
        "Krippendorff's alpha (ordinal) for each pair of judges, over the recommendations both "
        "assessed; 1 is full agreement, 0 no better than chance.",
    ),
    pgettext("scorecard.alpha", "Alpha"),
    pgettext("scorecard.pair", "Judges"),
    pgettext("scorecard.shared", "Shared"),
    pgettext("scorecard.agreed", "Same level"),
    pgettext("scorecard.alpha_undefined", "undefined: {reason}"),
    pgettext("scorecard.title", "Scorecard: {registry}"),
    pgettext("scorecard.subtitle", "{period}: status as of {date}"),
    pgettext("scorecard.lang_name", "English"),
    pgettext("scorecard.headline", "At a glance"),
    pgettext("scorecard.score", "Compliance score"),
    pgettext("scorecard.coverage", "{assessed} of {total} assessed"),
    pgettext("scorecard.coverage_label", "Coverage"),
    pgettext("scorecard.rate", "Implemented or partially"),
    pgettext("scorecard.change", "Change since {period}"),
    pgettext("scorecard.change_short", "Change"),
    # TRANSLATORS: a score then and now ("0.12 → 0.30"); a right-to-left
    # language turns the arrow to point from the earlier figure to the later.
    pgettext("scorecard.from_to", "{before} → {after}"),
    # TRANSLATORS: a name and its value ("Implemented: 1", "Due: 3 Sep
    # 2025"), with the language's colon and spacing.
    pgettext("scorecard.label_value", "{label}: {value}"),
    # TRANSLATORS: what separates the items of a list written on one line
    # ("a; b; c"), with the language's semicolon and spacing.
    pgettext("scorecard.separator", "; "),
    # TRANSLATORS: in the list of facts not yet verified, after a
    # recommendation's id: its paragraph number is what is not verified.
    pgettext("scorecard.paragraph_number", "paragraph number"),
    pgettext("scorecard.change_none", "No earlier period to compare with"),
    pgettext("scorecard.no_score", "no score"),
    pgettext("scorecard.recommendations", "Recommendations"),
    pgettext("scorecard.by_theme", "By theme"),
    pgettext("scorecard.by_review", "By review"),
    pgettext("scorecard.theme", "Theme"),
    pgettext("scorecard.review", "Review"),
    pgettext("scorecard.date", "Date"),
    pgettext("scorecard.mechanism", "Mechanism"),
    pgettext("scorecard.total", "Total"),
    pgettext("scorecard.assessed", "Assessed"),
    pgettext("scorecard.level_counts", "Status"),
    pgettext("scorecard.moved", "What moved this period"),
    pgettext(
        "scorecard.moved_intro",
        "Assessments made between {start} and {end} that changed a recommendation's status.",
    ),
    pgettext("scorecard.moved_none", "No recommendation changed status this period."),
    pgettext("scorecard.recommendation", "Recommendation"),
    pgettext("scorecard.paragraph", "para. {paragraph}"),
    pgettext("scorecard.from", "From"),
    pgettext("scorecard.to", "To"),
    pgettext("scorecard.by", "Assessed by"),
    pgettext("scorecard.evidence", "Evidence"),
    pgettext("scorecard.no_evidence", "none cited"),
    pgettext("scorecard.follow_up", "Follow-up deadlines"),
    npgettext(
        "scorecard.follow_up_intro",
        "Procedures whose follow-up information is due within {count} day of {date}, or was"
        " due before it.",
        "Procedures whose follow-up information is due within {count} days of {date}, or was"
        " due before it.",
    ),
    npgettext(
        "scorecard.follow_up_none",
        "No follow-up information is due within {count} day of {date}, and none is overdue.",
        "No follow-up information is due within {count} days of {date}, and none is overdue.",
    ),
    pgettext("scorecard.due", "Due"),
    pgettext("scorecard.reply", "Reply"),
    pgettext("scorecard.replied", "Reply received {date}"),
    pgettext("scorecard.not_replied", "No reply recorded"),
    pgettext("scorecard.grades", "Grades"),
    pgettext("scorecard.paragraphs", "Paragraphs"),
    pgettext("scorecard.contents", "Contents"),
    pgettext("scorecard.charts", "Charts"),
    pgettext("scorecard.unverified", "Not yet verified"),
    pgettext(
        "scorecard.unverified_intro",
        "Facts in this scorecard marked † have not been checked against their source yet:",
    ),
    pgettext("scorecard.unverified_mark", "†"),
    pgettext("scorecard.withheld", "Left out of this scorecard as confidential: {items}."),
    pgettext("scorecard.method", "How to read this scorecard"),
    pgettext(
        "scorecard.method_text",
        "Each recommendation counts at the level of its latest assessment on or before the date "
        "above. The compliance score is the mean of the levels' scores ({scores}); "
        "recommendations not assessed, or at a level without a score, count in coverage only. A "
        "date known only to the month or the year counts from its last day, so no figure claims "
        "a fact earlier than its source allows.",
    ),
    pgettext(
        "scorecard.source",
        "Source: registry {registry}, version {version}. Made with followup {followup}.",
    ),
    pgettext("scorecard.licence", "Data licence: {licence}."),
    pgettext("scorecard.page", "Page {page} of {pages}"),
    pgettext("scorecard.series_title", "Scorecards: {registry}"),
    pgettext("scorecard.series_intro", "One scorecard per period, from {first} to {last}."),
    pgettext("scorecard.period", "Period"),
    pgettext("scorecard.formats", "Formats"),
    pgettext(
        "scorecard.chart_alt",
        "Chart: {title}. The same figures are in the tables of this scorecard.",
    ),
    pgettext("scorecard.chart_alt_listed", "Chart: {title}. {items}."),
    # -- chart --
    pgettext("chart.status_title", "Implementation status by {dimension}"),
    pgettext("chart.share", "Share of recommendations"),
    pgettext("chart.score_title", "Compliance score over time, by {dimension}"),
    pgettext("chart.score_axis", "Compliance score (0 to 1)"),
    pgettext("chart.date_axis", "Date"),
    pgettext("chart.reviews_marked", "Dotted lines: review dates"),
    pgettext("chart.assessed_marker", "Marker: that line's score changed"),
    pgettext("chart.overall", "All recommendations"),
    pgettext("chart.heatmap_title", "Compliance score by theme and review"),
    pgettext("chart.heatmap_cell", "{assessed}/{total} assessed"),
    pgettext("chart.heatmap_empty", "no score"),
    pgettext("chart.transitions_title", "What moved between {before} and {after}"),
    pgettext("chart.transitions_from", "Status on {date}"),
    pgettext("chart.transitions_to", "Status on {date}"),
    pgettext("chart.transitions_none", "No recommendation was present at both dates."),
    pgettext(
        "chart.timeline_title", "Follow-up procedure: paragraphs, due dates, replies and grades"
    ),
    pgettext("chart.timeline_review", "Review adopted"),
    pgettext("chart.timeline_due", "Follow-up due"),
    pgettext("chart.timeline_reply", "Reply received"),
    pgettext("chart.timeline_grade", "Grade"),
    pgettext("chart.timeline_today", "As of {date}"),
    pgettext("chart.timeline_reply_undated", "reply known, not dated"),
    pgettext("chart.timeline_unknown_due", "due date not established"),
    pgettext("chart.unverified", "† not yet verified"),
    pgettext("chart.status_title_all", "Implementation status"),
    pgettext("chart.score_title_all", "Compliance score over time"),
    pgettext("chart.heatmap_title_by", "Compliance score by {first} and {second}"),
    pgettext("chart.transitions_same", "Unchanged"),
    pgettext("chart.transitions_moved", "Changed status (darker: more)"),
    pgettext("chart.timeline_paragraph", "{review}, para. {paragraph}"),
    pgettext("chart.timeline_item", "{review}: {item}"),
    # -- counted --
    # Things counted inside other messages ("{recommendations} and {assessments}").
    npgettext("counted.recommendations", "{count} recommendation", "{count} recommendations"),
    npgettext("counted.reviews", "{count} review", "{count} reviews"),
    npgettext("counted.assessments", "{count} assessment", "{count} assessments"),
    # TRANSLATORS: {languages} names the languages those texts are shown in ("English").
    npgettext(
        "counted.fallback_notice",
        "{count} text has no version in this scorecard's language and is shown in its own"
        " language ({languages}), marked as such for screen readers.",
        "{count} texts have no version in this scorecard's language and are shown in their own"
        " language ({languages}), marked as such for screen readers.",
    ),
    # TRANSLATORS: completes "Mean score of {scored}" (scorecard.score_help).
    npgettext(
        "counted.scored",
        "the {count} scored recommendation",
        "the {count} scored recommendations",
    ),
    # TRANSLATORS: completes "Left out of this scorecard as confidential: {items}."
    npgettext(
        "counted.confidential", "{count} item of the registry", "{count} items of the registry"
    ),
)
