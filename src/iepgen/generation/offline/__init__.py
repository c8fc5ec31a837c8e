"""The offline drafter: deterministic, network-free section drafts from the decisions."""

from .drafter import DRAFTERS, draft_iep, draft_section
from .instructions import offline_drafting_notes

__all__ = ["DRAFTERS", "draft_iep", "draft_section", "offline_drafting_notes"]
