"""Phrases iepgen's own drafter writes, in reviewed Spanish (free text only when not here).

The decisions stage and the offline drafter use a fixed vocabulary for goal measures,
providers, places, frequencies, placements and common accommodations. A family document
marks these as `Known`: found here they are translated offline; edited by a teacher into
something else they fall back to free text and are marked as not translated. Written by
the iepgen team with the terms of `glossary.py`.
"""

from __future__ import annotations

import re
from typing import Final

SPANISH: Final[dict[str, str]] = {
    # Goal measures (generation/decisions/catalogue.py): units ------------------------------
    "letters named": "letras nombradas",
    "words correct per minute": "palabras correctas por minuto",
    "functional words": "palabras funcionales",
    "sight words read correctly": "palabras de uso frecuente leídas correctamente",
    "% of comprehension questions correct": "% de preguntas de comprensión correctas",
    "% of letters formed correctly": "% de letras bien formadas",
    "rubric points": "puntos de la rúbrica",
    "correct word sequences in a 3-minute writing probe": (
        "secuencias de palabras correctas en una prueba de escritura de 3 minutos"
    ),
    "digits correct per minute": "dígitos correctos por minuto",
    "% of problems solved correctly": "% de problemas resueltos correctamente",
    "% of purchases made with the right amount": "% de compras hechas con la cantidad correcta",
    "% of target sounds correct": "% de sonidos meta correctos",
    "independent messages with the device per 30-minute session": (
        "mensajes independientes con el dispositivo en cada sesión de 30 minutos"
    ),
    "% of opportunities using complete sentences": "% de oportunidades con oraciones completas",
    "different words in a 20-minute play session": (
        "palabras diferentes en una sesión de juego de 20 minutos"
    ),
    "% of observed intervals off task": "% de intervalos observados sin hacer la tarea",
    "incidents per week": "incidentes por semana",
    "peer interactions started per recess": "interacciones iniciadas con compañeros en cada recreo",
    "% of upsetting situations handled with a coping strategy": (
        "% de situaciones difíciles manejadas con una estrategia para calmarse"
    ),
    "% of letters formed and spaced legibly": "% de letras formadas y espaciadas con claridad",
    "words per minute": "palabras por minuto",
    "% of routine steps done independently": "% de pasos de la rutina hechos sin ayuda",
    "% of job tasks completed independently": "% de tareas de trabajo completadas sin ayuda",
    "% of health-plan routines done independently": (
        "% de rutinas del plan de salud hechas sin ayuda"
    ),
    # Goal measures: the skill each one works on ------------------------------------------
    "naming letters": "nombrar las letras",
    "reading fluency: reading text aloud accurately and at a steady pace": (
        "fluidez en la lectura: leer en voz alta con precisión y a buen ritmo"
    ),
    "reading the words needed at school, at work and in the community": (
        "leer las palabras que se necesitan en la escuela, en el trabajo y en la comunidad"
    ),
    "reading high-frequency sight words": "leer palabras de uso frecuente",
    "reading comprehension: finding the main idea and details": (
        "comprensión de lectura: encontrar la idea principal y los detalles"
    ),
    "forming letters when copying": "formar las letras al copiar",
    "writing organized paragraphs": "escribir párrafos organizados",
    "writing sentences that are correct and connected": (
        "escribir oraciones correctas y bien conectadas"
    ),
    "math computation: accurate, fluent calculation": (
        "cálculo matemático: calcular con precisión y fluidez"
    ),
    "solving math problems, including word problems": (
        "resolver problemas de matemáticas, también problemas con palabras"
    ),
    "using money to make purchases": "usar dinero para hacer compras",
    "saying speech sounds clearly": "pronunciar los sonidos del habla con claridad",
    "communicating with a speech-generating device": (
        "comunicarse con un dispositivo generador de voz"
    ),
    "expressive language: explaining and asking in complete sentences": (
        "lenguaje expresivo: explicar y preguntar con oraciones completas"
    ),
    "using words to request and comment": "usar palabras para pedir y comentar",
    "staying with class work": "mantenerse en el trabajo de clase",
    "using safe, expected behavior in place of the target behavior": (
        "usar una conducta segura y esperada en lugar de la conducta que se quiere cambiar"
    ),
    "starting interactions with peers": "iniciar interacciones con compañeros",
    "coping when upset": "calmarse cuando está molesto",
    "legible handwriting": "escritura a mano legible",
    "keyboarding: typing accurately at a useful speed": (
        "mecanografía: escribir en el teclado con precisión y a buena velocidad"
    ),
    "carrying out daily routines independently": "hacer las rutinas diarias sin ayuda",
    "completing job tasks independently": "completar tareas de trabajo sin ayuda",
    "carrying out health routines independently": "hacer las rutinas de salud sin ayuda",
    # Who provides a service (generation/decisions/supports.py) ----------------------------
    "Special education teacher": "Maestro o maestra de educación especial",
    "Speech-language pathologist": "Patólogo o patóloga del habla y el lenguaje",
    "Teacher of the Deaf and hard of hearing": "Maestro o maestra de estudiantes sordos",
    "Teacher of students with visual impairments": (
        "Maestro o maestra de estudiantes con discapacidad visual"
    ),
    "Transition coordinator": "Coordinador o coordinadora de transición",
    "Special education teacher with general education teachers": (
        "Maestro o maestra de educación especial con los maestros de educación general"
    ),
    "Special and general education teachers": (
        "Maestros de educación especial y de educación general"
    ),
    "School psychologist or behavior specialist": ("Psicólogo escolar o especialista en conducta"),
    "School nurse": "Enfermero o enfermera escolar",
    "School counselor": "Consejero o consejera escolar",
    "Orientation and mobility specialist": "Especialista en orientación y movilidad",
    "Occupational therapist": "Terapeuta ocupacional",
    "Educational interpreter": "Intérprete educativo",
    "Educational audiologist": "Audiólogo o audióloga educativa",
    "Classroom staff": "Personal del salón de clases",
    "Braille transcriptionist": "Transcriptor o transcriptora de braille",
    "Case manager": "Coordinador o coordinadora del caso",
    # Where ---------------------------------------------------------------------------------
    "General education classroom": "Salón de educación general",
    "School (staff training)": "Escuela (capacitación del personal)",
    "Resource room": "Salón de recursos",
    "Therapy room": "Salón de terapia",
    "Special education classroom": "Salón de educación especial",
    "School": "Escuela",
    "School campus and community": "Escuela y comunidad",
    "School and home": "Escuela y hogar",
    "School and community job sites": "Escuela y lugares de trabajo en la comunidad",
    "School (teacher planning time)": "Escuela (tiempo de planificación de los maestros)",
    "School (materials preparation)": "Escuela (preparación de materiales)",
    "Nurse's office": "Enfermería",
    "Counseling office": "Oficina de consejería",
    # How often -----------------------------------------------------------------------------
    "Daily": "Todos los días",
    "Every week": "Cada semana",
    "Every school day, all day": "Todos los días de clase, todo el día",
    "Each school day, at the times the health plan sets": (
        "Cada día de clase, a las horas que fija el plan de salud"
    ),
    "Quarterly": "Cada trimestre",
    "Monthly": "Cada mes",
    "Every six weeks": "Cada seis semanas",
    "Each trimester": "Cada período de tres meses del año escolar",
    "Each semester": "Cada semestre",
    # Placement categories (generation/decisions/placement.py) -----------------------------
    "Regular class 80% or more of the day": "Clase regular el 80 % del día o más",
    "Regular class 40% to 79% of the day": "Clase regular del 40 % al 79 % del día",
    "Regular class less than 40% of the day": "Clase regular menos del 40 % del día",
    "Early childhood program, with special education services in the program": (
        "Programa de primera infancia, con servicios de educación especial en el programa"
    ),
    "Early childhood program, with most special education services given outside it": (
        "Programa de primera infancia, con la mayoría de los servicios de educación especial "
        "fuera de él"
    ),
    # Accommodations the drafter writes most often -----------------------------------------
    "A calculator when computation is not what is being tested": (
        "Una calculadora cuando la prueba no mide el cálculo"
    ),
    "Captions on all videos and audio": "Subtítulos en todos los videos y audios",
    "Directions given in short steps, with a check that they were understood": (
        "Instrucciones en pasos cortos, comprobando que se entendieron"
    ),
    "Extended time (1.5 times) on reading-heavy tasks and tests": (
        "Tiempo adicional (1.5 veces) en tareas y pruebas con mucha lectura"
    ),
    "Extra time and breaks on reading-heavy class work": (
        "Tiempo adicional y descansos en el trabajo de clase con mucha lectura"
    ),
    "Graphic organizers to plan writing": "Organizadores gráficos para planear la escritura",
    "Materials and tests in large print": "Materiales y pruebas en letra grande",
    "Picture or written checklists for daily routines": (
        "Listas con dibujos o por escrito para las rutinas diarias"
    ),
    "Planned breaks, and a break card to ask for one": (
        "Descansos planeados y una tarjeta para pedir un descanso"
    ),
    "Speech-to-text or a scribe for long written work": (
        "Dictado por voz o una persona que escribe por el estudiante en trabajos escritos largos"
    ),
    "Testing in a small group, with breaks": "Pruebas en un grupo pequeño, con descansos",
    "Text-to-speech or an adult reader for long texts, except when reading itself is tested": (
        "Lectura en voz alta por computadora o por un adulto en textos largos, excepto cuando "
        "la prueba mide la lectura"
    ),
    "Visual alerts for announcements and alarms": "Alertas visuales para anuncios y alarmas",
    "All materials and tests in braille, with tactile graphics": (
        "Todos los materiales y pruebas en braille, con gráficos táctiles"
    ),
    "A word-to-word English-Spanish glossary": (
        "Un glosario bilingüe inglés-español palabra por palabra"
    ),
    "Speech and language therapy on the communication goals.": (
        "Terapia del habla y del lenguaje para las metas de comunicación."
    ),
}

