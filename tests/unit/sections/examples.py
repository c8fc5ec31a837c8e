"""One valid content body per section type, for a fictional grade-8 student (2025-2026)."""

from __future__ import annotations

from typing import Any

ASSESSMENT_ID = "a-reading-1"

VALID_CONTENT: dict[str, dict[str, Any]] = {
    "student_profile": {
        "name": "Maya Lopez",
        "age": 14,
        "grade": "8",
        "school": "Lincoln Middle School",
        "disability_category": "specific_learning_disability",
        "secondary_disabilities": ["speech_language_impairment"],
        "primary_language": "Spanish",
        "english_learner": True,
        "strengths": "Strong visual memory; persistent.",
        "interests": "Drawing, soccer",
        "parent_concerns": "Reading homework takes hours.",
    },
    "present_levels": {
        "areas": [
            {
                "area": "reading",
                "current_performance": "On the WJ-IV (September 15, 2025) Maya scored 78, "
                "the 7th percentile. She read 52 words correct per minute.",
                "evidence": [ASSESSMENT_ID],
                "data_points": [
                    {"measure": "standard score", "value": 78, "source": ASSESSMENT_ID}
                ],
                "strengths": "Good recall of what she hears.",
                "needs": "Reading fluency and decoding of longer words.",
            }
        ],
        "impact_on_general_curriculum": "Slow reading makes it hard to finish grade-level "
        "reading in science and social studies.",
    },
    "special_factors": {
        **{
            name: {"considered": True, "applies": False, "response": "Not a need at this time."}
            for name in ("behavior", "blind_or_visually_impaired", "deaf_or_hard_of_hearing")
        },
        "limited_english_proficiency": {
            "considered": True,
            "applies": True,
            "response": "Maya is an English learner; her home language is Spanish.",
        },
        "assistive_technology": {
            "considered": True,
            "applies": False,
            "response": "No assistive technology evaluation or device is recorded; the team "
            "considers whether text-to-speech would help with reading.",
        },
        "language_needs": {
            "proficiency": "Developing English proficiency on the state test.",
            "language_services": "English language development with the EL teacher, daily.",
            "english_proficiency_testing": "Maya takes the state English proficiency test.",
            "family_communication": "Notices are offered in Spanish.",
        },
    },
    "annual_goals": {
        "goals": [
            {
                "area": "reading",
                "statement": "By June 5, 2026, given a grade-8 passage, Maya will read aloud "
                "at 90 words correct per minute in 3 of 4 weekly probes.",
                "condition": "Given a grade-8 passage",
                "behavior": "Maya will read aloud",
                "criterion": "90 words correct per minute in 3 of 4 weekly probes",
                "baseline": "52 words correct per minute (WJ-IV, September 15, 2025).",
                "target": "90 words correct per minute",
                "measure": {
                    "unit": "words correct per minute",
                    "direction": "increase",
                    "baseline_value": 52,
                    "target_value": 90,
                },
                "measurement_method": "Weekly one-minute oral reading probes",
                "timeframe": "2026-06-05",
                "evidence": [ASSESSMENT_ID],
                "short_term_objectives": [
                    {
                        "description": "Read 65 words correct per minute.",
                        "target_date": "2025-12-15",
                        "value": 65,
                    },
                    {
                        "description": "Read 78 words correct per minute.",
                        "target_date": "2026-03-15",
                        "value": 78,
                    },
                ],
            }
        ]
    },
    "progress_reporting": {
        "methods": [
            {
                "area": "reading",
                "method": "Weekly reading probes, charted.",
                "goal_number": 1,
                "unit": "words correct per minute",
            }
        ],
        "schedule": "Quarterly",
        "reports_to_parents": "A written report goes home with each report card.",
    },
    "services": {
        "services": [
            {
                "category": "special_education",
                "description": "Reading instruction in a small group.",
                "provider_role": "Special education teacher",
                "frequency": "5 times per week",
                "duration_minutes": 45,
                "location": "Resource room",
                "start_date": "2025-09-01",
                "end_date": "2026-06-05",
                "serves": ["reading"],
            }
        ]
    },
    "accommodations": {
        "classroom": [
            {
                "description": "Text-to-speech for long readings.",
                "setting": "both",
                "serves": ["reading"],
            }
        ],
        "assessment_participation": {
            "mode": "regular_with_accommodations",
            "accommodations": ["Extended time (1.5x)"],
        },
    },
    "lre": {
        "removal_extent_and_reason": "Maya leaves the general class for 45 minutes a day "
        "for reading help.",
        "percent_in_general_education": 85,
        "placement": "Regular class with resource support",
    },
    "transition": {
        "applies": False,
        "not_applicable_reason": "Maya turns 15 during this IEP year; a plan starts at 16.",
    },
    "transfer_of_rights": {
        "applies": False,
        "not_applicable_reason": "Maya is 14; notice is given the year she turns 17.",
    },
    "esy": {"needed": False, "rationale": "No sign of major loss of skills over breaks."},
}
