"""The human review of drafts: approve, reject with a reason, edit (re-checked by the one gate), each change an
append-only audit row. Which status may follow which is DraftStatus's to say; these functions only ask it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopscribe.catalog import product_record
from shopscribe.content import CheckRequest, check, get_kind
from shopscribe.errors import UserError
from shopscribe.prompts import ShopProfile
from shopscribe.store import AuditLog, Draft, DraftEdit, DraftStatus, use_session


class ApproveRequest(BaseModel):
    draft_ids: list[int] = Field(default_factory=list)
    all_passed: bool = False  # every draft still waiting whose check report passed
    force: bool = False  # approve drafts the gate blocked (the reviewer overrides it; the audit row says so)
    reviewer: str = Field(min_length=1, max_length=128)
    four_eyes: bool = False  # nobody approves their own edit (shop.toml [review] four_eyes = true)


class RejectRequest(BaseModel):
    draft_id: int
    reason: str
    reviewer: str = Field(min_length=1, max_length=128)

    @field_validator("reason")
    @classmethod
    def _reason(cls, reason: str) -> str:
        if not reason.strip():
            raise UserError("a rejection needs a reason (--reason): it is what the next generation is told")
        return reason.strip()


class EditRequest(BaseModel):
    draft_id: int
    text: str
    reviewer: str = Field(min_length=1, max_length=128)
    reason: str | None = None
    voice: ShopProfile | None = None  # the shop's profile, for the re-check
    home: Path | None = None  # the shop's rules and critic, for the re-check

    @field_validator("text")
    @classmethod
    def _text(cls, text: str) -> str:
        if not text.strip():
            raise UserError("the edited text is empty: give the copy the draft should carry")
        return text.strip()


class Skipped(BaseModel):
    id: int
    reason: str


class ReviewResult(BaseModel):
    changed: list[int]
    skipped: list[Skipped] = Field(default_factory=list)
    drafts: list[dict[str, Any]] = Field(default_factory=list)


def approve(req: ApproveRequest, session: Session | None = None) -> ReviewResult:
    """Approve the drafts asked for. A draft the gate blocked is skipped unless `force`; one whose status cannot
    become approved (published, retired) is skipped with the reason."""
    if bool(req.draft_ids) == req.all_passed:
        raise UserError("give draft ids to approve, or --all-passed")
    result = ReviewResult(changed=[])
    with use_session(session) as s:
        if req.all_passed:
            drafts = [d for d in s.scalars(select(Draft).where(Draft.status == DraftStatus.draft).order_by(Draft.id))
                      if d.check_report.get("passed")]
        else:
            drafts = _drafts(s, req.draft_ids)
        for d in drafts:
            blocked = not d.check_report.get("passed", False)
            if blocked and not req.force:
                result.skipped.append(Skipped(id=d.id, reason="the quality gate blocked it; fix it with `drafts edit` "
                                                               "or approve with --force"))
                continue
            if req.four_eyes and _last_editor(s, d.id) == req.reviewer:
                result.skipped.append(Skipped(id=d.id, reason=f"{req.reviewer} edited it last; four-eyes review "
                                                               "needs another reviewer to approve it"))
                continue
            if not DraftStatus.parse(d.status).can_move_to(DraftStatus.approved):
                result.skipped.append(Skipped(id=d.id, reason=f"a {d.status} draft cannot be approved"))
                continue
            _move(s, d, DraftStatus.approved, req.reviewer, {"forced": blocked} if blocked else {})
            result.changed.append(d.id)
            _retire_stale(s, d, req.reviewer)
        result.drafts = _records(s, result.changed)
    return result


def reject(req: RejectRequest, session: Session | None = None) -> ReviewResult:
    with use_session(session) as s:
        [d] = _drafts(s, [req.draft_id])
        _move(s, d, DraftStatus.rejected, req.reviewer, {"reason": req.reason})
        return ReviewResult(changed=[d.id], drafts=_records(s, [d.id]))


def edit(req: EditRequest, session: Session | None = None) -> ReviewResult:
    """Replace a draft's text with the reviewer's, keep both in a DraftEdit row, and check the new text with the
    same gate the pipeline used. Published and retired drafts are not edited (write a new draft instead)."""
    with use_session(session) as s:
        [d] = _drafts(s, [req.draft_id])
        if DraftStatus.parse(d.status) in (DraftStatus.published, DraftStatus.retired):
            raise UserError(f"draft {d.id} is {d.status}: it is not edited in place; generate a new draft")
        if req.text == d.text:
            return ReviewResult(changed=[], skipped=[Skipped(id=d.id, reason="the text is unchanged")],
                                drafts=_records(s, [d.id]))
        report = check(CheckRequest(text=req.text, product=product_record(d.product), kind=d.kind, channel=d.channel,
                                    lang=d.lang, voice=req.voice, home=req.home))
        kind = get_kind(d.kind)
        try:
            fields = kind.read(req.text)
        except ValueError:
            fields = {}
        s.add(DraftEdit(draft_id=d.id, before=d.text, after=req.text, reviewer=req.reviewer, reason=req.reason))
        s.add(AuditLog(actor=req.reviewer, action="draft.edited", entity="draft", entity_id=str(d.id),
                       detail={"before": d.text, "after": req.text, "reason": req.reason, "passed": report.passed}))
        d.text, d.fields, d.score = req.text, fields, report.score
        d.check_report = {"passed": report.passed, "score": report.score, "flags": report.flags}
        s.flush()
        return ReviewResult(changed=[d.id], drafts=_records(s, [d.id]))


def _retire_stale(s: Session, successor: Draft, reviewer: str) -> None:
    """An approved successor replaces the stale approved copy of its slot (product, kind, language, target and
    segment). Stale copy that is live stays published until the successor is published in its place."""
    for old in s.scalars(select(Draft).where(
            Draft.product_id == successor.product_id, Draft.kind == successor.kind, Draft.lang == successor.lang,
            Draft.target == successor.target, Draft.id != successor.id, Draft.status == DraftStatus.approved,
            Draft.stale.is_not(None))):
        if old.segment == successor.segment:
            _move(s, old, DraftStatus.retired, reviewer, {"replaced_by": successor.id, "stale": old.stale})


def _last_editor(s: Session, draft_id: int) -> str | None:
    return s.scalar(select(DraftEdit.reviewer).where(DraftEdit.draft_id == draft_id).order_by(DraftEdit.id.desc())
                    .limit(1))


def review_policy(home: Path) -> dict[str, Any]:
    """The shop's review rules from HOME/shop.toml's [review] table (four_eyes = true|false)."""
    import tomllib

    path = Path(home) / "shop.toml"
    if not path.exists():
        return {"four_eyes": False}
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("review", {})
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: not valid TOML ({exc}); fix the file or remove it") from None
    four_eyes = table.get("four_eyes", False)
    if not isinstance(four_eyes, bool):
        raise UserError(f"{path}: [review] four_eyes must be true or false, not {four_eyes!r}")
    return {"four_eyes": four_eyes}


def _drafts(s: Session, ids: list[int]) -> list[Draft]:
    found = {d.id: d for d in s.scalars(select(Draft).where(Draft.id.in_(ids)))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise UserError(f"no draft with id {', '.join(map(str, missing))}; list them with `shopscribe drafts`")
    return [found[i] for i in ids]


def _move(s: Session, d: Draft, to: DraftStatus, actor: str, detail: dict[str, Any]) -> None:
    before = DraftStatus.parse(d.status)
    d.status = to  # the model's validator refuses a move DraftStatus does not allow
    s.add(AuditLog(actor=actor, action=f"draft.{to.value}", entity="draft", entity_id=str(d.id),
                   detail={"from": before.value, "to": to.value, **detail}))


def _records(s: Session, ids: list[int]) -> list[dict[str, Any]]:
    from shopscribe.content import draft_record

    s.flush()
    return [draft_record(d) for d in _drafts(s, ids)] if ids else []
