"""insights train / run / show (and categories, in cli/categories.py) and eval sentiment: what reviews say."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Any, Optional

import typer
from rich.markup import escape

from shopscribe.cli.output import JsonOpt, console, emit, ensure_db, err_console, progress, say

insights_app = typer.Typer(no_args_is_help=True, help="Review insights: sentiment, aspects, keywords, strengths and "
                           "complaints per product; categories for products without one.")
JudgeOpt = typer.Option(False, "--judge", help="Ask the embedded model about reviews the text model is unsure of "
                        "(slower, more accurate: about a second a review on two cores).")


@insights_app.command("train")
def train(
    lang: Optional[list[str]] = typer.Option(None, "--lang", help="zh and/or en (default both)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=20, help="Rows per language (a quick trial model)."),
    fine_tune: bool = typer.Option(False, "--fine-tune", help="Also fine-tune the embedded 0.5B model's first 12 "
                                   "blocks as a Chinese review reader, averaged with the text model (about 40 minutes "
                                   "on two cores; stopped, it resumes its cached part)."),
    fine_tune_limit: Optional[int] = typer.Option(None, "--fine-tune-limit", min=16,
                                                  help="Reviews the reader trains on (a quick trial); default all."),
    test_limit: Optional[int] = typer.Option(None, "--test-limit", min=8,
                                             help="Held-out reviews the reader is scored on; default all."),
    epochs: float = typer.Option(1.0, "--epochs", min=0.1, help="Passes over the training reviews the reader makes "
                                 "(each about 22 minutes on two cores for the whole split; the trunk cache is shared)."),
    as_json: bool = JsonOpt,
) -> None:
    """Train the sentiment model on the review corpora that ship in packages; saved as a new version in
    HOME/insights/models/ and used from then on. JSON {"version", "path", "trained_on", "held_out"} (and "reader"
    with --fine-tune)."""
    from shopscribe.errors import UserError
    from shopscribe.insights.sentiment import TrainRequest, train as train_model

    s = ensure_db()
    langs = list(lang or ["zh", "en"])
    if set(langs) - {"zh", "en"}:
        raise UserError("--lang takes zh or en")
    if fine_tune and "zh" not in langs:
        raise UserError("--fine-tune trains the Chinese reader: include --lang zh")
    with err_console.status("training the sentiment model", spinner="dots") if not as_json else nullcontext():
        result = train_model(TrainRequest(home=s.home, data_dir=s.data_dir, langs=langs, limit=limit)).model_dump()
    if fine_tune:
        from shopscribe.llm.models import path_for
        from shopscribe.tune.classifier import ReaderRequest, fine_tune_reader

        path_for("qwen2.5-coder-0.5b", s)  # a UserError naming the install command when the model is missing
        with progress(as_json, "fine-tuning the review reader", rate=False) as tick:
            result["reader"] = fine_tune_reader(
                ReaderRequest(folder=Path(result["path"]), models_dir=s.models_dir, cache_dir=s.home / "cache" / "trunk",
                              limit=fine_tune_limit, test_limit=test_limit, epochs=epochs),
                on_progress=lambda _stage, done, total: tick(done, total))

    def render(r: dict[str, Any]) -> None:
        say(f"sentiment model {r['version']} saved to {r['path']}")
        for lg, sc in r["held_out"].items():
            say(f"  {lg}: trained on {r['trained_on'][lg]} reviews; held out {int(sc['n'])}: accuracy "
                f"{sc['accuracy']:.3f}, macro-F1 {sc['macro_f1']:.3f}")
        if "reader" in r:
            rd = r["reader"]
            say(f"  zh reader: trained on {rd['trained_on']} reviews in {rd['train_seconds'] / 60:.0f} min; held out "
                f"{int(rd['held_out']['reader']['n'])}: reader {rd['held_out']['reader']['accuracy']:.3f}, text model "
                f"{rd['held_out']['text']['accuracy']:.3f}, both (what the model now reads with) "
                f"{rd['held_out']['blend']['accuracy']:.3f}")

    emit(result, as_json, render)


def _generator(settings: Any) -> Any:
    from shopscribe.llm import get_generator

    return get_generator(settings)


@insights_app.command("run")
def run(
    sku: Optional[list[str]] = typer.Option(None, "--sku", help="Only these products (repeat)."),
    judge: bool = JudgeOpt,
    summarize: bool = typer.Option(False, "--summarize", help="One-line summaries of strengths and complaints by the "
                                   "embedded model (otherwise a quote from the reviews)."),
    fresh: bool = typer.Option(False, "--fresh", help="Analyse every review again."),
    as_json: bool = JsonOpt,
) -> None:
    """Analyse the stored reviews (sentiment, aspects) and rebuild each product's strengths, complaints and
    keywords. JSON {"model", "reviews", "skipped", "judged", "products", "summary_model"}."""
    from shopscribe.insights.service import RunRequest, run as run_insights

    s = ensure_db()
    generator = _generator(s) if judge or summarize else None
    try:
        with progress(as_json, "reading reviews", "products", rate=False) as tick:
            result = run_insights(RunRequest(home=s.home, skus=list(sku or []), judge=judge, summarize=summarize,
                                             fresh=fresh), generator, on_progress=tick)
    finally:
        if generator is not None:
            generator.close()
    emit(result, as_json, lambda r: say(
        f"{r['reviews']} review(s) analysed ({r['skipped']} already were, {r['judged']} judged by the model) "
        f"for {r['products']} product(s) with {r['model']}"))


@insights_app.command("show")
def show(sku: str = typer.Argument(..., help="Product SKU."), as_json: bool = JsonOpt) -> None:
    """A product's strengths and complaints (with the reviews behind each), keywords and every review's sentiment."""
    from shopscribe.insights.service import show as show_insights

    ensure_db()

    def render(r: dict[str, Any]) -> None:
        sent = r["sentiment"]
        say(f"{r['sku']} {r['title']}: {r['reviews']} reviews, {sent['positive']} positive, {sent['neutral']} "
            f"neutral, {sent['negative']} negative")
        for title, rows in (("strengths", r["strengths"]), ("complaints", r["complaints"])):
            say(f"{title}:" if rows else f"{title}: none")
            for p in rows:
                console.print(f"  {p['aspect']} ({len(p['reviews'])} reviews: {', '.join(map(str, p['reviews']))}): "
                              f"{escape(p['summary'] or p['quote'])}", highlight=False)
        say(f"keywords: {', '.join(r['keywords'])}")

    emit(show_insights(sku), as_json, render)


def eval_sentiment(
    data: Path = typer.Option(..., "--data", help='JSONL {"text", "label": "positive"|"negative"}.'),
    judge: bool = JudgeOpt,
    as_json: bool = JsonOpt,
) -> None:
    """The current sentiment model on a labelled file: JSON {"n", "accuracy", "macro_f1", "model"}."""
    from shopscribe.insights.sentiment import EvalRequest, Judge, evaluate

    s = ensure_db()
    generator = _generator(s) if judge else None
    try:
        result = evaluate(EvalRequest(data=data, home=s.home, judge=judge),
                          Judge(generator) if generator is not None else None)
    finally:
        if generator is not None:
            generator.close()
    emit(result, as_json, lambda r: say(f"{r['n']} reviews: accuracy {r['accuracy']:.3f}, macro-F1 "
                                        f"{r['macro_f1']:.3f} ({r['model']})"))


def register(app: typer.Typer) -> None:
    from shopscribe.cli import categories, tune

    categories.register(insights_app)
    tune.eval_app.command("sentiment")(eval_sentiment)
    app.add_typer(insights_app, name="insights")
