"""The store: migrations and models behave the same on SQLite and PostgreSQL."""

from decimal import Decimal

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from shopscribe.store import AuditLog, Draft, Event, GenerationJob, Product, CustomerReview, get_engine, migrate, session_scope, utcnow


def test_migration_creates_every_table(db_home):
    names = set(inspect(get_engine(db_home)).get_table_names())
    assert {"products", "reviews", "events", "drafts", "generation_jobs", "job_items", "audit_log", "alembic_version"} <= names


def test_migration_twice_is_a_no_op(db_home):
    migrate()
    migrate()
    assert "products" in inspect(get_engine(db_home)).get_table_names()


def test_product_round_trip_keeps_unicode_json_and_exact_price(db_home):
    with session_scope() as s:
        s.add(Product(sku="ZH-1", title="真丝连衣裙", price=Decimal("1299.00"), currency="CNY",
                      attributes={"材质": "桑蚕丝", "颜色": ["黑", "白"]}))
    with session_scope() as s:
        p = s.scalars(select(Product).where(Product.sku == "ZH-1")).one()
        assert p.title == "真丝连衣裙"
        assert p.price == Decimal("1299.00")
        assert p.attributes == {"材质": "桑蚕丝", "颜色": ["黑", "白"]}


def test_sku_is_unique(db_home):
    with session_scope() as s:
        s.add(Product(sku="A", title="one"))
    with pytest.raises(IntegrityError):
        with session_scope() as s:
            s.add(Product(sku="A", title="two"))


def test_review_event_draft_and_audit_link_to_product(db_home):
    with session_scope() as s:
        p = Product(sku="B", title="mug")
        s.add(p)
        s.flush()
        s.add(CustomerReview(product_id=p.id, review_key="k1", rating=5, text="好用", author="u_abc"))
        s.add(Event(event_key="e1", user="u_abc", product_id=p.id, type="purchase", occurred_at=utcnow()))
        s.add(GenerationJob(id="job1", kind="title", lang="zh"))
        s.flush()
        s.add(Draft(product_id=p.id, job_id="job1", kind="title", lang="zh", text="马克杯"))
        s.add(AuditLog(action="draft.created", entity="draft", entity_id="1"))
    with session_scope() as s:
        p = s.scalars(select(Product).where(Product.sku == "B")).one()
        assert [r.text for r in p.customer_reviews] == ["好用"]
        assert s.scalars(select(Draft.text)).all() == ["马克杯"]
        assert s.scalars(select(AuditLog.action)).all() == ["draft.created"]


def test_one_draft_per_job_product_variant(db_home):
    with session_scope() as s:
        p = Product(sku="C", title="x")
        s.add(p)
        s.add(GenerationJob(id="j", kind="title", lang="en"))
        s.flush()
        s.add(Draft(product_id=p.id, job_id="j", kind="title", lang="en", text="a", variant=0))
    with pytest.raises(IntegrityError):
        with session_scope() as s:
            pid = s.scalars(select(Product.id)).one()
            s.add(Draft(product_id=pid, job_id="j", kind="title", lang="en", text="b", variant=0))
