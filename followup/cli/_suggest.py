""" "Did you mean ...?" for the command line: commands, scales, review ids, periods, States.

:func:`nearest` finds the known names closest to what was typed (difflib's ratio,
plus names that start with it or contain it, so ``hrc`` finds ``hrc-follow-up``);
:func:`hint` words them for a message.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

__all__ = ["hint", "nearest", "period_guess"]


def nearest(typed: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` of ``known`` closest to ``typed``, best first (case ignored)."""
    names = list(dict.fromkeys(known))
    folded = {name.casefold(): name for name in names}
    want = typed.strip().casefold()
    found: list[str] = []
    if want in folded:
        found.append(folded[want])
    if want:
        found += [name for key, name in folded.items() if key.startswith(want)]
        found += [name for key, name in folded.items() if len(want) >= 3 and want in key]
    found += [folded[key] for key in difflib.get_close_matches(want, folded, n=n, cutoff=0.6)]
    if len(want) >= 4:  # a misspelled start: "partialy" for "partially-implemented"
        found += [name for key, name in folded.items() if _ratio(want, key[: len(want)]) >= 0.75]
    return list(dict.fromkeys(found))[:n]


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def hint(typed: str, known: Iterable[str], n: int = 3) -> str:
    """``"; did you mean 'a' or 'b'?"`` for the names nearest ``typed``, or ``""``."""
    near = nearest(typed, known, n)
    if not near:
        return ""
    quoted = [repr(name) for name in near]
    words = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f"; did you mean {words}?"


_QUARTER = re.compile(r"^\s*(?:(\d{4})\W*([QqHh])\s*([1-4])|([QqHh])\s*([1-4])\W*(\d{4}))\s*$")
_MONTH = re.compile(r"^\s*(\d{4})\s*[./_ ]\s*(\d{1,2})\s*$")


def period_guess(text: str) -> str | None:
    """The period ``text`` most likely means, written as ``followup`` reads it
    (``2025q3`` and ``Q3 2025`` -> ``2025-Q3``, ``2025/7`` -> ``2025-07``), or None."""
    match = _QUARTER.match(text)
    if match:
        year, kind, number = match.group(1, 2, 3) if match.group(1) else match.group(6, 4, 5)
        if kind.upper() == "H" and number not in "12":
            return None
        return f"{year}-{kind.upper()}{number}"
    match = _MONTH.match(text)
    if match and 1 <= int(match.group(2)) <= 12:
        return f"{match.group(1)}-{int(match.group(2)):02d}"
    return None
