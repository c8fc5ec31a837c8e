"""Goal patterns for functional areas, by grade band (written for iepgen).

Bands missing from an area fall back to the nearest band that has patterns.
"""

from __future__ import annotations

from typing import Final

from .pattern import GoalPattern

COMMUNICATION: Final[dict[str, tuple[GoalPattern, ...]]] = {
    "PK": (
        GoalPattern(
            skill="asking for wants and needs",
            condition="during play and daily routines, with a visual or spoken model",
            behavior="ask for an item or activity using words, signs or a picture",
            steps=(
                "in 4 of 10 chances",
                "in 6 of 10 chances",
                "in 8 of 10 chances across 3 sessions",
            ),
            method="Speech-language pathologist data sheet, every session",
            consistency="over 4 weeks in a row",
            keywords=("request", "expressive", "vocabulary", "language"),
        ),
    ),
    "K-2": (
        GoalPattern(
            skill="speech sound production",
            condition="during structured speech activities",
            behavior="say target sounds correctly in words and sentences",
            steps=(
                "with 60% accuracy",
                "with 70% accuracy",
                "with 80% accuracy in 3 consecutive sessions",
            ),
            method="Speech-language pathologist probes of target sounds, every session",
            consistency="over 4 weeks in a row",
            keywords=("articulation", "sound", "speech", "intelligib"),
        ),
        GoalPattern(
            skill="using complete sentences",
            condition="when retelling a short story or describing a picture",
            behavior="use complete sentences of at least 5 words",
            steps=(
                "in 4 of 10 turns",
                "in 6 of 10 turns",
                "in 8 of 10 turns across 3 sessions",
            ),
            method="Language samples collected by the speech-language pathologist monthly",
            consistency="over 4 weeks in a row",
            keywords=("expressive", "sentence", "language", "vocabulary"),
        ),
    ),
    "3-5": (
        GoalPattern(
            skill="expressive language (explaining and retelling)",
            condition="after hearing or reading a short story",
            behavior="retell it in order with the main characters, problem and ending",
            steps=(
                "including 2 of 4 story parts",
                "including 3 of 4 story parts",
                "including all 4 story parts in 4 of 5 trials",
            ),
            method="Story-retell rubric scored by the speech-language pathologist monthly",
            consistency="over 4 weeks in a row",
            keywords=("expressive", "language", "retell", "narrative", "vocabulary"),
        ),
    ),
    "6-8": (
        GoalPattern(
            skill="following and using academic language",
            condition="during class discussions and group work",
            behavior="ask a question or state an idea that stays on topic",
            steps=(
                "2 times per class period",
                "3 times per class period",
                "3 times per class period in 4 of 5 observed classes",
            ),
            method="Observation tally by the speech-language pathologist every two weeks",
            consistency="over 4 weeks in a row",
            keywords=("language", "pragmatic", "expressive", "receptive", "discussion"),
        ),
    ),
    "9-12": (
        GoalPattern(
            skill="self-advocacy and workplace communication",
            condition="in class and in a role-played job setting",
            behavior="explain a need or ask for help using a clear, polite request",
            steps=(
                "in 5 of 10 chances",
                "in 7 of 10 chances",
                "in 9 of 10 chances across 3 settings",
            ),
            method="Observation checklist by the speech-language pathologist monthly",
            consistency="over 4 weeks in a row",
            keywords=("pragmatic", "language", "self-advocacy", "communication"),
        ),
    ),
}

