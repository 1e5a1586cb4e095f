"""The registry layer: YAML files <-> model, validation reports, layouts."""

from followup.registry.load import FORMAT_VERSION, check, load, validate
from followup.registry.report import Problem, Report, Severity

__all__ = ["FORMAT_VERSION", "Problem", "Report", "Severity", "check", "load", "validate"]
