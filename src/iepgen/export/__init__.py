"""IEP documents: DOCX, PDF, Markdown, and the plain-language family summary."""
