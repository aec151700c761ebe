"""The review workspace in the browser: log in, the queue (candidates side by side, flags marked at their spans,
the product's facts beside them), approve / reject / edit with htmx, a dashboard and the audit log.

Pages call the same room functions as the API and the CLI. A signed-in browser carries a session cookie
(HttpOnly, SameSite=Lax); every form post carries the session's form token, and a post without it is refused.
"""

from __future__ import annotations

import secrets
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from sqlalchemy import select

from shopscribe import content, review
from shopscribe.catalog import iter_products, product_record
from shopscribe.errors import UserError
from shopscribe.prompts import load_profile
from shopscribe.quality import CHECKS
from shopscribe.quality.publishable import FAMILIES as PUBLISHABLE
from shopscribe.review import Role, Who
from shopscribe.store import Draft, DraftEdit, DraftStatus, Product, session_scope
from shopscribe.web import session as web_session
from shopscribe.web.i18n import LANGS, t
from shopscribe.web.render import dashboard_png, diff, highlighted

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))  # .html: autoescaped
LANG_COOKIE = "shopscribe_lang"
LOGIN_COOKIE = "shopscribe_login"  # the login form's token, before there is a session
# Every check's name, the two the gate adds to its flags, and the publishability families (its flags' names).
FLAG_CHECKS = sorted({*CHECKS, "format", "length", *PUBLISHABLE} - {"fields", "publishable"})


class Denied(Exception):
    """A page the visitor may not see or a post they may not make: answered with a status, never a traceback."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def lang_of(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return asked if asked in LANGS else "zh"


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    lang = lang_of(request)
    response = templates.TemplateResponse(request, name, {
        "lang": lang, "t": lambda key, **v: t(key, lang, **v), "highlight": highlighted, "diff": diff,
        "who": None, "csrf": "", **context}, status_code=status)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=True)
    return response


def signed_in(request: Request) -> tuple[Who, str]:
    found = web_session.lookup(request.cookies.get(web_session.COOKIE))
    if found is None:
        raise Denied(401, "sign in first")
    return found


def posting(request: Request, csrf: str | None, needed: Role) -> Who:
    """The signed-in user for a form post, when the form token matches and the role suffices."""
    who, token = signed_in(request)
    sent = csrf or request.headers.get("x-csrf-token") or ""
    if not secrets.compare_digest(sent, token):
        raise Denied(403, "the form token is missing or wrong: reload the page and try again")
    if not who.role.may(needed):
        raise Denied(403, f"a {who.role.value} cannot do this; it needs the {needed.value} role")
    return who


# ---- sign in -----------------------------------------------------------------------------------------------------


@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = page(request, "login.html", {"csrf": token})
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", max_age=3600)
    return response


@router.post("/login")
def login(request: Request, name: str = Form(...), password: str = Form(...), csrf: str = Form("")) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE) or ""
    if not expected or not secrets.compare_digest(csrf, expected):
        raise Denied(403, "the form token is missing or wrong: reload the page and try again")
    limiter: web_session.LoginLimiter = request.app.state.login_limiter
    lang = lang_of(request)
    wait = limiter.locked(name)
    if wait:
        return page(request, "login.html", {"csrf": expected, "error": t("locked", lang, s=int(wait) + 1)}, 429)
    who = review.check_password(name, password)
    if who is None:
        limiter.failed(name)
        return page(request, "login.html", {"csrf": expected, "error": t("wrong_login", lang)}, 401)
    limiter.succeeded(name)
    token, _ = web_session.start(who.id)
    response = RedirectResponse("/review", status_code=303)
    response.set_cookie(web_session.COOKIE, token, httponly=True, samesite="lax",
                        max_age=int(web_session.LIFETIME.total_seconds()))
    response.delete_cookie(LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")) -> Response:
    posting(request, csrf, Role.viewer)
    web_session.end(request.cookies.get(web_session.COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(web_session.COOKIE)
    return response


# ---- the queue ---------------------------------------------------------------------------------------------------


@router.get("/")
def home() -> Response:
    return RedirectResponse("/review", status_code=303)


@router.get("/review")
def queue(request: Request, kind: str = "", status: str = "draft", flag: str = "", category: str = "") -> HTMLResponse:
    who, csrf = signed_in(request)
    drafts = content.list_drafts(content.DraftQuery(kind=kind or None, status=status or None))
    if flag:
        drafts = [d for d in drafts if any(f["check"] == flag for f in d["flags"])]
    products = {p["sku"]: p for p in iter_products()}
    if category:
        drafts = [d for d in drafts if (products.get(d["sku"]) or {}).get("category") == category]
    by_sku: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in drafts:
        by_sku[d["sku"]].append(d)
    groups = [{"product": products[sku], "drafts": rows} for sku, rows in by_sku.items() if sku in products]
    return _drafts_page(request, who, csrf, groups, {"kind": kind, "status": status, "flag": flag, "category": category},
                        sorted({p["category"] for p in products.values() if p.get("category")}))


@router.get("/products/{sku}")
def product_page(request: Request, sku: str) -> HTMLResponse:
    who, csrf = signed_in(request)
    with session_scope() as s:
        found = s.scalar(select(Product).where(Product.sku == sku))
        product = product_record(found) if found is not None else None
    if product is None:
        raise Denied(404, f"no product {sku}")
    groups = [{"product": product, "drafts": content.list_drafts(content.DraftQuery(sku=sku)),
               "insight": _insight(sku)}]
    return _drafts_page(request, who, csrf, groups, {"kind": "", "status": "", "flag": "", "category": ""}, [],
                        generate_for=sku)


def _drafts_page(request: Request, who: Who, csrf: str, groups: list[dict[str, Any]], filters: dict[str, str],
                 categories: list[str], generate_for: str = "") -> HTMLResponse:
    """The queue's page: products with their drafts side by side, the filters, and what this role may do."""
    ids = [d["id"] for g in groups for d in g["drafts"]]
    return page(request, "queue.html", {
        **_roles(who), "who": who, "csrf": csrf, "groups": groups, "edits": _model_texts(ids), "f": filters,
        "kinds": list(content.KINDS), "statuses": [s.value for s in DraftStatus], "checks": FLAG_CHECKS,
        "categories": categories, "generate_for": generate_for})


