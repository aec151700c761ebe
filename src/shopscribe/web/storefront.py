"""What a storefront calls, without a user token: which variant a shopper sees, and the events that follow.
Both are rate-limited per client and validated: an unknown experiment is a 404, an event naming no running
variant a 422, and neither is ever stored or answered with a 500."""

from __future__ import annotations

import threading
import time

from fastapi import APIRouter, HTTPException, Query, Request

from shopscribe.experiments import BadVariant, EventIn, UnknownExperiment, Variant, allocate, record_event

router = APIRouter(tags=["storefront"])


class RateLimit:
    """A token bucket per client address: `rate` requests a second, bursts of `burst`."""

    def __init__(self, rate: float = 200.0, burst: float = 400.0) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1:
                self._buckets[client] = (tokens, now)
                return False
            self._buckets[client] = (tokens - 1, now)
            return True


def _limit(request: Request) -> None:
    client = request.client.host if request.client else "?"
    if not request.app.state.storefront_limit.allow(client):
        raise HTTPException(429, "too many requests: slow down")


@router.get("/experiments/{experiment_id}/variant", response_model=Variant)
def variant(request: Request, experiment_id: int, user: str = Query(..., min_length=1, max_length=200)) -> Variant:
    _limit(request)
    try:
        return allocate(experiment_id, user, request.app.state.settings.pseudonym_key.get_secret_value())
    except UnknownExperiment as exc:
        raise HTTPException(404, str(exc)) from None


@router.post("/events", status_code=202)
def event(request: Request, body: EventIn) -> dict[str, bool]:
    _limit(request)
    try:
        record_event(body, request.app.state.settings.pseudonym_key.get_secret_value())
    except BadVariant as exc:
        raise HTTPException(422, str(exc)) from None
    return {"stored": True}
