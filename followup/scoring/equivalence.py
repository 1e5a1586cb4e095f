"""How the levels of one scale read on another: the equivalences between scales.

Judges grade on different scales (the Committee A-E, an NGO "partially implemented").
To compare them, or to count a Committee grade of E as a regression, a level of another
scale is read on the registry's default scale through the manifest's ``equivalences:``
for that scale, else through :data:`DEFAULT_EQUIVALENCES`. The reasons for the default
mapping are in ``docs/methodology.md``.
"""

from __future__ import annotations

from collections.abc import Mapping

from followup.model.registry import Registry

__all__ = ["DEFAULT_EQUIVALENCES", "equivalences_of"]

#: How the Human Rights Committee's follow-up grades read on the ``implementation``
#: scale when a registry states no mapping of its own. ``D`` (no cooperation with the
#: Committee) is a reporting failure: it says nothing about implementation, so it maps
#: to nothing.
DEFAULT_EQUIVALENCES: Mapping[str, Mapping[str, str | None]] = {
    "hrc-follow-up": {
        "A": "implemented",
        "B": "partially-implemented",
        "C": "not-implemented",
        "D": None,
        "E": "regressed",
    },
}


def equivalences_of(registry: Registry, scale_id: str) -> Mapping[str, str | None]:
    """Level of ``scale_id`` -> level of the default scale (None: no equivalent).

    The registry's own ``equivalences`` for that scale when it states them, else the
    default mapping; empty for a scale nobody has mapped (and for the default scale).
    """
    stated = registry.info.equivalences.get(scale_id)
    if stated is not None:
        return stated
    return DEFAULT_EQUIVALENCES.get(scale_id, {})