@router.post("/review/drafts/{draft_id}/approve")
def approve(request: Request, draft_id: int, csrf: str = Form("")) -> Response:
    who = posting(request, csrf, Role.reviewer)
    policy = review.review_policy(request.app.state.settings.home)
    result = review.approve(review.ApproveRequest(draft_ids=[draft_id], reviewer=who.name, **policy))
    return _after(request, draft_id, result.skipped[0].reason if result.skipped else "")


@router.post("/review/drafts/{draft_id}/reject")
def reject(request: Request, draft_id: int, reason: str = Form(""), csrf: str = Form("")) -> Response:
    who = posting(request, csrf, Role.reviewer)
    try:
        review.reject(review.RejectRequest(draft_id=draft_id, reason=reason, reviewer=who.name))
    except UserError as exc:
        return _after(request, draft_id, str(exc))
    return _after(request, draft_id)


@router.post("/review/drafts/{draft_id}/edit")
def edit(request: Request, draft_id: int, text: str = Form(""), csrf: str = Form("")) -> Response:
    who = posting(request, csrf, Role.editor)
    home = request.app.state.settings.home
    try:
        review.edit(review.EditRequest(draft_id=draft_id, text=text, reviewer=who.name,
                                       voice=load_profile(home / "shop.toml"), home=home))
    except UserError as exc:
        return _after(request, draft_id, str(exc))
    return _after(request, draft_id)


@router.post("/review/drafts/{draft_id}/preview")
def preview(request: Request, draft_id: int, text: str = Form(""), csrf: str = Form("")) -> HTMLResponse:
    """The edit as the gate would judge it, before it is saved (the queue re-checks while the reviewer types)."""
    posting(request, csrf, Role.editor)
    home = request.app.state.settings.home
    with session_scope() as s:
        d = s.get(Draft, draft_id)
        if d is None:
            raise Denied(404, f"no draft with id {draft_id}")
        req = content.CheckRequest(text=text or " ", product=product_record(d.product), kind=d.kind, channel=d.channel,
                                   lang=d.lang, voice=load_profile(home / "shop.toml"), home=home) if text.strip() else None
    if req is None:
        return HTMLResponse("")
    result = content.check(req)
    badge = Markup('<span class="badge {}">{}</span> ').format("ok" if result.passed else "no",
                                                                t("passed" if result.passed else "blocked", lang_of(request)))
    return HTMLResponse(badge + highlighted(req.text, result.flags))


@router.post("/review/drafts/{draft_id}/regenerate")
def regenerate(request: Request, draft_id: int, csrf: str = Form("")) -> Response:
    """Send the product back to generation with the rejection's reason as the reviewer's note."""
    posting(request, csrf, Role.editor)
    [d] = content.list_drafts(content.DraftQuery(id=draft_id))
    reasons = [e.detail.get("reason") for e in review.audit_log(review.AuditQuery(entity="drafts", entity_id=str(draft_id)))
               if e.action == "draft.rejected"]
    req = content.GenerateRequest(kind=d["kind"], skus=[d["sku"]], lang=d["lang"], channel=d["channel"],
                                  note=reasons[0] if reasons else None, fresh=True)
    job = request.app.state.jobs.start(req)
    return _after(request, draft_id, job=job)


