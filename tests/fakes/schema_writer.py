"""A fake model that writes whatever the schema it was sent allows, and no more.

Constrained decoding holds a real model to the schema in the request and to nothing else:
where the schema names no length, a model can write at length. This writer takes every
liberty the schema leaves (the longest strings, the first enum value, the most distant
date), so a test driving it proves that every limit our validation enforces reached the
provider. A limit dropped on the way (a `maxLength` cut from the Gemini schema) becomes a
500-character string and a failed section, as it did with a real model.
"""

from __future__ import annotations

from typing import Any, Final

UNBOUNDED_TEXT: Final = 500  # what "no maxLength" becomes
LATEST_DATE: Final = "2026-08-14"


def _non_null(node: dict[str, Any]) -> dict[str, Any]:
    for variant in node.get("anyOf", []):
        if isinstance(variant, dict) and variant.get("type") != "null":
            return variant
    return node


def _kind(node: dict[str, Any]) -> str:
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    return str(kind or "")


def write(node: dict[str, Any]) -> Any:
    """The greediest instance of `node`."""
    node = _non_null(node)
    if "enum" in node:
        return node["enum"][0]
    kind = _kind(node)
    if kind == "object":
        properties = node.get("properties", {})
        return {name: write(sub) for name, sub in properties.items()}
    if kind == "array":
        high = node.get("maxItems")
        count = 0 if high == 0 else max(int(node.get("minItems", 1)), 1)
        return [write(node.get("items", {})) for _ in range(count)]
    if kind == "string":
        if node.get("format") == "date":
            return LATEST_DATE
        return "x" * int(node.get("maxLength", UNBOUNDED_TEXT))
    if kind == "integer":
        return int(node.get("maximum", node.get("minimum", 1)))
    if kind == "number":
        return float(node.get("maximum", node.get("minimum", 1.0)))
    if kind == "boolean":
        return True
    return None


def openai_request_schema(payload: dict[str, Any]) -> dict[str, Any] | None:
    """The schema an OpenAI-compatible request carries, in whichever mode it was sent."""
    response_format = payload.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        schema: dict[str, Any] = response_format["json_schema"]["schema"]
        return schema
    if response_format.get("type") == "json_object":
        return response_format.get("schema")
    return None


def gemini_request_schema(payload: dict[str, Any]) -> dict[str, Any] | None:
    config = payload.get("generationConfig") or {}
    schema = config.get("responseJsonSchema")
    return schema if isinstance(schema, dict) else None
