"""recommend train / for / similar / propensity / segments: the recommend room's commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer
from rich.markup import escape

from shopscribe.cli.output import JsonOpt, console, emit, ensure_db, err_console, read_text, say

recommend_app = typer.Typer(no_args_is_help=True, help="Recommendations, purchase propensity and shopper segments.")
KOpt = typer.Option(10, "--k", min=1, max=100, help="List length.")


@recommend_app.command("train")
def train(
    model: str = typer.Option("auto", "--model", help="auto|popularity|item-item|ease|als|bpr (auto: best on a "
                              "held-out share of each shopper's items)."),
    content: bool = typer.Option(True, "--content/--no-content", help="Product-text vectors for products nobody "
                                 "has touched yet (similar items)."),
    as_json: bool = JsonOpt,
) -> None:
    """Train a recommender on every imported shopper event; the new version is served at once."""
    from shopscribe.recommend import TrainRequest, train as train_model

    s = ensure_db()
    quiet = as_json or not err_console.is_terminal
    result = train_model(TrainRequest(home=s.home, model=model, content=content),
                         on_progress=None if quiet else lambda m: err_console.print(m, highlight=False, markup=False))

    def render(r: dict[str, Any]) -> None:
        say(f"trained {r['model']} {r['params']} on {r['users']} shoppers × {r['items']} products "
            f"({r['events']} events) in {r['seconds']} s: version {r['version']}")
        for row in r["validation"]:
            say(f"  {row['model']:10} {row['params']}  NDCG@{row['k']} {row['ndcg']:.4f}  P {row['precision']:.4f}  "
                f"R {row['recall']:.4f}")

    emit(result, as_json, render)


@recommend_app.command("for")
def recommend_for(
    users: Path = typer.Option(..., "--users", help="One shopper id per line, as in the imported events."),
    k: int = KOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Products for each shopper (purchases left out); an unknown shopper gets the cold-start list."""
    from shopscribe.recommend import RecommendRequest, recommend_for as recommend

    ids = [line.strip() for line in read_text(users).splitlines() if line.strip()]
    s = ensure_db()
    result = recommend(RecommendRequest(home=s.home, users=ids, k=k, pseudonym_key=s.pseudonym_key.get_secret_value()))

    def render(r: dict[str, Any]) -> None:
        for row in r["results"]:
            cold = " (cold start)" if row["cold_start"] else ""
            say(f"{row['user']}{cold}: {', '.join(row['items'])}")
        console.print(f"model {escape(r['model'])}", highlight=False)

    emit(result, as_json, render)


@recommend_app.command("similar")
def similar(sku: str = typer.Argument(..., help="A product SKU."), k: int = KOpt, as_json: bool = JsonOpt) -> None:
    """Products shoppers touch together with this one (by product text for a product nobody has touched yet)."""
    from shopscribe.recommend import similar as similar_items

    s = ensure_db()
    emit(similar_items(s.home, sku, k), as_json,
         lambda r: say(f"{r['sku']} ({r['basis']}): {', '.join(r['items'])}"))


@recommend_app.command("also-bought")
def also_bought(sku: str = typer.Argument(..., help="A product SKU."), k: int = KOpt, as_json: bool = JsonOpt) -> None:
    """Products bought by the shoppers who bought this one (similar items until someone has)."""
    from shopscribe.recommend import also_bought as bought_with

    s = ensure_db()
    emit(bought_with(s.home, sku, k), as_json, lambda r: say(f"{r['sku']} ({r['basis']}): {', '.join(r['items'])}"))


@recommend_app.command("propensity")
def propensity(
    horizon: int = typer.Option(7, "--horizon", min=1, max=365, help="Days ahead a purchase counts."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Show the N most likely shoppers."),
    as_json: bool = JsonOpt,
) -> None:
    """Probability that each shopper buys within --horizon days, from their events so far."""
    from shopscribe.recommend.shoppers import PropensityRequest, propensity as score

    ensure_db()
    result = score(PropensityRequest(horizon_days=horizon))
    if limit:
        result.shoppers = result.shoppers[:limit]

    def render(r: dict[str, Any]) -> None:
        t = r["trained_on"]
        say(f"{r['model']} model, trained on {t['shoppers']} shoppers ({t['positives']} bought within "
            f"{r['horizon_days']} days of {t['features_as_of']})")
        for row in r["shoppers"]:
            say(f"  {row['user']}  {row['probability']:.3f}")

    emit(result, as_json, render)


@recommend_app.command("segments")
def segments(
    horizon: int = typer.Option(7, "--horizon", min=1, max=365, help="Propensity horizon for high-intent shoppers."),
    as_json: bool = JsonOpt,
) -> None:
    """Draw shopper segments (new visitors, bargain hunters, loyal buyers by category …) and save them for
    `generate --segment NAME`."""
    from shopscribe.recommend.shoppers import SegmentsRequest, segments as draw

    s = ensure_db()
    result = draw(SegmentsRequest(home=s.home, horizon_days=horizon))

    def render(r: dict[str, Any]) -> None:
        for row in r["segments"]:
            a = row["audience"]
            say(f"{a['name']:24} {len(row['members']):5} shoppers  {a['label'].get('zh', '')} / {a['label'].get('en', '')}")
        say(f"saved to {r['path']}")

    emit(result, as_json, render)


def register(app: typer.Typer) -> None:
    app.add_typer(recommend_app, name="recommend")
