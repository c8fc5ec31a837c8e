"""A section's Pydantic JSON Schema, reshaped for what each provider's structured output takes.

Gemini's `response_json_schema` accepts a subset of JSON Schema; OpenAI-style strict
`json_schema` wants every property required (optional ones nullable) and closed objects.
Both handle an inlined schema better than `$ref`s, so refs are resolved first.
"""

from __future__ import annotations

from typing import Any, Final

# Keywords of `response_json_schema` (google-genai 3.x `types.JSONSchema`: Gemini's JSON
# Schema subset). String lengths are among them: a model that is not told a limit writes
# past it, and our validation then refuses the whole section.
GEMINI_KEYWORDS: Final = frozenset(
    {
        "type",
        "format",
        "title",
        "description",
        "enum",
        "items",
        "prefixItems",
        "minItems",
        "maxItems",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "pattern",
        "anyOf",
        "oneOf",
        "properties",
        "additionalProperties",
        "required",
        "propertyOrdering",
    }
)
# Keywords strict mode has no use for. String lengths stay: grammar-based servers (vLLM,
# llama.cpp, Ollama) enforce them; a server whose strict mode refuses them (OpenAI's own)
# is asked again without `strict`, where they are a hint (`output_modes.py`).
STRICT_DROPPED: Final = frozenset({"default", "title"})
# Keywords that name sub-schemas rather than carry values.
# The longest `maxLength` llama.cpp's grammar takes: the JSON-Schema-to-grammar converter
# unrolls a length into nested rules, and at 2000 the grammar parser gives up and
# llama-cpp-python's server (0.3.36) crashes on the request; 1000 was seen to work.
GRAMMAR_MAX_LENGTH: Final = 1000
_SCHEMA_MAPS: Final = frozenset({"properties", "$defs", "definitions"})
_SCHEMA_LISTS: Final = frozenset({"anyOf", "oneOf", "allOf", "prefixItems"})
_MAX_DEPTH: Final = 32


class SchemaError(ValueError):
    """A schema this module cannot reshape (a recursive model, an unknown $ref)."""


def inline_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with every local `$ref` replaced by its definition and `$defs` dropped."""
    definitions: dict[str, Any] = schema.get("$defs", {})

    def resolve(node: Any, depth: int) -> Any:
        if depth > _MAX_DEPTH:
            raise SchemaError("Schema nests too deeply (a recursive model?).")
        if isinstance(node, list):
            return [resolve(item, depth + 1) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            ref = node["$ref"]
            name = ref.rsplit("/", 1)[-1]
            if not ref.startswith("#/$defs/") or name not in definitions:
                raise SchemaError(f"Unsupported schema reference {ref!r}.")
            merged = {**definitions[name], **{k: v for k, v in node.items() if k != "$ref"}}
            return resolve(merged, depth + 1)
        return {key: resolve(value, depth + 1) for key, value in node.items() if key != "$defs"}

    resolved: dict[str, Any] = resolve(schema, 0)
    return resolved


def _map_subschemas(node: dict[str, Any], convert: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: convert(sub) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [convert(sub) for sub in value]
        elif key in ("items", "additionalProperties") and isinstance(value, dict):
            out[key] = convert(value)
        else:
            out[key] = value
    return out


def gemini_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """An inlined schema cut down to the keywords Gemini supports, properties kept in order."""

    def convert(node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        node = _map_subschemas(node, convert)
        kept = {key: value for key, value in node.items() if key in GEMINI_KEYWORDS}
        if isinstance(kept.get("properties"), dict):
            kept["propertyOrdering"] = list(kept["properties"])
        return kept

    converted: dict[str, Any] = convert(schema)
    return converted


def grammar_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema for a grammar-constrained server (`json_object` with a schema): string
    lengths above what its grammar takes are lowered to it, still inside our own limit."""

    def convert(node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        node = _map_subschemas(node, convert)
        if isinstance(node.get("maxLength"), int) and node["maxLength"] > GRAMMAR_MAX_LENGTH:
            node = {**node, "maxLength": GRAMMAR_MAX_LENGTH}
        return node

    converted: dict[str, Any] = convert(schema)
    return converted


def _allows_null(node: dict[str, Any]) -> bool:
    if node.get("type") == "null" or (
        isinstance(node.get("type"), list) and "null" in node["type"]
    ):
        return True
    return any(isinstance(s, dict) and _allows_null(s) for s in node.get("anyOf", []))


def strict_openai_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Strict-mode shape: closed objects, every property required, optional ones nullable."""

    def convert(node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        node = _map_subschemas(node, convert)
        node = {key: value for key, value in node.items() if key not in STRICT_DROPPED}
        properties = node.get("properties")
        if node.get("type") == "object" and isinstance(properties, dict):
            required = set(node.get("required", []))
            for name, sub in list(properties.items()):
                if name not in required and isinstance(sub, dict) and not _allows_null(sub):
                    properties[name] = {"anyOf": [sub, {"type": "null"}]}
            node["required"] = list(properties)
            node["additionalProperties"] = False
        return node

    converted: dict[str, Any] = convert(schema)
    return converted


def drop_unset_nulls(data: Any, schema: dict[str, Any]) -> Any:
    """Remove `null`s a strict schema forced onto optional fields that do not allow null,
    so the model's defaults apply instead of a validation error."""
    if isinstance(data, list):
        items = schema.get("items")
        return [drop_unset_nulls(v, items) if isinstance(items, dict) else v for v in data]
    if not isinstance(data, dict):
        return data
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        variants = [s for s in schema.get("anyOf", []) if isinstance(s, dict) and "properties" in s]
        return drop_unset_nulls(data, variants[0]) if len(variants) == 1 else data
    required = set(schema.get("required", []))
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        sub = properties.get(key)
        if value is None and key not in required and isinstance(sub, dict):
            if not _allows_null(sub):
                continue
        cleaned[key] = drop_unset_nulls(value, sub) if isinstance(sub, dict) else value
    return cleaned
