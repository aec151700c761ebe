"""Draft states and the moves between them: the one place that says which status may follow which."""

from __future__ import annotations

from enum import StrEnum

from shopscribe.errors import UserError


class DraftStatus(StrEnum):
    """Where a draft is in its life. A StrEnum, so it is stored and queried as its plain value."""

    draft = "draft"  # written and checked, waiting for a reviewer
    approved = "approved"  # a reviewer accepted it (possibly after editing)
    rejected = "rejected"  # a reviewer turned it down
    published = "published"  # delivered to a sales channel
    retired = "retired"  # taken down or replaced; kept for the record

    @classmethod
    def parse(cls, value: str) -> DraftStatus:
        """The status named by `value`; anything else is the user's mistake, answered with the names there are."""
        try:
            return cls(value)
        except ValueError:
            raise UserError(f"unknown draft status '{value}'; choose one of: {', '.join(cls)}") from None

    def can_move_to(self, other: DraftStatus) -> bool:
        return other in MOVES[self]

    def require_move(self, other: DraftStatus) -> None:
        if not self.can_move_to(other):
            allowed = ", ".join(MOVES[self]) or "nothing"
            raise IllegalMove(f"a {self.value} draft cannot become {other.value}; from {self.value} it can become: {allowed}")

    @property
    def reviewed_good(self) -> bool:
        """Copy a reviewer accepted: what few-shot pools, the critic and tuning learn from."""
        return self in (DraftStatus.approved, DraftStatus.published)


class IllegalMove(UserError):
    """A status change the review workflow does not allow (e.g. publishing a rejected draft)."""


# The review workflow: draft → approved/rejected → published → retired. A rejected draft may be
# reconsidered; an approved one sent back; a retired one is final (write a new draft instead).
MOVES: dict[DraftStatus, tuple[DraftStatus, ...]] = {
    DraftStatus.draft: (DraftStatus.approved, DraftStatus.rejected, DraftStatus.retired),
    DraftStatus.approved: (DraftStatus.published, DraftStatus.rejected, DraftStatus.draft, DraftStatus.retired),
    DraftStatus.rejected: (DraftStatus.draft, DraftStatus.approved, DraftStatus.retired),
    DraftStatus.published: (DraftStatus.retired,),
    DraftStatus.retired: (),
}
