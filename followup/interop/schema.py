"""The JSON Schema (Draft 2020-12) of registry files, generated from the model.

cattrs has no schema generator, so this module walks the attrs classes of the model
(:mod:`followup.model.records`, :mod:`followup.model.scales`) generically, with type
hints resolved: ``X | None`` is an optional field (not ``required``; ``null`` allowed,
as the converter allows it), ``tuple[X, ...]`` an array, ``Mapping[str, X]`` an object
of ``X``, enums an ``enum`` of their values. Everything the converter in
:mod:`followup.registry.convert` decides beyond that is mirrored here in one place:

* :data:`TYPE_HOOKS` -- one entry per type the converter registers a structure hook
  for (strict scalars, dates, :class:`~followup.model.text.Text`, enums, history
  entries, evidence, scale references, the model classes themselves);
* :data:`FIELD_HOOKS` -- the fields the converter structures by name (``paragraph``,
  ``confidential``);
* :data:`VALIDATORS` -- the fields' own checks, which the converter runs as the fields'
  hooks (ids, URLs, State codes, colours, scores, ...);
* :data:`DESCRIPTIONS` -- the description of every field (from docs/registry-format.md).

``tests/test_interop_schema.py`` fails when the converter gains a hook, or the model a
field or a validator, that this module does not know.

One schema describes all three kinds of file (a top-level ``anyOf``): the manifest
``registry.yaml`` of a directory registry, a review file ``reviews/*.yaml``, and a
single-file registry. ``anyOf`` rather than ``oneOf``: a single-file registry without
``reviews:`` is, to the letter, a manifest. The committed copies are
``followup/interop/registry-1.schema.json`` (shipped in the package) and
``docs/registry.schema.json``; regenerate them with ``followup schema -o FILE``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import json
import types
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

import attrs

from followup.model.judges import Judge, Role
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
from followup.model.scales import Level, Scale
from followup.model.scope import Scope
from followup.model.text import Text
from followup.model.values import ISO_ALPHA3, Mechanism, Position
from followup.registry.load import FORMAT_VERSION

__all__ = [
    "DESCRIPTIONS",
    "FIELD_HOOKS",
    "HIDDEN_FIELDS",
    "SCHEMA_ID",
    "TYPE_HOOKS",
    "VALIDATORS",
    "run_cli",
    "schema",
    "schema_text",
]

Schema = dict[str, Any]

#: The schema's stable address, one per format version.
SCHEMA_ID = f"https://followup.example/schema/registry-{FORMAT_VERSION}.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: The model classes, in the order their definitions appear in the schema.
CLASSES: tuple[type, ...] = (
    RegistryInfo,
    Maintainer,
    Judge,
    Scope,
    Theme,
    Scale,
    Level,
    Review,
    Document,
    FollowUp,
    Recommendation,
    Source,
    Response,
    Assessment,
    Evidence,
)

#: Fields of the model that are never written in a file (the loader fills them in).
HIDDEN_FIELDS: Mapping[type, frozenset[str]] = {Recommendation: frozenset({"review"})}

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


# -- reusable definitions ---------------------------------------------------------------
def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


_NONEMPTY = r"\S"
_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
_URL_PATTERN = r"^[hH][tT][tT][pP][sS]?://[^/?#\s]+([/?#]\S*)?$"

#: Named building blocks (``$defs``) that mirror :mod:`followup.model.values` and text.
BASE_DEFS: Mapping[str, Schema] = {
    "id": {
        "description": "Lower-case letters and digits, single '-', '.' or '_' between "
        "them, at most 100 characters, e.g. kaz-ccpr-2-p50.",
        "type": "string",
        "pattern": r"^(?!.*[._-]{2})[a-z0-9]([a-z0-9._-]{0,98}[a-z0-9])?$",
    },
    "levelId": {
        "description": "A level id: letters (either case), digits and .-_ inside, "
        "at most 50 characters.",
        "type": "string",
        "pattern": r"^[A-Za-z0-9]([A-Za-z0-9._-]{0,48}[A-Za-z0-9])?$",
    },
    "nonEmpty": {"type": "string", "pattern": _NONEMPTY},
    "date": {
        "description": "A date as precise as its source: a day (2025-07-11), a month "
        "(2025-07) or a year (2025, written as a number or a string); no time of day.",
        "anyOf": [
            {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
            {"type": "string", "pattern": r"^[0-9]{4}(-(0[1-9]|1[0-2]))?$"},
            {"type": "integer", "minimum": 1000, "maximum": 9999},
        ],
    },
    "url": {
        "description": "An absolute http:// or https:// address.",
        "type": "string",
        "pattern": _URL_PATTERN,
    },
    "state": {
        "description": "An ISO 3166-1 alpha-3 State code in upper case, e.g. KAZ.",
        "type": "string",
        "enum": sorted(ISO_ALPHA3),
    },
    "language": {
        "description": "A lower-case ISO 639 language tag, optionally with subtags: en, pt-br.",
        "type": "string",
        "pattern": r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$",
    },
    "colour": {"type": "string", "pattern": r"^#[0-9a-fA-F]{6}$"},
    "score": {"type": "number", "minimum": 0, "maximum": 1},
    "text": {
        "description": "Text: a plain string (in the manifest's language) or a mapping "
        "from language tag to text.",
        "anyOf": [
            _ref("nonEmpty"),
            {
                "type": "object",
                "minProperties": 1,
                "propertyNames": _ref("language"),
                "additionalProperties": _ref("nonEmpty"),
            },
        ],
    },
}


# -- what the converter's hooks accept ----------------------------------------------------
def _class_ref(cls: type) -> Schema:
    return _ref(cls.__name__)


def _evidence_hook() -> Schema:
    return {
        "anyOf": [
            {
                "description": "A URL, or a document symbol.",
                "type": "string",
                "if": {"pattern": "^https?://"},
                "then": _ref("url"),
                "else": _ref("nonEmpty"),
            },
            _ref("Evidence"),
        ]
    }


#: Structure hooks of the converter, type by type: the schema of what each accepts.
TYPE_HOOKS: dict[object, Callable[[], Schema]] = {
    str: lambda: {"type": "string"},
    int: lambda: {"type": "integer"},
    float: lambda: {"type": "number"},
    bool: lambda: {"type": "boolean"},
    dt.date: lambda: _ref("date"),
    Text: lambda: _ref("text"),
    Mechanism: lambda: _ref("Mechanism"),
    Position: lambda: _ref("Position"),
    Role: lambda: _ref("Role"),
    # equivalences: {scale: {level: level or null}} (checked by the field's validator)
    Mapping[str, Mapping[str, str | None]]: lambda: {"type": "object"},
    Mapping[str, str | None]: lambda: {"type": "object"},
    HistoryEntry: lambda: {"oneOf": [_ref("Response"), _ref("Assessment")]},
    Evidence: _evidence_hook,
    str | Scale: lambda: {"anyOf": [_ref("id"), _ref("Scale")]},
    # the converter's hook factory for tuple[X, ...]: a list (see _type below)
    "_is_variadic_tuple": lambda: {"type": "array"},
}


def _class_hook(cls: type) -> Callable[[], Schema]:
    return lambda: _class_ref(cls)


for _cls in CLASSES:  # the class hooks: a mapping of the class's fields, nothing else
    TYPE_HOOKS[_cls] = _class_hook(_cls)


def _paragraph(base: Schema) -> Schema:
    return {"anyOf": [_ref("nonEmpty"), {"type": "integer"}]}


def _confidential_of(cls: type) -> Schema:
    names = [n for n in _field_names(cls) if n != "confidential"]
    return {
        "anyOf": [
            {"type": "boolean"},
            {"type": "array", "items": {"enum": names}},
        ]
    }


#: Fields the converter structures by name, whatever their class.
FIELD_HOOKS: Mapping[str, Callable[[type, Schema], Schema]] = {
    "paragraph": lambda _cls, base: _paragraph(base),
    "confidential": lambda cls, _base: _confidential_of(cls),
}


def _with(**extra: Any) -> Callable[[Schema], Schema]:
    return lambda base: {**base, **extra}


def _per_level(value: str) -> Callable[[Schema], Schema]:
    """{scale id: {level id: ``value`` or null}}: the manifest's scores and equivalences."""

    def schema(_base: Schema) -> Schema:
        return {
            "type": "object",
            "propertyNames": _ref("id"),
            "additionalProperties": {
                "type": "object",
                "propertyNames": _ref("levelId"),
                "additionalProperties": _nullable(_ref(value)),
            },
        }

    return schema


