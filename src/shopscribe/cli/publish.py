"""publish / publish rollback / publish log: approved copy to a channel, once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Optional

import typer

from shopscribe.cli.output import JsonOpt, console, emit, ensure_db, say
from shopscribe.errors import UserError

publish_app = typer.Typer(help="Publish approved copy to a channel: file, shopify-csv or webhook.")
ChannelOpt = typer.Option(..., "--channel", help="file | shopify-csv | webhook")
OutputOpt = typer.Option(None, "-o", "--output", help="The file (file and shopify-csv channels).")


def _render(r: dict[str, Any]) -> None:
    say(f"published {r['published']}, already published {r['skipped_already_published']}, scheduled {r['scheduled']}, "
        f"failed {len(r['failed'])}")
    for f in r["failed"]:
        say(f"failed {f['sku']}: {f['reason']}")


def _when(at: str | None) -> dt.datetime | None:
    if not at:
        return None
    try:
        when = dt.datetime.fromisoformat(at)
    except ValueError:
        raise UserError(f"--at {at!r} is not a time: give ISO 8601, e.g. 2026-12-24T09:00+08:00") from None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


@publish_app.callback(invoke_without_command=True)
def publish(
    ctx: typer.Context,
    channel: Optional[str] = typer.Option(None, "--channel", help="file | shopify-csv | webhook"),
    sku: Optional[list[str]] = typer.Option(None, "--sku", help="Only these products (repeat)."),
    kind: Optional[str] = typer.Option(None, "--kind", help="Only this kind of copy."),
    output: Optional[Path] = OutputOpt,
    at: Optional[str] = typer.Option(None, "--at", help="Publish at this time (ISO 8601); `publish --due` sends it."),
    due: bool = typer.Option(False, "--due", help="Send the scheduled publications whose time has come."),
    all_products: bool = typer.Option(False, "--all-products",
                                      help="shopify-csv: write every product of the shop's export, in its order, with "
                                           "approved copy where it exists and the shop's own copy otherwise."),
    as_json: bool = JsonOpt,
) -> None:
    """Publish the best approved draft of each product and kind; copy already live is skipped. Exit 1 when a
    delivery failed (it is retried on the next run)."""
    if ctx.invoked_subcommand is not None:
        return
    from shopscribe.publish import PublishRequest, publish as publish_copy

    if not channel:
        raise UserError("give --channel file|shopify-csv|webhook")
    s = ensure_db()
    result = publish_copy(PublishRequest(channel=channel, skus=list(sku or []), kind=kind, output=output,
                                         at=_when(at), due=due, all_products=all_products), s)
    emit(result, as_json, _render, exit_code=1 if result.failed else 0)


@publish_app.command("rollback")
def rollback(channel: str = ChannelOpt, sku: str = typer.Option(..., "--sku"), kind: str = typer.Option(..., "--kind"),
             output: Optional[Path] = OutputOpt, as_json: bool = JsonOpt) -> None:
    """Deliver again the copy that was live before the current one."""
    from shopscribe.publish import RollbackRequest, rollback as roll_back

    s = ensure_db()
    result = roll_back(RollbackRequest(channel=channel, sku=sku, kind=kind, output=output), s)
    emit(result, as_json, _render, exit_code=1 if result.failed else 0)


@publish_app.command("log")
def log(channel: Optional[str] = typer.Option(None, "--channel"), sku: Optional[str] = typer.Option(None, "--sku"),
        limit: int = typer.Option(100, "--limit", min=1), as_json: bool = JsonOpt) -> None:
    """The publication log, newest first."""
    from shopscribe.publish import publication_log

    ensure_db()

    def render(r: dict[str, Any]) -> None:
        for p in r["publications"]:
            say(f"{p['id']} {p['channel']} {p['sku']} {p['field']} draft {p['draft_id']}: {p['state']}"
                f"{' (' + p['error'] + ')' if p['error'] else ''}")
        if not r["publications"]:
            console.print("nothing published yet")

    emit({"publications": publication_log(channel, sku, limit)}, as_json, render)


def register(app: typer.Typer) -> None:
    app.add_typer(publish_app, name="publish")