BEHAVIOR: Final[dict[str, tuple[GoalPattern, ...]]] = {
    "PK": (
        GoalPattern(
            skill="moving between activities",
            condition="given a visual schedule and a one-minute warning",
            behavior="move to the next activity within 2 minutes",
            steps=(
                "in 5 of 10 transitions",
                "in 7 of 10 transitions",
                "in 9 of 10 transitions for 3 weeks",
            ),
            method="Daily transition data sheet, summarized every week",
            consistency="over 4 weeks in a row",
            keywords=("transition", "tantrum", "routine"),
        ),
    ),
    "K-2": (
        GoalPattern(
            skill="following classroom routines and transitions",
            condition="given a visual schedule and a warning before changes",
            behavior="follow the class routine and move to the next activity",
            steps=(
                "in 6 of 10 transitions",
                "in 8 of 10 transitions",
                "in 9 of 10 transitions for 4 weeks in a row",
            ),
            method="Daily behavior data sheet, summarized every week",
            consistency="over 4 weeks in a row",
            keywords=("transition", "incident", "elopement", "routine", "shutdown"),
        ),
    ),
    "3-5": (
        GoalPattern(
            skill="using coping strategies instead of leaving or shutting down",
            condition="when upset or facing a change in routine",
            behavior="use a coping skill (break card, deep breaths, or asking for help)",
            steps=(
                "in 5 of 10 chances",
                "in 7 of 10 chances",
                "in 9 of 10 chances for 4 weeks in a row",
            ),
            method="Behavior incident and strategy-use log, summarized every week",
            consistency="over 4 weeks in a row",
            keywords=("incident", "elopement", "shutdown", "coping", "transition"),
        ),
    ),
    "6-8": (
        GoalPattern(
            skill="staying on task during class work",
            condition="during independent work in class",
            behavior="start the task within 2 minutes and keep working",
            steps=(
                "for 60% of observed intervals",
                "for 70% of observed intervals",
                "for 80% of observed intervals in 4 of 5 observations",
            ),
            method="Interval observation in class, every week",
            consistency="over 4 weeks in a row",
            keywords=("on task", "off task", "attention", "work completion", "focus"),
        ),
    ),
    "9-12": (
        GoalPattern(
            skill="completing and turning in work",
            condition="using a planner or phone calendar checked with a teacher",
            behavior="turn in class assignments on time",
            steps=(
                "for 60% of assignments",
                "for 75% of assignments",
                "for 90% of assignments for one grading period",
            ),
            method="Grade-book record of assignments turned in, checked every week",
            consistency="over 4 weeks in a row",
            keywords=("assignment", "missing", "work completion", "organization", "planner"),
        ),
    ),
}

SOCIAL_EMOTIONAL: Final[dict[str, tuple[GoalPattern, ...]]] = {
    "PK": (
        GoalPattern(
            skill="playing with peers",
            condition="during free play with an adult prompt nearby",
            behavior="join a peer in play by sharing a toy or taking a turn",
            steps=(
                "2 times per play period",
                "3 times per play period",
                "4 times per play period in 4 of 5 days",
            ),
            method="Teacher observation tally during play, every week",
            consistency="over 4 weeks in a row",
            keywords=("play", "peer", "share", "turn"),
        ),
    ),
    "K-2": (
        GoalPattern(
            skill="starting and keeping up play with peers",
            condition="during recess and group play",
            behavior="start play or talk with a classmate",
            steps=(
                "2 times per recess",
                "3 times per recess",
                "4 times per recess in 4 of 5 observations",
            ),
            method="Observation tally at recess by the counselor, every week",
            consistency="over 4 weeks in a row",
            keywords=("peer", "initiat", "recess", "social", "friend"),
        ),
    ),
    "3-5": (
        GoalPattern(
            skill="peer interaction",
            condition="during recess, lunch and group work",
            behavior="start play or talk with a classmate",
            steps=(
                "2 times per recess",
                "3 times per recess",
                "4 times per recess in 4 of 5 observations",
            ),
            method="Observation tally at recess and lunch by the counselor, every week",
            consistency="over 4 weeks in a row",
            keywords=("peer", "initiat", "recess", "social", "friend"),
        ),
    ),
    "6-8": (
        GoalPattern(
            skill="naming and managing strong feelings",
            condition="when frustrated or anxious at school",
            behavior="name the feeling and use a taught calming strategy",
            steps=(
                "in 5 of 10 chances",
                "in 7 of 10 chances",
                "in 8 of 10 chances for 4 weeks in a row",
            ),
            method="Self-rating sheet checked with the counselor, every week",
            consistency="over 4 weeks in a row",
            keywords=("anxiety", "feeling", "frustrat", "emotion", "regulat"),
        ),
    ),
    "9-12": (
        GoalPattern(
            skill="working with others and solving conflicts",
            condition="during group projects and work-based learning",
            behavior="solve a conflict by listening, naming the problem and offering a fix",
            steps=(
                "in 5 of 10 chances",
                "in 7 of 10 chances",
                "in 8 of 10 chances across 2 settings",
            ),
            method="Teacher and job-coach observation checklist, every two weeks",
            consistency="over 4 weeks in a row",
            keywords=("conflict", "peer", "group", "social", "emotion"),
        ),
    ),
}

