"""The human review of drafts: approve, reject, edit (re-checked by the gate), the audit log, and the CLI."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from cli import shopscribe
from shopscribe.errors import UserError
from shopscribe.quality import critic
from shopscribe.review import ApproveRequest, AuditQuery, EditRequest, RejectRequest, approve, audit_log, edit, reject
from shopscribe.store import Draft, DraftEdit, DraftStatus, IllegalMove, Product, session_scope

TEE = {"材质": "100%棉", "颜色": "白色"}
PASSED = {"passed": True, "score": 1.0, "flags": []}
BLOCKED = {"passed": False, "score": 0.25, "flags": [
    {"check": "compliance", "severity": "block", "start": 0, "end": 2, "text": "最佳", "message": "《广告法》第九条"}]}


def add_drafts() -> list[int]:
    """Three drafts of one T-shirt: a passing description, a blocked one, a passing bullets draft."""
    with session_scope() as s:
        p = Product(sku="TEE-1", title="纯棉圆领T恤", category="服装", price=Decimal("89"), currency="CNY", attributes=TEE)
        s.add(p)
        s.flush()
        rows = [Draft(product_id=p.id, kind="description", lang="zh", channel="taobao", variant=0,
                      text="纯棉圆领T恤，白色，柔软透气。", check_report=PASSED, model="m"),
                Draft(product_id=p.id, kind="description", lang="zh", channel="taobao", variant=1,
                      text="最佳纯棉T恤，白色。", check_report=BLOCKED, model="m"),
                Draft(product_id=p.id, kind="bullets", lang="zh", channel="taobao", variant=0,
                      text="• 纯棉面料\n• 白色百搭\n• 圆领设计", fields={"bullets": ["纯棉面料", "白色百搭", "圆领设计"]},
                      check_report=PASSED, model="m")]
        s.add_all(rows)
        s.flush()
        return [d.id for d in rows]


def status_of(draft_id: int) -> DraftStatus:
    with session_scope() as s:
        return s.get(Draft, draft_id).status


def test_approving_moves_the_status_and_leaves_an_audit_row(home):
    ok, blocked, bullets = add_drafts()
    result = approve(ApproveRequest(draft_ids=[ok, blocked], reviewer="lin"))
    assert result.changed == [ok]
    assert [(s.id, s.reason.split(";")[0]) for s in result.skipped] == [(blocked, "the quality gate blocked it")]
    assert (status_of(ok), status_of(blocked)) == (DraftStatus.approved, DraftStatus.draft)
    [entry] = audit_log(AuditQuery(entity="drafts", entity_id=str(ok)))
    assert (entry.actor, entry.action, entry.detail) == ("lin", "draft.approved", {"from": "draft", "to": "approved"})
    forced = approve(ApproveRequest(draft_ids=[blocked], force=True, reviewer="lin"))
    assert forced.changed == [blocked]
    assert audit_log(AuditQuery(entity_id=str(blocked)))[0].detail == {"from": "draft", "to": "approved", "forced": True}


def test_all_passed_approves_only_waiting_drafts_that_passed(home):
    ok, blocked, bullets = add_drafts()
    assert approve(ApproveRequest(all_passed=True, reviewer="lin")).changed == [ok, bullets]
    assert approve(ApproveRequest(all_passed=True, reviewer="lin")).changed == []  # nothing waits any more
    assert status_of(blocked) == DraftStatus.draft


def test_a_rejection_needs_a_reason_and_a_retired_draft_stays_retired(home):
    ok, blocked, _ = add_drafts()
    with pytest.raises(UserError, match="a rejection needs a reason"):
        RejectRequest(draft_id=blocked, reason="  ", reviewer="lin")
    reject(RejectRequest(draft_id=blocked, reason="绝对化用语", reviewer="lin"))
    assert status_of(blocked) == DraftStatus.rejected
    assert audit_log(AuditQuery(entity_id=str(blocked)))[0].detail == {"from": "draft", "to": "rejected",
                                                                       "reason": "绝对化用语"}
    with session_scope() as s:
        s.get(Draft, ok).status = DraftStatus.retired
    skipped = approve(ApproveRequest(draft_ids=[ok], reviewer="lin"))
    assert skipped.changed == [] and skipped.skipped[0].reason == "a retired draft cannot be approved"
    with pytest.raises(IllegalMove, match="a retired draft cannot become rejected"):
        reject(RejectRequest(draft_id=ok, reason="旧文案", reviewer="lin"))
    with pytest.raises(UserError, match="no draft with id 999"):
        approve(ApproveRequest(draft_ids=[999], reviewer="lin"))


def test_an_edit_keeps_the_models_text_and_is_checked_by_the_same_gate(home):
    ok, blocked, bullets = add_drafts()
    result = edit(EditRequest(draft_id=blocked, text="纯棉圆领T恤，白色，洗后不易变形。", reviewer="lin", reason="去掉极限词"))
    [d] = result.drafts
    assert (d["text"], d["passed"], d["flags"]) == ("纯棉圆领T恤，白色，洗后不易变形。", True, [])
    with session_scope() as s:
        [row] = s.scalars(select(DraftEdit)).all()
        assert (row.draft_id, row.before, row.after, row.reviewer, row.reason) == (
            blocked, "最佳纯棉T恤，白色。", "纯棉圆领T恤，白色，洗后不易变形。", "lin", "去掉极限词")
    # An edit that introduces a problem is stored with the gate's verdict, and then needs --force to approve.
    worse = edit(EditRequest(draft_id=ok, text="全网最低价的纯棉T恤，白色。", reviewer="lin")).drafts[0]
    assert worse["passed"] is False and [f["text"] for f in worse["flags"] if f["check"] == "compliance"] == ["全网最低价"]
    assert approve(ApproveRequest(draft_ids=[ok], reviewer="lin")).changed == []
    # Structured copy is read back into its fields.
    b = edit(EditRequest(draft_id=bullets, text="• 100%纯棉\n• 白色\n• 圆领", reviewer="lin")).drafts[0]
    assert b["fields"] == {"bullets": ["100%纯棉", "白色", "圆领"]} and b["passed"]


def test_approved_edits_are_what_the_critic_and_tuning_learn_from(home):
    ok, blocked, _ = add_drafts()
    edit(EditRequest(draft_id=blocked, text="纯棉圆领T恤，白色，领口不易变形。", reviewer="lin"))
    approve(ApproveRequest(draft_ids=[blocked], reviewer="lin"))
    approved, _rejected = critic.reviewed_drafts("description")
    assert approved == ["纯棉圆领T恤，白色，领口不易变形。"]


# ---- the CLI ---------------------------------------------------------------------------------------------------


def test_drafts_approve_reject_edit_and_audit_from_the_command_line(home, tmp_path):
    ok, blocked, bullets = add_drafts()
    ran = shopscribe("drafts", "approve", str(ok), str(blocked), "--as", "lin", "--json")
    out = json.loads(ran.stdout)
    assert ran.returncode == 1 and out["changed"] == [ok] and [s["id"] for s in out["skipped"]] == [blocked]
    assert shopscribe("drafts", "reject", str(blocked), "--reason", "绝对化用语", "--json").returncode == 0
    copy = tmp_path / "edit.txt"
    copy.write_text("• 精梳纯棉\n• 白色\n• 圆领", encoding="utf-8")
    ran = shopscribe("drafts", "edit", str(bullets), "--text-file", str(copy), "--json")
    assert ran.returncode == 0 and json.loads(ran.stdout)["drafts"][0]["fields"] == {"bullets": ["精梳纯棉", "白色", "圆领"]}
    listed = json.loads(shopscribe("drafts", "--status", "approved", "--json").stdout)
    assert [d["id"] for d in listed["drafts"]] == [ok]
    entries = json.loads(shopscribe("audit", "--entity", "drafts", "--json").stdout)["entries"]
    assert [(e["action"], e["entity_id"]) for e in entries] == [
        ("draft.edited", str(bullets)), ("draft.rejected", str(blocked)), ("draft.approved", str(ok))]
    assert entries[2]["actor"] == "lin" and entries[1]["actor"] == "cli"


@pytest.mark.parametrize("args, message", [
    (["drafts", "approve"], "give draft ids to approve, or --all-passed"),
    (["drafts", "approve", "999"], "no draft with id 999"),
    (["drafts", "edit", "1", "--text-file", "missing.txt"], "missing.txt: cannot read"),
])
def test_review_usage_errors_are_one_line(home, args, message):
    add_drafts()
    ran = shopscribe(*args)
    assert ran.returncode == 2 and ran.stderr.startswith("error: ") and message in ran.stderr, ran.stderr
    assert ran.stderr.count("\n") == 1
