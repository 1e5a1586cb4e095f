"""Judges: who makes the assessments of a registry, declared once in its manifest.

An assessment's ``by:`` names a judge by id; the manifest says who that is (``name``)
and in what capacity (``role``): a UN body grading a State, the State judging itself,
a national human-rights institution, an NGO, or the registry's own compilers. Scores
and scorecards say whose judgements they count, and the agreement between judges is
measured per pair (:mod:`followup.scoring.agreement`).
"""

from __future__ import annotations

from enum import StrEnum

from attrs import field, frozen

from followup.model._validators import _id, _opt_url
from followup.model.text import Text

__all__ = ["Judge", "Role"]


class Role(StrEnum):
    """In what capacity a judge assesses implementation."""

    UN_BODY = "un-body"  # a treaty body, the UPR, a special procedure
    STATE = "state"  # the State under review, judging itself
    NHRI = "nhri"  # a national human-rights institution (ombudsman)
    NGO = "ngo"  # a non-governmental organisation
    COMPILERS = "compilers"  # the registry's compilers, reading the evidence
    OTHER = "other"

    @property
    def is_independent(self) -> bool:
        """False for the State judging itself."""
        return self is not Role.STATE


@frozen
class Judge:
    """Someone whose assessments a registry records (``by: <id>``)."""

    id: str = field(validator=_id)
    name: Text
    role: Role
    url: str | None = field(default=None, validator=_opt_url)
    description: Text | None = None
