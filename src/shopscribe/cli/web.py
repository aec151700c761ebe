"""serve: the HTTP API on 127.0.0.1 (or --host) until Ctrl-C."""

from __future__ import annotations

import typer

from shopscribe.cli.output import console, ensure_db


def serve(
    port: int = typer.Option(8080, "--port", help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (127.0.0.1: this machine only)."),
) -> None:
    """Serve the API (/api/v1, OpenAPI at /openapi.json) until Ctrl-C / SIGTERM."""
    import uvicorn

    from shopscribe.web import create_app

    settings = ensure_db()
    console.print(f"serving the API at http://{host}:{port}/api/v1 (Ctrl-C to stop)", highlight=False)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command()(serve)
