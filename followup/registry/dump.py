"""Writing a registry held in memory out as YAML text (new files, not edits).

Edits of existing files keep comments and formatting and go through the editor; this
module writes fresh files from model values, in the registry's own key order and with
defaults left out, as a person would write them.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML

from followup.model.manifest import RegistryInfo
from followup.model.records import Recommendation, Review
from followup.model.registry import Registry
from followup.registry.convert import unstructure
from followup.registry.load import FORMAT_VERSION

__all__ = ["dump_files", "dump_manifest", "dump_single", "to_plain"]


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.allow_unicode = True
    yaml.width = 100
    # the format refuses anchors and aliases: a value used twice is written twice
    yaml.representer.ignore_aliases = lambda _data: True
    return yaml


def _dumps(data: Any) -> str:
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue()


def _recommendation(rec: Recommendation) -> dict[str, Any]:
    data: dict[str, Any] = unstructure(rec)
    data.pop("review", None)
    return data


def _review(registry: Registry, review: Review) -> dict[str, Any]:
    data: dict[str, Any] = unstructure(review)
    recs = [_recommendation(r) for r in registry.by_review(review.id)]
    if recs:
        data["recommendations"] = recs
    return data


def to_plain(registry: Registry) -> dict[str, Any]:
    """The registry as one plain mapping (the single-file layout)."""
    data: dict[str, Any] = {"followup": FORMAT_VERSION, **unstructure(registry.info)}
    data["reviews"] = [_review(registry, r) for r in registry.reviews.values()]
    return data


def dump_single(registry: Registry) -> str:
    """The registry as the YAML text of a single-file registry."""
    return _dumps(to_plain(registry))


def dump_files(registry: Registry) -> dict[str, str]:
    """The registry as files of the directory layout: ``{relative path: YAML text}``.

    Review files are named after the review ids (``reviews/<id>.yaml``).
    """
    files = {"registry.yaml": _dumps({"followup": FORMAT_VERSION, **unstructure(registry.info)})}
    for review in registry.reviews.values():
        body = {"followup": FORMAT_VERSION, **_review(registry, review)}
        files[f"reviews/{review.id}.yaml"] = _dumps(body)
    return files


def dump_manifest(info: RegistryInfo) -> str:
    """The YAML text of a directory registry's ``registry.yaml`` for ``info``."""
    return _dumps({"followup": FORMAT_VERSION, **unstructure(info)})
