"""The optional fast YAML parser, used only where it reads exactly as ruamel.yaml does.

``yaml-rs`` (a Rust YAML 1.2 parser, the ``followup[fast]`` extra) reads registry-shaped
YAML 20-30x faster than ruamel.yaml's C loader, but differs from it in many corners:
what is a date, a number or a line break, how a block scalar ends, what a flow
collection may hold, what is an error. Rather than list every corner, :func:`parse`
accepts only text made of the plain constructs registries are written in and
*declines* (:data:`DECLINED`) everything else, which ruamel.yaml then reads; so both
paths give the same plain data. Text is declined when it has:

- a tab, a backslash, a control character, a lone surrogate, U+FEFF, U+FFFE, U+FFFF,
  or a NEL, LS or PS (line breaks for ruamel.yaml, ordinary characters for yaml-rs);
  a lone ``\\r`` (CRLF is read as LF, as YAML normalises line breaks);
- anchors, aliases, tags, ``%`` directives, ``---`` or ``...`` markers, ``<<`` merge
  keys, ``?`` complex keys, empty keys, very deep block nesting (yaml-rs overflows its
  stack);
- a flow collection (``[...]``, ``{...}``) that is not one line of simple items: words,
  canonical integers, quoted text not starting with a digit, empty ``[]`` and ``{}``
  (a URL or a ``:`` in a flow collection is read differently);
- a scalar that starts like a number, date or time (``2025-06-30``, ``10:00``, ``.5e3``,
  ``1_000``, ``"2025-06-30"``) unless it is a plain canonical integer, decimal or date
  (a real calendar date) after ``key:`` or ``-``, or a quoted run of digits and dots
  such as ``"52"`` or ``"2025.2"``;
- a block scalar (``|``, ``>``) that is empty, has an indentation indicator, starts
  with blank lines, or ends the text without a final line break.

Whatever yaml-rs refuses, or reads deeper than ruamel.yaml allows, declines too, so
ruamel.yaml produces the error message. ``tests/test_fastyaml.py`` checks all this
against ruamel.yaml on bundled, generated, hypothesis-made and hostile texts.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final

__all__ = ["DECLINED", "available", "parse"]


class _Declined:
    def __repr__(self) -> str:
        return "DECLINED"


#: Returned when the text must be read by ruamel.yaml.
DECLINED: Final = _Declined()

_yaml_rs: Any
try:  # the optional extra
    import yaml_rs as _yaml_rs
except ImportError:  # pragma: no cover - depends on the installation
    _yaml_rs = None

#: Must equal ``yamlio.MAX_DEPTH`` (checked by the tests; yamlio imports this module).
_MAX_DEPTH: Final = 32

# Characters that send a text to ruamel.yaml wherever they are.
_FORBIDDEN = re.compile(
    "[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\u2028\u2029]"
)

# A backslash escape other than \" and \\ (in plain scalars a backslash is a character:
# those are declined too, which is safe).
_ESCAPE = re.compile(r'\\[^"\\]')

# Line starts (the text is searched with a "\n" in front) that send it to ruamel.yaml.
_LINE_START = re.compile(
    r"\n(?:"
    r"%"  # a directive
    r"|---|\.\.\."  # a document marker
    r"|[ ]*+(?:-[ ]++)*+[?:](?:[ ]|\n)"  # a complex key, an empty key
    r"|[ ]{100}"  # very deep indentation
    r"|[ ]*+(?:[-?:][ ]++){8}"  # many nested levels opened on one line
    r")"
)

# An anchor, alias or tag: '&', '*' or '!' opening a token.
_NODE_PROPERTY = re.compile(r"[&*!](?<=[\s\[\]{},:\"'][&*!])")

# -- flow collections ------------------------------------------------------------------

_ITEM = (
    r"(?:[A-Za-z][A-Za-z0-9_./\-]*+(?:[ ]++[A-Za-z0-9_./\-]++)*+"  # words
    r"|0|[1-9][0-9]{0,17}+"  # a canonical integer
    r'|"(?:[^"\n0-9+\-. ][^"\n]*+)?"'  # quoted text not starting like a number
    r"|'(?:[^'\n0-9+\-. ][^'\n]*+)?'"
    r"|\[[ ]*+\]|\{[ ]*+\})"  # an empty list or mapping ("[{}, {}]")
)
_KEY = r"[A-Za-z][A-Za-z0-9_\-]*+"
# A flow collection on one line, of simple items, ending its line.
_SAFE_FLOW = (
    rf"(?:\[[ ]*+(?:{_ITEM}[ ]*+(?:,[ ]*+{_ITEM}[ ]*+)*+)?\]"
    rf"|\{{[ ]*+(?:{_KEY}:[ ]++{_ITEM}[ ]*+(?:,[ ]*+{_KEY}:[ ]++{_ITEM}[ ]*+)*+)?\}})"
    r"(?:[ ]*+\n|[ ]++#)"
)
_FLOW_AT = re.compile(_SAFE_FLOW)
_VALUE_FLOW = re.compile(r":[ ]++" + _SAFE_FLOW)  # the common case: "key: [a, b]"
_FLOW_OPEN = re.compile(r"[\[{]")

# -- scalars that start like numbers, dates, times ---------------------------------------

# A run of such a scalar: it may be all of its scalar when it ends the line, its quotes
# or a key. (A "number" for this test is anything from "1" to "2025-06-30 10:00 +1".)
_REST = r"""(?:[^\s"'#:,\[\]{}]|:(?=\S))*+"""
_NUMBER_LIKE = (
    r"(?P<quote>[\"'][ ]*+)?"
    rf"(?P<token>[-+.0-9_=]{_REST}(?:[ ]++[-+0-9]{_REST})*+)"
    r"(?=(?P<end>[ ]*+(?:\n|[\"']|:(?:[ ]|\n))|[ ]++#))"
)
# What both parsers read alike: a canonical integer or decimal, a real date (days 29-31
# of February are left to _real_date), quoted text without ':' not starting like a date.
_CANONICAL = (
    r"(?:(?:-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,15})?"
    r"|(?!0000)[0-9]{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    r"|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31))"
    r"""|"(?![-+]?[0-9]++-)[^"\n:]*+"|'(?![-+]?[0-9]++-)[^'\n:]*+')"""
    r"(?:[ ]*+\n|[ ]++#)"
)
# what _NUMBER_LIKE needs to start: tried first, so that other values (text) fail at once
_STARTS_NUMBER_LIKE = r"(?=[\"']?[ ]*+[-+.0-9_=])"
# after ': ' (canonical values skipped by the regex), and at a line's start
_VALUE_NUMBER_LIKE = re.compile(rf":[ ]++{_STARTS_NUMBER_LIKE}(?!{_CANONICAL}){_NUMBER_LIKE}")
_LINE_NUMBER_LIKE = re.compile(rf"\n[ ]*+(?P<dash>(?:-[ ]++)*+){_STARTS_NUMBER_LIKE}{_NUMBER_LIKE}")
_PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,15})?")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MONTH = re.compile(r"(?!0000)[0-9]{4}-(?:0[1-9]|1[0-2])")
_DATE_START = re.compile(r"[-+]?[0-9]++-")
# a line ending with an indicator after which a node may start on the next line
_PREVIOUS_ENDS_NODE = re.compile(r"(?::|(?:\A|[ ])(?:[-?]|[|>][-+]?)|\A---)\Z")

