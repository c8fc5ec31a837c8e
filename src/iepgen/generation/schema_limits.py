"""What a section schema lets a model write, made as tight as our own checks.

`cite_only` turns every citation (`evidence` lists, a data point's `source`) into an enum
of the ids in this student's record, so a provider that follows the schema can only cite a
real record. `describe_limits` states the limits in words for a server that takes no
schema, and `schema_only_problems` checks what Pydantic cannot know (those enums).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any, Final

from iepgen.generation.context import GenerationContext

# Citation fields of the section schemas: a list of record ids, or one record id.
CITATION_LISTS: Final = frozenset({"evidence"})
CITATION_IDS: Final = frozenset({"source"})
_MAX_ENUM_SHOWN: Final = 24


def record_ids(context: GenerationContext) -> tuple[str, ...]:
    """The ids a section may cite: the student's assessments and previous IEPs."""
    return tuple(a.id for a in context.assessments) + tuple(p.id for p in context.previous_ieps)


def _variants(node: dict[str, Any]) -> list[dict[str, Any]]:
    """A node and the non-null alternatives of its anyOf (an Optional field)."""
    alternatives = [v for v in node.get("anyOf", []) if isinstance(v, dict)]
    return [node, *(v for v in alternatives if v.get("type") != "null")]


def _requires_citation(item: dict[str, Any]) -> bool:
    required = set(item.get("required", []))
    return bool(required & CITATION_IDS)


def cite_only(schema: dict[str, Any], ids: tuple[str, ...]) -> dict[str, Any]:
    """A copy of an inlined schema whose citations can only be `ids` (none: no citation)."""
    allowed = list(dict.fromkeys(ids))
    result = copy.deepcopy(schema)

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
            return
        if not isinstance(node, dict):
            return
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name, sub in properties.items():
                if not isinstance(sub, dict):
                    continue
                for variant in _variants(sub):
                    if name in CITATION_LISTS and variant.get("type") == "array":
                        _limit_list(variant, allowed)
                    elif name in CITATION_IDS and variant.get("type") == "string" and allowed:
                        variant["enum"] = list(allowed)
        items = node.get("items")
        if isinstance(items, dict) and not allowed and _requires_citation(items):
            node["maxItems"] = 0  # nothing in the record to cite: no such entries at all
        for key, value in node.items():
            if key != "enum":
                visit(value)

    visit(result)
    return result


def _limit_list(node: dict[str, Any], allowed: list[str]) -> None:
    if allowed:
        items = node.get("items")
        node["items"] = {**(items if isinstance(items, dict) else {}), "enum": list(allowed)}
        node["items"]["type"] = "string"
    else:
        node["maxItems"] = 0


def _kind(node: dict[str, Any]) -> str:
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return str(kind or "")


def _nullable(node: dict[str, Any]) -> bool:
    kind = node.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return any(isinstance(v, dict) and v.get("type") == "null" for v in node.get("anyOf", []))


def _concrete(node: dict[str, Any]) -> dict[str, Any]:
    """The one non-null alternative of an Optional field, or the node itself."""
    variants = _variants(node)
    return variants[1] if len(variants) == 2 and "anyOf" in node else node


def _range(low: Any, high: Any, unit: str) -> str:
    if low is not None and high is not None:
        return f"{low} to {high} {unit}"
    if high is not None:
        return f"at most {high} {unit}"
    return f"at least {low} {unit}"


def _describe(node: dict[str, Any]) -> str:
    kind = _kind(node)
    if "enum" in node:
        values = [str(v) for v in node["enum"]]
        shown = ", ".join(f'"{v}"' for v in values[:_MAX_ENUM_SHOWN])
        hidden = len(values) - _MAX_ENUM_SHOWN
        more = f" (and {hidden} more)" if hidden > 0 else ""
        return f"one of {shown}{more}"
    if kind == "string":
        if node.get("format") == "date":
            return "a date written YYYY-MM-DD"
        low, high = node.get("minLength"), node.get("maxLength")
        if low is None and high is None:
            return "text"
        return "text of " + _range(low, high, "characters")
    if kind in ("integer", "number"):
        low, high = node.get("minimum"), node.get("maximum")
        word = "a whole number" if kind == "integer" else "a number"
        return word if low is None and high is None else f"{word} from {low} to {high}"
    if kind == "boolean":
        return "true or false"
    if kind == "array":
        low, high = node.get("minItems"), node.get("maxItems")
        if high == 0:
            return "an empty list []"
        if low is None and high is None:
            return "a list"
        return "a list of " + _range(low, high, "items")
    if kind == "object":
        return "an object"
    return "a value"


def _limits(node: dict[str, Any], path: str, required: bool) -> Iterator[str]:
    concrete = _concrete(node)
    needs = "required" if required else "optional"
    if _nullable(node):
        needs += ", may be null"
    yield f"- `{path}` ({needs}): {_describe(concrete)}"
    if _kind(concrete) == "array" and concrete.get("maxItems") != 0:
        items = concrete.get("items")
        if isinstance(items, dict):
            item = _concrete(items)
            if _kind(item) == "object":
                yield from _object_limits(item, f"{path}[]")
            else:
                yield f"- `{path}[]` (each item): {_describe(item)}"
    elif _kind(concrete) == "object":
        yield from _object_limits(concrete, path)


def _object_limits(node: dict[str, Any], prefix: str) -> Iterator[str]:
    properties = node.get("properties")
    if not isinstance(properties, dict):
        return
    required = set(node.get("required", []))
    for name, sub in properties.items():
        if isinstance(sub, dict):
            path = f"{prefix}.{name}" if prefix else name
            yield from _limits(sub, path, name in required)


def describe_limits(schema: dict[str, Any]) -> list[str]:
    """Every field's limits in words, one line each (for a server that takes no schema)."""
    return list(_object_limits(schema, ""))


def schema_only_problems(data: Any, schema: dict[str, Any]) -> tuple[str, ...]:
    """Breaches of the limits the section's Pydantic model does not hold (the citation
    enums and the empty lists `cite_only` adds), as `location: message` lines."""
    problems: list[str] = []

    def check(value: Any, node: dict[str, Any], where: list[str]) -> None:
        node = _concrete(node)
        location = ".".join(where) or "(the whole object)"
        if isinstance(value, str) and "enum" in node and value not in node["enum"]:
            listed = ", ".join(str(v) for v in node["enum"][:_MAX_ENUM_SHOWN])
            problems.append(f"{location}: must be one of: {listed}")
        elif isinstance(value, list):
            if node.get("maxItems") == 0 and value:
                problems.append(f"{location}: must be an empty list (nothing to cite)")
            items = node.get("items")
            if isinstance(items, dict):
                for index, item in enumerate(value):
                    check(item, items, [*where, str(index)])
        elif isinstance(value, dict):
            properties = node.get("properties")
            if isinstance(properties, dict):
                for key, item in value.items():
                    sub = properties.get(key)
                    if isinstance(sub, dict):
                        check(item, sub, [*where, key])

    check(data, schema, [])
    return tuple(problems)
