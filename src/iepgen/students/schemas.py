"""Request and response bodies for students and their access log."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
)

from iepgen.api.fields import (
    Absent,
    IsoDate,
    Name,
    OptionalCode,
    OptionalLongText,
    OptionalShortText,
    StrictBool,
    duplicate_items,
    refuse_null,
    today_utc,
)
from iepgen.api.schemas import Paginated
from iepgen.models import AuditEntry, Student
from iepgen.sections.vocabulary import DisabilityCategory, GradeLevel
from iepgen.students.record_parts import (
    Behavior,
    Communication,
    EnglishLearning,
    ExtendedSchoolYearData,
    PastDate,
    PostsecondaryAspirations,
    Transfer,
    Vision,
)
from iepgen.students.rules import age_on, check_date_of_birth, normalize_grade_level
from iepgen.users.service import Actor


def _plausible_birth_date(value: date) -> date:
    return check_date_of_birth(value, today_utc())


BirthDate = Annotated[IsoDate, AfterValidator(_plausible_birth_date)]
Grade = Annotated[GradeLevel, BeforeValidator(normalize_grade_level)]
Secondary = Annotated[
    list[DisabilityCategory], Field(max_length=13, json_schema_extra={"uniqueItems": True})
]
GuardianNames = Annotated[list[Name], Field(max_length=10)]
CaseManagerId = Annotated[
    str,
    Field(
        pattern=r"^[0-9a-fA-F-]{36}$",
        max_length=36,
        description="Admin only: the teacher (or admin) who manages this student.",
    ),
]

STUDENT_EXAMPLE: dict[str, Any] = {
    "first_name": "Maya",
    "last_name": "Lopez",
    "date_of_birth": "2011-04-17",
    "grade_level": "8",
    "school": "Lincoln Middle School",
    "student_number": "S-10442",
    "disability_category": "specific_learning_disability",
    "secondary_disabilities": ["speech_language_impairment"],
    "primary_language": "Spanish",
    "english_learner": True,
    "strengths": "Strong visual memory; persistent; enjoys science labs.",
    "interests": "Drawing, soccer",
    "parent_concerns": "Reading homework takes hours; wants her in general science.",
    "notes": "Uses a tablet with text-to-speech at home.",
    "english_learning": {
        "proficiency_level": "WIDA composite 3.2 (developing)",
        "proficiency_test": "WIDA ACCESS for ELLs",
        "tested_on": "2026-02-10",
        "el_services": "English language development, 45 minutes daily",
    },
    "document_language": "Spanish",
    "percent_in_general_education": 85,
    "last_evaluation_on": "2025-09-15",
}

Percent = Annotated[int, Field(ge=0, le=100, strict=True)]


class RecordFields(BaseModel):
    """The optional parts of the record that IEP decisions rest on (students/record_parts.py)."""

    communication: Communication | None = Field(
        default=None,
        description="Language and communication mode, interpreter, hearing technology, AAC.",
    )
    vision: Vision | None = Field(
        default=None, description="Functional vision, learning media, braille codes."
    )
    behavior: Behavior | None = Field(
        default=None,
        description="Target behavior, antecedents, hypothesised function, replacement "
        "behavior, current behavior plan, removals this year.",
    )
    english_learning: EnglishLearning | None = Field(
        default=None, description="English proficiency level and test, EL services."
    )
    transfer: Transfer | None = Field(
        default=None, description="A student who transferred in with an IEP from elsewhere."
    )
    postsecondary_aspirations: PostsecondaryAspirations | None = Field(
        default=None, description="What the student wants after high school, per domain."
    )
    extended_school_year: ExtendedSchoolYearData | None = Field(
        default=None, description="Regression and recoupment or emerging-skill data."
    )
    student_input: OptionalLongText = Field(
        default=None, description="The student's own view of their strengths, needs and goals."
    )
    health_plan: OptionalLongText = Field(
        default=None, description="A recorded individual health plan, in brief."
    )
    document_language: OptionalCode = Field(
        default=None, description="The language the family wants documents in."
    )
    percent_in_general_education: Percent | None = Field(
        default=None, description="Percent of the school day in general education now."
    )
    last_evaluation_on: PastDate | None = Field(
        default=None,
        description="Date of the last (re)evaluation; reevaluation is due 3 "
        "years later unless reevaluation_due_on says otherwise.",
    )
    reevaluation_due_on: IsoDate | None = None
    invited_to_meeting_on: PastDate | None = Field(
        default=None, description="When the student was invited to the IEP meeting."
    )
    transfer_of_rights_informed_on: PastDate | None = Field(
        default=None,
        description="When the student was informed of the rights that transfer at the age "
        "of majority.",
    )

    def column_values(self, names: Iterable[str]) -> dict[str, Any]:
        """`names` as the student row stores them: record parts as JSON-ready dicts."""
        values: dict[str, Any] = {}
        for name in names:
            value = getattr(self, name)
            values[name] = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
        return values


def _no_duplicates(values: list[str]) -> list[str]:
    duplicates = duplicate_items(values)
    if duplicates:
        raise ValueError("lists a category more than once: " + ", ".join(duplicates))
    return values


class StudentCreate(RecordFields):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [STUDENT_EXAMPLE]})

    first_name: Name
    last_name: Name
    date_of_birth: BirthDate
    grade_level: Grade
    disability_category: DisabilityCategory
    secondary_disabilities: Secondary = Field(default_factory=list)
    school: OptionalShortText = None
    student_number: OptionalCode = None
    primary_language: OptionalCode = None
    english_learner: StrictBool = False
    alternate_assessment: StrictBool = Field(
        default=False, description="The student takes the state's alternate assessment."
    )
    parent_guardian_names: GuardianNames = Field(default_factory=list)
    strengths: OptionalLongText = None
    interests: OptionalLongText = None
    parent_concerns: OptionalLongText = None
    notes: OptionalLongText = None
    case_manager_id: CaseManagerId | None = None

    _unique_secondary = field_validator("secondary_disabilities")(_no_duplicates)


# PATCH fields that may be left out but never set to null (the record needs a value).
REQUIRED_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "grade_level",
    "disability_category",
    "secondary_disabilities",
    "english_learner",
    "alternate_assessment",
    "parent_guardian_names",
    "case_manager_id",
)


class StudentUpdate(RecordFields):
    """Any subset of the fields; what is sent is validated exactly as on create."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"grade_level": "9", "school": "Lincoln High School"}]},
    )

    first_name: Name | Absent = None
    last_name: Name | Absent = None
    date_of_birth: BirthDate | Absent = None
    grade_level: Grade | Absent = None
    disability_category: DisabilityCategory | Absent = None
    secondary_disabilities: Secondary | Absent = None
    school: OptionalShortText = None
    student_number: OptionalCode = None
    primary_language: OptionalCode = None
    english_learner: StrictBool | Absent = None
    alternate_assessment: StrictBool | Absent = None
    parent_guardian_names: GuardianNames | Absent = None
    strengths: OptionalLongText = None
    interests: OptionalLongText = None
    parent_concerns: OptionalLongText = None
    notes: OptionalLongText = None
    case_manager_id: CaseManagerId | Absent = None

    _not_null = field_validator(*REQUIRED_FIELDS, mode="before")(refuse_null)
    _unique_secondary = field_validator("secondary_disabilities")(_no_duplicates)

    def changes(self) -> dict[str, Any]:
        """The fields the caller sent, with their validated values."""
        return self.column_values(self.model_fields_set)


