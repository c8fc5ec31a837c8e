"""`iepgen llm check`: one tiny call to the configured provider (the seed's "test connection")."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from typing import Any

from iepgen.config import Settings
from iepgen.errors import ProviderError
from iepgen.generation.prompts import Prompt, PromptMessage
from iepgen.llm.completion import CompletionRequest
from iepgen.llm.factory import build_completion_client, provider_and_model

CHECK_PROMPT = Prompt(
    section_type="connection_check",
    version="check-1",
    system="You answer connection checks with a JSON object only.",
    messages=(PromptMessage("user", 'Reply with {"ok": true}.'),),
    schema_name="ConnectionCheck",
    response_schema={
        "type": "object",
        "properties": {"ok": {"type": "boolean"}},
        "required": ["ok"],
    },
    disclosed_fields=(),
)


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    provider: str
    model: str
    seconds: float
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


async def check_provider(settings: Settings) -> CheckResult:
    """Whether the provider answers: reachable, key accepted, model known. No student data."""
    provider, model = provider_and_model(settings)
    if provider == "offline":
        return CheckResult(True, provider, model, 0.0, "The offline drafter needs no network.")
    started = time.perf_counter()
    try:
        client = build_completion_client(settings)
    except ProviderError as exc:
        return CheckResult(False, provider, model, 0.0, exc.message)
    try:
        completion = await client.complete(
            CompletionRequest(prompt=CHECK_PROMPT, max_output_tokens=256, temperature=None)
        )
    except ProviderError as exc:
        return CheckResult(False, provider, model, time.perf_counter() - started, exc.message)
    finally:
        await client.aclose()
    seconds = round(time.perf_counter() - started, 3)
    try:
        structured = isinstance(json.loads(completion.text), dict)
    except ValueError:
        structured = False
    note = "" if structured else " (its answer was not the JSON asked for; check the model)"
    return CheckResult(True, provider, model, seconds, f"{provider} answered in {seconds} s{note}.")
