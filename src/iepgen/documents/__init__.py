"""Family and team documents of an IEP: the family summary, the prior written notice, the
meeting invitation (each in the family's language) and the IEP at a glance for teachers."""
