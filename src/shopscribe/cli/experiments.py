"""experiments create / report: A/B tests of approved copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from shopscribe.cli.output import AsOpt, JsonOpt, emit, ensure_db, err_console, say
from shopscribe.errors import UserError

experiments_app = typer.Typer(no_args_is_help=True, help="A/B tests of approved copy, with bandit allocation.")


@experiments_app.command("create")
def create(
    sku: str = typer.Option(..., "--sku"),
    kind: str = typer.Option(..., "--kind"),
    drafts: list[int] = typer.Option(..., "--drafts", help="Approved draft ids (repeat); the first is the control."),
    policy: str = typer.Option("thompson", "--policy", help="thompson | fixed"),
    goal: str = typer.Option("purchase", "--goal", help="click | cart | purchase"),
    as_json: bool = JsonOpt,
) -> None:
    """Start an experiment between approved drafts of one product and kind."""
    from shopscribe.experiments import CreateRequest, create as create_experiment

    ensure_db()
    exp = create_experiment(CreateRequest(sku=sku, kind=kind, drafts=list(drafts), policy=policy, goal=goal))
    emit({"id": exp}, as_json, lambda r: say(f"experiment {r['id']} started"))


@experiments_app.command("list")
def list_all(sku: Optional[str] = typer.Option(None, "--sku"), as_json: bool = JsonOpt) -> None:
    """Every experiment, newest first."""
    from shopscribe.experiments import list_experiments

    ensure_db()

    def render(r: dict[str, Any]) -> None:
        for e in r["experiments"]:
            won = f", winner {e['winner']} (by {e['decided_by']})" if e["winner"] is not None else ""
            say(f"{e['id']} {e['sku']} {e['kind']}: {e['status']}, {e['policy']}, goal {e['goal']}, "
                f"drafts {', '.join(map(str, e['drafts']))}{won}")
        if not r["experiments"]:
            say("no experiments yet: start one with shopscribe experiments create")

    emit({"experiments": [e.model_dump(mode="json") for e in list_experiments(sku)]}, as_json, render)


@experiments_app.command("report")
def report(
    experiment_id: int = typer.Argument(..., help="Experiment id."),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Write conversion over time and allocation share as PNG."),
    as_json: bool = JsonOpt,
) -> None:
    """Per variant: impressions, conversions, rate with its interval, chance to beat control, expected loss;
    the sample-ratio check and the winner, if there is one yet."""
    from shopscribe.experiments import conclude, daily, report as report_of

    settings = ensure_db()
    conclude(experiment_id, settings)  # reading the report applies the stopping rule
    result = report_of(experiment_id)
    if plot is not None:
        from shopscribe.web.render import experiment_png

        days, rate, share = daily(experiment_id)
        try:
            plot.parent.mkdir(parents=True, exist_ok=True)
            plot.write_bytes(experiment_png(days, rate, share, f"experiment {experiment_id}: {result.sku} {result.kind}"))
        except OSError as exc:
            raise UserError(f"{plot}: cannot write ({exc.strerror}); choose another path with --plot") from None
        if not as_json:
            err_console.print(f"plot written to {plot}", highlight=False, markup=False)

    def render(r: dict[str, Any]) -> None:
        say(f"experiment {r['id']}: {r['sku']} {r['kind']}, goal {r['goal']}, {r['policy']}")
        for v in r["variants"]:
            say(f"  draft {v['variant']}: {v['conversions']}/{v['impressions']} = {v['rate']:.2%} "
                f"[{v['interval'][0]:.2%}, {v['interval'][1]:.2%}], beats control {v['chance_to_beat_control']:.0%}, "
                f"expected loss {v['expected_loss']:.4f}")
        if r["srm_alarm"]:
            say(f"  SAMPLE RATIO MISMATCH (p = {r['srm_p']}): the allocation is broken; do not read the result")
        if r["status"] == "running":
            say(f"  winner: {r['winner'] if r['winner'] is not None else 'none yet'} "
                f"(needs {r['sample_size_per_variant']} impressions per variant)")
        else:
            say(f"  {r['status']} by {r['decided_by']}; winner: {r['winner'] if r['winner'] is not None else 'none'}")
        if r["learning"]:
            say(f"  {r['learning']}")

    emit(result, as_json, render)


def _render_decision(r: dict[str, Any]) -> None:
    if r["winner"] is None:
        say(f"experiment {r['id']} stopped without a winner: shoppers see the control again")
        return
    say(f"experiment {r['id']} ended: draft {r['winner']} is promoted (by {r['decided_by']})")
    for channel in r["republished"]:
        say(f"  delivered to {channel}")
    if r["next"]:
        say(f"  {r['next']}")


@experiments_app.command("promote")
def promote(
    experiment_id: int = typer.Argument(..., help="Experiment id."),
    draft: Optional[int] = typer.Option(None, "--draft", help="The variant to promote (default: the report's winner)."),
    who: str = AsOpt,
    as_json: bool = JsonOpt,
) -> None:
    """End the experiment with a winner: the stopping rule's, or the variant you name (a manual override, also of
    an automatic decision). Publishing then sends the winner; shoppers of the experiment all see it."""
    from shopscribe.experiments import PromoteRequest, promote as promote_winner

    settings = ensure_db()
    emit(promote_winner(PromoteRequest(experiment_id=experiment_id, draft=draft, actor=who), settings), as_json,
         _render_decision)


@experiments_app.command("stop")
def stop(experiment_id: int = typer.Argument(..., help="Experiment id."), who: str = AsOpt,
         as_json: bool = JsonOpt) -> None:
    """End the experiment without a winner: shoppers see the control again."""
    from shopscribe.experiments import stop as stop_experiment

    ensure_db()
    emit(stop_experiment(experiment_id, who), as_json, _render_decision)


def register(app: typer.Typer) -> None:
    app.add_typer(experiments_app, name="experiments")
