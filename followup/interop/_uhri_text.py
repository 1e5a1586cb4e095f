"""Cleaning the text fields of UHRI records: prefixes, HTML, white space, paragraph
numbers, UPR suffixes, SDG targets, body names and dates. Pure functions on strings.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from anyascii import anyascii

from followup.model.values import Mechanism, Position

__all__ = [
    "body_code",
    "clean",
    "html_to_text",
    "parse_datetime",
    "position",
    "sdg_target",
    "slug",
    "split_paragraph",
    "strip_prefix",
    "upr_suffix",
]

_WS = re.compile(r"\s+")
_TAG = re.compile(r"<[^<>]*>")
_BLOCK_TAG = re.compile(r"<\s*(?:br|/p|/div|/li|p|div|li)\b[^<>]*>", re.IGNORECASE)
_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)


def strip_prefix(value: str) -> str:
    """``"- CCPR"`` -> ``"CCPR"``: UHRI's list-item prefix removed, white space trimmed."""
    value = value.strip()
    while value.startswith("- ") or value == "-":
        value = value[2:].strip()
    return value


def clean(value: str) -> str:
    """Prefix removed and white space (``&nbsp;`` included) collapsed to single spaces."""
    return _WS.sub(" ", strip_prefix(value.replace("\xa0", " "))).strip()


def html_to_text(value: str) -> str:
    """Tags removed (block tags become line breaks), entities unescaped, ``&nbsp;`` a
    space; line breaks kept, spaces inside lines collapsed."""
    if "<" in value:
        value = _BLOCK_TAG.sub("\n", value)
        value = _TAG.sub("", value)
    if "&" in value:
        value = html.unescape(value)
    value = value.replace("\xa0", " ").replace("\r\n", "\n").replace("\r", "\n")
    lines = (re.sub(r"[ \t\f\v]+", " ", line).strip() for line in value.split("\n"))
    return "\n".join(line for line in lines if line)


def parse_datetime(value: str) -> dt.date:
    """The date of ``"2025-02-12T00:00:00"`` (any fractional seconds, optional zone)."""
    match = _DATETIME.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a date such as '2025-02-12T00:00:00'")
    year, month, day = (int(g) for g in match.groups()[:3])
    return dt.date(year, month, day)


# -- bodies -----------------------------------------------------------------------------

_SHORT = {m.value: m for m in Mechanism if m not in (Mechanism.NGO, Mechanism.NHRI)}
_LONG = {
    "human rights committee": "CCPR",
    "committee against torture": "CAT",
    "committee on the elimination of discrimination against women": "CEDAW",
    "committee on economic, social and cultural rights": "CESCR",
    "committee on the rights of the child": "CRC",
    "committee on the elimination of racial discrimination": "CERD",
    "committee on the rights of persons with disabilities": "CRPD",
    "committee on enforced disappearances": "CED",
    "committee on migrant workers": "CMW",
    "committee on the protection of the rights of all migrant workers and members of "
    "their families": "CMW",
    "subcommittee on prevention of torture": "SPT",
    "subcommittee on prevention of torture and other cruel, inhuman or degrading "
    "treatment or punishment": "SPT",
    "universal periodic review": "UPR",
}
_SP = re.compile(
    r"^(?:SR|WG|IE|SRSG)\b|^(?:special rapporteur|working group|independent expert)\b",
    re.IGNORECASE,
)


def body_code(value: str) -> tuple[str, Mechanism]:
    """The body's short code and mechanism: ``"- CCPR"`` -> ``("CCPR", CCPR)``,
    ``"- Committee on the Rights of the Child"`` -> ``("CRC", CRC)``, ``"- CRC-OP-AC"`` ->
    ``("CRC-OP-AC", CRC)``, ``"- SR on torture"`` -> ``("SR on torture", SP)``."""
    name = clean(value)
    if not name:
        raise ValueError("the Body is empty")
    upper = name.upper()
    if upper in _SHORT:
        return upper, _SHORT[upper]
    base = upper.split("-OP-")[0]
    if base in _SHORT and base != upper:
        return upper, _SHORT[base]
    if name.lower() in _LONG:
        code = _LONG[name.lower()]
        return code, _SHORT[code]
    if _SP.match(name):
        return name, Mechanism.SP
    raise ValueError(f"unknown Body {value!r} (not a treaty body, the UPR or a special procedure)")


# -- paragraphs -------------------------------------------------------------------------

_UPR_NUM = re.compile(r"^(\d{1,3}\.\d{1,3})(?:\.|\s|$)\s*")
_NUM = re.compile(r"^(\d{1,3})\s*\.(?!\d)\s*(?:(\([a-z]{1,4}\))\s*)?")
_NUM_LETTER = re.compile(r"^(\d{1,3})\s*(\([a-z]{1,4}\))\s*")
_PARA_WORD = re.compile(
    r"^(?:para(?:graph)?s?\.?|§)\s*(\d{1,3}(?:\.\d{1,3})?(?:\s?\([a-z]{1,4}\))?)\s*[:.,\-–]?\s*",
    re.IGNORECASE,
)
_REC_NO = re.compile(
    r"^Recommendation\s+No\.?\s*[^:\n]{0,120}?\bpara(?:graph)?\.?\s*"
    r"(\d{1,3}(?:\.\d{1,3})?(?:\s?\([a-z]{1,4}\))?)\s*:\s*",
    re.IGNORECASE,
)
_LETTER = re.compile(r"^(\([a-z]{1,4}\))\s*")
_HEADING = re.compile(r"^(?:[A-Z]|[IVX]{1,5})\.\s?\S")


