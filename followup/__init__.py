"""followup: track UN human-rights recommendations, State responses and implementation.

The public API is what this module exports (``__all__``), plus the subpackages
``followup.charts``, ``followup.links`` and ``followup.scorecard`` (loaded on first
use); everything else is private by convention. ``import followup`` stays light: no
matplotlib, no hypothesis, no model of language.
"""

from followup.errors import FollowupError, RegistryError
from followup.model import (
    Assessment,
    Document,
    Evidence,
    FollowUp,
    Judge,
    Level,
    Maintainer,
    Mechanism,
    PartialDate,
    Position,
    Recommendation,
    Registry,
    RegistryInfo,
    Response,
    Review,
    Role,
    Scale,
    Scope,
    Source,
    Text,
    Theme,
    UnknownIdError,
    confidential_fields,
    is_confidential,
    pick,
)
from followup.model.dates import InvalidDate
from followup.registry import (
    FORMAT_VERSION,
    Change,
    ChangedOnDisk,
    EditError,
    Editor,
    FileMigration,
    InterruptedEdit,
    LockTimeout,
    MigrationError,
    Problem,
    Report,
    Severity,
    UnsafeFile,
    check,
    edit,
    load,
    migrate,
    validate,
)
from followup.registry.outputs import UnsafeOutput
from followup.scoring import GroupScore, Policy, ScoreResult, score


def _version() -> str:
    """The installed distribution's version: pyproject.toml is its one source."""
    from importlib import metadata

    try:
        return metadata.version("followup")
    except metadata.PackageNotFoundError:  # a checkout on sys.path, never installed
        return "0+unknown"


__version__ = _version()

#: Subpackages imported on first use, so that ``import followup`` stays light (the
#: charts and scorecards need matplotlib, links may load a model):
#: ``followup.scorecard.build(...)`` just works.
_LAZY = ("charts", "links", "scorecard")


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return importlib.import_module(f"followup.{name}")
    raise AttributeError(f"module 'followup' has no attribute {name!r}")


__all__ = [
    "FORMAT_VERSION",
    "Assessment",
    "Change",
    "ChangedOnDisk",
    "Document",
    "EditError",
    "Editor",
    "Evidence",
    "FileMigration",
    "FollowUp",
    "FollowupError",
    "GroupScore",
    "InterruptedEdit",
    "InvalidDate",
    "Judge",
    "Level",
    "LockTimeout",
    "Maintainer",
    "Mechanism",
    "MigrationError",
    "PartialDate",
    "Policy",
    "Position",
    "Problem",
    "Recommendation",
    "Registry",
    "RegistryError",
    "RegistryInfo",
    "Report",
    "Response",
    "Review",
    "Role",
    "Scale",
    "Scope",
    "ScoreResult",
    "Severity",
    "Source",
    "Text",
    "Theme",
    "UnknownIdError",
    "UnsafeFile",
    "UnsafeOutput",
    "__version__",
    "check",
    "confidential_fields",
    "edit",
    "is_confidential",
    "load",
    "migrate",
    "pick",
    "score",
    "validate",
]
