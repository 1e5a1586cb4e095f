"""The generic walk: the schema of a type, of a field, and of a model class.

Type hints are resolved: the converter's own hook for a type comes first
(:data:`~followup.interop._schema_hooks.TYPE_HOOKS`), then the generic rules:
``X | None`` is optional, ``tuple[X, ...]`` an array, ``Mapping[str, X]`` an object of
``X``, enums an ``enum`` of their values.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from followup.interop._schema_defs import Schema, _nullable
from followup.interop._schema_descriptions import DESCRIPTIONS
from followup.interop._schema_hooks import FIELD_HOOKS, HIDDEN_FIELDS, TYPE_HOOKS, VALIDATORS
from followup.model.records import Evidence

__all__ = ["validator_name"]


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
