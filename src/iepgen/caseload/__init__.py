"""The caseload over the school year: due dates, IEP status, upcoming events and their feed."""