def _match_start(line: str) -> tuple[str, str] | None:
    """(paragraph, rest) when ``line`` opens with a paragraph reference."""
    for pattern in (_REC_NO, _PARA_WORD, _UPR_NUM):
        match = pattern.match(line)
        if match:
            return match.group(1).replace(" ", ""), line[match.end() :]
    match = _NUM.match(line) or _NUM_LETTER.match(line)
    if match:
        return match.group(1) + (match.group(2) or ""), line[match.end() :]
    match = _LETTER.match(line)
    if match:
        return match.group(1), line[match.end() :]
    return None


def split_paragraph(text: str) -> tuple[str | None, str]:
    """The paragraph number and the text without it (on one line, spaces collapsed).

    Styles: ``4.The``, ``7. The``, a section heading then ``7. ...``, UPR ``136.1 ...``,
    ``para 12`` / ``paragraph 12`` / ``Recommendation No. ... para. 96: ...`` openings and
    glued sub-paragraph letters ``(a)That``. Text without a number gives ``(None, text)``.
    """
    lines = [line for line in text.split("\n") if line.strip()]
    for at, line in enumerate(lines[:4]):
        found = _match_start(line.strip())
        if found is not None and (at == 0 or all(_is_heading(h) for h in lines[:at])):
            paragraph, rest = found
            body = " ".join([rest, *lines[at + 1 :]])
            return paragraph, _WS.sub(" ", body).strip()
    return None, _WS.sub(" ", text).strip()


def _is_heading(line: str) -> bool:
    """A short line without a closing full stop: a section heading such as
    ``Domestic application of the Covenant`` or ``B.Positive aspects``."""
    line = line.strip()
    return len(line) <= 200 and (
        not line.endswith((".", ";", ":", ",")) or bool(_HEADING.match(line))
    )


def upr_suffix(text: str) -> tuple[str, tuple[str, ...]]:
    """``"To ratify ... (Ethiopia);"`` -> ``("To ratify ...", ("Ethiopia",))``: the
    recommending States in the closing parentheses (nested ones allowed) removed."""
    body = text.rstrip().rstrip(";.").rstrip()
    if not body.endswith(")"):
        return text.strip(), ()
    depth = 0
    for at in range(len(body) - 1, -1, -1):
        if body[at] == ")":
            depth += 1
        elif body[at] == "(":
            depth -= 1
            if depth == 0:
                inner = body[at + 1 : -1]
                states = tuple(s for s in (clean(p) for p in _split_states(inner)) if s)
                rest = body[:at].rstrip()
                if not states or not rest:
                    return text.strip(), ()
                return rest, states
    return text.strip(), ()


def _split_states(inner: str) -> list[str]:
    """Split on commas and semicolons outside parentheses."""
    parts, depth, start = [], 0, 0
    for at, char in enumerate(inner):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char in ",;" and depth == 0:
            parts.append(inner[start:at])
            start = at + 1
    parts.append(inner[start:])
    return parts


# -- small fields -----------------------------------------------------------------------

_TARGET = re.compile(r"^\d{1,2}\.(?:\d{1,2}|[a-z])$")


def sdg_target(value: str) -> str | None:
    """``"5.2 - End all violence ..."`` -> ``"5.2"``; a goal (``"5 - GENDER EQUALITY"``) or
    anything else gives None."""
    code = clean(value).split(" - ", 1)[0].strip()
    return code if _TARGET.match(code) else None


_POSITIONS = {
    "supported": Position.SUPPORTED,
    "accepted": Position.SUPPORTED,
    "supported/accepted": Position.SUPPORTED,
    "noted": Position.NOTED,
    "not supported": Position.NOTED,
    "partially supported": Position.PARTIALLY_SUPPORTED,
    "supported in part": Position.PARTIALLY_SUPPORTED,
}


def position(value: str) -> Position:
    """A UPR position (``"- Supported"``, ``"Noted"``, ...) as a :class:`Position`."""
    key = clean(value).lower().rstrip(".")
    if key in _POSITIONS:
        return _POSITIONS[key]
    raise ValueError(f"unknown UPR position {value!r} (expected supported or noted)")


_SLUG = re.compile(r"[^a-z0-9.]+")


def slug(value: str, limit: int = 100) -> str:
    """A valid id part: transliterated to ASCII (anyascii: ``"Ñandú"`` -> ``"nandu"``,
    ``"Свобода собраний"`` -> ``"svoboda-sobraniy"``), lower case, runs of other
    characters as ``-``, no double separators, at most ``limit`` characters (``"x"``
    when nothing is left)."""
    text = _SLUG.sub("-", anyascii(value).lower())
    text = re.sub(r"[._-]{2,}", "-", text).strip("._-")
    if len(text) > limit:
        text = text[:limit].rstrip("._-")
    return text or "x"
