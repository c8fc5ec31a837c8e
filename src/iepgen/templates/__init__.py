"""IEP templates: the built-in `idea-standard` and district-made ones."""