MOTOR: Final[dict[str, tuple[GoalPattern, ...]]] = {
    "PK": (
        GoalPattern(
            skill="fine motor skills (grasp and cutting)",
            condition="during art and table activities",
            behavior="cut along a straight line with child-safe scissors",
            steps=(
                "staying within 1 inch of the line for half its length",
                "staying within 1 inch of the line for its whole length",
                "staying within half an inch of the line in 4 of 5 tries",
            ),
            method="Occupational therapist work-sample checks, every two weeks",
            consistency="over 4 weeks in a row",
            keywords=("grasp", "cut", "fine motor", "scissors"),
        ),
    ),
    "K-2": (
        GoalPattern(
            skill="handwriting",
            condition="when copying a sentence from a model",
            behavior="write letters that are legible and sit on the line",
            steps=(
                "with 60% of letters legible",
                "with 75% of letters legible",
                "with 90% of letters legible in 4 of 5 samples",
            ),
            method="Handwriting samples scored by the occupational therapist monthly",
            consistency="over 4 weeks in a row",
            keywords=("handwriting", "letter formation", "fine motor", "grasp"),
        ),
    ),
    "3-5": (
        GoalPattern(
            skill="handwriting and keyboarding",
            condition="during written class work",
            behavior="produce legible work by hand or keyboard",
            steps=(
                "with 70% of words legible",
                "with 80% of words legible",
                "with 90% of words legible in 4 of 5 samples",
            ),
            method="Work samples scored by the occupational therapist monthly",
            consistency="over 4 weeks in a row",
            keywords=("handwriting", "keyboard", "fine motor", "legib"),
        ),
    ),
    "6-8": (
        GoalPattern(
            skill="keyboarding for class work",
            condition="given a typing task of class text",
            behavior="type the text with correct finger placement",
            steps=(
                "at 10 words per minute",
                "at 15 words per minute",
                "at 20 words per minute with 90% accuracy in 3 of 4 trials",
            ),
            method="Keyboarding probes scored by the occupational therapist monthly",
            consistency="over 4 weeks in a row",
            keywords=("keyboard", "typing", "fine motor"),
        ),
    ),
    "9-12": (
        GoalPattern(
            skill="moving safely and independently around school and community",
            condition="when moving between classes and community sites",
            behavior="travel the route safely on time",
            steps=(
                "with 2 or fewer adult prompts",
                "with 1 adult prompt",
                "with no adult prompts on 4 of 5 days",
            ),
            method="Therapist or staff checklist of routes, every two weeks",
            consistency="over 4 weeks in a row",
            keywords=("mobility", "gross motor", "walk", "wheelchair", "travel"),
        ),
    ),
}