#: The fields' own checks (run by the converter as the fields' hooks), by function name.
VALIDATORS: Mapping[str, Callable[[Schema], Schema]] = {
    "_id": lambda _b: _ref("id"),
    "_opt_id": lambda _b: _ref("id"),
    "_scale_id": lambda _b: _ref("id"),
    "_ids": _with(items=_ref("id"), uniqueItems=True),
    "_opt_url": lambda _b: _ref("url"),
    "_date": lambda b: b,
    "_opt_date": lambda b: b,
    "_position": lambda b: b,
    "_nonempty": lambda _b: _ref("nonEmpty"),
    "_opt_nonempty": lambda _b: _ref("nonEmpty"),
    "_version": lambda _b: _ref("nonEmpty"),
    "_nonempty_all": _with(items=_ref("nonEmpty")),
    "_state": lambda _b: _ref("state"),
    "_states": _with(items=_ref("state"), minItems=1),
    "_positive": _with(exclusiveMinimum=0),
    "_cycle": _with(minimum=1),
    "_level": lambda _b: _ref("levelId"),
    "_level_id": lambda _b: _ref("levelId"),
    "_language": lambda _b: _ref("language"),
    "_score": lambda _b: _ref("score"),
    "_colour": lambda _b: _ref("colour"),
    "_levels": _with(minItems=1),
    "_score_overrides": _per_level("score"),
    "_judges": lambda b: b,  # unique ids: checked on loading, as for themes
    "_equivalences": _per_level("levelId"),
    "_confidential": lambda b: b,  # the names are checked by the field hook above
}


