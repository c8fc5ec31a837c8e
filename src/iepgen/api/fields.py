"""Field types for request bodies: text a database can store, dates as ISO strings, ids.

Python's JSON parser lets through what PostgreSQL and SQLite refuse (NUL characters, lone
UTF-16 surrogates, NaN): refusing them here turns what would be a 500 into a 422 that
names the field.
"""

from __future__ import annotations

import math
import re
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, Strict, StringConstraints
from pydantic.json_schema import SkipJsonSchema

from iepgen.errors import InvalidInput

# Word's manual line break is U+000B, a page break U+000C: both mean "new line" to a person.
_LINE_BREAKS = str.maketrans(
    {"\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"}
)
# Other C0 and C1 control characters (tab, newline and carriage return aside) are invisible,
# mean nothing in an IEP, and make XML (DOCX) refuse the whole document.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def printable_text(value: str) -> str:
    """`value` with word-processor line breaks as newlines and control characters removed."""
    return _CONTROL.sub("", value.translate(_LINE_BREAKS))


def storable_text(value: str) -> str:
    """`value` as printable text, or ValueError if a database would refuse to store it."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text (it holds a lone surrogate)") from None
    return printable_text(value)


def printable_json(value: Any) -> Any:
    """A copy of a JSON value with every string (keys too) made printable; NUL is kept so
    `check_storable_json` can name where it was."""
    if isinstance(value, str):
        return _CONTROL.sub(
            lambda m: m.group(0) if m.group(0) == "\x00" else "", value.translate(_LINE_BREAKS)
        )
    if isinstance(value, dict):
        return {printable_json(key): printable_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [printable_json(item) for item in value]
    return value


def _printable_input(value: Any) -> Any:
    """Before any other check: control characters out, so stripping and length limits see
    the text as it will be stored (NUL is kept for `storable_text` to refuse by name)."""
    return printable_json(value) if isinstance(value, str) else value


# Placed after the string constraints in an Annotated type, so it wraps them and runs
# first: stripping and length limits then apply to the text as it will be stored.
Printable = BeforeValidator(_printable_input)


def refuse_null(value: Any) -> Any:
    """For PATCH bodies: a field the record needs may be left out, but not set to null."""
    if value is None:
        raise ValueError("cannot be null; leave the field out to keep its current value")
    return value


def _iso_date_only(value: Any) -> Any:
    # Lax parsing would read 1700000000 as a Unix timestamp: a date must be written as one.
    if isinstance(value, date | str):
        return value
    raise ValueError("must be a date written as YYYY-MM-DD")


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    Printable,
    AfterValidator(storable_text),
]
Code = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
    Printable,
    AfterValidator(storable_text),
]
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    Printable,
    AfterValidator(storable_text),
]
LongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=5000),
    Printable,
    AfterValidator(storable_text),
]


def _empty_to_none(value: str | None) -> str | None:
    return value or None


# Optional free text: blank is allowed and stored as null (a form left empty means
# "nothing to say"), so these have no minimum length.
_BlankableLabel = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=40),
    Printable,
    AfterValidator(storable_text),
]
_BlankableCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=64),
    Printable,
    AfterValidator(storable_text),
]
_BlankableShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=200),
    Printable,
    AfterValidator(storable_text),
]
_BlankableLongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=5000),
    Printable,
    AfterValidator(storable_text),
]
OptionalLabel = Annotated[_BlankableLabel | None, AfterValidator(_empty_to_none)]
OptionalCode = Annotated[_BlankableCode | None, AfterValidator(_empty_to_none)]
OptionalShortText = Annotated[_BlankableShortText | None, AfterValidator(_empty_to_none)]
OptionalLongText = Annotated[_BlankableLongText | None, AfterValidator(_empty_to_none)]

# In a PATCH body, `X | Absent = None`: optional to send, never null, and the OpenAPI
# schema shows plain `X` (pair it with `refuse_null`).
Absent = SkipJsonSchema[None]

IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]
StrictBool = Annotated[bool, Strict()]
FiniteNumber = Annotated[float, Strict(), Field(allow_inf_nan=False)]


def today_utc() -> date:
    """Today's date in UTC: every "not in the future" rule compares with this."""
    return datetime.now(UTC).date()


def canonical_uuid(value: str) -> str | None:
    """The canonical lowercase form of a UUID string, or None if `value` is not one."""
    if len(value) > 64:
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def duplicate_items(values: list[str]) -> list[str]:
    """Items that occur more than once, in first-seen order."""
    seen: set[str] = set()
    duplicates: list[str] = []
    for item in values:
        if item in seen and item not in duplicates:
            duplicates.append(item)
        seen.add(item)
    return duplicates


MAX_JSON_DEPTH = 32


def check_storable_json(value: Any, field: tuple[str | int, ...], depth: int = 0) -> None:
    """Raise InvalidInput naming the first value a database would refuse (or absurd nesting)."""
    if depth > MAX_JSON_DEPTH:
        raise InvalidInput(f"Nested deeper than {MAX_JSON_DEPTH} levels.", field=field)
    if isinstance(value, str):
        try:
            storable_text(value)
        except ValueError as exc:
            raise InvalidInput(f"Text {exc}.", field=field) from None
    elif isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput("Numbers must be finite.", field=field)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_storable_json(key, field, depth + 1)
            check_storable_json(item, (*field, str(key)), depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_storable_json(item, (*field, index), depth + 1)
