"""Settings from the environment and `.env`, refusing unsafe defaults in production."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["development", "test", "production"]
ProviderName = Literal["auto", "offline", "gemini", "openai"]
StructuredOutputSetting = Literal["auto", "json_schema", "json_object", "prompt"]

# A development-only key: production refuses to start with it (see _refuse_unsafe_defaults).
DEVELOPMENT_SECRET_KEY = "iepgen-development-secret-key-do-not-use-in-production"


class UnsafeSettingsError(ValueError):
    """Raised when production settings would run with a development default."""


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
    # /metrics is usually scraped on a private network without credentials; set this to
    # require the same bearer token as the API.
    metrics_require_auth: bool = False
    # Seconds between keep-alive comments on an idle job event stream (SSE).
    sse_keepalive_seconds: float = Field(default=15.0, gt=0, le=300)
    log_level: str = "INFO"
    log_json: bool = False

    # Queue (spec/queue.md).
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

    # Generation providers (spec/llm.md).
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

    # The IEP year (spec/iep.md): academic year "2025-2026" runs 2025-08-15 to 2026-08-14.
    iep_year_start_month: int = Field(default=8, ge=1, le=12)
    iep_year_start_day: int = Field(default=15, ge=1, le=28)
    age_of_majority: int = Field(default=18, ge=16, le=21)

    @model_validator(mode="after")
    def _refuse_unsafe_defaults(self) -> Settings:
        if self.environment != "production":
            return self
        problems: list[str] = []
        key = self.secret_key.get_secret_value()
        if key == DEVELOPMENT_SECRET_KEY or len(key) < 32:
            problems.append("SECRET_KEY must be set to a random value of at least 32 characters")
        if self.debug:
            problems.append("DEBUG must be false")
        if not self.session_cookie_secure:
            problems.append("SESSION_COOKIE_SECURE must be true (serve over HTTPS)")
        if problems:
            raise UnsafeSettingsError(
                "Refusing to start in production: " + "; ".join(problems) + "."
            )
        return self

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
        """First and last day of an IEP year such as `2025-2026`."""
        first = int(academic_year[:4])
        start = date(first, self.iep_year_start_month, self.iep_year_start_day)
        end = date(first + 1, self.iep_year_start_month, self.iep_year_start_day)
        return start, date.fromordinal(end.toordinal() - 1)


@lru_cache
def get_settings() -> Settings:
    return Settings()
