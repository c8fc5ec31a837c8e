"""The append-only audit log of access to and disclosure of student records."""
