"""ORM tables, one module per table; importing this package registers them all."""

from iepgen.models.assessment import Assessment
from iepgen.models.audit import AuditEntry
from iepgen.models.iep import IEP, IEPSection, IEPVersion
from iepgen.models.job import ACTIVE_STATUSES, FINISHED_STATUSES, Job
from iepgen.models.llm_cache import LLMCacheEntry
from iepgen.models.provider_state import (
    CallLease,
    CircuitState,
    RateLimitState,
    StructuredOutputMemory,
)
from iepgen.models.student import Student
from iepgen.models.template import Template
from iepgen.models.user import ApiToken, User
from iepgen.models.worker import WorkerRecord

__all__ = [
    "ACTIVE_STATUSES",
    "FINISHED_STATUSES",
    "IEP",
    "ApiToken",
    "Assessment",
    "AuditEntry",
    "CallLease",
    "CircuitState",
    "IEPSection",
    "IEPVersion",
    "Job",
    "LLMCacheEntry",
    "RateLimitState",
    "StructuredOutputMemory",
    "Student",
    "Template",
    "User",
    "WorkerRecord",
]
