"""How an OpenAI-compatible server is asked for JSON, negotiated per server and model.

Servers differ: vLLM, Ollama and OpenAI take `response_format` `json_schema` (OpenAI only
with `strict` when every keyword is one it supports); llama-cpp-python's server takes only
`json_object`, with the schema beside it; a gateway may take neither. With
`OPENAI_STRUCTURED_OUTPUT=auto` the client walks this ladder, one step for each answer
that refuses the request's shape, and the step that worked is remembered in the database
for every worker process. A refusal is a configuration answer, not an outage: it never
reaches the circuit breaker, and when no step is left the error names the setting to change.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Final, Literal, get_args
from urllib.parse import urlsplit, urlunsplit

import structlog
from sqlalchemy import select, update

from iepgen.config import StructuredOutputSetting
from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.errors import ProviderRejected
from iepgen.llm.shared_rows import insert_if_missing
from iepgen.models import StructuredOutputMemory

log = structlog.get_logger(__name__)

OutputMode = Literal["json_schema_strict", "json_schema", "json_object", "prompt"]
LADDER: Final[tuple[OutputMode, ...]] = get_args(OutputMode)
MODES_FOR_SETTING: Final[dict[StructuredOutputSetting, tuple[OutputMode, ...]]] = {
    "auto": LADDER,
    "json_schema": ("json_schema_strict", "json_schema"),
    "json_object": ("json_object",),
    "prompt": ("prompt",),
}
MODE_LABELS: Final[dict[OutputMode, str]] = {
    "json_schema_strict": "response_format json_schema (strict)",
    "json_schema": "response_format json_schema",
    "json_object": "response_format json_object with a schema",
    "prompt": "instructions only (no response_format)",
}
MAX_REFUSALS: Final = len(LADDER)


def server_key(base_url: str | None) -> str:
    """The server's base URL as a memory key: no credentials, query or fragment."""
    if not base_url:
        return "https://api.openai.com/v1"
    parts = urlsplit(base_url.strip())
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme.lower(), netloc.lower(), parts.path.rstrip("/"), "", ""))[:255]


@dataclass(frozen=True)
class Refusal:
    """A server's answer that it does not take a request of this shape."""

    mode: OutputMode
    status: int

    def describe(self) -> str:
        return f"{MODE_LABELS[self.mode]} refused with HTTP {self.status}"


class RequestShapeRefused(Exception):
    """Raised by the wire client for one mode; the negotiation decides what follows."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.describe())
        self.refusal = refusal


@dataclass(frozen=True)
class RememberedMode:
    mode: OutputMode
    refusals: tuple[str, ...]


class OutputModeMemory:
    """The `llm_structured_output` table: the mode each (server, model) took."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def get(self, server: str, model: str) -> RememberedMode | None:
        async with self.database.read() as session:
            row = await session.get(StructuredOutputMemory, (server, model[:128]))
            if row is None or row.mode not in LADDER:
                return None
            return RememberedMode(row.mode, tuple(row.refusals))

    async def remember(
        self, server: str, model: str, mode: OutputMode, refusals: tuple[str, ...], *, force: bool
    ) -> None:
        """Store `mode`. Without `force` only a step down the ladder is stored, so two
        processes learning different refusals at once end on the lower step."""
        now = utcnow()
        key = (StructuredOutputMemory.server == server) & (
            StructuredOutputMemory.model == model[:128]
        )
        async with self.database.transaction() as session:
            created = await insert_if_missing(
                session,
                StructuredOutputMemory,
                {
                    "server": server,
                    "model": model[:128],
                    "mode": mode,
                    "refusals": list(refusals),
                    "updated_at": now,
                },
            )
            if created:
                return
            statement = update(StructuredOutputMemory).where(key)
            if not force:
                higher = LADDER[: LADDER.index(mode)]
                statement = statement.where(StructuredOutputMemory.mode.in_(higher))
            await session.execute(
                statement.values(mode=mode, refusals=list(refusals), updated_at=now)
            )


