"""Reading a provider's answer: our own parse and validation, never the SDK's `parsed`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from iepgen.generation.schema_limits import schema_only_problems
from iepgen.llm.completion import Completion, CompletionRequest, normalise_output

_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)
MAX_PROBLEMS: Final = 20


@dataclass(frozen=True)
class ParsedOutput:
    """Either the validated data (JSON-ready, placeholders still in) or what was wrong."""

    data: dict[str, Any] | None
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.data is not None


def validation_problems(error: ValidationError) -> tuple[str, ...]:
    """Pydantic's errors as `location: message` lines, never echoing the values."""
    problems = []
    for item in error.errors(include_url=False, include_input=False)[:MAX_PROBLEMS]:
        where = ".".join(str(part) for part in item["loc"]) or "(the whole object)"
        problems.append(f"{where}: {item['msg']}")
    return tuple(problems)


def parse_completion(
    completion: Completion, request: CompletionRequest, schema: type[BaseModel]
) -> ParsedOutput:
    """Validate the answer's text against the section schema, checking the finish reason."""
    if completion.finish_reason == "max_tokens":
        return ParsedOutput(
            None,
            (
                "The answer was cut off at the output token limit before the JSON object "
                "was complete. Answer again, more concisely, with the complete object.",
            ),
        )
    text = completion.text.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    if not text:
        return ParsedOutput(None, ("The answer was empty; a JSON object was expected.",))
    try:
        # Not strict: grammar-constrained servers (llama.cpp) let raw newlines and tabs
        # into strings; they are whitespace to us, not a reason to refuse the answer.
        raw = json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raw = _embedded_object(text)
        if raw is None:
            return ParsedOutput(None, (f"The answer is not valid JSON: {exc.msg} at {exc.pos}.",))
    if not isinstance(raw, dict):
        return ParsedOutput(None, ("The answer must be one JSON object, not a list or value.",))
    data = normalise_output(raw, request)
    try:
        model = schema.model_validate(data)
    except ValidationError as exc:
        return ParsedOutput(None, validation_problems(exc))
    dumped = model.model_dump(mode="json")
    problems = schema_only_problems(dumped, request.prompt.response_schema)
    if problems:
        return ParsedOutput(None, problems[:MAX_PROBLEMS])
    return ParsedOutput(dumped, ())


def _embedded_object(text: str) -> Any:
    """The JSON object inside prose ("Here is the section: {...} Hope it helps"), which
    models asked without a response_format often write; None when there is none."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        return None
    try:
        return json.loads(text[start : end + 1], strict=False)
    except json.JSONDecodeError:
        return None
