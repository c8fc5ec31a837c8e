"""Generation providers behind one async protocol: offline, Gemini, OpenAI-compatible."""
