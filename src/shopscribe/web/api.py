"""/api/v1 for the review workspace: products, drafts (list, approve, reject, edit), check and the audit log.

Every route needs `Authorization: Bearer TOKEN` (from `shopscribe users create`); what a role may do is
review.Role's to say. The routes call the same room functions as the CLI, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Header, HTTPException, Query, Request, UploadFile
from pydantic import BaseModel, Field

from shopscribe import content, review
from shopscribe.catalog import list_products
from shopscribe.prompts import load_profile
from shopscribe.errors import UserError
from shopscribe.review import Role, Who

router = APIRouter()


def _settings(request: Request) -> Any:
    return request.app.state.settings


def current_user(request: Request, authorization: Annotated[str | None, Header()] = None) -> Who:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(401, "give an API token: Authorization: Bearer TOKEN (shopscribe users create)")
    who = review.who_has(token.strip())
    if who is None:
        raise HTTPException(401, "unknown API token")
    return who


def role(needed: Role) -> Any:
    def check(who: Annotated[Who, Depends(current_user)]) -> Who:
        if not who.role.may(needed):
            raise HTTPException(403, f"a {who.role.value} cannot do this; it needs the {needed.value} role")
        return who

    return Depends(check)


Viewer = Annotated[Who, role(Role.viewer)]
Editor = Annotated[Who, role(Role.editor)]
Reviewer = Annotated[Who, role(Role.reviewer)]


class Page(BaseModel):
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


def _page(rows: list[dict[str, Any]], limit: int, offset: int) -> Page:
    return Page(items=rows[offset:offset + limit], total=len(rows), limit=limit, offset=offset)


Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]


@router.get("/me", response_model=Who, tags=["users"])
def me(who: Viewer) -> Who:
    return who


@router.get("/products", response_model=Page, tags=["catalog"])
def products(_who: Viewer, limit: Limit = 50, offset: Offset = 0) -> Page:
    return _page(list_products(), limit, offset)


@router.get("/drafts", response_model=Page, tags=["drafts"])
def drafts(_who: Viewer, kind: str | None = None, sku: str | None = None, status: str | None = None,
           segment: str | None = None, limit: Limit = 50, offset: Offset = 0) -> Page:
    rows = content.list_drafts(content.DraftQuery(kind=kind, sku=sku, status=status, segment=segment))
    return _page(rows, limit, offset)


@router.get("/drafts/{draft_id}", tags=["drafts"])
def draft(_who: Viewer, draft_id: int) -> dict[str, Any]:
    rows = content.list_drafts(content.DraftQuery(id=draft_id))
    if not rows:
        raise HTTPException(404, f"no draft with id {draft_id}")
    return rows[0]


class ApproveBody(BaseModel):
    ids: list[int] = Field(default_factory=list)
    all_passed: bool = False
    force: bool = False


@router.post("/drafts/approve", response_model=review.ReviewResult, tags=["drafts"])
def approve(request: Request, who: Reviewer, body: ApproveBody) -> review.ReviewResult:
    policy = review.review_policy(_settings(request).home)
    return review.approve(review.ApproveRequest(draft_ids=body.ids, all_passed=body.all_passed, force=body.force,
                                                reviewer=who.name, **policy))


class RejectBody(BaseModel):
    reason: str


@router.post("/drafts/{draft_id}/reject", response_model=review.ReviewResult, tags=["drafts"])
def reject(who: Reviewer, draft_id: int, body: RejectBody) -> review.ReviewResult:
    return review.reject(review.RejectRequest(draft_id=draft_id, reason=body.reason, reviewer=who.name))


class EditBody(BaseModel):
    text: str
    reason: str | None = None


@router.put("/drafts/{draft_id}/text", response_model=review.ReviewResult, tags=["drafts"])
def edit(request: Request, who: Editor, draft_id: int, body: EditBody) -> review.ReviewResult:
    home = _settings(request).home
    return review.edit(review.EditRequest(draft_id=draft_id, text=body.text, reason=body.reason, reviewer=who.name,
                                          voice=load_profile(home / "shop.toml"), home=home))


class CheckBody(BaseModel):
    text: str
    product: dict[str, Any] | None = None
    kind: str | None = None
    channel: str | None = None
    lang: str | None = None
    keywords: list[str] = Field(default_factory=list)


@router.get("/products/{sku}/insights", tags=["insights"])
def product_insights(_who: Viewer, sku: str) -> dict[str, Any]:
    """What the product's reviews say: `shopscribe insights show SKU --json` (404 before `insights run`)."""
    from shopscribe.insights.service import show

    try:
        return show(sku)
    except UserError as exc:
        raise HTTPException(404, str(exc)) from None


