"""The one cattrs converter between plain data (YAML/JSON) and the model.

Everything about how a YAML value becomes a model value is decided here: strict
scalar types (no number silently becomes text), dates, text in one or several
languages, history entries told apart by their ``response:`` or ``status:`` key, and
each field's own check run as that field's hook so a bad value is reported at its
field path. The hooks are registered here; two concepts live beside this module:

- :mod:`followup.registry._fieldproblems`: turning cattrs' detailed validation errors
  into located :class:`~followup.registry.report.Problem` values
  (:func:`problems_from`) and the :class:`FieldError` the hooks raise, both still
  importable from here;
- :mod:`followup.registry._unstructuring`: the hooks back from model to plain data,
  used by :func:`unstructure`.

:func:`structure` tries the fast build first (:mod:`followup.registry._fastbuild`): a
review or recommendation in the plain, valid shape is checked there once per value and
made without the converter; anything else comes here and is reported as before.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from enum import Enum
from typing import Any, get_args, get_origin

import attrs
from cattrs import Converter
from cattrs.errors import ClassValidationError, IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, override

from followup.model.dates import PartialDate, parse_date
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
from followup.model.values import Mechanism, Position, check_id
from followup.registry._fastbuild import build as _fast_build
from followup.registry._fieldproblems import (
    FieldError,
    Unchecked,
    kind_of,
    problems_from,
    type_error,
)
from followup.registry._unstructuring import register_unstructure_hooks
from followup.registry.report import MAX_PROBLEMS_PER_FILE

__all__ = ["FieldError", "converter", "problems_from", "structure", "unstructure"]

_PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


# -- scalars -----------------------------------------------------------------------
def _str(value: Any, _t: Any = str) -> str:
    if isinstance(value, str):
        return value
    hint = None
    if isinstance(value, int | float | dt.date) and not isinstance(value, bool):
        hint = f'quote it: "{value}"'
    elif isinstance(value, bool):
        hint = "quote it if you mean the word"
    raise type_error("text", value, hint)


def _int(value: Any, _t: Any = int) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise type_error("a whole number", value)


def _float(value: Any, _t: Any = float) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise type_error("a number", value)


def _bool(value: Any, _t: Any = bool) -> bool:
    if isinstance(value, bool):
        return value
    raise type_error("true or false", value)


def _date(value: Any, _t: Any = dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        raise FieldError(
            f"expected a date, found {kind_of(value)}",
            "invalid-type",
            f"write the date only: {value.date().isoformat()}",
        )
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        year: dt.date = PartialDate(value)  # a year: 2017
        return year
    if isinstance(value, str) and _PARTIAL_DATE.match(value):
        try:
            return parse_date(value)
        except ValueError:
            raise FieldError(
                f"{value!r} is not a calendar date", hint="check day and month"
            ) from None
    raise type_error(
        "a date such as 2025-07-11, or as precise as the source: 2025-07 or 2025",
        value,
        "write a month as 2025-07 and a year as 2025; never make up a day",
    )


def _text(value: Any, _t: Any = Text) -> Text:
    if isinstance(value, str):
        return Text.plain(value)
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise type_error("a language tag as key", key)
            if not isinstance(item, str):
                raise type_error(f"text for language {key!r}", item)
        return Text.of(value)
    raise type_error("text, or a mapping of language to text", value)


def _paragraph(value: Any, _t: Any = str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        raise FieldError(
            f"paragraph {value!r} read as a number",
            "invalid-type",
            f'quote it: "{value}" (an unquoted 95.10 reads as 95.1)',
        )
    return _str(value)


def _enum(value: Any, enum: type[Enum]) -> Enum:
    allowed = [str(m.value) for m in enum]
    if isinstance(value, str):
        try:
            return enum(value)
        except ValueError:
            near = difflib.get_close_matches(value, allowed, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            raise FieldError(
                f"{value!r} is not one of: {', '.join(allowed)}",
                hint=f"{hint}allowed: {', '.join(allowed)}",
            ) from None
    raise type_error(f"one of {', '.join(allowed)}", value)


# -- composite values ----------------------------------------------------------------
def _confidential(value: Any, _t: Any = None) -> bool | tuple[str, ...]:
    if isinstance(value, bool):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise type_error("true, false or a list of field names", value)


def _tuple_hook(item_type: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
    def hook(value: Any, _t: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise type_error("a list", value, "write it as [a, b] or as '- ' lines")
        out, errors = [], []
        for index, item in enumerate(value):
            try:
                out.append(converter.structure(item, item_type))
            except Exception as exc:
                exc.__notes__ = [*getattr(exc, "__notes__", []), _note(index, item_type)]
                errors.append(exc)
                if len(errors) >= MAX_PROBLEMS_PER_FILE and index + 1 < len(value):
                    # a list of millions of bad items: the rest is counted, not checked
                    rest = Unchecked(len(value) - index - 1)
                    rest.__notes__ = [_note(index + 1, item_type)]
                    errors.append(rest)
                    break
        if errors:
            raise IterableValidationError(f"While structuring a list of {item_type}", errors, list)
        return tuple(out)

    return hook


def _note(index: int, item_type: Any) -> IterableValidationNote:
    return IterableValidationNote(f"Structuring item @ index {index}", index, item_type)


def _mapping(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FieldError(f"expected {what} (a mapping), found {kind_of(value)}", "not-a-mapping")
    return value


def _history_entry(value: Any, _t: Any = HistoryEntry) -> HistoryEntry:
    data = _mapping(value, "a history entry")
    has_response, has_status = "response" in data, "status" in data
    if has_response and has_status:
        raise FieldError(
            "a history entry has both 'response' and 'status'",
            hint="split it in two entries: a response (what the State said) and an "
            "assessment (someone's judgement)",
        )
    if has_response:
        return _struct[Response](data, Response)  # type: ignore[no-any-return]
    if has_status:
        return _struct[Assessment](data, Assessment)  # type: ignore[no-any-return]
    raise FieldError(
        "a history entry needs 'response:' (a State's response) or 'status:' (an assessment)",
        "missing-field",
    )


def _evidence(value: Any, _t: Any = Evidence) -> Evidence:
    if isinstance(value, str):
        if value.startswith(("http://", "https://")):
            return converter.structure({"url": value}, Evidence)
        return converter.structure({"document": value}, Evidence)
    data = _mapping(value, "evidence")
    if "url" not in data and "document" not in data:
        raise FieldError("evidence needs a 'url' or a 'document'", "missing-field")
    return _struct[Evidence](data, Evidence)  # type: ignore[no-any-return]


def _scale_ref(value: Any, _t: Any = None) -> str | Scale:
    if isinstance(value, str):
        return check_id(value)
    return converter.structure(_mapping(value, "a scale"), Scale)


# -- the converter ---------------------------------------------------------------------
converter = Converter(
    detailed_validation=True,
    forbid_extra_keys=True,
    unstruct_collection_overrides={tuple: list},
)

for _type, _hook in [
    (str, _str),
    (int, _int),
    (float, _float),
    (bool, _bool),
    (dt.date, _date),
    (Text, _text),
]:
    converter.register_structure_hook(_type, _hook)
for _enum_type in (Mechanism, Position, Role):  # direct: StrEnums would otherwise match `str`
    converter.register_structure_hook(_enum_type, _enum)


def _is_variadic_tuple(t: Any) -> bool:
    args = get_args(t)
    return get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


converter.register_structure_hook_factory(_is_variadic_tuple, lambda t: _tuple_hook(get_args(t)[0]))
converter.register_structure_hook(HistoryEntry, _history_entry)
converter.register_structure_hook(Evidence, _evidence)
converter.register_structure_hook(str | Scale, _scale_ref)


def _structure_as(field_type: Any) -> Callable[[Any, Any], Any]:
    def hook(value: Any, _t: Any) -> Any:
        return converter.structure(value, field_type)

    return hook


def _checked(base: Callable[[Any, Any], Any], check: Any, attribute: Any) -> Callable[..., Any]:
    """A field hook: structure with ``base``, then run the field's own validator."""

    def hook(value: Any, t: Any) -> Any:
        result = base(value, t)
        check(None, attribute, result)
        return result

    return hook


