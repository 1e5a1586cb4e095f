"""Levels and scales as people type them: ``--status "Partially implemented"``, ``--scale hrc``.

A level is given by its id (``partially-implemented``, ``B``, any case) or by its label
in any language the scale has one in (``Partially implemented``, ``Выполнена частично``,
``B: partially satisfactory`` or ``partially satisfactory``): the scorecard prints
labels, so a user copies them. A level not found gets the levels of the scale the
assessment will use, with their labels, and, when it is a level of another scale, the
``--scale`` that takes it. A response's position is taken the same way, by its id or
its label in any language of followup's catalogues (``"Partially supported"``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from followup.cli._suggest import hint
from followup.errors import FollowupError
from followup.model.manifest import RegistryInfo
from followup.model.records import Assessment
from followup.model.registry import Registry
from followup.model.scales import BUILTIN_SCALES, Level, Scale
from followup.model.values import Position

__all__ = [
    "level_of",
    "position_of",
    "resolve_level",
    "scale_of",
    "scales_of",
    "scales_used",
]

_SPACES = re.compile(r"[\s_-]+")


def _key(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _names(level: Level) -> set[str]:
    """What a level may be called: its id and its labels (each also without an ``X:``
    prefix that repeats the id, as the Human Rights Committee's grades have)."""
    names = {_key(level.id)}
    for language in level.label.languages:
        label = level.label.get(language) or ""
        names.add(_key(label))
        head, colon, rest = label.partition(":")
        if colon and _key(head) == _key(level.id) and rest.strip():
            names.add(_key(rest))
    return names


def level_of(scale: Scale, typed: str) -> str | None:
    """The id of the level of ``scale`` that ``typed`` names (its id, exactly or in
    another case, or one of its labels), or None."""
    if typed in scale:
        return typed
    want = _key(typed)
    found = [level.id for level in scale.levels if want in _names(level)]
    return found[0] if len(found) == 1 else None


def scales_of(info: RegistryInfo) -> dict[str, Scale]:
    """The scales a registry whose manifest says ``info`` knows: the built-in ones and
    its own, by id."""
    scales = dict(BUILTIN_SCALES)
    scales.update((ref.id, ref) for ref in info.scales if isinstance(ref, Scale))
    return scales


def scale_of(info: RegistryInfo, scale: str | None) -> str:
    """The scale id ``--scale`` names (the registry's default when not given); a
    :class:`FollowupError` with the nearest scale ids otherwise."""
    if scale is None:
        return info.default_scale
    known = list(scales_of(info))
    if scale in known:
        return scale
    raise FollowupError(
        f"no scale with id {scale!r} in this registry{hint(scale, known)} "
        f"(its scales: {', '.join(known)})"
    )


def _choices(scale: Scale, language: str) -> str:
    return ", ".join(f"{level.id} ({level.label.pick(language)})" for level in scale.levels)


def resolve_level(
    info: RegistryInfo,
    rec_id: str,
    typed: str,
    scale: str | None,
    used: Callable[[], set[str]] = set,
) -> str:
    """The level id ``--status`` names on the scale the assessment uses (``--scale`` or
    the registry's default); a :class:`FollowupError` listing that scale's levels
    otherwise. ``used`` gives the scales the recommendation was assessed on before (asked
    only to word the error)."""
    scale_id = scale_of(info, scale)
    scales = scales_of(info)
    chosen = scales[scale_id]
    found = level_of(chosen, typed)
    if found is not None:
        return found
    others = [
        (other.id, level)
        for other in scales.values()
        if other.id != scale_id and (level := level_of(other, typed)) is not None
    ]
    if others:
        other_id, level = others[0]
        more = (
            f"; it is level {level!r} of scale {other_id!r}: add --scale {other_id}"
            if scale is None
            else f"; it is level {level!r} of scale {other_id!r}, not of {scale_id!r}"
        )
    else:
        labels = [level.label.pick(info.language) for level in chosen.levels]
        more = hint(typed, [*chosen.level_ids, *labels])
        before = sorted(used() - {scale_id}) if scale is None else []
        if before:
            names = ", ".join(repr(s) for s in before)
            more += f" (it was assessed on scale {names} before: give --scale for that scale)"
    raise FollowupError(
        f"{rec_id}: {typed!r} is not a level of scale {scale_id!r}{more}; "
        f"use one of: {_choices(chosen, info.language)} (the id or the label)"
    )


def scales_used(registry: Registry, rec_id: str) -> set[str]:
    """The scales of the recommendation's assessments so far (none for an unknown id)."""
    rec = registry.recommendations.get(rec_id)
    if rec is None:
        return set()
    default = registry.info.default_scale
    return {e.scale or default for e in rec.history if isinstance(e, Assessment)}


def position_of(rec_id: str, typed: str) -> str:
    """The response position ``--position`` names: its id (``partially-supported``, any
    case, spaces for hyphens) or its label in any language followup has a catalogue for
    (``"Partially supported"``, ``"Partiellement appuyée"``); a :class:`FollowupError`
    with the positions and the nearest ones otherwise."""
    from followup.i18n import languages, message

    want = _key(typed)
    names: dict[str, str] = {}
    for position in Position:
        names[_key(position.value)] = position.value
        for language in languages():
            names.setdefault(_key(message(f"position.{position.value}", language)), position.value)
    if want in names:
        return names[want]
    shown = [f"{p.value} ({message(f'position.{p.value}', 'en')})" for p in Position]
    raise FollowupError(
        f"{rec_id}: {typed!r} is not a response{hint(typed, [p.value for p in Position])}; "
        f"use one of: {', '.join(shown)} (the id or the label)"
    )
