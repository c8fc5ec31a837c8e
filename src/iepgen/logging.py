"""structlog set-up: one event name and key/value fields per line; ids, never student data."""

from __future__ import annotations

import logging
import sys

import structlog


def configure_logging(level: str = "INFO", *, json: bool = False) -> None:
    processors: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
    ]
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[*processors, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
        ),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=level.upper(), stream=sys.stderr, format="%(name)s %(message)s")
    # These libraries log SQL parameters or request bodies at DEBUG (aiosqlite: every
    # statement with its values; openai, google-genai: whole prompts): student records.
    for name in ("sqlalchemy", "aiosqlite", "asyncpg", "openai", "google_genai", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
