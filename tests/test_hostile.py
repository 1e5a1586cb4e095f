"""validate() never raises anything but FollowupError, whatever the bytes or YAML."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import followup

_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates().map(lambda d: d),
)
_keys = st.sampled_from(
    [
        "followup",
        "id",
        "title",
        "version",
        "states",
        "reviews",
        "recommendations",
        "history",
        "date",
        "status",
        "response",
        "text",
        "source",
        "document",
        "evidence",
        "x",
        "themes",
        "confidential",
        "unverified",
        "mechanism",
        "state",
        "scale",
        "follow_up",
    ]
)
_documents = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=6),
    max_leaves=30,
)


def _check(tmp_path: Path, payload: bytes) -> None:
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "registry.yaml"
    path.write_bytes(payload)
    report = followup.validate(path)  # must not raise
    assert isinstance(report, followup.Report)
    with contextlib.suppress(followup.FollowupError):
        followup.load(path)


@_SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes(tmp_path: Path, payload: bytes) -> None:
    _check(tmp_path, payload)


@_SETTINGS
@given(_documents)
def test_arbitrary_yaml_documents(tmp_path: Path, document: object) -> None:
    import io

    from ruamel.yaml import YAML

    buffer = io.StringIO()
    YAML(typ="safe", pure=True).dump(
        {"followup": 1, "doc": document} if not isinstance(document, dict) else document, buffer
    )
    _check(tmp_path, buffer.getvalue().encode("utf-8"))
