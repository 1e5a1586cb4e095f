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
from itertools import chain, compress
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

# A line whose first character after its indentation and "- " indicators is not a
# letter. Each line _LINE_START, _LINE_NUMBER_LIKE or _LINE_BLOCK matches is one (100 or
# more spaces, or 8 or more "- ", leave a space or a dash there), so those patterns are
# tried only at these lines: one pass over the text instead of three.
_ODD_LINE = re.compile(r"\n[ ]{0,99}+(?:-[ ]++){0,7}+[^A-Za-z\n]")

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
# (Possessive digit runs: what follows them is never a digit, so nothing is lost, and
# a date such as 2025-06-30 is not tried again with fewer digits before the '-'.)
_CANONICAL = (
    r"(?:(?:-?(?:0|[1-9][0-9]{0,17}+)(?:\.[0-9]{1,15}+)?"
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
    r"\n([ ]*+)[^\s\-#:?'\"\[{][^\n:]*+(:)[ ]++[|>][-+]?(?:[ ]++#[^\n]*+|[ ]*+)\n\1[ ]++\S"
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
    encoded = text.encode("utf-8", "surrogatepass")
    if _declines(text, encoded):
        return DECLINED
    try:
        # the UTF-8 bytes (valid: lone surrogates are declined), read faster than the text
        data = _yaml_rs.load(encoded, parse_datetime=True)
    except Exception:  # any refusal: ruamel.yaml will say what is wrong
        return DECLINED
    return data if _depth_ok(data) else DECLINED


def _declines(text: str, encoded: bytes | None = None) -> bool:
    """True when ``text`` has a construct the fast path does not read as ruamel.yaml
    (``encoded``: its UTF-8 bytes, surrogates passed, when they are at hand)."""
    if encoded is None:
        encoded = text.encode("utf-8", "surrogatepass")
    # '<' and '\\' are ASCII: searched in the UTF-8 bytes (one byte per character)
    if (b"<" in encoded and b"<<" in encoded) or (b"\\" in encoded and _ESCAPE.search(text)):
        return True  # ('<' alone is a fast byte search, "<<" is not)
    if _has_forbidden(encoded):
        return True
    # The patterns find a line's start by its '\n' and its end by the next one. A text
    # ending with a line break is searched as it is (no copy), its first line apart, with
    # a '\n' in front; any other text, with '\n' before and after.
    searched = text if text.endswith("\n") else f"\n{text}\n"
    first_line = "\n" + text[: text.find("\n") + 1]
    segments = (first_line, text) if searched is text else (searched,)
    line_headers = False  # a block scalar header starting its line ("- |")
    for segment in segments:
        odd_lines = [match.start() for match in _ODD_LINE.finditer(segment)]
        if any(_LINE_START.match(segment, at) for at in odd_lines):
            return True  # as _LINE_START.search: it matches only at odd lines
        if not _line_scalars_ok(segment, odd_lines):
            return True
        line_headers = line_headers or any(_LINE_BLOCK.match(segment, at) for at in odd_lines)
    if _has_node_property(searched):
        return True
    return not (
        _flows_ok(searched)
        and _value_scalars_ok(searched)
        and _block_scalars_ok(searched, text, line_headers)
    )


def _has_forbidden(encoded: bytes) -> bool:
    """``_FORBIDDEN.search(text)`` for the text whose UTF-8 bytes (surrogates passed) are
    ``encoded``, searched only in the characters that may match.

    The allowed ASCII characters are deleted from the bytes first (a C loop; what is
    left is still UTF-8: the bytes of the other characters, in order), so the pattern
    runs over the few non-ASCII and control characters instead of all of them.
    """
    rest = encoded.translate(None, _ALLOWED_ASCII)
    return bool(rest) and _FORBIDDEN.search(rest.decode("utf-8", "surrogatepass")) is not None


# printable ASCII and the line breaks: never in _FORBIDDEN
_ALLOWED_ASCII: Final = bytes([0x0A, 0x0D, *range(0x20, 0x7F)])
_OPENS_PROPERTY: Final = frozenset("[]{},:\"'")


def _has_node_property(searched: str) -> bool:
    """``_NODE_PROPERTY.search("\\n" + searched)``: an ``&``, ``*`` or ``!`` at the start,
    after white space (as the pattern's ``\\s``: ``str.isspace``) or after one of
    ``[]{},:"'``; each found by ``str.find``, so a text without them is not scanned
    character by character. A text with very many of them (say a hostile one) is
    searched by the pattern."""
    if searched.startswith(("&", "*", "!")):
        return True
    seen = 0
    for mark in "&*!":
        at = searched.find(mark, 1)
        while at != -1:
            before = searched[at - 1]
            if before in _OPENS_PROPERTY or before.isspace():
                return True
            seen += 1
            if seen > _FEW_MARKS:
                return _NODE_PROPERTY.search(searched) is not None
            at = searched.find(mark, at + 1)
    return False


_FEW_MARKS: Final = 1000


def _flows_ok(padded: str) -> bool:
    """True when every flow collection is one line of simple items (``padded``: the
    text, ending with a line break, or the text with '\n' before and after)."""
    openers = padded.count("[") + padded.count("{")
    if openers == 0 or openers == len(_VALUE_FLOW.findall(padded)):
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


def _value_scalars_ok(searched: str) -> bool:
    """True when every value (after ``key:``) starting like a number or date reads the same."""
    return all(_number_like_ok(match) for match in _VALUE_NUMBER_LIKE.finditer(searched))


def _line_scalars_ok(padded: str, odd_lines: list[int]) -> bool:
    """True when every scalar starting a line and starting like a number, date or time
    reads the same.

    ``odd_lines``: where ``_ODD_LINE`` matches, the only lines where _LINE_NUMBER_LIKE
    can (its matches do not pass the end of their line, so these are all of them).
    """
    for at in odd_lines:
        match = _LINE_NUMBER_LIKE.match(padded, at)
        if match is None:
            continue
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
    # at 0: the document's first line (previous is empty); a text searched without a
    # '\n' in front has its first line before its first '\n' (start is -1)
    start = padded.rfind("\n", 0, at)
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


def _block_scalars_ok(searched: str, text: str, line_headers: bool) -> bool:
    """True when every block scalar has content, no indentation indicator, no leading
    blank line, and the text ends with a line break after it.

    ``searched``: the text, or the text with '\n' before and after; ``line_headers``:
    whether a header starts a line (``_LINE_BLOCK`` matches).
    """
    value_headers = [match.start() for match in _VALUE_BLOCK.finditer(searched)]
    if not (line_headers or value_headers):
        return True
    if not text.endswith("\n"):
        return False
    if not line_headers and all(_good_block(searched, at) for at in value_headers):
        return True  # each "key: >" has content on the next line, indented more
    padded = f"\n{text}\n"
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


def _good_block(searched: str, at: int) -> bool:
    """True when the ``key: |`` header whose ':' is at ``at`` is the common case: the first
    ':' of its line, followed by content on the next line indented more than the key."""
    start = searched.rfind("\n", 0, at)  # -1 on a text's first line: not this case
    match = _GOOD_BLOCK.match(searched, start) if start != -1 else None
    return match is not None and match.start(2) == at


def _depth_ok(data: Any) -> bool:
    """True when no list or mapping nests deeper than ruamel.yaml allows.

    Level by level (no recursion, at most ``_MAX_DEPTH`` levels), each level's lists and
    mappings picked from the children of the one above by C loops (``map``, ``compress``).
    """
    level = [data] if type(data) in _NESTS else []
    for _depth in range(_MAX_DEPTH):
        if not level:
            return True
        children = list(chain.from_iterable([n.values() if type(n) is dict else n for n in level]))
        level = list(compress(children, map(_NESTS.__contains__, map(type, children))))
    return not level


_NESTS = frozenset((dict, list))
