"""Response cache: an identical request is answered from `llm_cache` instead of a new call.

The key is the SHA-256 of the canonical request (provider, model, prompt and its version,
schema, generation settings). Only answers that validated are stored, so a glitch is
never replayed; prompts are pseudonymised, so neither is student data. Answers are kept
zstd-compressed with the model version, response id, finish reason and token counts.

Concurrent identical requests in one process share one call (single-flight); across
processes the primary key keeps one row per request.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import orjson
import structlog
import zstandard
from sqlalchemy import select, update

from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.llm.completion import Completion
from iepgen.llm.shared_rows import insert_if_missing
from iepgen.models import LLMCacheEntry

T = TypeVar("T")
log = structlog.get_logger(__name__)


def request_key(material: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of everything that determines an answer."""
    canonical = orjson.dumps(material, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(canonical).hexdigest()


class SingleFlight:
    """Concurrent calls with the same key in this process share the first one's result."""

    def __init__(self) -> None:
        self._running: dict[str, asyncio.Future[Any]] = {}

    async def run(self, key: str, work: Callable[[], Awaitable[T]]) -> tuple[T, bool]:
        """(result, shared): `shared` is True when another caller's call answered."""
        running = self._running.get(key)
        if running is not None:
            return await asyncio.shield(running), True
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._running[key] = future
        try:
            result = await work()
        except BaseException as exc:
            future.set_exception(exc)
            # Followers re-raise it; mark it retrieved so a lone leader leaves no warning.
            future.exception()
            raise
        else:
            future.set_result(result)
            return result, False
        finally:
            del self._running[key]


class ResponseCache:
    def __init__(self, database: Database, *, level: int = 3) -> None:
        self.database = database
        self._compressor = zstandard.ZstdCompressor(level=level)
        self._decompressor = zstandard.ZstdDecompressor()

    async def get(self, key: str) -> Completion | None:
        """The stored answer for `key`, counting the hit; None on a miss."""
        async with self.database.read() as session:
            entry = (
                await session.execute(select(LLMCacheEntry).where(LLMCacheEntry.key == key))
            ).scalar_one_or_none()
        if entry is None:
            return None
        async with self.database.transaction() as session:
            await session.execute(
                update(LLMCacheEntry)
                .where(LLMCacheEntry.key == key)
                .values(hits=LLMCacheEntry.hits + 1, last_hit_at=utcnow())
            )
        text = self._decompressor.decompress(entry.response).decode("utf-8")
        return Completion(
            text=text,
            finish_reason="stop",
            prompt_tokens=entry.prompt_tokens,
            output_tokens=entry.output_tokens,
            cached_tokens=entry.cached_tokens,
            model_version=entry.model_version,
            response_id=entry.response_id,
        )

    async def put(
        self,
        key: str,
        provider: str,
        model: str,
        completion: Completion,
        *,
        student_id: str | None = None,
    ) -> None:
        """Store a validated answer; a concurrent store of the same key keeps the first.

        `student_id` names whose record the request was built from, so deleting the
        student deletes the answer too.
        """
        async with self.database.transaction() as session:
            await insert_if_missing(
                session,
                LLMCacheEntry,
                {
                    "key": key,
                    "student_id": student_id,
                    "provider": provider,
                    "model": model,
                    "model_version": completion.model_version,
                    "response_id": completion.response_id,
                    "finish_reason": completion.finish_reason,
                    "compression": "zstd",
                    "response": self._compressor.compress(completion.text.encode("utf-8")),
                    "prompt_tokens": completion.prompt_tokens,
                    "output_tokens": completion.output_tokens,
                    "cached_tokens": completion.cached_tokens,
                    "hits": 0,
                    "created_at": utcnow(),
                },
            )
