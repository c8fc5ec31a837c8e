"""Validation errors as sentences a teacher can act on, for every web form and the API.

Pydantic says "String should have at most 64 characters"; a case manager needs
"Student number: use 64 characters or fewer." Each message names the field in words
and says what to do. This is the one place those words are written: the web forms
(`iepgen.web.forms`) and the API's 422 body (`iepgen.api.errors`) both call it.
"""

from __future__ import annotations

import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Final, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

# Patterns a field is held to, said as an instruction. A pattern missing here gets the
# general wording below; add it when a new pattern appears on a form.
PATTERN_WORDS: Final = {
    r"^[A-Za-z0-9_.\-@]+$": "use letters, numbers and . _ - @ only",
    r"^[0-9a-fA-F-]{36}$": "choose someone from the list",
    r"^[0-9+()., x-]{3,40}$": "use digits, spaces and + ( ) . , - x only",
    r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,}$": "enter an email address such as name@school.org",
    r"^[\x21-\x7e]+$": "use letters, digits and punctuation only, with no spaces",
}
NUMBER_TYPES: Final = frozenset(
    {
        "int_parsing",
        "int_type",
        "float_parsing",
        "float_type",
        "finite_number",
        "decimal_parsing",
        "decimal_type",
        "int_parsing_size",
    }
)
DATE_TYPES: Final = frozenset(
    {"date_from_datetime_parsing", "date_from_datetime_inexact", "date_parsing", "date_type"}
)
CHOICE_TYPES: Final = frozenset({"literal_error", "enum"})
BOUND_TYPES: Final = frozenset(
    {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}
)
EXAMPLE_DATE: Final = date(2026, 3, 14)


@dataclass(frozen=True)
class Allowed:
    """The numbers a field accepts: its bounds, and whether it takes whole numbers only."""

    low: float | None = None
    high: float | None = None
    whole: bool = False

    @property
    def noun(self) -> str:
        return "whole number" if self.whole else "number"


