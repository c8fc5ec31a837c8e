"""IDEA terms in Spanish, each with where its rendering comes from.

A model translating a family document gets this list so it uses the same words as the
built-in Spanish text (and, for other languages, so it knows what each English term means
and keeps one rendering per term). Only renderings we could verify in a source are marked
with it; the others are iepgen's own choice, marked `ITEAM`, and are the first thing a
district translator should look at.

Sources:
- OSEP: OSEP Spanish Glossary of Common IDEA Terms, 2nd ed., Region 1 Parent Technical
  Assistance Center at SPAN, produced under U.S. Department of Education, Office of
  Special Education Programs grant H328R080001-10A and reviewed by the Department for
  consistency with IDEA (2013); online at parentcenterhub.org
  ("OSEP English to Spanish Glossary of Terms").
- NICHCY: "Desarrollando el IEP de su hijo", NICHCY Guía para padres PA12-Sp (2003,
  rev. 2011), National Information Center for Children and Youth with Disabilities,
  funded by the U.S. Department of Education (OSERS/OSEP); ERIC ED 480 187.
- CPIR: "Sobre cada componente del IEP", the Spanish version of the Center for Parent
  Information and Resources' (OSEP-funded) page on the contents of the IEP, as published
  by Family Network on Disabilities.
- ALLIANCE: "Aviso previo por escrito (Prior Written Notice—Spanish Version)", Technical
  Assistance ALLIANCE for Parent Centers (the OSEP-funded national parent-center TA
  project) action information sheet.
- ITEAM: chosen by the iepgen team; not found in the sources above.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Source = Literal["OSEP", "NICHCY", "CPIR", "ALLIANCE", "ITEAM"]


@dataclass(frozen=True)
class Term:
    english: str
    spanish: str
    source: Source
    meaning: str  # what the term means, in plain English, for any target language


GLOSSARY: Final[tuple[Term, ...]] = (
    Term(
        "individualized education program (IEP)",
        "programa de educación individualizado (IEP)",
        "CPIR",
        "the written plan of a student's special education; keep the abbreviation IEP",
    ),
    Term("IEP team", "equipo del IEP", "CPIR", "the people, parents included, who write the IEP"),
    Term("IEP meeting", "reunión del IEP", "NICHCY", "the meeting where the team writes the IEP"),
    Term("annual goals", "metas anuales", "OSEP", "what the student should achieve in a year"),
    Term("accommodations", "acomodaciones", "OSEP", "changes in how a student learns or is tested"),
    Term(
        "alternate assessment",
        "pruebas alternas",
        "OSEP",
        "the state test for students held to alternate achievement standards",
    ),
    Term("assessment", "evaluación", "OSEP", "a test or other way of gathering information"),
    Term(
        "assistive technology",
        "tecnología de asistencia",
        "OSEP",
        "devices and services that help a student do what they could not do otherwise",
    ),
    Term(
        "American Sign Language (ASL)",
        "Lenguaje de Señas Americano",
        "OSEP",
        "the sign language of Deaf communities in the United States",
    ),
    Term("adaptive behavior", "conducta adaptativa", "OSEP", "everyday living skills"),
    Term("advocate", "defensor o intercesor", "OSEP", "a person who speaks up for the family"),
    Term("appeal", "apelación", "OSEP", "asking a higher authority to review a decision"),
    Term(
        "present levels of academic achievement and functional performance",
        "niveles actuales del logro escolar y rendimiento funcional",
        "CPIR",
        "how the student is doing now, in school work and everyday skills",
    ),
    Term(
        "related services",
        "servicios relacionados",
        "CPIR",
        "services that help a student benefit from special education (speech therapy...)",
    ),
    Term(
        "supplementary aids and services",
        "auxilios y servicios suplementarios",
        "CPIR",
        "supports that let a student learn in general education classes",
    ),
    Term(
        "transition services",
        "servicios de transición",
        "CPIR",
        "activities that prepare a student for life after high school",
    ),
    Term(
        "age of majority",
        "mayoría de edad",
        "CPIR",
        "the age at which parents' IDEA rights pass to the student (18 in most states)",
    ),
    Term(
        "free appropriate public education (FAPE)",
        "educación pública gratis y apropiada (FAPE)",
        "NICHCY",
        "the special education and services a student receives at no cost to the family",
    ),
    Term("placement", "ubicación", "NICHCY", "where a student receives special education"),
    Term(
        "prior written notice",
        "aviso previo por escrito",
        "ALLIANCE",
        "the school's written notice, before it acts, of what it proposes or refuses",
    ),
    Term(
        "special education",
        "educación especial",
        "NICHCY",
        "instruction designed for a student's needs, at no cost to the family",
    ),
    Term(
        "least restrictive environment (LRE)",
        "ambiente menos restrictivo",
        "ITEAM",
        "learning with students without disabilities as much as appropriate",
    ),
    Term(
        "procedural safeguards",
        "garantías procesales",
        "ITEAM",
        "the rights IDEA gives parents, and how to use them",
    ),
    Term(
        "extended school year (ESY) services",
        "servicios del año escolar extendido",
        "ITEAM",
        "special education during school breaks, when the IEP team decides it is needed",
    ),
    Term(
        "general education curriculum",
        "currículo de educación general",
        "ITEAM",
        "what all students of the grade are taught",
    ),
    Term(
        "specially designed instruction",
        "instrucción especialmente diseñada",
        "ITEAM",
        "teaching adapted to the student's needs",
    ),
    Term("progress report", "informe de progreso", "ITEAM", "the written report on each goal"),
    Term("due process hearing", "audiencia de debido proceso", "ITEAM", "a formal hearing"),
    Term("mediation", "mediación", "ITEAM", "a meeting with a neutral person to resolve a dispute"),
    Term("consent", "consentimiento", "ITEAM", "the parent's written agreement"),
    Term("case manager", "coordinador o coordinadora del caso", "ITEAM", "the family's contact"),
)


def prompt_lines() -> list[str]:
    """The glossary as lines a translation prompt carries: term, meaning, Spanish."""
    return [f"- {t.english}: {t.meaning} (Spanish: {t.spanish})" for t in GLOSSARY]
