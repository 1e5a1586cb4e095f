"""Model values made from fields already checked, without running validators again.

Two readers use this: the registry's fast build (:mod:`followup.registry._fastbuild`),
which checks each value once exactly as the validators would, and pickling (the warm-load
cache, :mod:`followup.registry.cache`), whose entries hold values that were checked when
they were made. :func:`maker` gives, for an attrs class, a function taking its fields in
order and setting the slots directly (``object.__new__`` and ``object.__setattr__``, as
attrs' own ``__init__`` sets a frozen class's fields). :func:`compact_pickling` makes a
class pickle as that function and its fields' values: one call per value to rebuild it,
instead of attrs' ``__setstate__`` loop.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["compact_pickling", "maker"]


def maker(cls: type) -> Callable[..., Any]:
    """A function taking every field of attrs class ``cls`` in order (positionally) and
    returning the instance, with no validator and no ``__attrs_post_init__`` run.

    It is a module-level function of this module (``make_<class name>``), so pickle can
    name it; made once per class.
    """
    name = f"make_{cls.__name__}"
    made: Callable[..., Any] | None = globals().get(name)
    if made is not None:
        if getattr(made, "_cls", None) is not cls:  # pragma: no cover - a name clash
            raise TypeError(f"two model classes named {cls.__name__}")
        return made
    if getattr(cls, "__attrs_pre_init__", None) is not None:  # pragma: no cover - guard
        raise TypeError(f"{cls.__name__} has a pre-init hook: build it with its __init__")
    names = [a.name for a in attrs.fields(cls)]
    lines = [f"def {name}({', '.join(names)}):", "    self = _new(_cls)"]
    lines += [f"    _set(self, {field!r}, {field})" for field in names]
    lines.append("    return self")
    namespace: dict[str, Any] = {"_new": object.__new__, "_set": object.__setattr__, "_cls": cls}
    exec("\n".join(lines), namespace)
    made = namespace[name]
    made.__module__, made.__qualname__ = __name__, name
    made._cls = cls  # type: ignore[union-attr]
    globals()[name] = made
    return made


def compact_pickling(cls: type) -> None:
    """Make instances of attrs class ``cls`` pickle as ``(maker(cls), field values)``."""
    make = maker(cls)
    names = [a.name for a in attrs.fields(cls)]
    if len(names) == 1:
        get_one = operator.attrgetter(names[0])

        def reduce_one(self: Any) -> tuple[Any, ...]:
            return (make, (get_one(self),))

        cls.__reduce__ = reduce_one  # type: ignore[assignment,method-assign]
    else:
        get_all = operator.attrgetter(*names)

        def reduce_all(self: Any) -> tuple[Any, ...]:
            return (make, get_all(self))

        cls.__reduce__ = reduce_all  # type: ignore[assignment,method-assign]