# -- block scalars ---------------------------------------------------------------------------

_VALUE_BLOCK = re.compile(r":[ ]++[|>]")
_LINE_BLOCK = re.compile(r"\n[ ]*+(?:-[ ]++)*+[|>]")
# the common case: "key: >-" followed by a line indented more than the key
_GOOD_BLOCK = re.compile(
    r"\n([ ]*+)[^\s\-#:?'\"\[{][^\n:]*+:[ ]++[|>][-+]?(?:[ ]++#[^\n]*+|[ ]*+)\n\1[ ]++\S"
)
_BLOCK_HEADER = re.compile(r"(?::[ ]++|\n[ ]*+(?:-[ ]++)*+)[|>]([^\n]*+)\n")
_HEADER_REST = re.compile(r"[-+]?(?:[ ]++#[^\n]*+|[ ]*+)")


def available() -> bool:
    """True when the fast parser is installed."""
    return _yaml_rs is not None


def parse(text: str) -> Any:
    """Plain data from ``text``, or :data:`DECLINED` when ruamel.yaml must read it."""
    if _yaml_rs is None:
        return DECLINED
    if "\r" in text:  # the guards know only '\n' line breaks
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return DECLINED
    if _declines(text):
        return DECLINED
    try:
        data = _yaml_rs.loads(text, parse_datetime=True)
    except Exception:  # any refusal: ruamel.yaml will say what is wrong
        return DECLINED
    return data if _depth_ok(data) else DECLINED


