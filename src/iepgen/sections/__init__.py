"""Structured content of every IEP section (docs/iep.md), each with a plain-prose rendering."""

from iepgen.sections.accommodations import Accommodation, Accommodations, AssessmentParticipation
from iepgen.sections.base import AREA_LABELS, Area, SectionContent
from iepgen.sections.esy import ExtendedSchoolYear
from iepgen.sections.goals import AnnualGoal, AnnualGoals, ShortTermObjective
from iepgen.sections.lre import LeastRestrictiveEnvironment
from iepgen.sections.present_levels import AreaLevel, DataPoint, PresentLevels
from iepgen.sections.profile import StudentProfile
from iepgen.sections.progress_reporting import GoalProgressMethod, ProgressReporting
from iepgen.sections.registry import SECTION_SCHEMAS, parse_section_content
from iepgen.sections.services import Service, Services
from iepgen.sections.special_factors import SpecialFactor, SpecialFactors
from iepgen.sections.transfer_of_rights import TransferOfRights
from iepgen.sections.transition import (
    PostsecondaryGoals,
    Transition,
    TransitionAssessment,
    TransitionService,
)

__all__ = [
    "AREA_LABELS",
    "SECTION_SCHEMAS",
    "Accommodation",
    "Accommodations",
    "AnnualGoal",
    "AnnualGoals",
    "Area",
    "AreaLevel",
    "AssessmentParticipation",
    "DataPoint",
    "ExtendedSchoolYear",
    "GoalProgressMethod",
    "LeastRestrictiveEnvironment",
    "PostsecondaryGoals",
    "PresentLevels",
    "ProgressReporting",
    "SectionContent",
    "Service",
    "Services",
    "ShortTermObjective",
    "SpecialFactor",
    "SpecialFactors",
    "StudentProfile",
    "TransferOfRights",
    "Transition",
    "TransitionAssessment",
    "TransitionService",
    "parse_section_content",
]
