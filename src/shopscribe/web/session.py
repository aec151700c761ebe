"""Browser sign-in: server-side sessions (the cookie is a random token; the store keeps its hash, so logging out
ends it for good), a form token per session against cross-site posts, and a login rate limit."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
from collections import defaultdict, deque

from sqlalchemy import delete, select

from shopscribe.review import Role, Who
from shopscribe.review.users import token_hash
from shopscribe.store import WebSession, session_scope, utcnow

COOKIE = "shopscribe_session"
LIFETIME = dt.timedelta(hours=12)


def start(user_id: int) -> tuple[str, str]:
    """A new session for the user: (cookie token, form token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    with session_scope() as s:
        s.add(WebSession(token_hash=token_hash(token), user_id=user_id, csrf=csrf, expires_at=utcnow() + LIFETIME))
    return token, csrf


def lookup(token: str | None) -> tuple[Who, str] | None:
    """(user, form token) of a live session; None for no, an expired or an ended session."""
    if not token:
        return None
    with session_scope() as s:
        row = s.scalar(select(WebSession).where(WebSession.token_hash == token_hash(token)))
        if row is None:
            return None
        expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=dt.timezone.utc)
        if expires <= utcnow():
            s.delete(row)
            return None
        return Who(id=row.user.id, name=row.user.name, role=Role(row.user.role)), row.csrf


def end(token: str | None) -> None:
    if token:
        with session_scope() as s:
            s.execute(delete(WebSession).where(WebSession.token_hash == token_hash(token)))


class LoginLimiter:
    """At most `attempts` wrong passwords per name within `window_s`; then the name is locked for `lock_s`.

    In memory: a restart forgives, which is acceptable for a brake on guessing (the hashes are slow anyway).
    """

    def __init__(self, attempts: int = 5, window_s: float = 300.0, lock_s: float = 60.0) -> None:
        self.attempts, self.window_s, self.lock_s = attempts, window_s, lock_s
        self._fails: dict[str, deque[float]] = defaultdict(deque)
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def locked(self, name: str) -> float:
        """Seconds left on the lock of this name (0: not locked)."""
        with self._lock:
            return max(0.0, self._locked_until.get(name.casefold(), 0.0) - time.monotonic())

    def failed(self, name: str) -> None:
        key, now = name.casefold(), time.monotonic()
        with self._lock:
            fails = self._fails[key]
            fails.append(now)
            while fails and now - fails[0] > self.window_s:
                fails.popleft()
            if len(fails) >= self.attempts:
                self._locked_until[key] = now + self.lock_s
                fails.clear()

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._fails.pop(name.casefold(), None)
            self._locked_until.pop(name.casefold(), None)
