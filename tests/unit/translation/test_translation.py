"""The translation layer on its own: catalog, phrasebook, glossary, marks, readability."""

from __future__ import annotations

import string
from datetime import date, time

import pytest

from iepgen.export.layout import column_widths
from iepgen.translation.catalog import MESSAGES
from iepgen.translation.glossary import GLOSSARY
from iepgen.translation.languages import ENGLISH, SPANISH, family_language, resolve
from iepgen.translation.localize import Localizer
from iepgen.translation.phrasebook import spanish
from iepgen.translation.readability import fernandez_huerta, spanish_syllables
from iepgen.translation.text import Free, Joined, Known, Msg, Plain


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_english_and_spanish_with_the_same_parameters() -> None:
    for key, entry in MESSAGES.items():
        assert set(entry) == {"en", "es"}, key
        assert _fields(entry["en"]) == _fields(entry["es"]), key


def test_the_glossary_names_a_source_for_every_term() -> None:
    assert {term.source for term in GLOSSARY} <= {"OSEP", "NICHCY", "CPIR", "ALLIANCE", "ITEAM"}
    spanish_terms = {term.english: term.spanish for term in GLOSSARY}
    assert spanish_terms["annual goals"] == "metas anuales"
    assert spanish_terms["accommodations"] == "acomodaciones"
    assert spanish_terms["prior written notice"] == "aviso previo por escrito"


def test_the_catalog_uses_the_glossary_terms() -> None:
    assert "metas anuales" in MESSAGES["family.goals.intro"]["es"]
    assert "Aviso previo por escrito" == MESSAGES["pwn.title"]["es"]
    assert "garantías procesales" in MESSAGES["pwn.rights.safeguards"]["es"]


def test_languages_are_read_as_records_write_them() -> None:
    assert resolve("Spanish") == resolve("español") == resolve("es") == resolve("ES-mx") == SPANISH
    assert resolve(None) == ENGLISH
    assert resolve("Mandarin").code == "zh"
    assert resolve("Arabic").right_to_left
    unknown = resolve("Kinyarwanda")
    assert (unknown.code, unknown.english_name) == ("und", "Kinyarwanda")
    assert family_language(None, "Spanish") == SPANISH
    assert family_language("English", "Spanish") == ENGLISH


def test_spanish_renders_dates_times_and_reviewed_phrases() -> None:
    localizer = Localizer(SPANISH)
    text = localizer.text(
        Msg(
            "family.service.line",
            kind=Msg("service.related_service"),
            what=Known("Speech and language therapy on the communication goals."),
            who=Known("Speech-language pathologist"),
            often=Known("2 times per week"),
            minutes=30,
            where=Known("Therapy room"),
        )
    )
    assert text == (
        "Servicio relacionado: Terapia del habla y del lenguaje para las metas de comunicación. "
        "Quién: Patólogo o patóloga del habla y el lenguaje. Con qué frecuencia: 2 veces por "
        "semana, 30 minutos cada vez. Dónde: Salón de terapia."
    )
    assert localizer.text(date(2026, 6, 5)) == "5 de junio de 2026"
    assert localizer.text(time(15, 30)) == "3:30 p. m."
    assert localizer.untranslated == []


def test_free_text_is_marked_never_silently_english() -> None:
    localizer = Localizer(SPANISH)
    text = localizer.text(
        Msg("family.about.strengths", name=Plain("Ana"), text=Free("Draws well."))
    )
    assert text == "Lo que Ana hace bien: «Draws well.» (en inglés, sin traducir)"
    assert localizer.untranslated == ["Draws well."]
    translated = Localizer(SPANISH, {"Draws well.": "Dibuja bien."})
    assert translated.text(Free("Draws well.")) == "Dibuja bien."
    assert translated.untranslated == []


def test_an_unknown_drafter_phrase_is_free_text() -> None:
    assert spanish("3 times per week") == "3 veces por semana"
    assert spanish("1 time per month") == "1 vez por mes"
    assert spanish("Every other Tuesday") is None
    localizer = Localizer(SPANISH)
    assert "(en inglés, sin traducir)" in localizer.text(Known("Every other Tuesday"))


def test_english_renders_everything_as_written() -> None:
    localizer = Localizer(ENGLISH)
    part = Joined((Msg("family.goal.now_unmeasured", day=date(2026, 1, 5)), Free("Note.")))
    assert localizer.text(part) == (
        "Now: not measured yet. The school will measure it by January 5, 2026. Note."
    )
    assert localizer.text(time(9, 5)) == "9:05 a.m."


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("leer", 2),
        ("país", 2),
        ("cielo", 2),
        ("agua", 2),
        ("que", 1),
        ("guitarra", 3),
        ("pingüino", 3),
        ("educación", 4),
        ("individualizado", 7),
        ("acomodaciones", 6),
    ],
)
def test_spanish_syllables(word: str, syllables: int) -> None:
    assert spanish_syllables(word) == syllables


def test_fernandez_huerta_ranks_plain_spanish_above_dense_spanish() -> None:
    plain = "Usted es parte del equipo. Sus ideas cuentan. Puede pedir una reunión."
    dense = (
        "La implementación individualizada de las adaptaciones curriculares correspondientes "
        "requiere la participación interdisciplinaria de profesionales especializados."
    )
    assert fernandez_huerta(plain) >= 60 > fernandez_huerta(dense)
    marked = plain + " «Extraordinarily complicated English sentence.» (en inglés, sin traducir)"
    assert fernandez_huerta(marked) == pytest.approx(fernandez_huerta(plain))


def test_column_widths_never_break_a_header_word() -> None:
    headers = ("Type", "Service", "Provider", "Frequency", "Minutes", "Location", "From", "To")
    widths = column_widths(
        180.0,
        (1.6, 3.4, 1.6, 1.5, 1, 1.7, 1.5, 1.5),
        headers,
        [("a",) * 8],
        header_width=lambda word: len(word) * 2.0,
        body_width=lambda word: len(word) * 1.8,
        padding=1.5,
    )
    assert sum(widths) == pytest.approx(180.0)
    for header, width in zip(headers, widths, strict=True):
        assert width >= len(header) * 2.0 + 3.0
