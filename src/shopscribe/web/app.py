"""The FastAPI app: settings read once when it is made, every room error a shop can fix answered as
{"error": "...", "code": N} (the CLI's --json error shape), never a traceback."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from shopscribe.config import Settings, get_settings
from shopscribe.errors import UserError


def create_app(settings: Settings | None = None) -> FastAPI:
    from shopscribe.web import recommend

    app = FastAPI(title="shopscribe", version="0.1.0", description="Marketing copy for e-commerce shops.")
    app.state.settings = settings or get_settings()

    @app.exception_handler(UserError)
    async def user_error(_request: Request, exc: UserError) -> JSONResponse:
        return JSONResponse({"error": str(exc), "code": 400}, status_code=400)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"] if p not in ("query", "path", "body")) or "request"
        return JSONResponse({"error": f"{where}: {first['msg']}", "code": 422}, status_code=422)

    app.include_router(recommend.router, prefix="/api/v1")
    return app
