"""The human review of drafts (not customers' product reviews, which are catalog data): approve, reject, edit,
and the audit log."""

from shopscribe.review.audit import AuditEntry, AuditQuery, audit_log
from shopscribe.review.lifecycle import ApproveRequest, EditRequest, RejectRequest, ReviewResult, approve, edit, reject

__all__ = ["ApproveRequest", "AuditEntry", "AuditQuery", "EditRequest", "RejectRequest", "ReviewResult", "approve",
           "audit_log", "edit", "reject"]
