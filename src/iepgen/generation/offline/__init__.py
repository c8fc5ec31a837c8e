"""The offline drafter: deterministic, network-free section drafts (spec/llm.md)."""

from .drafter import DRAFTERS, draft_iep, draft_section

__all__ = ["DRAFTERS", "draft_iep", "draft_section"]
