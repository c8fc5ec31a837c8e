"""caseload and progress: joins the two revisions made side by side on 0005_documents

Both only add (0006_caseload: calendar feeds, a calendar alias, amendment dates, an index;
0007_progress: progress points and plans), so neither needs the other first. A database
already at 0007_progress gets 0006_caseload, then this.

Revision ID: 0008_caseload_progress
Revises: 0006_caseload, 0007_progress
Create Date: 2026-11-30
"""

from collections.abc import Sequence

revision: str = "0008_caseload_progress"
down_revision: str | Sequence[str] | None = ("0006_caseload", "0007_progress")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to change: the two branches' tables and columns do not overlap."""


def downgrade() -> None:
    """Nothing to undo here: each branch's own revision removes what it added."""
