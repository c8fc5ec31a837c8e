"""Form data in, field errors out: what every form page shares.

Errors are keyed by the field's name so each page can show the message next to its field
(tied with `aria-describedby`) and in the summary at the top.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from iepgen.api.messages import Allowed, allowed_values, humanize, teacher_message
from iepgen.errors import InvalidInput

FieldErrors = dict[str, str]

# A form posted after its session ended travels through the sign-in page as `keep.<name>`
# fields; secrets never do.
KEEP_PREFIX: Final = "keep."
NEVER_KEPT: Final = frozenset(
    {"csrf_token", "password", "current_password", "new_password", "confirm_password"}
)
MAX_KEPT_FIELDS: Final = 2000


def kept_fields(form: FormData) -> list[tuple[str, str]]:
    """A posted form's text fields worth keeping across a new sign-in (no secrets)."""
    kept: list[tuple[str, str]] = []
    for name, value in form.multi_items():
        if isinstance(value, str) and name not in NEVER_KEPT and len(kept) < MAX_KEPT_FIELDS:
            kept.append((name, value))
    return kept


def signed_number(value: str, *, max_digits: int = 6) -> int | None:
    """Like `whole_number`, with a leading minus allowed, so "-3" reaches the field's own
    rule ("must be 0 or more") instead of a vague "enter a number"."""
    number = whole_number(value.removeprefix("-"), max_digits=max_digits)
    if number is None:
        return None
    return -number if value.startswith("-") else number


def whole_number(value: str, *, max_digits: int = 6) -> int | None:
    """ASCII digits as an int; None for anything else (superscripts, other scripts' digits,
    signs, or more than `max_digits` digits), so the caller answers a clear field error."""
    if not value or len(value) > max_digits or not (value.isascii() and value.isdigit()):
        return None
    return int(value)


@dataclass
class FormState:
    """What a form page shows: the values to fill in and the errors to point at."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: FieldErrors = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> list[tuple[str, str]]:
        """(field name, message) in form order, for the error summary's links."""
        return list(self.errors.items())


def friendly_message(
    error: Mapping[str, Any], label: str, name: str = "", allowed: Allowed | None = None
) -> str:
    """A pydantic error as a sentence a teacher understands, naming the field."""
    return teacher_message(error, label, name=name, allowed=allowed)


# A union's member tags (e.g. "function-after[...]") sit in `loc` but name no field.
_FIELD_PART = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _field_path(loc: Iterable[Any]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int) or _FIELD_PART.match(str(part)):
            parts.append(str(part))
        else:
            break
    return ".".join(parts)


def dotted(loc: Iterable[Any]) -> str:
    return ".".join(str(part) for part in loc)


def errors_from_validation(
    exc: ValidationError,
    labels: Mapping[str, str],
    *,
    skip: int = 0,
    model: type[BaseModel] | None = None,
) -> FieldErrors:
    """Every error of `exc` keyed by dotted field path (the first `skip` loc parts dropped).

    With `model`, a number's message gives the whole range the field accepts ("enter a
    number from 0 to 100"), read from the model's own constraints.
    """
    errors: FieldErrors = {}
    for error in exc.errors(include_url=False, include_input=False):
        if error["type"] == "none_required":
            continue  # the "or leave it out" branch of an optional field: never the real issue
        name = _field_path(error["loc"][skip:])
        path = [int(p) if p.isdigit() else p for p in name.split(".")] if name else []
        field = name.split(".")[-1]
        label = labels.get(name) or labels.get(field) or humanize(name)
        allowed = allowed_values(model, path)
        errors.setdefault(name or "__all__", friendly_message(error, label, field, allowed))
    return errors


def plain_message(exc: InvalidInput, labels: Mapping[str, str], *, skip: int = 0) -> str:
    """A service's message, with the field name it starts with ("meeting_date must ...")
    replaced by the field's label ("Meeting date must ...")."""
    path = exc.field[skip:]
    full = dotted(path)
    first = str(path[0]) if path else ""
    last = str(path[-1]) if path else ""
    for name in (full, first, last):
        if name and exc.message.startswith(name + " "):
            label = labels.get(full) or labels.get(name) or humanize(name)
            return label + exc.message[len(name) :]
    return exc.message


def in_form_order(errors: FieldErrors, names: Iterable[str]) -> FieldErrors:
    """`errors` in the order the form shows its fields, so the summary reads top to bottom.

    A group's own error (`vision`) sits with the group's first field (`vision.mode`).
    """
    order = list(names)

    def position(key: str) -> int:
        for index, name in enumerate(order):
            if key == name or name.startswith(key + ".") or key.startswith(name + "."):
                return index
        return len(order)

    return dict(sorted(errors.items(), key=lambda item: position(item[0])))


def error_from_invalid(
    exc: InvalidInput, *, skip: int = 0, labels: Mapping[str, str] | None = None
) -> FieldErrors:
    """Every problem `exc` carries (a rule may report several at once), keyed by field."""
    errors: FieldErrors = {}
    for problem in exc.problems:
        key = dotted(problem.field[skip:]) or "__all__"
        message = plain_message(problem, labels or {}, skip=skip)
        errors[key] = f"{errors[key]} {message}" if key in errors else message
    return errors


def with_rule_problems(
    errors: FieldErrors, problems: Iterable[InvalidInput], labels: Mapping[str, str]
) -> FieldErrors:
    """`errors` plus the cross-field rules' problems on fields that have no error yet, so a
    form shows every problem in one round (a field's own error says the most about it)."""
    merged = dict(errors)
    for problem in problems:
        key = dotted(problem.field) or "__all__"
        if key not in merged:
            merged[key] = plain_message(problem, labels)
    return merged


def validate(
    model: type[BaseModel], data: dict[str, Any], labels: Mapping[str, str]
) -> tuple[BaseModel | None, FieldErrors]:
    try:
        return model.model_validate(data), {}
    except ValidationError as exc:
        return None, errors_from_validation(exc, labels, model=model)