def _declines(text: str) -> bool:
    """True when ``text`` has a construct the fast path does not read as ruamel.yaml."""
    if _has_forbidden(text) or "<<" in text or _ESCAPE.search(text):
        return True
    padded = f"\n{text}\n"  # one copy of the text, not two
    if _LINE_START.search(padded):
        return True
    if _has_node_property(padded):
        return True
    return not (_flows_ok(padded) and _scalars_ok(padded) and _block_scalars_ok(padded, text))


def _has_forbidden(text: str) -> bool:
    """``_FORBIDDEN.search(text)``, searched only in the characters that may match.

    The allowed ASCII characters are deleted from the UTF-8 bytes first (a C loop; what
    is left is still UTF-8: the bytes of the other characters, in order), so the
    pattern runs over the few non-ASCII and control characters instead of all of them.
    """
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ALLOWED_ASCII)
    return bool(rest) and _FORBIDDEN.search(rest.decode("utf-8", "surrogatepass")) is not None


# printable ASCII and the line breaks: never in _FORBIDDEN
_ALLOWED_ASCII: Final = bytes([0x0A, 0x0D, *range(0x20, 0x7F)])
_OPENS_PROPERTY: Final = frozenset("[]{},:\"'")


def _has_node_property(padded: str) -> bool:
    """``_NODE_PROPERTY.search(padded)``: an ``&``, ``*`` or ``!`` after white space (as
    the pattern's ``\\s``: ``str.isspace``) or after one of ``[]{},:"'``; each found
    by ``str.find``, so a text without them is not scanned character by character.
    A text with very many of them (say a hostile one) is searched by the pattern."""
    seen = 0
    for mark in "&*!":
        at = padded.find(mark, 1)
        while at != -1:
            before = padded[at - 1]
            if before in _OPENS_PROPERTY or before.isspace():
                return True
            seen += 1
            if seen > _FEW_MARKS:
                return _NODE_PROPERTY.search(padded) is not None
            at = padded.find(mark, at + 1)
    return False


_FEW_MARKS: Final = 1000


def _flows_ok(padded: str) -> bool:
    """True when every flow collection is one line of simple items."""
    if padded.count("[") + padded.count("{") == len(_VALUE_FLOW.findall(padded)):
        return True  # every bracket opens a safe "key: [...]"
    matched_to = 0  # the end of the last safe flow collection (empty ones nest in it)
    for match in _FLOW_OPEN.finditer(padded):
        at = match.start()
        if at < matched_to:
            continue
        before = padded[padded.rfind("\n", 0, at) + 1 : at].rstrip(" ")
        # a bracket within a plain scalar ("see [1]") opens no collection
        if before and before[-1] not in ":-?,[{\"'" and not before.endswith("---"):
            continue
        flow = _FLOW_AT.match(padded, at)
        if not flow:
            return False
        matched_to = flow.end()
    return True


