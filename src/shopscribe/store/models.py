"""SQLAlchemy 2 models: the shop's products, reviews, events, drafts, generation jobs and audit log."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from shopscribe.store.states import DraftStatus


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class StatusColumn(TypeDecorator[DraftStatus]):
    """A draft's status: stored as its plain text value (VARCHAR(16)), read back as a DraftStatus."""

    impl = String(16)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else DraftStatus.parse(value).value

    def process_result_value(self, value: str | None, dialect: Any) -> DraftStatus | None:
        return None if value is None else DraftStatus(value)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Product(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(128), unique=True, nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False, default="")
    brand: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(200))
    price: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    source: Mapped[str | None] = mapped_column(String(500))
    # Hash of the cleaned fields; an import whose row hashes the same counts as "unchanged".
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )

    # The shop's own copy that has no draft kind of its own (Shopify's SEO title and description, image alt texts):
    # {"seo_title", "seo_description", "images": [{"src", "alt"}]}; None for products not from a shop's export.
    shop_copy: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    customer_reviews: Mapped[list[CustomerReview]] = relationship(back_populates="product")
    variants: Mapped[list[ProductVariant]] = relationship(order_by="ProductVariant.position", viewonly=True)


class ProductVariant(Base):
    """One purchasable version of a product (a Shopify variant row): its options, SKU, price and weight.

    Replaced as a whole each time its product is imported, so it always mirrors the shop's last export.
    """

    __tablename__ = "product_variants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    sku: Mapped[str | None] = mapped_column(String(128), unique=True)  # None: the shop gave this variant no SKU
    options: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)  # {"Size": "M"}
    price: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    compare_at_price: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    grams: Mapped[int | None] = mapped_column(Integer)
    barcode: Mapped[str | None] = mapped_column(String(64))


class CustomerReview(Base):
    """A shopper's review of a product: catalog data that insights read and review replies answer.

    Not the human review of drafts (that is DraftStatus and the review room): the two never share a name.
    """

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), nullable=False, index=True)
    # Stable key (source id, or hash of product+author+date+text) so re-imports do not duplicate.
    review_key: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    rating: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    author: Mapped[str | None] = mapped_column(String(64), doc="keyed-hash pseudonym, never the real name")
    review_date: Mapped[dt.date | None] = mapped_column(DateTime(timezone=False))
    source: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())

    product: Mapped[Product] = relationship(back_populates="customer_reviews")


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_product_type", "product_id", "type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_key: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    user: Mapped[str] = mapped_column(String(64), nullable=False, doc="keyed-hash pseudonym")
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), nullable=False)
    type: Mapped[str] = mapped_column(String(16), nullable=False)  # view|click|cart|purchase
    variant: Mapped[str | None] = mapped_column(String(128))
    # The draft a shopper was shown when the variant names one (an experiment's arm); None otherwise.
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id", ondelete="SET NULL"))
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    source: Mapped[str | None] = mapped_column(String(500))


