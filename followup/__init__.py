"""followup: track UN human-rights recommendations, State responses and implementation.

The public API is what this module exports (``__all__``); everything else is private
by convention. ``import followup`` stays light: no matplotlib, no hypothesis.
"""

from followup.errors import FollowupError, RegistryError
from followup.model import (
    Assessment,
    Document,
    Evidence,
    FollowUp,
    Level,
    Maintainer,
    Mechanism,
    Position,
    Recommendation,
    Registry,
    RegistryInfo,
    Response,
    Review,
    Scale,
    Source,
    Text,
    Theme,
    UnknownIdError,
    confidential_fields,
    is_confidential,
    pick,
)
from followup.registry import FORMAT_VERSION, Problem, Report, Severity, check, load, validate

__version__ = "0.1.0.dev0"

__all__ = [
    "FORMAT_VERSION",
    "Assessment",
    "Document",
    "Evidence",
    "FollowUp",
    "FollowupError",
    "Level",
    "Maintainer",
    "Mechanism",
    "Position",
    "Problem",
    "Recommendation",
    "Registry",
    "RegistryError",
    "RegistryInfo",
    "Report",
    "Response",
    "Review",
    "Scale",
    "Severity",
    "Source",
    "Text",
    "Theme",
    "UnknownIdError",
    "__version__",
    "check",
    "confidential_fields",
    "is_confidential",
    "load",
    "pick",
    "validate",
]