def _scalars_ok(padded: str) -> bool:
    """True when every scalar that starts like a number, date or time reads the same."""
    for match in _VALUE_NUMBER_LIKE.finditer(padded):
        if not _number_like_ok(match):
            return False
    for match in _LINE_NUMBER_LIKE.finditer(padded):
        if match["token"] == "-" and match["end"].lstrip(" ").startswith("\n"):
            continue  # a bare "-" ending its line: an empty list item to both parsers
        if not (match["dash"] or match["quote"] or match["end"].lstrip(" ").startswith(":")):
            # a line's first word: all of a scalar only if a node starts on this line
            # and the line ends after it ('19 "words"' goes on)
            if _starts_node(padded, match.start()) and match["end"].lstrip(" ")[:1] not in "\"'":
                return False
        elif not _number_like_ok(match):
            return False
    return True


def _number_like_ok(match: re.Match[str]) -> bool:
    token, quote, end = match["token"], match["quote"], match["end"].lstrip(" ")
    if quote is not None:
        # quoted: yaml-rs makes a date or a time of it
        return len(quote) == 1 and ":" not in token and not _DATE_START.match(token)
    if end[:1] in ('"', "'"):
        return True  # the plain scalar goes on: '19 "words"'
    if _PLAIN_NUMBER.fullmatch(token):
        return True
    if _MONTH.fullmatch(token):
        return True  # a month (2025-05): text to both parsers
    date = _DATE.fullmatch(token)
    return date is not None and _real_date(*date.groups())


def _starts_node(padded: str, at: int) -> bool:
    """True unless the line at ``at`` (its '\n') surely continues the scalar above it."""
    start = padded.rfind("\n", 0, at)
    if start == -1:
        return True  # the document's first line
    previous = padded[start + 1 : at].rstrip(" ")
    return not previous or "#" in previous or bool(_PREVIOUS_ENDS_NODE.search(previous))


def _real_date(year: str, month: str, day: str) -> bool:
    if year == "0000" or not ("01" <= month <= "12" and "01" <= day <= "31"):
        return False
    if day <= "28":
        return True
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _block_scalars_ok(padded: str, text: str) -> bool:
    """True when every block scalar has content, no indentation indicator, no leading
    blank line, and the text ends with a line break after it."""
    headers = len(_VALUE_BLOCK.findall(padded)) + len(_LINE_BLOCK.findall(padded))
    if headers == 0:
        return True
    if not text.endswith("\n"):
        return False
    if headers == len(_GOOD_BLOCK.findall(padded)):
        return True
    for match in _BLOCK_HEADER.finditer(padded):
        if not _HEADER_REST.fullmatch(match[1]):
            return False  # an indentation indicator, or text after the header
        header_start = padded.rfind("\n", 0, match.end() - 1) + 1
        line = padded[header_start : match.end() - 1]
        content = line.lstrip(" ")
        column = len(line) - len(content)
        while content.startswith("-") and content[1:2] == " ":
            stripped = content[1:].lstrip(" ")
            if stripped[:1] in ("|", ">"):
                break  # '- |': content must pass the sequence entry's dash
            column += len(content) - len(stripped)
            content = stripped
        # the first content line must be more indented than ``column``
        stop = padded.find("\n", match.end())
        first = padded[match.end() : stop]
        body = first.lstrip(" ")
        if not body or len(first) - len(body) <= column:
            return False  # empty, or starts with a blank line
    return True


def _depth_ok(data: Any) -> bool:
    """True when no list or mapping nests deeper than ruamel.yaml allows.

    Level by level (no recursion): each level's lists and mappings are gathered from
    the one above in a comprehension, and there are at most ``_MAX_DEPTH`` levels.
    """
    level = [data] if type(data) in _NESTS else []
    for _depth in range(_MAX_DEPTH):
        if not level:
            return True
        dicts = [node.values() for node in level if type(node) is dict]
        level = [c for n in dicts for c in n if type(c) in _NESTS] + [
            c for n in level if type(n) is list for c in n if type(c) in _NESTS
        ]
    return not level


_NESTS = frozenset((dict, list))
