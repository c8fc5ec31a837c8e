"""What an IEP says about itself (docs/iep.md): how a draft was drafted; who finalized a final one.

Every rendering and export uses these sentences, so the API, the web pages and the
documents say the same thing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any


def drafted_with(generated_with: dict[str, Any]) -> str:
    """`gemini, model gemini-3.5-flash` from the IEP's `generated_with` record."""
    provider = str(generated_with.get("provider") or "unknown provider")
    model = generated_with.get("model")
    return f"{provider}, model {model}" if model else provider


def draft_notice(generated_with: dict[str, Any]) -> str:
    return (
        f"DRAFT generated with assistance ({drafted_with(generated_with)}). "
        "The IEP team must review and revise it before it is finalized."
    )


def final_notice(finalized_by_name: str | None, finalized_at: datetime) -> str:
    who = finalized_by_name or "a user who no longer has an account"
    return f"Finalized by {who} on {finalized_at:%Y-%m-%d %H:%M} UTC."
