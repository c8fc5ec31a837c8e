"""Generation jobs over HTTP: submit, watch, cancel, retry; health and queue statistics."""
