"""users create: people in the review workspace, each with a role and a one-time API token."""

from __future__ import annotations

import sys

import typer

from shopscribe.cli.output import JsonOpt, console, emit, ensure_db

users_app = typer.Typer(no_args_is_help=True, help="People in the review workspace and their roles.")


@users_app.command("create")
def create(
    name: str = typer.Argument(..., help="Login name."),
    role: str = typer.Option(..., "--role", help="viewer|editor|reviewer|admin"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read a password (for the web login) from "
                                        "standard input; stored as an argon2 hash."),
    as_json: bool = JsonOpt,
) -> None:
    """Create a user; prints an API token once (only its hash is kept)."""
    from shopscribe.review import CreateUserRequest, create_user

    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    ensure_db()
    created = create_user(CreateUserRequest(name=name, role=role, password=password))
    emit(created, as_json, lambda r: console.print(
        f"created {r['name']} ({r['role']}); API token, shown once: {r['token']}", highlight=False, soft_wrap=True))


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
