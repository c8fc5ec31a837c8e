"""What an IEP says about itself (docs/iep.md): how a draft was drafted; who finalized a final one.

Every rendering and export uses these sentences, so the API, the web pages and the
documents say the same thing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

BUILT_IN_DRAFTER = "the built-in drafter (no AI)"


def model_name(model: str) -> str:
    """`gemini-3.5-flash` → `Gemini 3.5 Flash`: a hosted model as its maker writes it."""
    return " ".join(part[:1].upper() + part[1:] for part in model.split("-") if part)


def drafter_name(provider: str, model: str | None) -> str:
    """Who drafted, in words: the built-in drafter, a named Gemini model, or a local model
    by its configured name."""
    provider = provider.strip()
    if provider.startswith("offline") or not provider:
        return BUILT_IN_DRAFTER
    if provider == "gemini":
        return model_name(model) if model else "Google Gemini"
    if provider == "openai":
        return f"the district's local model {model}" if model else "the district's local model"
    return f"{provider} ({model})" if model else provider


def drafted_with(generated_with: dict[str, Any]) -> str:
    """`Gemini 3.5 Flash`, or `the built-in drafter (no AI)`, from `generated_with` (a draft
    that fell back part-way names both)."""
    providers = str(generated_with.get("provider") or "").split(", ")
    models = str(generated_with.get("model") or "").split(", ")
    names = [
        drafter_name(provider, models[i] if i < len(models) else None)
        for i, provider in enumerate(providers)
    ]
    return " and ".join(dict.fromkeys(names))


def section_author(generated_by: str, names_by_username: dict[str, str]) -> str:
    """`Drafted with Gemini 3.5 Flash` or `Edited by Jordan Ellis` for a section's
    `generated_by` ("gemini:<model>", "offline", "teacher:<username>")."""
    kind, _, detail = generated_by.partition(":")
    if kind == "teacher":
        return f"Edited by {names_by_username.get(detail, detail)}"
    if generated_by.startswith("offline (fallback"):
        return f"Drafted with {BUILT_IN_DRAFTER} while the AI service was unavailable"
    return f"Drafted with {drafter_name(kind, detail or None)}"


def draft_notice(generated_with: dict[str, Any]) -> str:
    return (
        f"DRAFT written with {drafted_with(generated_with)}. "
        "The IEP team must review and revise it before it is finalized."
    )


def final_notice(finalized_by_name: str | None, finalized_at: datetime) -> str:
    who = finalized_by_name or "a user who no longer has an account"
    return f"Finalized by {who} on {finalized_at:%Y-%m-%d %H:%M} UTC."
