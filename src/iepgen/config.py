"""Settings from the environment and `.env`, refusing unsafe defaults in production."""

from __future__ import annotations

import ipaddress
import math
from collections import Counter
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["development", "test", "production"]
ProviderName = Literal["auto", "offline", "gemini", "openai"]
StructuredOutputSetting = Literal["auto", "json_schema", "json_object", "prompt"]

# A development-only key: production refuses to start with it (see _refuse_unsafe_defaults).
DEVELOPMENT_SECRET_KEY = "iepgen-development-secret-key-do-not-use-in-production"


# A secret key must carry at least this much entropy by a per-character estimate: a
# `secrets.token_urlsafe(32)` or `openssl rand -hex 32` key has about 190-250 bits, while
# 32 identical characters have none and "password" repeated has about 80.
MIN_SECRET_KEY_BITS = 100


class UnsafeSettingsError(ValueError):
    """Raised when production settings would run with a development default."""


def is_loopback(host: str) -> bool:
    """True when `host` is reachable only from this machine (127.0.0.0/8, ::1, localhost)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def estimated_bits(secret: str) -> float:
    """A rough entropy estimate (Shannon entropy of the characters times the length)."""
    if not secret:
        return 0.0
    counts = Counter(secret)
    total = len(secret)
    per_char = -sum(n / total * math.log2(n / total) for n in counts.values())
    return per_char * total


def secret_key_problem(key: str) -> str | None:
    """Why `key` must not sign sessions anywhere a network can reach, or None if it is fine."""
    if key == DEVELOPMENT_SECRET_KEY:
        return "SECRET_KEY is the published development key"
    if len(key) < 32:
        return "SECRET_KEY must be at least 32 characters"
    if len(set(key)) < 8 or estimated_bits(key) < MIN_SECRET_KEY_BITS:
        return "SECRET_KEY is too predictable (use e.g. `openssl rand -hex 32`)"
    return None


def _plain_http_beyond_loopback(url: str | None) -> bool:
    if not url:
        return False
    parts = urlsplit(url)
    return parts.scheme.lower() != "https" and not is_loopback(parts.hostname or "")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    # The seed's settings.
    environment: Environment = "development"
    database_url: str = "sqlite+aiosqlite:///./special_ed.db"
    num_workers: int = Field(default=1, ge=1, le=64)
    poll_interval: float = Field(default=5.0, gt=0, le=300)

    # Web server.
    host: str = "127.0.0.1"
    port: int = Field(default=8005, ge=1, le=65535)
    debug: bool = False
    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET_KEY)
    session_cookie_secure: bool = False
    max_request_bytes: int = 1024 * 1024
    submissions_per_minute: int = Field(default=30, ge=1)
    # /metrics behind a bearer token (any active user's). Unset: required in production,
    # open elsewhere; production refuses an explicit false.
    metrics_require_auth: bool | None = None
    # Proxies whose X-Forwarded-For is believed (the TLS proxy in front); comma-separated
    # addresses, "*" for any. The sign-in throttle counts per source address.
    forwarded_allow_ips: str = "127.0.0.1"
    # Slow-client protection for `iepgen serve`: a request's headers must arrive within
    # this many seconds, and the server holds at most this many connections at once.
    http_header_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    http_max_connections: int = Field(default=200, ge=1, le=100_000)
    http_keepalive_seconds: float = Field(default=5.0, gt=0, le=300)

    # Web sessions and credentials.
    session_idle_minutes: int = Field(default=30, ge=2, le=24 * 60)
    session_max_hours: float = Field(default=8.0, gt=0, le=72)
    session_warning_seconds: int = Field(default=120, ge=10, le=3600)
    api_token_days: int = Field(default=90, ge=1, le=3650)
    sign_in_max_failures: int = Field(default=5, ge=1, le=100)
    sign_in_window_minutes: int = Field(default=15, ge=1, le=24 * 60)
    # Failures from one source address across every username (password spraying).
    sign_in_source_max_failures: int = Field(default=100, ge=1, le=100_000)

    # Students with a final IEP are archived, not deleted; an admin may purge an archived
    # student once this many days have passed since archiving.
    record_retention_days: int = Field(default=5 * 365, ge=1, le=100 * 365)
    # Seconds between keep-alive comments on an idle job event stream (SSE).
    sse_keepalive_seconds: float = Field(default=15.0, gt=0, le=300)
    log_level: str = "INFO"
    log_json: bool = False

    # Queue (docs/queue.md).
    worker_concurrency: int = Field(default=8, ge=1, le=256)
    claim_timeout: float = Field(default=60.0, gt=0)
    job_timeout_seconds: float = Field(default=600.0, gt=0)
    shutdown_grace_seconds: float = Field(default=30.0, ge=0)
    max_retries: int = Field(default=3, ge=0, le=20)
    retry_base_seconds: float = Field(default=2.0, gt=0)
    retry_max_seconds: float = Field(default=300.0, gt=0)
    job_retention_days: int = Field(default=30, ge=1)
    archive_retention_days: int = Field(default=365, ge=1)
    sqlite_busy_timeout_ms: int = Field(default=10_000, ge=5_000)

    # Generation providers (docs/llm.md).
    llm_provider: ProviderName = "auto"
    gemini_api_key: SecretStr | None = None
    # A current GA Flash model (gemini-2.5-flash is past its shutdown date).
    gemini_model: str = "gemini-3.5-flash"
    gemini_base_url: str | None = None
    gemini_api_version: str = "v1beta"
    openai_base_url: str | None = None
    openai_api_key: SecretStr | None = None
    openai_model: str = "llama3.1:8b-instruct"
    # How an OpenAI-compatible server is asked for JSON: `auto` tries response_format
    # json_schema (strict, then not), then json_object with a schema (llama-cpp-python),
    # then instructions alone, and remembers per server and model what the server took.
    openai_structured_output: StructuredOutputSetting = "auto"
    llm_timeout_seconds: float = Field(default=60.0, gt=0)
    llm_max_concurrency: int = Field(default=8, ge=1)
    llm_requests_per_minute: int = Field(default=60, ge=1)
    llm_tokens_per_minute: int = Field(default=1_000_000, ge=1)
    llm_max_retries: int = Field(default=3, ge=0, le=10)
    llm_max_output_tokens: int = Field(default=8192, ge=256)
    circuit_failure_threshold: int = Field(default=5, ge=1)
    circuit_reset_seconds: float = Field(default=60.0, gt=0)
    llm_fallback_to_offline: bool = False
    pii_pseudonymize: bool = True
    # Declares that the configured provider runs on the district's own hardware (an
    # OpenAI-compatible server); only then may production turn pseudonymisation off.
    llm_provider_on_premises: bool = False
    # Backoff with full jitter between retries; a 429 asking for a longer wait than
    # llm_retry_max_seconds snoozes the job instead of holding a worker slot.
    llm_retry_base_seconds: float = Field(default=1.0, gt=0)
    llm_retry_max_seconds: float = Field(default=30.0, gt=0)
    # The limiter waits in-process up to this long for a slot, else the job snoozes.
    llm_limiter_max_wait_seconds: float = Field(default=5.0, ge=0)
    # The period the requests/tokens limits are counted over (60 = per minute).
    llm_rate_window_seconds: float = Field(default=60.0, gt=0)
    # None sends no temperature: each model's own default. Gemini 3 models are tuned for
    # 1.0, and Google warns that lower values can make them loop.
    llm_temperature: float | None = Field(default=None, ge=0, le=2)
    llm_cache_enabled: bool = True

    # The IEP year (docs/iep.md): academic year "2025-2026" runs 2025-08-15 to 2026-08-14.
    iep_year_start_month: int = Field(default=8, ge=1, le=12)
    iep_year_start_day: int = Field(default=15, ge=1, le=28)
    age_of_majority: int = Field(default=18, ge=16, le=21)
    # The school's time zone: "today" (a meeting date, a due date) is the school's today.
    school_timezone: str = "America/New_York"
    # Minutes in the school week that percent-in-general-education is out of (LRE):
    # 6.5 instructional hours a day, 5 days.
    school_week_minutes: int = Field(default=1950, ge=300, le=3000)

    @field_validator("school_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (use an IANA name such as America/Chicago)"
            ) from None
        return value

    @model_validator(mode="after")
    def _refuse_unsafe_defaults(self) -> Settings:
        problems: list[str] = []
        key_problem = secret_key_problem(self.secret_key.get_secret_value())
        if key_problem and not is_loopback(self.host):
            problems.append(f"{key_problem}, and HOST={self.host} listens beyond this machine")
        if self.environment == "production":
            problems += self.production_problems()
        if problems:
            where = "in production" if self.environment == "production" else "like this"
            raise UnsafeSettingsError(
                f"Refusing to start {where}: " + "; ".join(dict.fromkeys(problems)) + "."
            )
        return self

    def production_problems(self) -> list[str]:
        """Every setting production refuses, each as a sentence naming the variable."""
        problems: list[str] = []
        key_problem = secret_key_problem(self.secret_key.get_secret_value())
        if key_problem:
            problems.append(key_problem)
        if self.debug:
            problems.append("DEBUG must be false")
        if not self.session_cookie_secure:
            problems.append("SESSION_COOKIE_SECURE must be true (serve over HTTPS)")
        if self.metrics_require_auth is False:
            problems.append("METRICS_REQUIRE_AUTH must not be false: /metrics needs a token")
        if not self.pii_pseudonymize and not self.llm_provider_on_premises:
            problems.append(
                "PII_PSEUDONYMIZE=false sends students' names to the provider: allowed only "
                "with LLM_PROVIDER_ON_PREMISES=true for a server on the district's own hardware"
            )
        if self.llm_provider_on_premises and self.resolved_provider == "gemini":
            problems.append("LLM_PROVIDER_ON_PREMISES=true cannot describe Gemini, a cloud service")
        for name, url in (
            ("GEMINI_BASE_URL", self.gemini_base_url),
            ("OPENAI_BASE_URL", self.openai_base_url),
        ):
            if _plain_http_beyond_loopback(url):
                problems.append(f"{name} must use https:// (plain http only to this machine)")
        return problems

    @property
    def metrics_protected(self) -> bool:
        """Whether /metrics asks for a bearer token (unset: only in production)."""
        if self.metrics_require_auth is None:
            return self.environment == "production"
        return self.metrics_require_auth

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def resolved_provider(self) -> Literal["offline", "gemini", "openai"]:
        """The provider `auto` stands for: Gemini when a key is set, else offline."""
        if self.llm_provider == "auto":
            return "gemini" if self.gemini_api_key else "offline"
        return self.llm_provider

    def iep_year_bounds(self, academic_year: str) -> tuple[date, date]:
        """First and last day of an academic year such as `2025-2026`."""
        first = int(academic_year[:4])
        start = date(first, self.iep_year_start_month, self.iep_year_start_day)
        end = date(first + 1, self.iep_year_start_month, self.iep_year_start_day)
        return start, date.fromordinal(end.toordinal() - 1)

    def school_today(self) -> date:
        """Today's date where the school is (a teacher at 7:44 pm is still on today)."""
        return datetime.now(UTC).astimezone(ZoneInfo(self.school_timezone)).date()


@lru_cache
def get_settings() -> Settings:
    return Settings()