async def remembered_mode(database: Database, server: str, model: str) -> RememberedMode | None:
    """What health shows: the mode remembered for this server and model, if any."""
    async with database.read() as session:
        row = (
            await session.execute(
                select(StructuredOutputMemory.mode, StructuredOutputMemory.refusals).where(
                    StructuredOutputMemory.server == server,
                    StructuredOutputMemory.model == model[:128],
                )
            )
        ).first()
    if row is None or row.mode not in LADDER:
        return None
    return RememberedMode(row.mode, tuple(row.refusals))


class OutputModes:
    """The mode one client uses with one server and model, and what happens on a refusal.

    Only `auto` reads and writes the shared memory: a fixed setting is the administrator's
    choice, so a refusal of it is reported rather than worked around (beyond dropping
    `strict` within `json_schema`).
    """

    def __init__(
        self,
        setting: StructuredOutputSetting,
        *,
        server: str,
        model: str,
        provider_label: str,
        memory: OutputModeMemory | None = None,
        fresh: bool = False,
    ) -> None:
        self.setting = setting
        self.server = server
        self.model = model
        self.provider_label = provider_label
        self.memory = memory if setting == "auto" else None
        self.modes = MODES_FOR_SETTING[setting]
        # `fresh`: start at the top and overwrite the memory (`iepgen llm check` re-probes).
        self.fresh = fresh
        self._mode: OutputMode | None = None
        self._stored: OutputMode | None = None
        self._refusals: tuple[str, ...] = ()
        self._lock = asyncio.Lock()

    @property
    def mode(self) -> OutputMode:
        """The mode in use (before the first call: the first one the setting allows)."""
        return self._mode or self.modes[0]

    @property
    def refusals(self) -> tuple[str, ...]:
        return self._refusals

    async def current(self) -> OutputMode:
        """The mode to ask in: remembered, or the first one the setting allows."""
        if self._mode is not None:
            return self._mode
        async with self._lock:
            if self._mode is None:
                remembered = None
                if self.memory is not None and not self.fresh:
                    remembered = await self.memory.get(self.server, self.model)
                if remembered is not None and remembered.mode in self.modes:
                    self._mode = self._stored = remembered.mode
                    self._refusals = remembered.refusals
                else:
                    self._mode = self.modes[0]
            return self._mode

    async def refused(self, refusal: Refusal) -> OutputMode:
        """The next mode to try after `refusal`, or ProviderRejected naming what to change."""
        async with self._lock:
            current = self._mode or self.modes[0]
            if refusal.mode != current:
                return current  # a concurrent call already stepped past that mode
            position = self.modes.index(refusal.mode)
            if position + 1 >= len(self.modes):
                raise self._no_mode_left(refusal)
            self._mode = self.modes[position + 1]
            self._refusals = (*self._refusals, refusal.describe())[-MAX_REFUSALS:]
            log.warning(
                "llm.structured_output.refused",
                status=refusal.status,
                refused=refusal.mode,
                next_mode=self._mode,
                model=self.model,
            )
            if self.memory is not None:
                await self.memory.remember(
                    self.server, self.model, self._mode, self._refusals, force=self.fresh
                )
                self._stored = self._mode
            return self._mode

    async def confirm(self, mode: OutputMode) -> None:
        """A call in `mode` was answered: make sure the memory shows it (health reads it)."""
        if self.memory is None or self._stored == mode:
            return
        async with self._lock:
            if self._stored == mode:
                return
            await self.memory.remember(
                self.server, self.model, mode, self._refusals, force=self.fresh
            )
            self._stored = mode

    def _no_mode_left(self, refusal: Refusal) -> ProviderRejected:
        if self.setting == "auto":
            return ProviderRejected(
                f"{self.provider_label} refused every way iepgen asks for JSON for model "
                f"'{self.model}' (last: {refusal.describe()}). Ask your administrator to "
                "check the server's settings for this model."
            )
        return ProviderRejected(
            f"{self.provider_label} does not accept OPENAI_STRUCTURED_OUTPUT={self.setting} "
            f"for model '{self.model}' ({refusal.describe()}). Ask your administrator to set "
            "OPENAI_STRUCTURED_OUTPUT=auto, which finds a mode this server accepts "
            "(llama-cpp-python's server takes json_object)."
        )
