"""The renderers on their own: names in any script, Markdown that stays literal."""

from __future__ import annotations

import io

import pypdf

from iepgen.export.document import (
    Bullets,
    DocumentSection,
    ExportDocument,
    Paragraph,
    Subheading,
    Table,
)
from iepgen.export.markdown import escape, render_markdown
from iepgen.export.pdf import printable, render_pdf


def _document(name: str, note: str) -> ExportDocument:
    return ExportDocument(
        title="Individualized Education Program",
        subtitle="IEP year 2025-2026",
        facts=(("Student", name),),
        status="draft",
        notice="DRAFT written with the built-in drafter (no AI).",
        running_header="DRAFT",
        footer_label="IEP 2025-2026 · abcdef12",
        sections=(
            DocumentSection(
                "student_profile",
                "Student Profile",
                (
                    Subheading("Reading"),
                    Paragraph(note),
                    Bullets(("one", "two")),
                    Table("Data", ("Measure", "Value"), (("wcpm | fluency", "52"),), (3, 1)),
                ),
            ),
        ),
    )


def test_pdf_prints_accented_and_non_latin_names_and_marks_missing_glyphs() -> None:
    name = "Nguyễn Łukasz Ørsted Даша 李"
    content = render_pdf(_document(name, "Uses a tablet 📱 at home."))

    text = pypdf.PdfReader(io.BytesIO(content)).pages[0].extract_text()

    assert "Nguyễn Łukasz Ørsted Даша" in text
    assert printable("李📱") == "??"
    assert "· 1 / 1" in text


def test_markdown_keeps_a_teachers_text_literal() -> None:
    note = "# not a heading\n- not a list\n1. not numbered *or bold* <b>html</b>"
    rendered = render_markdown(_document("Avery Quill", note)).decode()

    assert escape("a|b") == "a\\|b"
    assert "\\# not a heading  \n\\- not a list  \n1\\. not numbered \\*or bold\\*" in rendered
    assert "\\<b\\>html\\</b\\>" in rendered
    assert "| wcpm \\| fluency | 52 |" in rendered


def test_each_part_of_a_translation_keeps_its_own_running_header_and_footer() -> None:
    from dataclasses import replace

    english = replace(_document("Avery Quill", "note"), footer_label="English footer")
    spanish = replace(
        _document("Avery Quill", "nota"),
        footer_label="Pie en español",
        running_header="Encabezado",
        language="es",
        companion=replace(english, running_header="Original en inglés / English original"),
    )

    pages = pypdf.PdfReader(io.BytesIO(render_pdf(spanish))).pages

    assert len(pages) == 2
    assert "Encabezado" in pages[0].extract_text()
    assert "Pie en español · 1 / 2" in pages[0].extract_text()
    assert "English footer · 2 / 2" in pages[1].extract_text()
    assert "Original en inglés / English original" in pages[1].extract_text()
