"""The optional fast YAML parser, used only where it reads exactly as ruamel.yaml does.

``yaml-rs`` (a Rust YAML 1.2 parser, the ``followup[fast]`` extra) reads registry-shaped
YAML about 20-30x faster than ruamel.yaml's C loader. It differs from ruamel.yaml in a
few corners; texts that reach one of them are *declined* (:data:`DECLINED`) and read by
ruamel.yaml instead, so both paths give the same plain data. The corners, each found
by the differential tests in ``tests/test_fastyaml.py``:

- anchors, aliases and tags (yaml-rs drops unknown tags and resolves a self-reference to
  null), and ``%`` directives;
- more than one document (yaml-rs returns a list of them);
- characters YAML forbids (control characters, lone surrogates, U+FFFE/U+FFFF);
- a *quoted* date such as ``"2025-06-30"`` (yaml-rs makes it a date; YAML says string);
- ``<<`` merge keys and a lone ``=`` value (ruamel.yaml merges or refuses them);
- deep block nesting (yaml-rs overflows its stack on ``- - - ...`` tens of thousands deep;
  deep *flow* nesting it refuses cleanly);
- integers written ``_1``, ``0B1``, ``0O1``, ``0X1`` and sexagesimal times ``10:00:00``
  (strings for ruamel.yaml, numbers or times for yaml-rs).

Text with a lone ``\r`` line break declines too (the guards are line-based); CRLF is
read as LF, as YAML itself normalises line breaks. Any error from yaml-rs also declines,
so ruamel.yaml produces the error message.
"""

from __future__ import annotations

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

_DECLINE = re.compile(
    "|".join(
        [
            r"(?:^|[\s\[\]{},:\"'])[&*!]",  # anchor, alias, tag
            r"^%",  # directive
            r"(?<!\A)^---(?:\s|$)|^\.\.\.(?:\s|$)",  # a second document or an end marker
            r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]",
            r"[\"']\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}",  # a quoted date
            r"<<",  # merge key
            r"(?:^|[\s\[{,:])=\s*(?:$|#|[,\]}])",  # a lone '='
            r"(?:^|[\s\[{,:])[-+]?(?:_[0-9_]|0[BOX])",  # integer spellings
            r"(?:^|[\s\[{,:])[-+]?[0-9]+(?::[0-9]{1,2})+\s*(?:$|#|[,\]}])",  # sexagesimal
            r"^[ \t]{100,}\S|(?:[-?:][ \t]+){8}",  # deep block nesting (yaml-rs crashes)
            r"^[ ]*[-?:]\t",  # a tab after an indicator (ruamel.yaml refuses it)
        ]
    ),
    re.MULTILINE,
)


def available() -> bool:
    """True when the fast parser is installed."""
    return _yaml_rs is not None


def parse(text: str) -> Any:
    """Plain data from ``text``, or :data:`DECLINED` when ruamel.yaml must read it."""
    if _yaml_rs is None:
        return DECLINED
    if "\r" in text:  # the guards below know only '\n' line breaks
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return DECLINED
    if _DECLINE.search(text):
        return DECLINED
    try:
        data = _yaml_rs.loads(text, parse_datetime=True)
    except Exception:  # any refusal: ruamel.yaml will say what is wrong
        return DECLINED
    return data if _depth_ok(data) else DECLINED


def _depth_ok(data: Any, limit: int = 32) -> bool:
    """True when no list or mapping nests deeper than ``limit`` (checked iteratively)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values() if type(child) in _NESTS)
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node if type(child) in _NESTS)
    return True


_NESTS = (dict, list)