def number_words(value: Any) -> str:
    """A limit as a person writes it: 100, not 100.0; 1,000,000 with separators."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def _lower_first(text: str) -> str:
    """`First name` → `first name` mid-sentence; an acronym (`IEP year`) stays as it is."""
    if text[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def _range_words(allowed: Allowed) -> str | None:
    if allowed.low is not None and allowed.high is not None:
        return (
            f"enter a {allowed.noun} from {number_words(allowed.low)} "
            f"to {number_words(allowed.high)}"
        )
    return None


def _bound_message(kind: str, ctx: Mapping[str, Any], allowed: Allowed) -> str:
    span = _range_words(allowed)
    if kind in {"greater_than_equal", "greater_than"}:
        limit = ctx.get("ge", ctx.get("gt", allowed.low))
        floor = f"must be {number_words(limit)} or more"
        if kind == "greater_than":
            floor = f"must be more than {number_words(limit)}"
        return f"{floor}; {span}" if span else floor
    if span:
        return span
    limit = ctx.get("le", ctx.get("lt", allowed.high))
    if kind == "less_than":
        return f"must be less than {number_words(limit)}"
    return f"must be {number_words(limit)} or less"


def _rule_message(message: str, label: str, name: str) -> str:
    """A validator's own sentence; one that starts with the field's name gets its label."""
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if name and message.startswith(name + " "):
        return f"{label}{message[len(name) :]}".rstrip(".") + "."
    return f"{label}: {_lower_first(message)}".rstrip(".") + "."


def teacher_message(
    error: Mapping[str, Any],
    label: str,
    *,
    name: str = "",
    allowed: Allowed | None = None,
    list_choices: bool = False,
) -> str:
    """One pydantic error as "<Label>: <what to do>." (`name` is the field's own name, which
    a rule's message may start with; `list_choices` names the accepted values, for the API)."""
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    allowed = allowed or Allowed()
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return f"Enter {_lower_first(label)}."
    if kind == "string_too_long":
        return f"{label}: use {number_words(ctx.get('max_length'))} characters or fewer."
    if kind == "string_too_short":
        return f"{label}: use at least {number_words(ctx.get('min_length'))} characters."
    if kind == "too_long":
        return f"{label}: give no more than {number_words(ctx.get('max_length'))}."
    if kind == "too_short":
        least = ctx.get("min_length")
        if least == 1:
            return f"{label}: choose at least one."
        return f"{label}: give at least {number_words(least)}."
    if kind == "string_pattern_mismatch":
        words = PATTERN_WORDS.get(str(ctx.get("pattern", "")), "use only what the hint describes")
        return f"{label}: {words}."
    if kind in NUMBER_TYPES or kind == "int_from_float":
        if kind == "int_from_float":
            allowed = Allowed(allowed.low, allowed.high, whole=True)
        return f"{label}: {_range_words(allowed) or 'enter a ' + allowed.noun}."
    if kind in BOUND_TYPES:
        return f"{label}: {_bound_message(kind, ctx, allowed)}."
    if kind in DATE_TYPES:
        return f"{label}: enter a full date (year, month and day), such as {EXAMPLE_DATE}."
    if kind in CHOICE_TYPES:
        if list_choices and ctx.get("expected"):
            return f"{label}: choose one of {ctx['expected']}."
        return f"{label}: choose one of the options."
    if kind in {"bool_parsing", "bool_type"}:
        return f"{label}: answer yes or no."
    if kind == "extra_forbidden":
        return f"{label}: this field is not one the form has; check its name."
    if kind in {"string_type", "string_unicode"}:
        return f"{label}: enter it as text."
    if kind in {"list_type", "dict_type", "model_type", "model_attributes_type"}:
        return f"{label}: is not in the form this field takes."
    return _rule_message(str(error.get("msg", "is not valid")), label, name)


def humanize(name: str) -> str:
    """`student_number` → `Student number`: a label for a field no form names."""
    last = name.split(".")[-1]
    text = last.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else "This field"


# --- what a field accepts, read from the model --------------------------------------------


def _members(annotation: Any) -> list[Any]:
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        return list(get_args(annotation))
    return [annotation]


def _unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """The annotation under Annotated[...] and `| None`, with every constraint met on the way."""
    while True:
        if get_origin(annotation) is Annotated:
            base, *extra = get_args(annotation)
            for item in extra:
                metadata.extend(item.metadata if isinstance(item, FieldInfo) else [item])
            annotation = base
            continue
        members = [m for m in _members(annotation) if _core(m) is not type(None)]
        if len(members) == 1 and members[0] is not annotation:
            annotation = members[0]
            continue
        return annotation, metadata


def _core(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _step(annotation: Any, part: str | int) -> tuple[Any, list[Any]] | None:
    annotation, _ = _unwrap(annotation, [])
    if isinstance(part, int):
        if get_origin(annotation) is list:
            return get_args(annotation)[0], []
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(part)
        if field is not None:
            return field.annotation, list(field.metadata)
    return None


def allowed_values(model: type[BaseModel] | None, loc: Sequence[str | int]) -> Allowed:
    """The bounds and number kind of the field at `loc` in `model` (empty when unknown)."""
    if model is None or not loc:
        return Allowed()
    annotation: Any = model
    metadata: list[Any] = []
    for part in loc:
        found = _step(annotation, part)
        if found is None:
            return Allowed()
        annotation, metadata = found
    core, constraints = _unwrap(annotation, metadata)
    low: float | None = None
    high: float | None = None
    for item in constraints:
        if isinstance(item, annotated_types.Ge | annotated_types.Gt):
            low = item.ge if isinstance(item, annotated_types.Ge) else item.gt  # type: ignore[assignment]
        elif isinstance(item, annotated_types.Le | annotated_types.Lt):
            high = item.le if isinstance(item, annotated_types.Le) else item.lt  # type: ignore[assignment]
    return Allowed(low, high, whole=core is int)
