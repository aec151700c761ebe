"""Storage: models, engine/session and migrations."""

from shopscribe.store.db import dispose_engines, get_engine, is_initialised, migrate, session_scope
from shopscribe.store.models import AuditLog, Base, Draft, Event, GenerationJob, JobItem, Product, Review, utcnow

__all__ = [
    "AuditLog", "Base", "Draft", "Event", "GenerationJob", "JobItem", "Product", "Review",
    "dispose_engines", "get_engine", "is_initialised", "migrate", "session_scope", "utcnow",
]
