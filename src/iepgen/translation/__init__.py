"""Documents in the family's language: reviewed Spanish built in, other languages by model.

A family document is built once as localizable text (`text.py`): reviewed template
messages with parameters, text from the record or a teacher (free text), and values that
read the same in every language (names, numbers). `localize.py` renders it in one
language; `service.py` puts the translation and its English original into one file.
Progress reports, notices and the family summary all go through the same path.
"""
