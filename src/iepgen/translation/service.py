"""One family document in the family's language, with its English original beside it.

The translation comes first and the complete English original follows it in the same
file, from a new page, with the same headings: the family reads its own language without
English in between, the file can never be separated from its original, and a translator
reviewing it compares section by section. Every translation carries the notice
"machine-drafted translation — have it reviewed by a qualified translator" in its own
language and in English, and marks any text it could not translate.

- English asked for: the English document alone.
- Spanish: reviewed catalog and phrasebook; free text by the model when one is configured,
  else marked as not translated.
- Another language: the whole English document through the model; with no model (or when
  the model fails) the English original alone, saying plainly that the language could not
  be produced here — never English labelled as a translation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final, Literal

import structlog

from iepgen.errors import IepgenError
from iepgen.export.document import ExportDocument
from iepgen.generation.context import StudentFacts

from .catalog import MESSAGES
from .languages import ENGLISH, SPANISH, Language
from .localize import Localizer, document_strings, free_texts, map_strings
from .model import TranslationRequest, Translator
from .text import LocalDocument

log = structlog.get_logger("iepgen.translation")

Method = Literal["original", "offline", "offline+model", "model", "unavailable"]
# Catalog messages a model translates along with a document in a language the catalog
# does not hold (the notice and the marks must be in the family's language too).
_NOTICE_KEYS: Final = (
    "translation.notice",
    "translation.original_follows",
    "translation.untranslated_legend",
    "translation.original_title",
)


@dataclass(frozen=True)
class Produced:
    document: ExportDocument
    requested: Language
    method: Method
    untranslated: int

    @property
    def language(self) -> str:
        return self.document.language


@dataclass(frozen=True)
class Audience:
    """Who the document is about and whom it names: what pseudonymisation must hide."""

    student: StudentFacts
    people: tuple[str, ...] = ()


async def produce(
    local: LocalDocument,
    requested: Language,
    audience: Audience,
    translator: Translator | None,
) -> Produced:
    english = Localizer(ENGLISH).document(local)
    if requested.is_english:
        return Produced(english, requested, "original", 0)
    if requested.code == SPANISH.code:
        return await _spanish(local, english, audience, translator)
    if translator is None:
        return _unavailable(english, requested, "no translation model is configured")
    return await _by_model(english, requested, audience, translator)


async def _spanish(
    local: LocalDocument,
    english: ExportDocument,
    audience: Audience,
    translator: Translator | None,
) -> Produced:
    translations: dict[str, str] = {}
    method: Method = "offline"
    pending = free_texts(local)
    if pending and translator is not None:
        try:
            translations = await translator.translate(
                TranslationRequest(SPANISH, tuple(pending), audience.student, audience.people)
            )
            method = "offline+model"
        except IepgenError as exc:
            # The reviewed Spanish still stands; the free text is marked as not translated.
            log.warning("translation.model_failed", language="es", error=type(exc).__name__)
    localizer = Localizer(SPANISH, translations)
    spanish = localizer.document(local)
    lines = [
        localizer.message("translation.notice", {}),
        _english("translation.notice"),
        localizer.message("translation.original_follows", {}),
    ]
    if localizer.untranslated:
        lines.append(localizer.message("translation.untranslated_legend", {}))
    return Produced(
        _bilingual(
            spanish, english, tuple(lines), localizer.message("translation.original_title", {})
        ),
        SPANISH,
        method,
        len(localizer.untranslated),
    )


async def _by_model(
    english: ExportDocument,
    requested: Language,
    audience: Audience,
    translator: Translator,
) -> Produced:
    notices = {key: _english(key) for key in _NOTICE_KEYS}
    mark = _english("translation.untranslated_mark").replace("{text}", "[TEXT]")
    segments = (*document_strings(english), *notices.values(), mark)
    try:
        translations = await translator.translate(
            TranslationRequest(requested, segments, audience.student, audience.people)
        )
    except IepgenError as exc:
        log.warning("translation.model_failed", language=requested.code, error=type(exc).__name__)
        return _unavailable(english, requested, "the translation model could not be reached")
    if any(notices[key] not in translations for key in ("translation.notice",)):
        return _unavailable(english, requested, "the translation model gave no usable answer")
    translated_mark = translations.get(mark, "")
    untranslated: list[str] = []

    def swap(text: str) -> str:
        stripped = text.strip()
        if not stripped:
            return text
        found = translations.get(stripped)
        if found:
            return found
        untranslated.append(stripped)
        if "[TEXT]" in translated_mark:
            return translated_mark.replace("[TEXT]", stripped)
        return _english("translation.untranslated_mark").format(text=stripped)

    translated = replace(
        map_strings(english, swap), language=requested.code, right_to_left=requested.right_to_left
    )
    lines = [
        translations[notices["translation.notice"]],
        notices["translation.notice"],
        translations.get(notices["translation.original_follows"], "")
        or notices["translation.original_follows"],
    ]
    if untranslated:
        legend = notices["translation.untranslated_legend"]
        lines.append(translations.get(legend, legend))
    title = (
        translations.get(notices["translation.original_title"], "")
        or notices["translation.original_title"]
    )
    return Produced(
        _bilingual(translated, english, tuple(lines), title),
        requested,
        "model",
        len(untranslated),
    )


def _unavailable(english: ExportDocument, requested: Language, why: str) -> Produced:
    lines = (
        f"This document could not be produced in {requested.english_name}: only Spanish is "
        f"built in, and {why}. This is the English original, not a translation.",
        "Ask the school for a qualified translator, or for an interpreter to read it with you.",
    )
    return Produced(replace(english, translation_notice=lines), requested, "unavailable", 0)


def _bilingual(
    translated: ExportDocument, english: ExportDocument, notice: tuple[str, ...], title: str
) -> ExportDocument:
    original = replace(
        english,
        running_header=f"{title} / English original · {english.running_header}",
        translation_notice=(),
    )
    return replace(translated, translation_notice=notice, companion=original)


def _english(key: str) -> str:
    return MESSAGES[key]["en"]
