"""The people in the review workspace: a role each, API tokens and passwords kept only as hashes.

Roles grow in what they may do: a viewer reads, an editor also edits drafts, a reviewer also approves and
rejects, an admin also manages users.
"""

from __future__ import annotations

import hashlib
import secrets
from enum import StrEnum

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopscribe.errors import UserError
from shopscribe.store import ApiToken, AuditLog, User, use_session


class Role(StrEnum):
    viewer = "viewer"
    editor = "editor"
    reviewer = "reviewer"
    admin = "admin"

    @classmethod
    def parse(cls, value: str) -> Role:
        try:
            return cls(value)
        except ValueError:
            raise UserError(f"unknown role '{value}'; choose one of: {', '.join(cls)}") from None

    def may(self, needed: Role) -> bool:
        """Whether this role may do what `needed` may (every role may do what the ones before it may)."""
        order = list(Role)
        return order.index(self) >= order.index(needed)


class CreateUserRequest(BaseModel):
    name: str = Field(pattern=r"^[\w.@-]{1,64}$")
    role: str
    password: str | None = Field(None, min_length=8)
    actor: str = "cli"


class CreatedUser(BaseModel):
    name: str
    role: Role
    token: str  # shown once; only its hash is stored


class Who(BaseModel):
    """The user behind a request."""

    id: int
    name: str
    role: Role


def create_user(req: CreateUserRequest, session: Session | None = None) -> CreatedUser:
    role = Role.parse(req.role)
    with use_session(session) as s:
        if s.scalar(select(User.id).where(User.name == req.name)) is not None:
            raise UserError(f"user '{req.name}' exists already; choose another name")
        user = User(name=req.name, role=role.value, password_hash=_hash_password(req.password) if req.password else None)
        s.add(user)
        s.flush()
        token = _new_token(s, user)
        s.add(AuditLog(actor=req.actor, action="user.created", entity="user", entity_id=user.name,
                       detail={"role": role.value}))
        return CreatedUser(name=user.name, role=role, token=token)


def who_has(token: str, session: Session | None = None) -> Who | None:
    """The user an API token belongs to; None for an unknown token."""
    with use_session(session) as s:
        row = s.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
        return Who(id=row.user.id, name=row.user.name, role=Role(row.user.role)) if row else None


def check_password(name: str, password: str, session: Session | None = None) -> Who | None:
    """The user when the password is theirs; None otherwise (the same answer for an unknown name)."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    with use_session(session) as s:
        user = s.scalar(select(User).where(User.name == name))
        if user is None or not user.password_hash:
            return None
        try:
            PasswordHasher().verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return Who(id=user.id, name=user.name, role=Role(user.role))


def token_hash(token: str) -> str:
    # Tokens are 256 random bits: a plain SHA-256 is enough to make the stored value useless to a thief.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_token(s: Session, user: User) -> str:
    token = "ss_" + secrets.token_urlsafe(32)
    s.add(ApiToken(user_id=user.id, token_hash=token_hash(token)))
    return token


def _hash_password(password: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)