ADAPTIVE: Final[dict[str, tuple[GoalPattern, ...]]] = {
    "PK": (
        GoalPattern(
            skill="self-care routines",
            condition="during arrival, snack and toileting routines",
            behavior="complete the steps of the routine",
            steps=(
                "with 3 or fewer adult prompts",
                "with 2 or fewer adult prompts",
                "with 1 or fewer adult prompts on 4 of 5 days",
            ),
            method="Task-analysis checklist of routine steps, every week",
            consistency="over 4 weeks in a row",
            keywords=("self-care", "toilet", "routine", "adaptive"),
        ),
    ),
    "K-2": (
        GoalPattern(
            skill="classroom routines and self-care",
            condition="given a picture checklist",
            behavior="complete the arrival and dismissal routine",
            steps=(
                "with 60% of steps done alone",
                "with 80% of steps done alone",
                "with all steps done alone on 4 of 5 days",
            ),
            method="Task-analysis checklist, every week",
            consistency="over 4 weeks in a row",
            keywords=("routine", "self-care", "adaptive", "independen"),
        ),
    ),
    "3-5": (
        GoalPattern(
            skill="organizing materials and following a schedule",
            condition="given a visual schedule and a checklist",
            behavior="gather the materials needed and start each activity",
            steps=(
                "in 6 of 10 activities",
                "in 8 of 10 activities",
                "in 9 of 10 activities on 4 of 5 days",
            ),
            method="Daily checklist kept by staff, summarized every week",
            consistency="over 4 weeks in a row",
            keywords=("organization", "schedule", "adaptive", "independen", "executive"),
        ),
    ),
    "6-8": (
        GoalPattern(
            skill="planning and organizing schoolwork",
            condition="using a planner checked with a staff member",
            behavior="record assignments and due dates for each class",
            steps=(
                "on 3 of 5 days",
                "on 4 of 5 days",
                "on 5 of 5 days for 4 weeks in a row",
            ),
            method="Planner check by the case manager, every week",
            consistency="over 4 weeks in a row",
            keywords=("organization", "planner", "executive", "adaptive", "memory"),
        ),
    ),
    "9-12": (
        GoalPattern(
            skill="daily living skills (money and time)",
            condition="in class and community-based lessons",
            behavior="pay for a purchase and count the change",
            steps=(
                "in 5 of 10 trials",
                "in 7 of 10 trials",
                "in 9 of 10 trials across 2 settings",
            ),
            method="Community-based instruction data sheet, every two weeks",
            consistency="over 4 weeks in a row",
            keywords=("money", "daily living", "adaptive", "independen", "time"),
        ),
    ),
}

VOCATIONAL: Final[dict[str, tuple[GoalPattern, ...]]] = {
    "6-8": (
        GoalPattern(
            skill="career awareness",
            condition="after career exploration lessons",
            behavior="name 3 jobs of interest and the training each needs",
            steps=(
                "naming 1 job and its training",
                "naming 2 jobs and their training",
                "naming 3 jobs and their training in 2 of 2 check-ins",
            ),
            method="Career portfolio checked by the case manager each quarter",
            consistency="over 4 weeks in a row",
            keywords=("career", "interest", "vocational", "job"),
        ),
    ),
    "9-12": (
        GoalPattern(
            skill="job and training readiness",
            condition="during work-based learning or a career class",
            behavior="complete the job tasks on a task list",
            steps=(
                "with 70% of tasks done correctly",
                "with 80% of tasks done correctly",
                "with 90% of tasks done correctly on 4 of 5 work days",
            ),
            method="Job-coach or teacher task checklist, every two weeks",
            consistency="over 4 weeks in a row",
            keywords=("career", "interest", "vocational", "job", "work", "technical"),
        ),
    ),
}

HEALTH: Final[dict[str, tuple[GoalPattern, ...]]] = {
    "K-2": (
        GoalPattern(
            skill="recognizing and reporting health needs",
            condition="when feeling unwell or needing care at school",
            behavior="tell an adult or use a help card",
            steps=(
                "in 5 of 10 chances",
                "in 7 of 10 chances",
                "in 9 of 10 chances over 4 weeks",
            ),
            method="Nurse and teacher log, summarized every two weeks",
            consistency="over 4 weeks in a row",
            keywords=("health", "medical", "nurse", "medication"),
        ),
    ),
    "6-8": (
        GoalPattern(
            skill="managing health needs at school",
            condition="following the health plan made with the school nurse",
            behavior="carry out the self-care steps of the plan (e.g. checks, medication, breaks)",
            steps=(
                "with 60% of steps done alone",
                "with 80% of steps done alone",
                "with all steps done alone on 4 of 5 days",
            ),
            method="Nurse log of self-care steps, every week",
            consistency="over 4 weeks in a row",
            keywords=("health", "medical", "nurse", "medication", "diabetes", "seizure"),
        ),
    ),
}

OTHER: Final[dict[str, tuple[GoalPattern, ...]]] = {
    "K-2": (
        GoalPattern(
            skill="the skill the team named in this area",
            condition="during class activities planned for this skill",
            behavior="show the skill as described in the present levels",
            steps=(
                "in 5 of 10 chances",
                "in 7 of 10 chances",
                "in 8 of 10 chances over 4 weeks",
            ),
            method="Teacher data sheet, every two weeks",
            consistency="over 4 weeks in a row",
        ),
    ),
}
