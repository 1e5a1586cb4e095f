"""The JSON Schema (Draft 2020-12) of registry files, generated from the model.

cattrs has no schema generator, so the schema is made by walking the attrs classes of
the model (:mod:`followup.model.records`, :mod:`followup.model.scales`) generically, with
type hints resolved: ``X | None`` is an optional field (not ``required``; ``null``
allowed, as the converter allows it), ``tuple[X, ...]`` an array, ``Mapping[str, X]`` an
object of ``X``, enums an ``enum`` of their values. Everything the converter in
:mod:`followup.registry.convert` decides beyond that is mirrored in one place:

* :data:`TYPE_HOOKS` -- one entry per type the converter registers a structure hook
  for (strict scalars, dates, :class:`~followup.model.text.Text`, enums, history
  entries, evidence, scale references, the model classes themselves);
* :data:`FIELD_HOOKS` -- the fields the converter structures by name (``paragraph``,
  ``confidential``);
* :data:`VALIDATORS` -- the fields' own checks, which the converter runs as the fields'
  hooks (ids, URLs, State codes, colours, scores, ...);
* :data:`DESCRIPTIONS` -- the description of every field (from docs/registry-format.md).

``tests/test_interop_schema.py`` fails when the converter gains a hook, or the model a
field or a validator, that the schema does not know.

The parts live in private modules, all re-exported here: :mod:`._schema_defs` (the
named building blocks: ids, dates, URLs, text, ...), :mod:`._schema_descriptions` (what
each field means), :mod:`._schema_hooks` (the converter's hooks and validators, and the
model classes), :mod:`._schema_walk` (the generic walk over types, fields and classes).
This module puts them together into the schema of each kind of file, and writes it.

One schema describes all three kinds of file (a top-level ``anyOf``): the manifest
``registry.yaml`` of a directory registry, a review file ``reviews/*.yaml``, and a
single-file registry. ``anyOf`` rather than ``oneOf``: a single-file registry without
``reviews:`` is, to the letter, a manifest. The committed copies are
``followup/interop/registry-1.schema.json`` (shipped in the package) and
``docs/registry.schema.json``; regenerate them with ``followup schema -o FILE``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

import attrs

from followup.interop._schema_defs import BASE_DEFS, Schema, _ref
from followup.interop._schema_descriptions import DESCRIPTIONS, FILE_KEYS
from followup.interop._schema_hooks import (
    CLASSES,
    FIELD_HOOKS,
    HIDDEN_FIELDS,
    TYPE_HOOKS,
    VALIDATORS,
)
from followup.interop._schema_walk import _enum, _object, validator_name

# re-exported for tests/test_interop_schema.py, which walks every field type itself
from followup.interop._schema_walk import _optional_inner as _optional_inner  # noqa: PLC0414
from followup.interop._schema_walk import _type as _type  # noqa: PLC0414
from followup.model.judges import Role
from followup.model.manifest import RegistryInfo
from followup.model.records import Review
from followup.model.values import Mechanism, Position
from followup.registry.load import FORMAT_VERSION

__all__ = [
    "BASE_DEFS",
    "CLASSES",
    "DESCRIPTIONS",
    "DRAFT",
    "FIELD_HOOKS",
    "FILE_KEYS",
    "HIDDEN_FIELDS",
    "PACKAGED",
    "SCHEMA_ID",
    "TYPE_HOOKS",
    "VALIDATORS",
    "Schema",
    "run_cli",
    "schema",
    "schema_text",
    "validator_name",
]

#: The schema's stable address, one per format version.
SCHEMA_ID = f"https://followup.example/schema/registry-{FORMAT_VERSION}.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


# -- the kinds of file ----------------------------------------------------------------------
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
