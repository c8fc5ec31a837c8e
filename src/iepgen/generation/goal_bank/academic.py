"""Goal patterns for reading, writing and math, by grade band (written for iepgen)."""

from __future__ import annotations

from typing import Final

from .pattern import GoalPattern

READING: Final[dict[str, tuple[GoalPattern, ...]]] = {
    "PK": (
        GoalPattern(
            skill="early literacy (letter names and sounds)",
            condition="during small-group book and letter activities",
            behavior="name upper-case letters when shown them",
            steps=("for 8 letters", "for 15 letters", "for 20 letters in 3 of 4 sessions"),
            method="Teacher checklist of letters named, recorded every two weeks",
            keywords=("letter", "alphabet", "print", "literacy"),
        ),
    ),
    "K-2": (
        GoalPattern(
            skill="decoding and reading fluency",
            condition="given a {grade} reading passage",
            behavior="read aloud",
            steps=(
                "with 80% word accuracy",
                "with 88% word accuracy",
                "with 95% word accuracy in 4 of 5 trials",
            ),
            method="One-minute oral reading probes, charted every week",
            keywords=("fluency", "words correct", "oral reading", "orf", "dibels"),
        ),
        GoalPattern(
            skill="phonics (sounding out words)",
            condition="given a list of short-vowel and blend words",
            behavior="read the words by blending their sounds",
            steps=(
                "for 12 of 20 words",
                "for 16 of 20 words",
                "for 19 of 20 words in 3 of 4 trials",
            ),
            method="Teacher-made phonics word lists, scored every two weeks",
            keywords=("phonics", "decod", "phonem", "sound", "nonsense"),
        ),
    ),
    "3-5": (
        GoalPattern(
            skill="reading fluency",
            condition="given a {grade} passage",
            behavior="read aloud",
            steps=(
                "with 85% word accuracy",
                "with 90% word accuracy",
                "with 95% word accuracy in 4 of 5 trials",
            ),
            method="One-minute oral reading fluency probes, charted every week",
            keywords=("fluency", "words correct", "oral reading", "wcpm", "dibels"),
        ),
        GoalPattern(
            skill="reading comprehension",
            condition="after reading a {grade} passage",
            behavior="answer written and spoken questions about the main idea and details",
            steps=(
                "with 60% accuracy",
                "with 70% accuracy",
                "with 80% accuracy in 4 of 5 trials",
            ),
            method="Comprehension checks scored with a key, every two weeks",
            keywords=("comprehension", "main idea", "maze", "understanding", "retell"),
        ),
    ),
    "6-8": (
        GoalPattern(
            skill="reading fluency",
            condition="given a {grade} passage",
            behavior="read aloud",
            steps=(
                "with 88% word accuracy",
                "with 92% word accuracy",
                "with 95% word accuracy in 4 of 5 trials",
            ),
            method="One-minute oral reading fluency probes, charted every week",
            keywords=("fluency", "words correct", "oral reading", "wcpm"),
        ),
        GoalPattern(
            skill="reading comprehension of class texts",
            condition="after reading a {grade} science or social studies text",
            behavior="write the main idea and three supporting details",
            steps=(
                "with 60% accuracy on a rubric",
                "with 70% accuracy on a rubric",
                "with 80% accuracy on a rubric in 4 of 5 trials",
            ),
            method="Main-idea rubric scored every two weeks on class texts",
            keywords=("comprehension", "main idea", "inference", "maze"),
        ),
    ),
    "9-12": (
        GoalPattern(
            skill="reading comprehension of course texts",
            condition="given a {grade} course text",
            behavior="summarize the main idea and cite two details from the text",
            steps=(
                "with 60% accuracy on a rubric",
                "with 70% accuracy on a rubric",
                "with 80% accuracy on a rubric in 4 of 5 trials",
            ),
            method="Summary rubric scored every two weeks on course texts",
            keywords=("comprehension", "main idea", "inference", "summary"),
        ),
        GoalPattern(
            skill="reading fluency",
            condition="given a {grade} passage",
            behavior="read aloud",
            steps=(
                "with 90% word accuracy",
                "with 93% word accuracy",
                "with 96% word accuracy in 4 of 5 trials",
            ),
            method="One-minute oral reading probes, charted every two weeks",
            keywords=("fluency", "words correct", "oral reading", "wcpm"),
        ),
    ),
}

