"""Reading the assessment form: a small url-encoded body from the app's own pages.

:func:`read_form` refuses (:class:`RequestError`, with an HTTP status) what is not a
form this app's pages would send: another site's page (``Sec-Fetch-Site`` or
``Origin``), another encoding, a body without a length or over :data:`MAX_BODY` bytes
(refused before any of it is read), a field given twice. :func:`check_form` turns the
fields into the editor's arguments, or says what is missing or malformed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from followup.model.dates import parse_date

__all__ = ["FORM_FIELDS", "MAX_BODY", "RequestError", "check_form", "read_form"]

#: The largest form body read; a longer one is refused (413) before any of it is read.
MAX_BODY = 64 * 1024
#: The fields of the form (others are ignored).
FORM_FIELDS = ("rec", "level", "on", "by", "evidence", "fact_date", "note", "unverified")


class RequestError(Exception):
    """A request the app refuses: its HTTP status and a message for the user."""

    def __init__(self, status: str, text: str) -> None:
        super().__init__(text)
        self.status, self.text = status, text


def read_form(environ: dict[str, Any]) -> dict[str, str]:
    """The posted form's fields; refuses (:class:`RequestError`) what is not a small
    form-encoded body from this app's own pages."""
    site = environ.get("HTTP_SEC_FETCH_SITE")
    origin = environ.get("HTTP_ORIGIN")
    if site not in (None, "same-origin", "none") or (
        origin not in (None, "null") and urlsplit(origin).netloc != environ.get("HTTP_HOST")
    ):
        raise RequestError("403 Forbidden", "forms are accepted from this app's own pages only")
    kind = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise RequestError("415 Unsupported Media Type", "send the form url-encoded")
    try:
        length = int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        raise RequestError("411 Length Required", "the request gives no length") from None
    if not 0 <= length <= MAX_BODY:
        raise RequestError("413 Content Too Large", f"a form is at most {MAX_BODY} bytes")
    body = environ["wsgi.input"].read(length)
    try:
        pairs = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=32)
    except (UnicodeDecodeError, ValueError):
        raise RequestError("400 Bad Request", "the form is not UTF-8 url-encoded") from None
    values: dict[str, str] = {}
    for name, given in pairs.items():
        if name in FORM_FIELDS:
            if len(given) > 1:
                raise RequestError("400 Bad Request", f"the field {name} is given twice")
            values[name] = given[0].strip()
    return values


def check_form(values: dict[str, str]) -> tuple[list[str], dict[str, Any]]:
    """The errors in the form's values, and the editor's arguments made from them."""
    errors: list[str] = []
    fields: dict[str, Any] = {"rec": values.get("rec", "")}
    for name, label in (("rec", "a recommendation"), ("level", "a level"), ("by", "a judge")):
        if not values.get(name):
            errors.append(f"Choose {label}.")
    scale, _, status = values.get("level", "").rpartition(":")
    fields.update(status=status, scale=scale or None, by=values.get("by", ""))
    for name, label in (("on", "date of the judgement"), ("fact_date", "date of the fact")):
        text = values.get(name, "")
        if not text:
            if name == "on":
                errors.append("Give the date of the judgement (2025-06-30, 2025-06 or 2025).")
            continue
        try:
            fields[name] = parse_date(text)
        except ValueError:
            errors.append(
                f"The {label} {text!r} is not a date such as 2025-06-30, 2025-06 or 2025."
            )
    fields["evidence"] = [line.strip() for line in values.get("evidence", "").splitlines()]
    fields["evidence"] = [line for line in fields["evidence"] if line]
    fields["note"] = values.get("note") or None
    fields["unverified"] = values.get("unverified") or None
    return errors, fields
