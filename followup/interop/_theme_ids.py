"""Theme ids for theme labels within one import: never one id for two labels.

A theme's id is the :func:`~followup.interop._uhri_text.slug` of its label
(``"Свобода собраний"`` -> ``"svoboda-sobraniy"``). Labels that differ only in case
or white space are one theme. When two different labels give the same slug, the later
one gets a suffix (``-2``, ``-3``, ...) and a notice says so, so that themes are never
merged without a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from followup.interop._uhri_text import slug

__all__ = ["Proposal", "held_keys", "label_key", "propose"]

#: Longest id (the registry's id pattern allows 100 characters).
_LIMIT = 100


def label_key(label: str) -> str:
    """The form in which two labels are the same theme: white space collapsed, no case."""
    return " ".join(label.split()).casefold()


@attrs.frozen
class Proposal:
    """The id a label gets, and the notice to give when it is not the label's slug."""

    key: str
    id: str
    label: str
    notice: str | None


def held_keys(held: Mapping[str, Iterable[str]]) -> tuple[dict[str, str], dict[str, str]]:
    """From the themes a registry holds already (id -> its labels, in every language):
    (label key -> id, id -> first label), to seed an import so that a label the
    registry knows keeps its id and a different label with the same slug gets another."""
    keys: dict[str, str] = {}
    first: dict[str, str] = {}
    for theme_id, labels in held.items():
        first[theme_id] = ""
        for label in labels:
            keys.setdefault(label_key(label), theme_id)
            first[theme_id] = first[theme_id] or label
    return keys, first


def _with_suffix(base: str, number: int) -> str:
    suffix = f"-{number}"
    return base[: _LIMIT - len(suffix)].rstrip("._-") + suffix


def propose(
    labels: Iterable[str], themes: Mapping[str, str], keys: Mapping[str, str]
) -> list[Proposal]:
    """Ids for ``labels``, given the ``themes`` (id -> label) and label ``keys``
    (:func:`label_key` -> id) an import holds already; nothing is changed, so that a
    row that turns out bad leaves no theme behind. One proposal per distinct label."""
    out: list[Proposal] = []
    new_keys: dict[str, str] = {}
    new_ids: dict[str, str] = {}  # id -> label, for the labels of this call
    for label in labels:
        key = label_key(label)
        if key in keys or key in new_keys:
            continue
        base = slug(label, _LIMIT)
        candidate, number = base, 2
        while candidate in themes or candidate in new_ids:
            candidate, number = _with_suffix(base, number), number + 1
        notice = None
        if candidate != base:
            holder = themes.get(base, new_ids.get(base, ""))
            notice = (
                f"theme {label!r} is given the id {candidate!r}: {base!r} is the id of "
                f"theme {holder!r}"
            )
        new_keys[key] = candidate
        new_ids[candidate] = label
        out.append(Proposal(key, candidate, label, notice))
    return out
