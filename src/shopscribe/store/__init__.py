"""Storage: models, engine/session, migrations, and the draft states."""

from shopscribe.store.db import dispose_engines, get_engine, migrate, session_scope, use_session
from shopscribe.store.models import (
    ApiToken,
    Assignment,
    AuditLog,
    Base,
    CategorySuggestion,
    CustomerReview,
    Draft,
    DraftEdit,
    Event,
    Experiment,
    GenerationJob,
    JobItem,
    Product,
    ProductInsight,
    ProductVariant,
    Publication,
    ReviewInsight,
    ShopifyFile,
    ShopifyRow,
    User,
    WebSession,
    publication_key,
    utcnow,
)
from shopscribe.store.states import MOVES, DraftStatus, IllegalMove

__all__ = [
    "MOVES", "ApiToken", "Assignment", "AuditLog", "Base", "CategorySuggestion", "CustomerReview", "Draft", "DraftEdit", "DraftStatus", "Event", "Experiment", "GenerationJob", "IllegalMove",
    "JobItem", "Product", "ProductInsight", "ProductVariant", "Publication", "ReviewInsight", "ShopifyFile", "ShopifyRow", "User", "WebSession", "dispose_engines", "get_engine", "migrate",
    "publication_key", "session_scope", "use_session", "utcnow",
]
