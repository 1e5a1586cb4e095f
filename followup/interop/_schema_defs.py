"""The schema's named building blocks (``$defs``) and the helpers that refer to them.

They mirror :mod:`followup.model.values` and :class:`~followup.model.text.Text`:
ids, level ids, dates, URLs, State codes, language tags, colours, scores and text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from followup.model.values import ISO_ALPHA3

__all__ = ["BASE_DEFS", "Schema"]

Schema = dict[str, Any]


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
