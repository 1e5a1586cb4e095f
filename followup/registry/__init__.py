"""The registry layer: YAML files <-> model, validation reports, layouts, editing."""

from followup.registry.editing import Change, ChangedOnDisk, EditError, Editor, edit
from followup.registry.load import FORMAT_VERSION, check, load, validate
from followup.registry.migration import FileMigration, MigrationError, migrate
from followup.registry.report import Problem, Report, Severity
from followup.registry.safefile import LockTimeout, UnsafeFile
from followup.registry.transaction import InterruptedEdit

__all__ = [
    "FORMAT_VERSION",
    "Change",
    "ChangedOnDisk",
    "EditError",
    "Editor",
    "FileMigration",
    "InterruptedEdit",
    "LockTimeout",
    "MigrationError",
    "Problem",
    "Report",
    "Severity",
    "UnsafeFile",
    "check",
    "edit",
    "load",
    "migrate",
    "validate",
]
