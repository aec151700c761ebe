"""Reading the audit log: who changed what, when, from what to what. Nothing here (or anywhere) updates or
deletes an audit row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopscribe.store import AuditLog, use_session

# The entity names a user types, and the names rows carry (drafts are "draft" rows).
ENTITIES = {"drafts": "draft", "draft": "draft", "jobs": "generation_job", "imports": None}


class AuditQuery(BaseModel):
    entity: str | None = None
    entity_id: str | None = None
    limit: int = Field(100, ge=1, le=10_000)


class AuditEntry(BaseModel):
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str | None
    detail: dict[str, Any]


def audit_log(q: AuditQuery, session: Session | None = None) -> list[AuditEntry]:
    """Newest first."""
    query = select(AuditLog).order_by(AuditLog.id.desc()).limit(q.limit)
    if q.entity:
        if q.entity == "imports":
            query = query.where(AuditLog.action == "catalog.import")
        else:
            query = query.where(AuditLog.entity == ENTITIES.get(q.entity, q.entity))
    if q.entity_id:
        query = query.where(AuditLog.entity_id == q.entity_id)
    with use_session(session) as s:
        return [AuditEntry(id=r.id, at=r.at, actor=r.actor, action=r.action, entity=r.entity, entity_id=r.entity_id,
                           detail=r.detail) for r in s.scalars(query)]
