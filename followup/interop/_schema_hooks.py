"""The converter's decisions, mirrored for the schema: what each of its hooks accepts.

:mod:`followup.registry.convert` structures registry data with hooks by type, hooks by
field name, and the fields' own validators; each table here holds the schema of one
kind. :data:`CLASSES` lists the model classes the schema defines, :data:`HIDDEN_FIELDS`
the fields a file never holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from followup.interop._schema_defs import Schema, _nullable, _ref
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
from followup.model.values import Mechanism, Position

__all__ = ["CLASSES", "FIELD_HOOKS", "HIDDEN_FIELDS", "TYPE_HOOKS", "VALIDATORS"]

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


def _field_names(cls: type) -> list[str]:
    hidden = HIDDEN_FIELDS.get(cls, frozenset())
    return [a.name for a in attrs.fields(cls) if a.name not in hidden]


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
    # the converter's hook factory for tuple[X, ...]: a list (see _schema_walk._type)
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
