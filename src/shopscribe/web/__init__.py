"""The HTTP API (FastAPI): thin routes over the rooms' functions, JSON under /api/v1, OpenAPI at /openapi.json."""

from shopscribe.web.app import create_app

__all__ = ["create_app"]
