"""check and critic train: the quality gate's commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer
from rich.markup import escape

from shopscribe.cli.output import JsonOpt, console, emit, ensure_db, read_text, settings
from shopscribe.errors import UserError

critic_app = typer.Typer(no_args_is_help=True, help="The learned critic that reranks candidates by reviewers' taste.")


def _read_product(path: Path) -> dict[str, Any]:
    """One product as a JSON object in the `export products` line shape."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise UserError(f"--product {path}: cannot read ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"--product {path}: not a JSON object ({exc}); give one line of `shopscribe export products`") from None
    if not isinstance(data, dict):
        raise UserError(f"--product {path}: a JSON {type(data).__name__}, not an object; give one line of `shopscribe export products`")
    return data


def check(
    text_file: str = typer.Argument("-", help="A text file, or - for standard input."),
    product: Optional[Path] = typer.Option(None, "--product", help="The product as one JSON object (export products line)."),
    kind: Optional[str] = typer.Option(None, "--kind", help="Check the copy as this kind: its shape and its channel's limits."),
    channel: Optional[str] = typer.Option(None, "--channel", help="Sales channel whose limits apply (default per kind)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="zh|en (default: detected from the text)."),
    keyword: Optional[list[str]] = typer.Option(None, "--keyword", help="SEO keyword the copy should carry (repeat)."),
    profile: Optional[Path] = typer.Option(None, "--profile", help="Shop profile TOML (default HOME/shop.toml)."),
    as_json: bool = JsonOpt,
) -> None:
    """Run the quality gate on a text, exactly as generation does; exit 1 when a blocking flag is found."""
    from shopscribe import content
    from shopscribe.prompts import load_profile

    s = settings()
    req = content.CheckRequest(text=read_text(text_file), product=_read_product(product) if product else None,
                               kind=kind, channel=channel, lang=lang, keywords=list(keyword or []),
                               voice=load_profile(profile or s.home / "shop.toml"), home=s.home)
    result = content.check(req)
    emit(result, as_json, lambda r: _render_check(r), exit_code=0 if result.passed else 1)


def _render_check(r: dict[str, Any]) -> None:
    console.print("[green]passed[/green]" if r["passed"] else "[red]blocked[/red]")
    for f in r["flags"]:
        colour = "red" if f["severity"] == "block" else "yellow"
        console.print(f"[{colour}]{f['severity']}[/{colour}] {f['check']} @{f['start']}-{f['end']} "
                      f"“{escape(f['text'])}”: {escape(f['message'])}", highlight=False)


@critic_app.command("train")
def critic_train(
    kind: Optional[str] = typer.Option(None, "--kind", help="Learn from drafts of this kind only."),
    min_each: int = typer.Option(20, "--min", min=2, help="Approved and rejected drafts needed, each."),
    as_json: bool = JsonOpt,
) -> None:
    """Train the critic on approved vs rejected drafts; exit 1 while too few drafts are reviewed."""
    from shopscribe.quality.critic import CriticRequest, train_from_store

    s = ensure_db()
    result = train_from_store(CriticRequest(home=s.home, kind=kind, min_each=min_each))

    def render(r: dict[str, Any]) -> None:
        if r["trained"]:
            console.print(f"critic trained on {r['approved']} approved and {r['rejected']} rejected drafts "
                          f"(held-out accuracy {r['holdout_accuracy']:.1%}), saved to {r['path']}", highlight=False)
        else:
            console.print(f"critic not trained: {r['reason']}", highlight=False)

    emit(result, as_json, render, exit_code=0 if result.trained else 1)


def register(app: typer.Typer) -> None:
    app.command()(check)
    app.add_typer(critic_app, name="critic")
