"""`iepgen llm check`: one tiny call to the configured provider (the seed's "test connection").

For an OpenAI-compatible server the check also finds, from the top of the ladder, which
structured-output mode the server takes for the model, and remembers it in the database
(when one is set up) so workers start there; a changed server is re-probed this way.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy.engine import make_url

from iepgen.config import Settings
from iepgen.db import Database, create_database
from iepgen.errors import ProviderError
from iepgen.generation.prompts import Prompt, PromptMessage
from iepgen.llm.completion import CompletionClient, CompletionRequest
from iepgen.llm.factory import build_completion_client, provider_and_model
from iepgen.llm.openai_compat import OpenAICompatibleClient
from iepgen.llm.output_modes import MODE_LABELS, OutputModeMemory

log = structlog.get_logger(__name__)

# Uses the keywords section schemas use (a length, an enum), so a server that refuses
# them in some mode is found out here rather than by the first IEP.
CHECK_PROMPT = Prompt(
    section_type="connection_check",
    version="check-2",
    system="You answer connection checks with a JSON object only.",
    messages=(PromptMessage("user", 'Reply with {"ok": true, "status": "ready"}.'),),
    schema_name="ConnectionCheck",
    response_schema={
        "type": "object",
        "properties": {
            "ok": {"type": "boolean"},
            "status": {"type": "string", "enum": ["ready"], "maxLength": 16},
        },
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
    # OpenAI-compatible servers: the setting, the mode found, what was refused on the way.
    structured_output: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _has_database(settings: Settings) -> bool:
    """False for a SQLite file that does not exist: the check must not create one."""
    if not settings.is_sqlite:
        return True
    path = make_url(settings.database_url).database
    return path is not None and path not in ("", ":memory:") and Path(path).exists()


async def _memory(database: Database | None) -> OutputModeMemory | None:
    """The shared mode memory, if this database has its table (it may not be migrated)."""
    if database is None:
        return None
    memory = OutputModeMemory(database)
    try:
        await memory.get("", "")
    except Exception as exc:  # any driver error: check the server all the same
        log.warning("llm.check.memory_unavailable", error=type(exc).__name__)
        return None
    return memory


async def check_provider(settings: Settings) -> CheckResult:
    """Whether the provider answers: reachable, key accepted, model known. No student data."""
    provider, model = provider_and_model(settings)
    if provider == "offline":
        return CheckResult(True, provider, model, 0.0, "The offline drafter needs no network.")
    # Only an OpenAI-compatible server has a mode to remember.
    remembers = provider == "openai" and _has_database(settings)
    database = create_database(settings) if remembers else None
    try:
        return await _check(settings, provider, model, await _memory(database))
    finally:
        if database is not None:
            await database.dispose()


async def _check(
    settings: Settings, provider: str, model: str, memory: OutputModeMemory | None
) -> CheckResult:
    started = time.perf_counter()
    negotiating: OpenAICompatibleClient | None = None
    try:
        if settings.resolved_provider == "openai":
            negotiating = OpenAICompatibleClient.from_settings(
                settings, memory=memory, fresh_negotiation=True
            )
            client: CompletionClient = negotiating
        else:
            client = build_completion_client(settings)
    except ProviderError as exc:
        return CheckResult(False, provider, model, 0.0, exc.message)
    try:
        completion = await client.complete(
            CompletionRequest(prompt=CHECK_PROMPT, max_output_tokens=256, temperature=None)
        )
    except ProviderError as exc:
        seconds = time.perf_counter() - started
        modes = _modes_report(settings, negotiating, remembered=False)
        return CheckResult(False, provider, model, seconds, exc.message, modes)
    finally:
        await client.aclose()
    seconds = round(time.perf_counter() - started, 3)
    try:
        structured = isinstance(json.loads(completion.text), dict)
    except ValueError:
        structured = False
    note = "" if structured else " (its answer was not the JSON asked for; check the model)"
    modes = _modes_report(settings, negotiating, remembered=memory is not None)
    mode_note = f", asked with {MODE_LABELS[modes['mode']]}" if modes else ""
    return CheckResult(
        True,
        provider,
        model,
        seconds,
        f"{provider} answered in {seconds} s{mode_note}{note}.",
        modes,
    )


def _modes_report(
    settings: Settings, client: OpenAICompatibleClient | None, *, remembered: bool
) -> dict[str, Any] | None:
    if client is None:
        return None
    modes = client.modes
    return {
        "setting": settings.openai_structured_output,
        "mode": modes.mode,
        "refused": list(modes.refusals),
        "remembered": remembered and modes.setting == "auto",
    }
