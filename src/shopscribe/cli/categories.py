"""insights categories: predicted categories for products without one, accepted by a person before they are written."""

from __future__ import annotations

from typing import Any

import typer

from shopscribe.cli.output import AsOpt, JsonOpt, emit, ensure_db, say
from shopscribe.errors import UserError

categories_app = typer.Typer(no_args_is_help=True, help="Categories for products imported without one (or with a "
                             "suspicious one), learned from the shop's categorised products; written only when accepted.")

STATUSES = ("pending", "accepted", "dismissed", "all")


def _line(s: dict[str, Any]) -> str:
    return (f"{s['id']} {s['sku']} {s['title']}: {s['current'] or '(none)'} -> {s['category']} "
            f"({s['confidence']:.0%}{', ' + s['status'] if s['status'] != 'pending' else ''})")


@categories_app.command("suggest")
def suggest(
    skus: list[str] = typer.Option([], "--sku", help="Judge only these products (repeat); default: every product."),
    min_confidence: float = typer.Option(0.5, "--min-confidence", help="Below it a missing category is only "
                                         "reported as unsure."),
    suspicious_below: float = typer.Option(0.2, "--suspicious-below", help="A product's own category with less "
                                           "probability than this (and another above --min-confidence) is suspicious."),
    as_json: bool = JsonOpt,
) -> None:
    """Suggest categories for products without one and for suspicious ones; each suggestion waits for accept or
    dismiss. Running it again adds nothing already pending or dismissed.

    JSON {"trained_on", "categories", "too_small", "judged", "suggestions": [{"id", "sku", "title", "current",
    "category", "confidence", "status", "reason": "missing"|"suspicious", "created_at", "new"}], "unsure": [{"sku",
    "title", "category", "confidence"}], "dismissed_before": [sku]}.
    """
    from shopscribe.insights.categories import SuggestRequest, suggest as suggest_categories

    ensure_db()
    result = suggest_categories(SuggestRequest(skus=list(skus), min_confidence=min_confidence,
                                               suspicious_below=suspicious_below))

    def render(r: dict[str, Any]) -> None:
        say(f"learned {len(r['categories'])} categories from {r['trained_on']} products; judged {r['judged']}")
        if r["too_small"]:
            say(f"not learned (fewer than 3 products): {', '.join(r['too_small'])}")
        for s in r["suggestions"]:
            say(("new " if s["new"] else "    ") + _line(s) + (" suspicious" if s["reason"] == "suspicious" else ""))
        for u in r["unsure"]:
            say(f"unsure {u['sku']} {u['title']}: best guess {u['category']} ({u['confidence']:.0%}), not suggested")
        if r["dismissed_before"]:
            say(f"dismissed before, not suggested again: {', '.join(r['dismissed_before'])}")
        if r["suggestions"]:
            say("accept with `shopscribe insights categories accept ID...`, or dismiss")
        elif not r["unsure"]:
            say("no suggestions: every judged product's category looks right")

    emit(result, as_json, render)


@categories_app.command("list")
def list_all(status: str = typer.Option("pending", "--status", help="pending | accepted | dismissed | all"),
             as_json: bool = JsonOpt) -> None:
    """Category suggestions with a status, oldest first. JSON {"suggestions": [suggestion, ...]} (as in suggest)."""
    from shopscribe.insights.categories import list_suggestions

    if status not in STATUSES:
        raise UserError(f"--status must be one of {', '.join(STATUSES)}, not '{status}'")
    ensure_db()
    found = list_suggestions(None if status == "all" else status)  # type: ignore[arg-type]

    def render(r: dict[str, Any]) -> None:
        for s in r["suggestions"]:
            say(_line(s))
        if not r["suggestions"]:
            say("no category suggestions" + ("" if status == "all" else f" {status}"))

    emit({"suggestions": [s.model_dump(mode="json") for s in found]}, as_json, render)


def _decide(ids: list[int], accept: bool, who: str, as_json: bool) -> None:
    from shopscribe.insights.categories import DecideRequest, decide

    ensure_db()
    result = decide(DecideRequest(ids=list(ids), accept=accept, actor=who))

    def render(r: dict[str, Any]) -> None:
        for s in r["suggestions"]:
            if accept:
                say(f"{s['sku']}: category {s['current'] or '(none)'} -> {s['category']} (suggestion {s['id']})")
            else:
                say(f"dismissed {s['id']}: {s['sku']} keeps {s['current'] or 'no category'}")
        for s in r["skipped"]:
            say(f"skipped {s['id']}: {s['reason']}")

    emit(result, as_json, render, exit_code=1 if result.skipped else 0)


def accept(ids: list[int] = typer.Argument(..., help="Suggestion ids."), who: str = AsOpt,
           as_json: bool = JsonOpt) -> None:
    """Write the suggested categories to their products (audit row category.accepted, before and after); exit 1
    when some were skipped (already decided, or the product's category changed since). JSON {"changed": [id],
    "skipped": [{"id", "reason"}], "suggestions": [suggestion]}."""
    _decide(ids, True, who, as_json)


def dismiss(ids: list[int] = typer.Argument(..., help="Suggestion ids."), who: str = AsOpt,
            as_json: bool = JsonOpt) -> None:
    """Dismiss suggestions: the products stay as they are, and suggest will not propose them again. Exit 1 when some
    were already decided. JSON as in accept."""
    _decide(ids, False, who, as_json)


categories_app.command("accept")(accept)
categories_app.command("dismiss")(dismiss)


def register(insights_app: typer.Typer) -> None:
    """Adds the categories commands to `shopscribe insights`."""
    insights_app.add_typer(categories_app, name="categories")
