"""Prometheus metrics at /metrics: API latency per route, and the state of the drafts (by status, blocking flags by
check, approval rate, model tokens per second) read from the store at each scrape."""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Iterator

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

router = APIRouter(include_in_schema=False)
ACCESS = logging.getLogger("shopscribe.web.access")
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class DraftCollector:
    """Read at scrape time, so the figures are the store's, whichever process wrote the drafts."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from sqlalchemy import select

        from shopscribe.store import Draft, session_scope

        with session_scope() as s:
            rows = s.execute(select(Draft.status, Draft.check_report, Draft.completion_tokens, Draft.latency_ms)).all()
        by_status = Counter(str(st) for st, *_ in rows)
        flags = Counter(f["check"] for _, rep, *_ in rows for f in (rep or {}).get("flags", []) if f["severity"] == "block")
        status = GaugeMetricFamily("shopscribe_drafts", "Drafts by status", labels=["status"])
        for name, n in sorted(by_status.items()):
            status.add_metric([name], n)
        yield status
        blocked = GaugeMetricFamily("shopscribe_blocking_flags", "Blocking flags on stored drafts by check", labels=["check"])
        for name, n in sorted(flags.items()):
            blocked.add_metric([name], n)
        yield blocked
        good = by_status["approved"] + by_status["published"]
        reviewed = good + by_status["rejected"]
        yield GaugeMetricFamily("shopscribe_approval_rate", "Approved or published share of reviewed drafts",
                                value=good / reviewed if reviewed else 0.0)
        tokens = sum(t or 0 for *_, t, _ in rows)
        ms = sum(m or 0 for *_, m in rows)
        yield GaugeMetricFamily("shopscribe_model_tokens_per_second", "Completion tokens per second of generation",
                                value=tokens / (ms / 1000) if ms else 0.0)
        yield GaugeMetricFamily("shopscribe_model_latency_seconds", "Mean model time per stored draft",
                                value=(ms / 1000) / len(rows) if rows else 0.0)


def instrument(app: FastAPI) -> None:
    """A registry of the app's own (two apps in one process, as in tests, never share counts)."""
    registry = CollectorRegistry()
    latency = Histogram("shopscribe_http_request_seconds", "Time to answer an HTTP request",
                        ["method", "route", "status"], registry=registry, buckets=BUCKETS)
    registry.register(DraftCollector())
    app.state.metrics_registry = registry

    @app.middleware("http")
    async def timed(request: Request, call_next):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        response = await call_next(request)
        seconds = time.perf_counter() - started
        # The route's template, never the URL: paths and query strings can carry shopper ids and SKUs.
        route = _template(request)
        latency.labels(request.method, route, str(response.status_code)).observe(seconds)
        ACCESS.info("request", extra={"fields": {"method": request.method, "route": route,
                                                 "status": response.status_code, "ms": round(seconds * 1000, 1)}})
        return response


def _template(request: Request) -> str:
    """/api/v1/drafts/{draft_id} for /api/v1/drafts/7: the matched path with its parameters put back as names."""
    if request.scope.get("route") is None:
        return "unmatched"
    parts = request.url.path.split("/")
    values = {str(v): k for k, v in (request.scope.get("path_params") or {}).items()}
    return "/".join("{" + values[p] + "}" if p in values else p for p in parts)


@router.get("/metrics")
def metrics(request: Request) -> Response:
    return Response(generate_latest(request.app.state.metrics_registry), media_type=CONTENT_TYPE_LATEST)


class JsonLines(logging.Formatter):
    """One JSON object per log line: time, level, logger, message and the record's `fields` (no free text from
    shoppers or products goes into them)."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"at": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname.lower(),
                "logger": record.name, "message": record.getMessage(), **getattr(record, "fields", {})}
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(line, ensure_ascii=False)


def json_logging(level: int = logging.INFO) -> None:
    """Send shopscribe's logs to stderr as JSON lines (what `shopscribe serve` does)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines())
    root = logging.getLogger("shopscribe")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
