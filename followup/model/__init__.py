"""The model layer: frozen attrs value classes and value types. No I/O, no YAML."""

from followup.model.dates import PartialDate
from followup.model.judges import Judge, Role
from followup.model.manifest import Maintainer, RegistryInfo, Theme
from followup.model.records import (
    Assessment,
    Confidential,
    Document,
    Evidence,
    FollowUp,
    HistoryEntry,
    Recommendation,
    Response,
    Review,
    Source,
    confidential_fields,
    is_confidential,
)
from followup.model.registry import Registry, UnknownIdError, suggest
from followup.model.scales import BUILTIN_SCALES, HRC_FOLLOW_UP, IMPLEMENTATION, Level, Scale
from followup.model.scope import Scope
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
    "Judge",
    "Level",
    "Maintainer",
    "Mechanism",
    "PartialDate",
    "Position",
    "Recommendation",
    "Registry",
    "RegistryInfo",
    "Response",
    "Review",
    "Role",
    "Scale",
    "Scope",
    "Source",
    "Text",
    "Theme",
    "UnknownIdError",
    "confidential_fields",
    "is_confidential",
    "pick",
    "suggest",
]
