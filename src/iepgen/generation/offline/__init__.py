"""The offline drafter: deterministic, network-free section drafts (docs/llm.md)."""

from .drafter import DRAFTERS, draft_iep, draft_section

__all__ = ["DRAFTERS", "draft_iep", "draft_section"]