class GenerationJob(Base):
    __tablename__ = "generation_jobs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    lang: Mapped[str] = mapped_column(String(8), nullable=False)
    variants: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="running")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class JobItem(Base):
    """One product's state inside a generation job; the unit a resumed job skips or retries."""

    __tablename__ = "job_items"
    __table_args__ = (UniqueConstraint("job_id", "sku", "target", name="uq_job_items_job_sku_target"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("generation_jobs.id", ondelete="CASCADE"), nullable=False)
    sku: Mapped[str] = mapped_column(String(128), nullable=False)
    target: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    state: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")  # pending|done|failed
    error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Draft(Base):
    __tablename__ = "drafts"
    __table_args__ = (
        UniqueConstraint("job_id", "product_id", "target", "variant", name="uq_drafts_job_target_variant"),
        Index("ix_drafts_product_kind", "product_id", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), nullable=False)
    job_id: Mapped[str | None] = mapped_column(ForeignKey("generation_jobs.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    lang: Mapped[str] = mapped_column(String(8), nullable=False)
    channel: Mapped[str | None] = mapped_column(String(32))
    # What the copy answers inside the product: "" for product copy, "review:<id>" for a reply.
    target: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    variant: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    status: Mapped[DraftStatus] = mapped_column(StatusColumn(), nullable=False, default=DraftStatus.draft)
    model: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    template: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    prompt_hash: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    prompt_tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    latency_ms: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    score: Mapped[float | None] = mapped_column(Numeric(8, 4))
    check_report: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    # The customer review a review-reply answers (column name kept from the first schema).
    customer_review_id: Mapped[int | None] = mapped_column("review_id", ForeignKey("reviews.id", ondelete="SET NULL"))
    # The shopper segment a variant was written for (recommend segments); None: the generic copy.
    segment: Mapped[str | None] = mapped_column(String(64))
    # The catalog facts that changed under approved or published copy ([{"fact", "old", "new"}]); None: current.
    stale: Mapped[list[Any] | None] = mapped_column(JSON(none_as_null=True))  # None is SQL NULL, not "null"
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    product: Mapped[Product] = relationship()

    @validates("status")
    def _check_move(self, _key: str, new: str) -> DraftStatus:
        """Every status change goes through DraftStatus's transitions, whoever makes it."""
        target = DraftStatus.parse(new)
        current = self.__dict__.get("status")
        if current is not None and current != target:
            DraftStatus.parse(current).require_move(target)
        return target


class DraftEdit(Base):
    """A reviewer's edit of a draft, kept beside it: what the model wrote, what the reviewer made of it, and why."""

    __tablename__ = "draft_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), nullable=False, index=True)
    before: Mapped[str] = mapped_column(Text, nullable=False)
    after: Mapped[str] = mapped_column(Text, nullable=False)
    reviewer: Mapped[str] = mapped_column(String(128), nullable=False)
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())


class User(Base):
    """Someone who works in the review workspace, with one role (review.users.Role)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    password_hash: Mapped[str | None] = mapped_column(String(200))  # argon2id; None: API token only
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())


class ApiToken(Base):
    """An API token, stored only as its SHA-256: the token itself is shown once, when it is made."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())

    user: Mapped[User] = relationship()


class WebSession(Base):
    """A signed-in browser: the cookie holds a random token, the table only its SHA-256 and the form token."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    csrf: Mapped[str] = mapped_column(String(64), nullable=False)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)

    user: Mapped[User] = relationship()


class Publication(Base):
    """One delivery of one draft's copy to one channel: the publication log, and what is live where.

    key = hash(channel, product, field, copy): publishing the copy that is already live sends nothing.
    """

    __tablename__ = "publications"
    __table_args__ = (Index("ix_publications_slot", "channel", "product_id", "field"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), nullable=False)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), nullable=False)
    channel: Mapped[str] = mapped_column(String(32), nullable=False)  # the delivery: file | shopify-csv | webhook
    field: Mapped[str] = mapped_column(String(32), nullable=False)  # the draft's kind
    key: Mapped[str] = mapped_column(String(64), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")  # pending|delivered|failed
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    rollback_of: Mapped[int | None] = mapped_column(Integer)  # the publication this one undid
    # What wrote the copy, so a shop can ask which prompt wrote the copy that sold.
    template: Mapped[str | None] = mapped_column(String(200))
    model: Mapped[str | None] = mapped_column(String(200))
    adapter: Mapped[str | None] = mapped_column(String(200))
    experiment_id: Mapped[int | None] = mapped_column(Integer)  # the experiment this copy won, if it won one
    scheduled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())

    product: Mapped[Product] = relationship()
    draft: Mapped[Draft] = relationship()

    @classmethod
    def live(cls, session: Any, channel: str, product_id: int, field: str) -> Publication | None:
        """The copy live in a slot: its latest delivery, unless that was withdrawn since (then nothing of ours is).
        Publishing, rollback, withdrawal and the shop's own imported copy all ask this one question."""
        last = session.scalar(select(cls).where(cls.channel == channel, cls.product_id == product_id,
                                                cls.field == field, cls.state.in_(("delivered", "withdrawn")))
                              .order_by(cls.delivered_at.desc(), cls.id.desc()).limit(1))
        return last if last is not None and last.state == "delivered" else None


class Experiment(Base):
    """A test of approved drafts of one product and kind against each other, on one goal event."""

    __tablename__ = "experiments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    goal: Mapped[str] = mapped_column(String(16), nullable=False)  # click | cart | purchase
    policy: Mapped[str] = mapped_column(String(16), nullable=False)  # fixed | thompson
    drafts: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)  # draft ids; the first is control
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="running")  # running | ended | stopped
    winner: Mapped[int | None] = mapped_column(Integer)  # the draft promoted when the experiment ended
    decided_by: Mapped[str | None] = mapped_column(String(128))  # "auto" (the stopping rule) or the person
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())

    product: Mapped[Product] = relationship()

    @classmethod
    def winners(cls, session: Any, kind: str | None = None) -> dict[int, int]:
        """Drafts that won an ended experiment → the experiment (the latest, if several). Publishing, few-shot pools
        and the critic all prefer these: the loop from conversions back to writing."""
        query = select(cls.winner, cls.id).where(cls.status == "ended", cls.winner.is_not(None)).order_by(cls.id)
        if kind:
            query = query.where(cls.kind == kind)
        return {draft: exp for draft, exp in session.execute(query)}


