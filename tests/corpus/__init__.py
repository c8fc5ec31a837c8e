"""A corpus of hard fictional students: every name, date and score is invented."""