# -- the generic walk -----------------------------------------------------------------------
def _field_names(cls: type) -> list[str]:
    hidden = HIDDEN_FIELDS.get(cls, frozenset())
    return [a.name for a in attrs.fields(cls) if a.name not in hidden]


def _enum(t: type[enum.Enum]) -> Schema:
    return {"type": "string", "enum": [str(m.value) for m in t]}


def _type(t: Any) -> Schema:
    """The schema of a type: the converter's own hook first, then the generic rules."""
    if t in TYPE_HOOKS:
        return TYPE_HOOKS[t]()
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return {**TYPE_HOOKS["_is_variadic_tuple"](), "items": _type(args[0])}
    if origin in (types.UnionType, typing.Union) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        inner = rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007
        return _nullable(_type(inner))
    if origin in (Mapping, dict) or (isinstance(origin, type) and issubclass(origin, Mapping)):
        return {"type": "object", "additionalProperties": _type(args[1])}
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return _enum(t)
    raise TypeError(f"no schema for {t!r}: teach followup.interop.schema this type")


def _optional_inner(t: Any) -> Any | None:
    args = typing.get_args(t)
    if typing.get_origin(t) in (types.UnionType, typing.Union) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007
    return None


def validator_name(attribute: attrs.Attribute[Any]) -> str | None:
    """The name of a field's validator (None when it has none)."""
    check = attribute.validator
    return None if check is None else str(getattr(check, "__name__", repr(check)))


def _field(cls: type, attribute: attrs.Attribute[Any], hints: Mapping[str, Any]) -> Schema:
    hint = hints[attribute.name]
    inner = _optional_inner(hint)
    if attribute.name in FIELD_HOOKS:
        base = FIELD_HOOKS[attribute.name](cls, {})
    else:
        base = _type(hint if inner is None else inner)
    name = validator_name(attribute)
    # a field hook's schema already holds what its validator checks (paragraph: not empty)
    if name is not None and attribute.name not in FIELD_HOOKS:
        if name not in VALIDATORS:
            raise TypeError(f"{cls.__name__}.{attribute.name}: unknown validator {name}")
        base = VALIDATORS[name](base)
    schema = base if inner is None else _nullable(base)
    return {"description": DESCRIPTIONS[cls.__name__][attribute.name], **schema}