class StudentOut(RecordFields):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "5f0c6d1e-8a54-4a8e-9a59-2b1f6f0f9b11",
                    "case_manager_id": "0b7f2a43-2f7e-4d8a-8d0c-7b8d2f3e1a22",
                    "age": 15,
                    **STUDENT_EXAMPLE,
                    "alternate_assessment": False,
                    "parent_guardian_names": ["Rosa Lopez"],
                    "created_at": "2026-09-01T14:05:00Z",
                    "updated_at": "2026-09-01T14:05:00Z",
                }
            ]
        }
    )

    id: str
    case_manager_id: str
    first_name: str
    last_name: str
    date_of_birth: date
    age: int = Field(description="Whole years today (UTC).")
    grade_level: str
    school: str | None
    student_number: str | None
    disability_category: str
    secondary_disabilities: list[str]
    primary_language: str | None
    english_learner: bool
    alternate_assessment: bool
    parent_guardian_names: list[str]
    strengths: str | None
    interests: str | None
    parent_concerns: str | None
    notes: str | None
    archived_at: datetime | None = Field(
        default=None, description="Set when archived: the records are kept read-only."
    )
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, student: Student) -> StudentOut:
        values = {name: getattr(student, name) for name in cls.model_fields if name != "age"}
        return cls(**values, age=age_on(student.date_of_birth, today_utc()))


class StudentPage(Paginated[StudentOut]):
    pass


class AccessLogEntryOut(BaseModel):
    """One access to or disclosure of the student's records: ids and field names only."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "at": "2026-09-01T14:05:00Z",
                    "actor_id": "0b7f2a43-2f7e-4d8a-8d0c-7b8d2f3e1a22",
                    "actor_role": "teacher",
                    "actor_name": "Jordan Rivera",
                    "action": "student.update",
                    "entity_type": "student",
                    "entity_id": "5f0c6d1e-8a54-4a8e-9a59-2b1f6f0f9b11",
                    "fields": ["grade_level", "school"],
                    "detail": {},
                }
            ]
        },
    )

    at: datetime
    actor_id: str | None = Field(
        description="The user's id: shown to admins, and to a teacher only for their own entries."
    )
    actor_role: str | None
    actor_name: str | None = Field(
        default=None, description="Who acted: the user's display name (or username)."
    )
    action: str
    entity_type: str | None
    entity_id: str | None
    fields: list[str]
    detail: dict[str, Any]

    @classmethod
    def of(cls, entry: AuditEntry, *, viewer: Actor, names: dict[str, str]) -> AccessLogEntryOut:
        """The entry as `viewer` may see it: another user's id only for an admin."""
        out = cls.model_validate(entry)
        name = names.get(entry.actor_id or "") if entry.actor_id else None
        return out.model_copy(
            update={"actor_id": viewer.sees_user_id(entry.actor_id), "actor_name": name}
        )


class AccessLogPage(Paginated[AccessLogEntryOut]):
    pass


class TransferIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"case_manager_id": "0b7f2a43-2f7e-4d8a-8d0c-7b8d2f3e1a22"}]
        },
    )

    case_manager_id: str = Field(
        max_length=64, description="The id of the active teacher or administrator taking over."
    )
