"""Fake provider servers on 127.0.0.1, driven by the real SDKs in tests and benchmarks."""
