"""IEP generation: inputs, section fan-out, offline drafter, compliance checker, prompts."""