@router.post("/products/{sku}/generate")
def generate_for_product(request: Request, sku: str, kind: str = Form("description"), lang: str = Form("auto"),
                         csrf: str = Form("")) -> HTMLResponse:
    """Write (more) drafts of a kind for this product in the background; the answer polls the job's progress."""
    posting(request, csrf, Role.editor)
    job = request.app.state.jobs.start(content.GenerateRequest(kind=kind, skus=[sku], lang=lang, fresh=True))
    text = t("job_running", lang_of(request), done=0, items=1)
    return HTMLResponse(Markup('<span class="job" data-status="running" hx-get="/review/jobs/{}" '
                               'hx-trigger="load, every 1s" hx-swap="outerHTML">{}</span>').format(job, text))


@router.get("/review/jobs/{job_id}")
def job_progress(request: Request, job_id: str) -> HTMLResponse:
    signed_in(request)
    from shopscribe.web.jobs import status

    st = status(job_id)
    lang = lang_of(request)
    done = st.status != "running"
    poll = "" if done else f' hx-get="/review/jobs/{job_id}" hx-trigger="every 1s" hx-swap="outerHTML"'
    text = t("job_done" if done else "job_running", lang, done=st.done, items=st.items)
    return HTMLResponse(Markup('<span class="job" data-status="{}"{}>{}</span>').format(st.status, Markup(poll), text))


@router.post("/review/approve-passed")
def approve_passed(request: Request, csrf: str = Form("")) -> Response:
    who = posting(request, csrf, Role.reviewer)
    policy = review.review_policy(request.app.state.settings.home)
    review.approve(review.ApproveRequest(all_passed=True, reviewer=who.name, **policy))
    return RedirectResponse("/review", status_code=303)


@router.post("/review/approve-selected")
def approve_selected(request: Request, ids: str = Form(""), csrf: str = Form("")) -> Response:
    who = posting(request, csrf, Role.reviewer)
    chosen = [int(i) for i in ids.split(",") if i.strip().isdigit()]
    if chosen:
        policy = review.review_policy(request.app.state.settings.home)
        review.approve(review.ApproveRequest(draft_ids=chosen, reviewer=who.name, **policy))
    return RedirectResponse("/review", status_code=303)


# ---- dashboard and audit -----------------------------------------------------------------------------------------


def _counts() -> tuple[dict[str, int], dict[str, int], float | None]:
    drafts = content.list_drafts()
    by_status = Counter(d["status"] for d in drafts)
    by_check = Counter(f["check"] for d in drafts for f in d["flags"] if f["severity"] == "block")
    good = by_status["approved"] + by_status["published"]
    reviewed = good + by_status["rejected"]
    ordered = {s.value: by_status.get(s.value, 0) for s in DraftStatus}
    return ordered, dict(sorted(by_check.items(), key=lambda kv: (-kv[1], kv[0]))), (good / reviewed if reviewed else None)


@router.get("/dashboard")
def dashboard(request: Request) -> HTMLResponse:
    who, csrf = signed_in(request)
    by_status, by_check, rate = _counts()
    return page(request, "dashboard.html", {"who": who, "csrf": csrf, "by_status": by_status, "by_check": by_check,
                                            "rate": rate})


@router.get("/dashboard/plot.png")
def dashboard_plot(request: Request) -> Response:
    signed_in(request)
    by_status, by_check, _ = _counts()
    lang = lang_of(request)
    png = dashboard_png(by_status, by_check, (t("drafts_by_status", lang), t("flags_by_check", lang)))
    return Response(png, media_type="image/png")


@router.get("/audit")
def audit(request: Request) -> HTMLResponse:
    who, csrf = signed_in(request)
    return page(request, "audit.html", {"who": who, "csrf": csrf,
                                        "entries": review.audit_log(review.AuditQuery(limit=500))})


# ---- helpers -----------------------------------------------------------------------------------------------------


def _insight(sku: str) -> dict[str, Any] | None:
    """What the product's reviews say (after `insights run`), for the product page; None before."""
    from shopscribe.insights.service import show

    try:
        return show(sku)
    except UserError:
        return None


def _roles(who: Who) -> dict[str, bool]:
    return {"can_review": who.role.may(Role.reviewer), "can_edit": who.role.may(Role.editor)}


def _model_texts(ids: list[int]) -> dict[int, str]:
    """Draft id → the model's own text, for drafts a reviewer edited."""
    if not ids:
        return {}
    with session_scope() as s:
        rows = s.execute(select(DraftEdit.draft_id, DraftEdit.before).where(DraftEdit.draft_id.in_(ids))
                         .order_by(DraftEdit.id)).all()
    first: dict[int, str] = {}
    for draft_id, before in rows:
        first.setdefault(draft_id, before)
    return first


def _after(request: Request, draft_id: int, message: str = "", job: str = "") -> Response:
    """htmx gets the draft's card again; a plain form post goes back to the queue."""
    if request.headers.get("hx-request") != "true":
        return RedirectResponse("/review", status_code=303)
    who, csrf = signed_in(request)
    [d] = content.list_drafts(content.DraftQuery(id=draft_id))
    return page(request, "_draft.html", {**_roles(who), "who": who, "csrf": csrf, "d": d, "message": message,
                                         "job": job, "edits": _model_texts([draft_id])})