WRITING: Final[dict[str, tuple[GoalPattern, ...]]] = {
    "PK": (
        GoalPattern(
            skill="early writing (marks, shapes and name)",
            condition="given a model and a crayon or marker",
            behavior="copy the letters of the first name",
            steps=(
                "with 2 letters formed correctly",
                "with 3 letters formed correctly",
                "with all letters formed correctly in 3 of 4 tries",
            ),
            method="Work samples kept in a portfolio, checked every two weeks",
            consistency="in 3 of 4 writing samples",
            keywords=("name", "draw", "copy", "pre-writing"),
        ),
    ),
    "K-2": (
        GoalPattern(
            skill="writing complete sentences",
            condition="given a picture or spoken prompt",
            behavior="write a sentence with a capital letter, spaces and end mark",
            steps=(
                "with 2 of 4 sentence parts correct",
                "with 3 of 4 sentence parts correct",
                "with all 4 parts correct in 4 of 5 samples",
            ),
            method="Writing samples scored with a sentence checklist every two weeks",
            consistency="in 3 of 4 writing samples",
            keywords=("sentence", "writing", "spelling", "letter"),
        ),
    ),
    "3-5": (
        GoalPattern(
            skill="writing a paragraph",
            condition="given a {grade} writing prompt and a graphic organizer",
            behavior="write a paragraph with a topic sentence, three details and a closing",
            steps=(
                "scoring 2 of 4 on the paragraph rubric",
                "scoring 3 of 4 on the paragraph rubric",
                "scoring 4 of 4 on the paragraph rubric in 3 of 4 samples",
            ),
            method="Paragraph rubric applied to writing samples every two weeks",
            consistency="in 3 of 4 writing samples",
            keywords=("paragraph", "rubric", "writing", "composition"),
        ),
    ),
    "6-8": (
        GoalPattern(
            skill="organized multi-paragraph writing",
            condition="given a {grade} writing prompt and a planning organizer",
            behavior="write an essay of at least three paragraphs with topic sentences",
            steps=(
                "with 60% of rubric points",
                "with 70% of rubric points",
                "with 80% of rubric points in 3 of 4 samples",
            ),
            method="District writing rubric applied to samples every month",
            consistency="in 3 of 4 writing samples",
            keywords=("rubric", "paragraph", "essay", "writing", "topic sentence"),
        ),
    ),
    "9-12": (
        GoalPattern(
            skill="writing for courses and work",
            condition="given a {grade} writing task (essay, report or job letter)",
            behavior="plan, draft and edit a multi-paragraph text",
            steps=(
                "with 60% of rubric points",
                "with 70% of rubric points",
                "with 80% of rubric points in 3 of 4 samples",
            ),
            method="Course writing rubric applied to samples every month",
            consistency="in 3 of 4 writing samples",
            keywords=("rubric", "essay", "writing", "composition"),
        ),
    ),
}

MATH: Final[dict[str, tuple[GoalPattern, ...]]] = {
    "PK": (
        GoalPattern(
            skill="early number sense",
            condition="during play and small-group activities",
            behavior="count a set of objects and say how many",
            steps=(
                "for sets of up to 3",
                "for sets of up to 5",
                "for sets of up to 10 in 4 of 5 trials",
            ),
            method="Teacher data sheet during play-based probes, every two weeks",
            keywords=("count", "number", "quantity"),
        ),
    ),
    "K-2": (
        GoalPattern(
            skill="addition and subtraction facts",
            condition="given a set of addition and subtraction facts within 20",
            behavior="write the correct answers",
            steps=(
                "with 60% accuracy",
                "with 75% accuracy",
                "with 90% accuracy in 4 of 5 trials",
            ),
            method="Math fact probes scored every week",
            keywords=("fact", "addition", "subtraction", "computation"),
        ),
    ),
    "3-5": (
        GoalPattern(
            skill="multi-digit computation",
            condition="given {grade} computation problems",
            behavior="solve the problems in writing",
            steps=(
                "with 60% accuracy",
                "with 70% accuracy",
                "with 80% accuracy in 4 of 5 trials",
            ),
            method="Curriculum-based computation probes scored every week",
            keywords=("computation", "digits", "multiplication", "division", "calculation"),
        ),
        GoalPattern(
            skill="solving word problems",
            condition="given {grade} one- and two-step word problems",
            behavior="solve each problem and show the steps",
            steps=(
                "with 50% accuracy",
                "with 65% accuracy",
                "with 80% accuracy in 4 of 5 trials",
            ),
            method="Word-problem probes scored with a key every two weeks",
            keywords=("word problem", "problem solving", "reasoning", "applied"),
        ),
    ),
    "6-8": (
        GoalPattern(
            skill="computation with fractions, decimals and integers",
            condition="given {grade} computation problems",
            behavior="solve the problems in writing",
            steps=(
                "with 60% accuracy",
                "with 70% accuracy",
                "with 80% accuracy in 4 of 5 trials",
            ),
            method="Curriculum-based math probes scored every week",
            keywords=("computation", "digits", "fraction", "decimal", "calculation"),
        ),
        GoalPattern(
            skill="solving multi-step problems",
            condition="given {grade} multi-step word problems",
            behavior="solve each problem and explain the steps",
            steps=(
                "with 50% accuracy",
                "with 65% accuracy",
                "with 80% accuracy in 4 of 5 trials",
            ),
            method="Problem-solving probes scored with a rubric every two weeks",
            keywords=("word problem", "problem solving", "reasoning", "applied"),
        ),
    ),
    "9-12": (
        GoalPattern(
            skill="math for courses and daily life",
            condition="given {grade} problems (equations, budgets, measurement)",
            behavior="solve the problems and show the steps",
            steps=(
                "with 60% accuracy",
                "with 70% accuracy",
                "with 80% accuracy in 4 of 5 trials",
            ),
            method="Curriculum-based math probes scored every two weeks",
            keywords=("computation", "digits", "algebra", "equation", "budget"),
        ),
    ),
}
