"""The FastAPI app: settings read once when it is made, every room error a shop can fix answered as
{"error": "...", "code": N} (the CLI's --json error shape), never a traceback."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException  # FastAPI's is a subclass; unknown routes raise this one

from pathlib import Path
from typing import Any

from shopscribe.config import Settings, get_settings
from shopscribe.errors import UserError


def create_app(settings: Settings | None = None) -> FastAPI:
    from fastapi.responses import PlainTextResponse, RedirectResponse
    from fastapi.staticfiles import StaticFiles

    from contextlib import asynccontextmanager

    from shopscribe.web import api, experiments, metrics, pages, recommend, storefront
    from shopscribe.web.jobs import BackgroundJobs
    from shopscribe.web.session import LoginLimiter

    settings = settings or get_settings()
    jobs = BackgroundJobs(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        from shopscribe.store import migrate

        migrate(settings.db_url)  # idempotent: a server on a new home has its schema before the first request
        jobs.resume_all()  # jobs the last server run left unfinished carry on
        yield
        jobs.stop()

    app = FastAPI(title="shopscribe", version="0.1.0", description="Marketing copy for e-commerce shops.",
                  lifespan=lifespan)
    app.state.settings = settings
    app.state.jobs = jobs
    app.state.login_limiter = LoginLimiter()
    app.state.storefront_limit = storefront.RateLimit()

    @app.exception_handler(pages.Denied)
    async def denied(request: Request, exc: pages.Denied) -> Any:
        if exc.status == 401 and request.method == "GET":
            return RedirectResponse("/login", status_code=303)
        return PlainTextResponse(str(exc), status_code=exc.status)

    @app.exception_handler(UserError)
    async def user_error(_request: Request, exc: UserError) -> JSONResponse:
        from shopscribe.store import IllegalMove

        code = 409 if isinstance(exc, IllegalMove) else 400  # 409: the draft's status does not allow it
        return JSONResponse({"error": str(exc), "code": code}, status_code=code)

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return JSONResponse({"error": str(exc.detail), "code": exc.status_code}, status_code=exc.status_code,
                            headers=headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"] if p not in ("query", "path", "body")) or "request"
        return JSONResponse({"error": f"{where}: {first['msg']}", "code": 422}, status_code=422)

    app.include_router(api.router, prefix="/api/v1")
    app.include_router(recommend.router, prefix="/api/v1")
    app.include_router(storefront.router, prefix="/api/v1")
    app.include_router(experiments.api, prefix="/api/v1")
    app.include_router(pages.router)
    app.include_router(experiments.pages)
    app.include_router(metrics.router)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    metrics.instrument(app)
    return app
