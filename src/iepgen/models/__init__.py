"""ORM tables, one module per table; importing this package registers them all."""

from iepgen.models.assessment import Assessment
from iepgen.models.audit import AuditEntry
from iepgen.models.calendar_feed import CalendarFeed
from iepgen.models.iep import IEP, IEPSection, IEPVersion
from iepgen.models.job import (
    ACTIVE_STATUSES,
    FINAL_STATUSES,
    FINISHED_STATUSES,
    RETRYABLE_STATUSES,
    Job,
    JobStatus,
)
from iepgen.models.llm_cache import LLMCacheEntry
from iepgen.models.meeting import IEPMeeting, IEPTeacher, IEPTeacherReceipt
from iepgen.models.progress import ProgressPlan, ProgressPoint
from iepgen.models.provider_state import (
    CallLease,
    CircuitState,
    RateLimitState,
    StructuredOutputMemory,
)
from iepgen.models.section_edit_draft import SectionEditDraft
from iepgen.models.section_proposal import SectionProposal
from iepgen.models.sign_in_throttle import SignInThrottleRow
from iepgen.models.student import Student
from iepgen.models.template import Template
from iepgen.models.user import ApiToken, User
from iepgen.models.web_session import WebSessionRecord
from iepgen.models.worker import WorkerRecord

__all__ = [
    "ACTIVE_STATUSES",
    "FINAL_STATUSES",
    "FINISHED_STATUSES",
    "IEP",
    "RETRYABLE_STATUSES",
    "ApiToken",
    "Assessment",
    "AuditEntry",
    "CalendarFeed",
    "CallLease",
    "CircuitState",
    "IEPMeeting",
    "IEPSection",
    "IEPTeacher",
    "IEPTeacherReceipt",
    "IEPVersion",
    "Job",
    "JobStatus",
    "LLMCacheEntry",
    "ProgressPlan",
    "ProgressPoint",
    "RateLimitState",
    "SectionEditDraft",
    "SectionProposal",
    "SignInThrottleRow",
    "StructuredOutputMemory",
    "Student",
    "Template",
    "User",
    "WebSessionRecord",
    "WorkerRecord",
]