# Language names, for "the family asked for documents in ...".
SPANISH.update(
    {
        "English": "inglés",
        "Spanish": "español",
        "Arabic": "árabe",
        "Chinese": "chino",
        "Vietnamese": "vietnamita",
        "Portuguese": "portugués",
        "Somali": "somalí",
        "Russian": "ruso",
        "Haitian Creole": "criollo haitiano",
        "Hmong": "hmong",
        "Ukrainian": "ucraniano",
        "Tagalog": "tagalo",
        "Korean": "coreano",
        "French": "francés",
        "Japanese": "japonés",
        "Pashto": "pastún",
        "Dari": "darí",
        "Persian": "persa",
        "Urdu": "urdu",
        "Hebrew": "hebreo",
        "Nepali": "nepalí",
        "Bengali": "bengalí",
        "Punjabi": "panyabí",
        "Hindi": "hindi",
        "Amharic": "amárico",
        "Tigrinya": "tigriña",
        "Swahili": "suajili",
        "Burmese": "birmano",
        "Karen": "karen",
        "Polish": "polaco",
    }
)

_PERIODS_ES: Final = {"day": "día", "week": "semana", "month": "mes", "year": "año"}
_FREQUENCY = re.compile(r"^(\d{1,2}) times? per (day|week|month|year)$")


def spanish(phrase: str) -> str | None:
    """The reviewed Spanish of a phrase iepgen writes; None when it is not one of them."""
    found = SPANISH.get(phrase.strip())
    if found is not None:
        return found
    frequency = _FREQUENCY.match(phrase.strip())
    if frequency:
        count, period = int(frequency.group(1)), _PERIODS_ES[frequency.group(2)]
        return f"{count} {'vez' if count == 1 else 'veces'} por {period}"
    return None
