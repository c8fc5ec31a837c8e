"""IEP records: versions, sections, a teacher's edits, finalizing, and who may see them."""
