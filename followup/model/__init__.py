"""The model layer: frozen attrs value classes and value types. No I/O, no YAML."""

from followup.model.records import (
    Assessment,
    Confidential,
    Document,
    Evidence,
    FollowUp,
    HistoryEntry,
    Maintainer,
    Recommendation,
    RegistryInfo,
    Response,
    Review,
    Source,
    Theme,
    confidential_fields,
    is_confidential,
)
from followup.model.registry import Registry, UnknownIdError, suggest
from followup.model.scales import BUILTIN_SCALES, HRC_FOLLOW_UP, IMPLEMENTATION, Level, Scale
from followup.model.text import Text, pick
from followup.model.values import Mechanism, Position

__all__ = [
    "BUILTIN_SCALES",
    "HRC_FOLLOW_UP",
    "IMPLEMENTATION",
    "Assessment",
    "Confidential",
    "Document",
    "Evidence",
    "FollowUp",
    "HistoryEntry",
    "Level",
    "Maintainer",
    "Mechanism",
    "Position",
    "Recommendation",
    "Registry",
    "RegistryInfo",
    "Response",
    "Review",
    "Scale",
    "Source",
    "Text",
    "Theme",
    "UnknownIdError",
    "confidential_fields",
    "is_confidential",
    "pick",
    "suggest",
]
