"""The document as Markdown (CommonMark with GitHub pipe tables)."""

from __future__ import annotations

import re

from .document import Block, Bullets, ExportDocument, Paragraph, Subheading, Table

MEDIA_TYPE = "text/markdown; charset=utf-8"

# Characters that would start Markdown syntax inside a line of someone's text.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def escape(text: str) -> str:
    """Text as literal Markdown: syntax characters escaped, line breaks kept inside a block."""
    escaped = _SPECIAL.sub(r"\\\1", text)
    # A line that starts with "1." or "-" would become a list; keep it a plain line.
    lines = [re.sub(r"^(\s*)(\d+)\.", r"\1\2\\.", line) for line in escaped.splitlines()]
    lines = [re.sub(r"^(\s*)([-+])(\s)", r"\1\\\2\3", line) for line in lines]
    return "  \n".join(lines)


def _cell(text: str) -> str:
    return escape(text).replace("  \n", "<br>") or " "


def _table(table: Table) -> list[str]:
    lines = [f"**{escape(table.caption)}**", ""]
    lines.append("| " + " | ".join(_cell(c) for c in table.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
    lines.extend("| " + " | ".join(_cell(v) for v in row) + " |" for row in table.rows)
    return [*lines, ""]


def _block(block: Block) -> list[str]:
    if isinstance(block, Subheading):
        return [f"### {escape(block.text)}", ""]
    if isinstance(block, Paragraph):
        text = escape(block.text)
        return [f"**{text}**" if block.emphasis else text, ""]
    if isinstance(block, Bullets):
        return [*(f"- {escape(item)}" for item in block.items), ""]
    return _table(block)


def render_markdown(document: ExportDocument) -> bytes:
    lines = [f"# {escape(document.title)}", "", escape(document.subtitle), ""]
    lines.extend(f"- **{escape(label)}:** {escape(value)}" for label, value in document.facts)
    lines.extend(["", f"> **{escape(document.notice)}**", ""])
    for section in document.sections:
        lines.extend([f"## {escape(section.title)}", ""])
        for block in section.blocks:
            lines.extend(_block(block))
    for review in document.review:
        lines.extend([f"## {escape(review.title)}", ""])
        lines.extend(f"- {escape(item)}" for item in review.items)
        lines.append("")
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")
