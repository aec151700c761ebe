"""The human review of drafts (not customers' product reviews, which are catalog data): approve, reject, edit,
and the audit log."""

from shopscribe.review.audit import AuditEntry, AuditQuery, audit_log
from shopscribe.review.lifecycle import (
    ApproveRequest,
    EditRequest,
    RejectRequest,
    ReviewResult,
    approve,
    edit,
    reject,
    review_policy,
)
from shopscribe.review.users import CreatedUser, CreateUserRequest, Role, Who, check_password, create_user, who_has

__all__ = ["ApproveRequest", "AuditEntry", "AuditQuery", "CreateUserRequest", "CreatedUser", "EditRequest",
           "RejectRequest", "ReviewResult", "Role", "Who", "approve", "audit_log", "check_password", "create_user",
           "edit", "reject", "review_policy", "who_has"]