@router.post("/check", response_model=content.CheckResult, tags=["quality"])
def check(request: Request, _who: Viewer, body: CheckBody) -> content.CheckResult:
    home = _settings(request).home
    return content.check(content.CheckRequest(**body.model_dump(), voice=load_profile(home / "shop.toml"), home=home))


@router.get("/audit", response_model=list[review.AuditEntry], tags=["audit"])
def audit(_who: Viewer, entity: str | None = None, entity_id: Annotated[str | None, Query(alias="id")] = None,
          limit: Limit = 100) -> list[review.AuditEntry]:
    return review.audit_log(review.AuditQuery(entity=entity, entity_id=entity_id, limit=limit))


class JobBody(BaseModel):
    kind: str
    skus: list[str] = Field(default_factory=list)
    all_products: bool = False
    lang: str = "auto"
    variants: int = Field(1, ge=1, le=8)
    channel: str | None = None
    max_attempts: int = Field(content.MAX_ATTEMPTS, ge=1, le=6)
    seed: int | None = None
    note: str | None = Field(None, max_length=500)
    fresh: bool = False


@router.post("/jobs", status_code=202, tags=["generation"])
def start_job(request: Request, _who: Editor, body: JobBody) -> dict[str, str]:
    """Start (or resume) a generation job in the background; poll GET /jobs/{id} for its progress."""
    job = request.app.state.jobs.start(content.GenerateRequest(**body.model_dump()))
    return {"job": job}


@router.get("/jobs/{job_id}", tags=["generation"])
def job_status(_who: Viewer, job_id: str) -> dict[str, Any]:
    from shopscribe.web.jobs import status

    try:
        return status(job_id).model_dump()
    except UserError as exc:  # the only one status() raises: no such job
        raise HTTPException(404, str(exc)) from None


@router.post("/import/{kind}", tags=["catalog"])
def import_upload(request: Request, _who: Editor, kind: str, file: UploadFile = File(...),
                  successors: bool = False) -> dict[str, Any]:
    """Import an uploaded products, reviews or events file (CSV, JSONL or XLSX): the `import` command's report,
    with the approved and published drafts the file made stale; `successors=true` starts a background job per kind
    that writes their successors for review (`jobs` in the answer)."""
    import tempfile
    from pathlib import Path

    from shopscribe.catalog import import_file

    name = Path(file.filename or "upload").name
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name  # the reader picks the format by the file's own extension
        with path.open("wb") as out:
            while chunk := file.file.read(1 << 20):
                out.write(chunk)
        key = _settings(request).pseudonym_key.get_secret_value()
        try:
            report = import_file(path, kind, actor=f"api:{_who.name}", pseudonym_key=key)
        except UserError as exc:  # name the upload, not the temporary folder it was read from
            raise UserError(str(exc).replace(str(path), name)) from None
    data = report.model_dump(mode="json")
    data["file"] = name  # not the temporary path
    stale = content.mark_stale(report.changed, actor=f"api:{_who.name}").drafts
    data["stale"] = [d.model_dump() for d in stale]
    data["jobs"] = [request.app.state.jobs.start(content.GenerateRequest(kind=k, stale=True, fresh=True))
                    for k in sorted({d.kind for d in stale})] if successors else []
    return data