class Assignment(Base):
    """Which variant a shopper sees in an experiment: decided once, then kept."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("experiment_id", "user", name="uq_assignments_experiment_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id", ondelete="CASCADE"), nullable=False)
    user: Mapped[str] = mapped_column(String(64), nullable=False)  # pseudonym
    draft_id: Mapped[int] = mapped_column(Integer, nullable=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())


class ReviewInsight(Base):
    """What one customer review says: its sentiment and the aspects it talks about, each with its own."""

    __tablename__ = "review_insights"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True)
    sentiment: Mapped[str] = mapped_column(String(16), nullable=False)  # positive | neutral | negative
    confidence: Mapped[float] = mapped_column(Float, nullable=False)
    aspects: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)  # [{aspect, sentiment, text}]
    model: Mapped[str] = mapped_column(String(64), nullable=False)  # the sentiment model's version
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow,
                                                    server_default=func.now())


class ProductInsight(Base):
    """What a product's reviews say together: strengths to feature and complaints to answer (each with the ids of
    the reviews behind it), keywords, and the sentiment split. Prompts take the strengths as data."""

    __tablename__ = "product_insights"

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), primary_key=True)
    reviews: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    sentiment: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)  # {positive: n, …}
    strengths: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    complaints: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    keywords: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    summary_model: Mapped[str | None] = mapped_column(String(200))  # None: extractive summaries, no model
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow,
                                                    server_default=func.now())


class CategorySuggestion(Base):
    """A category predicted for a product imported without one (or with a suspicious one): written to the product
    only when a person accepts it."""

    __tablename__ = "category_suggestions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), nullable=False)
    current: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(200), nullable=False)
    confidence: Mapped[float] = mapped_column(Float, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")  # pending|accepted|dismissed
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())

    product: Mapped[Product] = relationship()


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())
    actor: Mapped[str] = mapped_column(String(128), nullable=False, default="system")
    action: Mapped[str] = mapped_column(String(64), nullable=False)
    entity: Mapped[str] = mapped_column(String(64), nullable=False)
    entity_id: Mapped[str | None] = mapped_column(String(128))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)


class ShopifyFile(Base):
    """A shop's Shopify product export as it was imported: its header and its rows' exact text live in
    ShopifyRow, so the shopify-csv channel can write the same file back with only the copy cells changed."""

    __tablename__ = "shopify_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(500), nullable=False)
    headers: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    header_text: Mapped[str] = mapped_column(Text, nullable=False, default="")  # up to and with the header's line end
    delimiter: Mapped[str] = mapped_column(String(1), nullable=False, default=",")
    bom: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # False while the import runs: a crashed import never becomes the layout an export writes back.
    complete: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())


class ShopifyRow(Base):
    """One record of a ShopifyFile, as the exact text it had in the file (its line end and quoting included)."""

    __tablename__ = "shopify_rows"
    __table_args__ = (UniqueConstraint("file_id", "position", name="uq_shopify_rows_file_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("shopify_files.id", ondelete="CASCADE"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    handle: Mapped[str | None] = mapped_column(String(128))  # the product's SKU; None for blank lines kept as they were
    text: Mapped[str] = mapped_column(Text, nullable=False)


def publication_key(channel: str, sku: str, field: str, text: str) -> str:
    """The idempotency key of one version of copy in one slot: the same copy for the same slot has the same key.

    Here, not in publish, because the catalog import records the shop's own copy as live on shopify-csv too."""
    return hashlib.sha256("\x1f".join((channel, sku, field, text)).encode("utf-8")).hexdigest()
