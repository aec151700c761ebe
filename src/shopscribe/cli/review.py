"""drafts [list] / approve / reject / edit, and audit: the review room's commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from shopscribe.cli.generate import KindOpt, SkuOpt, StatusOpt, query, render_drafts
from shopscribe.cli.output import AsOpt, JsonOpt, console, emit, ensure_db, read_text, say

drafts_app = typer.Typer(help="Stored drafts: list them (the default), approve, reject or edit them.")
ReviewerOpt = AsOpt


@drafts_app.callback(invoke_without_command=True)
def drafts(ctx: typer.Context, kind: Optional[str] = KindOpt, sku: Optional[str] = SkuOpt,
           status: Optional[str] = StatusOpt,
           stale: bool = typer.Option(False, "--stale", help="Approved or published copy that states a fact a "
                                      "re-import changed, with the fact."),
           as_json: bool = JsonOpt) -> None:
    """List stored drafts with their check results."""
    if ctx.invoked_subcommand is not None:
        return
    from shopscribe.content import list_drafts

    q = query(kind, sku, status, stale)
    ensure_db()
    emit({"job": "stale" if stale else "all", "drafts": list_drafts(q), "failed": []}, as_json, render_drafts)


def _render(r: dict[str, Any]) -> None:
    if r["changed"]:
        say(f"changed: {', '.join(map(str, r['changed']))}")
    for s in r["skipped"]:
        say(f"skipped {s['id']}: {s['reason']}")
    for d in r["drafts"]:
        say(f"{d['id']} {d['sku']} {d['kind']} {d['status']}{'' if d['passed'] else ' (blocked)'}: {d['text']}")


@drafts_app.command("approve")
def approve(
    ids: Optional[list[int]] = typer.Argument(None, help="Draft ids."),
    all_passed: bool = typer.Option(False, "--all-passed", help="Every waiting draft that passed every check."),
    force: bool = typer.Option(False, "--force", help="Approve drafts the quality gate blocked, too."),
    reviewer: str = ReviewerOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Approve drafts; exit 1 when some were skipped (blocked by the gate, or not approvable)."""
    from shopscribe.review import ApproveRequest, approve as approve_drafts, review_policy

    s = ensure_db()
    result = approve_drafts(ApproveRequest(draft_ids=list(ids or []), all_passed=all_passed, force=force,
                                           reviewer=reviewer, **review_policy(s.home)))
    emit(result, as_json, _render, exit_code=1 if result.skipped else 0)


@drafts_app.command("reject")
def reject(
    draft_id: int = typer.Argument(..., help="Draft id."),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the audit log)."),
    reviewer: str = ReviewerOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Reject a draft with a reason."""
    from shopscribe.review import RejectRequest, reject as reject_draft

    ensure_db()
    emit(reject_draft(RejectRequest(draft_id=draft_id, reason=reason, reviewer=reviewer)), as_json, _render)


@drafts_app.command("edit")
def edit(
    draft_id: int = typer.Argument(..., help="Draft id."),
    text_file: Path = typer.Option(..., "--text-file", help="The edited copy (UTF-8), or - for standard input."),
    reason: Optional[str] = typer.Option(None, "--reason", help="Why it was edited."),
    reviewer: str = ReviewerOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Replace a draft's text with an edited one, re-checked by the quality gate; the model's text is kept."""
    from shopscribe.prompts import load_profile
    from shopscribe.review import EditRequest, edit as edit_draft

    text = read_text(text_file)
    s = ensure_db()
    result = edit_draft(EditRequest(draft_id=draft_id, text=text, reason=reason, reviewer=reviewer,
                                    voice=load_profile(s.home / "shop.toml"), home=s.home))
    emit(result, as_json, _render)


@drafts_app.command("withdraw")
def withdraw(
    ids: list[int] = typer.Argument(..., help="Draft ids."),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the audit log), e.g. the fact that is false now."),
    reviewer: str = ReviewerOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Take approved or published copy down at once: it retires, and where it is live its slot is marked withdrawn
    (a webhook receiver is told)."""
    from shopscribe.publish import WithdrawRequest, withdraw as withdraw_copy

    s = ensure_db()
    result = withdraw_copy(WithdrawRequest(draft_ids=list(ids), reason=reason, actor=reviewer), s)

    def render(r: dict[str, Any]) -> None:
        say(f"withdrawn: {', '.join(map(str, r['withdrawn']))}")
        for t in r["taken_down"]:
            say(f"  taken down: {t['sku']} {t['field']} on {t['channel']}")

    emit(result, as_json, render)


def audit(
    entity: Optional[str] = typer.Option(None, "--entity", help="drafts, jobs, imports, or a product/entity name."),
    entity_id: Optional[str] = typer.Option(None, "--id", help="Only this entity's rows (e.g. a draft id)."),
    limit: int = typer.Option(100, "--limit", min=1, max=10_000),
    as_json: bool = JsonOpt,
) -> None:
    """The audit log, newest first: who did what to which entity, and what changed."""
    from shopscribe.review import AuditQuery, audit_log

    ensure_db()
    rows = audit_log(AuditQuery(entity=entity, entity_id=entity_id, limit=limit))

    def render(r: dict[str, Any]) -> None:
        for e in r["entries"]:
            say(f"{e['at']} {e['actor']} {e['action']} {e['entity']}:{e['entity_id'] or ''} {e['detail']}")
        if not r["entries"]:
            console.print("no audit entries")

    emit({"entries": [e.model_dump(mode="json") for e in rows]}, as_json, render)


def register(app: typer.Typer) -> None:
    app.add_typer(drafts_app, name="drafts")
    app.command()(audit)
