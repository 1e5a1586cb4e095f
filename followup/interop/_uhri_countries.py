"""The country names UHRI prints, matched to States.

UHRI's ``Countries`` holds names, not codes. Records of treaty bodies also carry the
State's ISO alpha-3 code in their document symbol (``CCPR/C/KAZ/CO/3``); records of the
UPR and special procedures are matched by name, through :mod:`followup.interop.states`
(every State and territory: ISO's names, the UN's forms such as
``"Bolivia (Plurinational State of)"`` and ``"Kosovo*"``, older forms).
"""

from __future__ import annotations

from followup.interop.states import names_of, normalise

__all__ = ["names_of", "normalise"]