def _class_hook(cls: type) -> Callable[[Any, Any], Any]:
    attrs.resolve_types(cls)  # string annotations (PEP 563) to real types
    overrides: dict[str, Any] = {}
    for attribute in attrs.fields(cls):
        base: Callable[[Any, Any], Any] | None = None
        if attribute.name == "paragraph":
            base = _paragraph
        elif attribute.name == "confidential":
            base = _confidential
        if attribute.validator is not None and attribute.name != "confidential":
            fallback = base or _structure_as(attribute.type)
            overrides[attribute.name] = override(
                struct_hook=_checked(fallback, attribute.validator, attribute)
            )
        elif base is not None:
            overrides[attribute.name] = override(struct_hook=base)
    generated: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, converter, **overrides)
    names = {a.name for a in attrs.fields(cls)} - ({"review"} if cls is Recommendation else set())

    def hook(value: Any, t: Any) -> Any:
        data = _mapping(value, f"a {cls.__name__.lower()}")
        confidential = data.get("confidential")
        if "confidential" in names and isinstance(confidential, list):
            unknown = [n for n in confidential if isinstance(n, str) and n not in names]
            if unknown:
                raise ClassValidationError(
                    f"While structuring {cls.__name__}",
                    [
                        _with_name(
                            FieldError(
                                f"confidential names unknown field(s): {', '.join(unknown)}",
                                "unknown-confidential-field",
                                "fields of this item: "
                                + ", ".join(sorted(names - {"confidential"})),
                            ),
                            "confidential",
                        )
                    ],
                    cls,
                )
        return generated(data, t)

    return hook


def _with_name(exc: Exception, name: str) -> Exception:
    from cattrs.errors import AttributeValidationNote

    exc.__notes__ = [AttributeValidationNote(f"Structuring @ attribute {name}", name, None)]
    return exc


_struct: dict[type, Callable[[Any, Any], Any]] = {}
_CLASSES: tuple[type, ...] = (
    Evidence,
    Response,
    Assessment,
    Source,
    Recommendation,
    Document,
    FollowUp,
    Review,
    Maintainer,
    Judge,
    Scope,
    Theme,
    Level,
    Scale,
    RegistryInfo,
)
for _cls in _CLASSES:
    _struct[_cls] = _class_hook(_cls)
    if _cls is not Evidence:
        converter.register_structure_hook(_cls, _struct[_cls])


# -- unstructuring (model -> plain data, see _unstructuring) ------------------------------
register_unstructure_hooks(converter, _struct)


def structure(data: Any, cls: type[Any]) -> Any:
    """Plain data to a model value; raises cattrs errors (see :func:`problems_from`).

    A review or a recommendation in the plain, valid shape is built by the fast build
    (:mod:`followup.registry._fastbuild`), which checks each value once and gives the
    value the converter would; anything it declines goes through the converter, which
    says what is wrong.
    """
    made = _fast_build(data, cls)
    if made is not None:
        return made
    return converter.structure(data, cls)


def unstructure(value: Any) -> Any:
    """A model value to plain data (defaults left out, as a person would write it)."""
    return converter.unstructure(value)