def _object(
    cls: type, extra_before: Schema | None = None, extra_after: Schema | None = None
) -> Schema:
    hints = typing.get_type_hints(cls)
    properties: Schema = dict(extra_before or {})
    required = [n for n in properties if n == "followup"]
    for attribute in attrs.fields(cls):
        if attribute.name in HIDDEN_FIELDS.get(cls, frozenset()):
            continue
        properties[attribute.name] = _field(cls, attribute, hints)
        if attribute.default is attrs.NOTHING:
            required.append(attribute.name)
    properties.update(extra_after or {})
    doc = (cls.__doc__ or "").strip().splitlines()[0].replace("``", "")
    schema: Schema = {
        "title": cls.__name__,
        "description": doc,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    if cls is Evidence:  # the evidence hook: "evidence needs a 'url' or a 'document'"
        schema["anyOf"] = [{"required": ["url"]}, {"required": ["document"]}]
    return schema


def _format_key() -> Schema:
    return {
        "followup": {
            "description": FILE_KEYS["followup"],
            "type": "integer",
            "const": FORMAT_VERSION,
        }
    }


def _recommendations() -> Schema:
    return {
        "recommendations": {
            "description": FILE_KEYS["recommendations"],
            "type": "array",
            "items": _ref("Recommendation"),
        }
    }


def schema() -> Schema:
    """The JSON Schema of every kind of registry file of this format version."""
    for cls in CLASSES:
        attrs.resolve_types(cls)
    defs: Schema = {name: dict(value) for name, value in BASE_DEFS.items()}
    for enum_type in (Mechanism, Position, Role):
        defs[enum_type.__name__] = {
            "description": (enum_type.__doc__ or "").strip(),
            **_enum(enum_type),
        }
    for cls in CLASSES:
        if cls is RegistryInfo:
            continue
        extra = _recommendations() if cls is Review else None
        defs[cls.__name__] = _object(cls, extra_after=extra)
    manifest = _object(RegistryInfo, extra_before=_format_key())
    manifest["title"] = "Manifest (registry.yaml)"
    review_file = _object(Review, extra_before=_format_key(), extra_after=_recommendations())
    review_file["title"] = "Review file (reviews/*.yaml)"
    single = _object(
        RegistryInfo,
        extra_before=_format_key(),
        extra_after={
            "reviews": {
                "description": FILE_KEYS["reviews"],
                "type": "array",
                "items": _ref("Review"),
            }
        },
    )
    single["title"] = "Single-file registry"
    defs["manifestFile"], defs["reviewFile"], defs["singleFile"] = manifest, review_file, single
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": f"followup registry file, format {FORMAT_VERSION}",
        "description": "A registry manifest (registry.yaml), a review file (reviews/*.yaml) "
        "or a single-file registry; see docs/registry-format.md.",
        "anyOf": [_ref("manifestFile"), _ref("reviewFile"), _ref("singleFile")],
        "$defs": defs,
    }


def schema_text() -> str:
    """The schema as JSON text (keys sorted, indented, ending with a newline)."""
    return json.dumps(schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


#: Where the package keeps its copy of the schema.
PACKAGED = Path(__file__).with_name(f"registry-{FORMAT_VERSION}.schema.json")


def run_cli(args: argparse.Namespace, out: TextIO) -> int:
    """``followup schema [-o FILE]``: print the schema, or write it to FILE atomically
    (never through a symbolic link: see :mod:`followup.registry.outputs`)."""
    from followup.errors import FollowupError
    from followup.registry.outputs import write_output

    text = schema_text()
    if args.output is None:
        out.write(text)
        return 0
    target = Path(args.output)
    if target.is_dir() and not target.is_symlink():
        raise FollowupError(
            f"{target} is a directory: give the file to write, "
            f"e.g. {target / 'registry.schema.json'}"
        )
    try:
        write_output(target, text.encode("utf-8"))
    except OSError as exc:
        raise FollowupError(f"cannot write {target}: {exc.strerror or exc}") from None
    return 0
