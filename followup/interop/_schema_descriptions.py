"""What every field of a registry file means: the schema's descriptions.

The words follow docs/registry-format.md: :data:`DESCRIPTIONS` for the fields of the
model classes, :data:`FILE_KEYS` for the keys of files that are no model field.
"""

from __future__ import annotations

from collections.abc import Mapping

from followup.registry.load import FORMAT_VERSION

__all__ = ["DESCRIPTIONS", "FILE_KEYS"]

_UNVERIFIED = "A fact not yet checked against its source, and what to check."
_CONFIDENTIAL = (
    "true (the whole item is confidential) or a list of this item's field names; "
    "public output leaves them out."
)

#: The description of every field of every model class (docs/registry-format.md).
DESCRIPTIONS: Mapping[str, Mapping[str, str]] = {
    "RegistryInfo": {
        "id": "The registry's id.",
        "title": "What the registry tracks.",
        "version": 'The dataset version, a quoted string such as "2025.2".',
        "states": "The State(s) whose reviews the registry holds (ISO 3166-1 alpha-3).",
        "language": "Language of plain-string text (default en).",
        "description": "A longer description.",
        "licence": "Licence of the data, e.g. CC-BY-4.0.",
        "maintainers": "Who keeps the registry.",
        "themes": "Themes recommendations may name.",
        "scales": "Scales assessments may use (a scale id or a scale defined here); "
        "the built-in implementation and hrc-follow-up are always known.",
        "default_scale": "The scale of an assessment that names none (default implementation).",
        "updated": "When the data was last updated.",
        "scores": "Level scores this registry uses instead of the scales' own: "
        "{scale id: {level id: number 0..1 or null}}.",
        "headline": "Which recommendations (mechanisms, reviews) and whose judgements "
        "(judges) the scorecard headline counts; without it, UN mechanisms' "
        "recommendations and NGOs' own are shown side by side.",
        "judges": "Who makes the assessments; an assessment's by: names one of these ids.",
        "equivalences": "How levels of other scales read on the default scale, to compare "
        "judges: {scale id: {level id: default-scale level id or null}}.",
    },
    "Scope": {
        "label": "What the scope is called on the page, e.g. UN recommendations.",
        "mechanisms": "Mechanisms whose recommendations count (none: all).",
        "reviews": "Review ids whose recommendations count (none: all).",
        "judges": "Judge ids whose assessments count (none: all).",
    },
    "Judge": {
        "id": "The judge's id, named by assessments' by:.",
        "name": "The judge's name, e.g. UN Human Rights Committee.",
        "role": "In what capacity it judges: un-body, state, nhri, ngo, compilers, other.",
        "url": "Web address.",
        "description": "Anything else about the judge.",
    },
    "Maintainer": {
        "name": "Name of the person or organisation.",
        "email": "E-mail address.",
        "url": "Web address.",
        "role": "Role, e.g. editor.",
    },
    "Theme": {
        "id": "The theme's id, named by recommendations' themes.",
        "label": "The theme's name.",
        "rights": 'Rights the theme concerns, e.g. "ICCPR art. 21".',
        "description": "A longer description.",
    },
    "Scale": {
        "id": "The scale's id.",
        "label": "The scale's name.",
        "levels": "The levels, from worst to best.",
        "description": "A longer description.",
    },
    "Level": {
        "id": "The level's id (letters of either case, digits, .-_ inside).",
        "label": "The level's name.",
        "score": "A number from 0 to 1, or null for a level that carries no score.",
        "description": "A longer description.",
        "colour": "A colour #rrggbb for charts.",
    },
    "Review": {
        "id": "The review's id, unique across the registry, e.g. kaz-ccpr-2016.",
        "mechanism": "The mechanism that made the recommendations.",
        "state": "The State reviewed; one of the manifest's states.",
        "title": "The review's title.",
        "date": "The date the recommendations were adopted (an NGO's: published).",
        "author": "Who issued them (required for NGO and NHRI reviews), e.g. IPHR.",
        "cycle": "The reporting cycle (periodic report number, UPR cycle), 1 or more.",
        "session": 'The session, e.g. "117th session".',
        "documents": "The review's documents.",
        "follow_up": "The follow-up procedure, if any.",
        "note": "Anything else.",
        "unverified": _UNVERIFIED,
    },
    "Document": {
        "symbol": "The UN document symbol, e.g. CCPR/C/KAZ/CO/3, or a short name.",
        "kind": "e.g. concluding-observations, follow-up-reply, submission.",
        "date": "The document's date.",
        "url": "Where it is published.",
        "title": "The document's title.",
    },
    "FollowUp": {
        "due": "When the State's follow-up information is due.",
        "note": "Anything else.",
        "unverified": _UNVERIFIED,
    },
    "Recommendation": {
        "id": "Unique across the registry, e.g. kaz-ccpr-2-p50.",
        "text": "What is asked, paraphrased in your own words.",
        "source": "Where the recommendation is written.",
        "paragraph": 'Paragraph reference, e.g. "50", "50(a)", "95.12"; a bare whole '
        "number is accepted.",
        "themes": "Theme ids declared in the manifest; none twice.",
        "rights": 'Rights concerned, e.g. "ICCPR art. 19".',
        "sdg_targets": 'Sustainable Development Goal targets, e.g. "16.10".',
        "follow_up": "Selected for the follow-up procedure (default false).",
        "weight": "Relative weight in weighted scores, greater than 0 (default 1).",
        "recommended_by": "UPR: the recommending States.",
        "affected_persons": 'Groups the recommendation concerns, e.g. "Human rights defenders".',
        "uhri_id": "The record's AnnotationId in the Universal Human Rights Index.",
        "reiterates": "Earlier recommendations this one repeats; none twice.",
        "relates_to": "Other related recommendations; none twice.",
        "note": "Anything else.",
        "unverified": _UNVERIFIED,
        "confidential": _CONFIDENTIAL,
        "history": "Responses and assessments, oldest first.",
    },
    "Source": {
        "document": "The document symbol.",
        "paragraph": "The paragraph; a bare whole number is accepted.",
        "url": "Where it is published.",
        "unverified": _UNVERIFIED,
    },
    "Response": {
        "date": "When it was given; left out when the reply is known but its date is not "
        "established (then unverified: says why).",
        "response": "The State's position.",
        "by": "Who answered (default: the State).",
        "document": "Symbol of the reply, e.g. CCPR/C/KAZ/CO/2/Add.1.",
        "url": "Where the reply is published.",
        "evidence": "Sources behind it.",
        "note": "Anything else.",
        "unverified": _UNVERIFIED,
        "confidential": _CONFIDENTIAL,
    },
    "Assessment": {
        "date": "The date the judgement was made; it is in force from then on.",
        "status": "A level of the scale, e.g. partially-implemented or B.",
        "by": "Who judged: the id of a judge declared in the manifest.",
        "scale": "Which scale status belongs to (default: the manifest's default_scale).",
        "fact_date": "The date of the fact the judgement reflects (a law in force since "
        "2021, recorded in 2025), as precise as known.",
        "evidence": "What the judgement rests on.",
        "note": "The reasoning.",
        "unverified": _UNVERIFIED,
        "confidential": _CONFIDENTIAL,
    },
    "Evidence": {
        "url": "The source's address (url or document is required).",
        "document": "Document symbol or name (url or document is required).",
        "date": "Date of the fact or of the source.",
        "title": "The source's title.",
        "note": "What it shows.",
        "unverified": _UNVERIFIED,
        "confidential": _CONFIDENTIAL,
    },
}

#: Keys of files that are no model field (read by the loader itself).
FILE_KEYS: Mapping[str, str] = {
    "followup": f"The format version of this file: {FORMAT_VERSION}.",
    "reviews": "The reviews (single-file registry only).",
    "recommendations": "The review's recommendations.",
}
