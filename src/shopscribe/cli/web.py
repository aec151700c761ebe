"""serve: the HTTP API on 127.0.0.1 (or --host) until Ctrl-C."""

from __future__ import annotations

import typer

from shopscribe.cli.output import console, ensure_db


def serve(
    port: int = typer.Option(8080, "--port", help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (127.0.0.1: this machine only)."),
) -> None:
    """Serve the review workspace (/review) and the API (/api/v1, OpenAPI at /openapi.json) until Ctrl-C; logs are
    JSON lines on stderr."""
    import uvicorn

    from shopscribe.web import create_app
    from shopscribe.web.metrics import json_logging

    settings = ensure_db()
    json_logging()
    console.print(f"serving the review workspace at http://{host}:{port}/review and the API at "
                  f"http://{host}:{port}/api/v1 (Ctrl-C to stop)", highlight=False)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", access_log=False)


def register(app: typer.Typer) -> None:
    app.command()(serve)
