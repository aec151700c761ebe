"""Experiments in the workspace: the API a shop's scripts call (list, create, report, promote, stop) and the pages
a person reads (the list, and one experiment's report with its plot and the buttons to promote or stop).

Reading a report, on a page or through the API, applies the stopping rule first (experiments.conclude), exactly as
`shopscribe experiments report` does. Creating needs the editor role; promoting and stopping, the reviewer role.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from shopscribe import experiments
from shopscribe.errors import UserError
from shopscribe.review import Role
from shopscribe.store import Draft, session_scope
from shopscribe.web.api import Editor, Reviewer, Viewer
from shopscribe.web.i18n import t
from shopscribe.web.pages import Denied, lang_of, page, posting, signed_in
from shopscribe.web.render import experiment_png

api = APIRouter(tags=["experiments"])
pages = APIRouter(include_in_schema=False)


class CreateBody(BaseModel):
    sku: str
    kind: str
    drafts: list[int] = Field(min_length=2)
    policy: Literal["fixed", "thompson"] = "thompson"
    goal: Literal["click", "cart", "purchase"] = "purchase"


class PromoteBody(BaseModel):
    draft: int | None = None


def _read(request: Request, experiment_id: int) -> experiments.Report:
    experiments.conclude(experiment_id, request.app.state.settings)
    return experiments.report(experiment_id)


def _api(call):  # an unknown experiment is a 404 to an API client, like the storefront's routes
    try:
        return call()
    except experiments.UnknownExperiment as exc:
        raise HTTPException(404, str(exc)) from None


# ---- the API -----------------------------------------------------------------------------------------------------


@api.get("/experiments", response_model=list[experiments.Summary])
def list_all(_who: Viewer, sku: str | None = None) -> list[experiments.Summary]:
    return experiments.list_experiments(sku)


@api.post("/experiments", status_code=201)
def create(who: Editor, body: CreateBody) -> dict[str, int]:
    return {"id": experiments.create(experiments.CreateRequest(**body.model_dump(), actor=f"api:{who.name}"))}


@api.get("/experiments/{experiment_id}/report", response_model=experiments.Report)
def report(request: Request, _who: Viewer, experiment_id: int) -> experiments.Report:
    return _api(lambda: _read(request, experiment_id))


@api.post("/experiments/{experiment_id}/promote", response_model=experiments.Decision)
def promote(request: Request, who: Reviewer, experiment_id: int, body: PromoteBody) -> experiments.Decision:
    req = experiments.PromoteRequest(experiment_id=experiment_id, draft=body.draft, actor=f"api:{who.name}")
    return _api(lambda: experiments.promote(req, request.app.state.settings))


@api.post("/experiments/{experiment_id}/stop", response_model=experiments.Decision)
def stop(who: Reviewer, experiment_id: int) -> experiments.Decision:
    return _api(lambda: experiments.stop(experiment_id, f"api:{who.name}"))


# ---- the pages ---------------------------------------------------------------------------------------------------


@pages.get("/experiments")
def list_page(request: Request) -> HTMLResponse:
    who, csrf = signed_in(request)
    return page(request, "experiments.html", {"who": who, "csrf": csrf, "rows": experiments.list_experiments()})


@pages.get("/experiments/{experiment_id}")
def report_page(request: Request, experiment_id: int, message: str = "") -> HTMLResponse:
    who, csrf = signed_in(request)
    try:
        r = _read(request, experiment_id)
    except experiments.UnknownExperiment as exc:
        raise Denied(404, str(exc)) from None
    with session_scope() as s:
        drafts = {v.variant: s.get(Draft, v.variant) for v in r.variants}
        texts = {i: d.text for i, d in drafts.items()}
        texts_lang = drafts[r.variants[0].variant].lang
    return page(request, "experiment.html", {"who": who, "csrf": csrf, "r": r, "texts": texts, "message": message,
                                             "texts_lang": texts_lang, "can_decide": who.role.may(Role.reviewer)})


@pages.get("/experiments/{experiment_id}/plot.png")
def plot(request: Request, experiment_id: int) -> Response:
    signed_in(request)
    lang = lang_of(request)
    try:
        r = experiments.report(experiment_id)
        days, rate, share = experiments.daily(experiment_id)
    except experiments.UnknownExperiment as exc:
        raise Denied(404, str(exc)) from None
    png = experiment_png(days, rate, share, t("experiment_title", lang, id=r.id, sku=r.sku, kind=r.kind),
                         (t("conversion", lang), t("impression_share", lang), t("draft_n", lang)))
    return Response(png, media_type="image/png")


@pages.post("/experiments/{experiment_id}/promote")
def promote_form(request: Request, experiment_id: int, draft: int = Form(...), csrf: str = Form("")) -> Response:
    who = posting(request, csrf, Role.reviewer)
    return _decide(lambda: experiments.promote(experiments.PromoteRequest(
        experiment_id=experiment_id, draft=draft, actor=who.name), request.app.state.settings), experiment_id)


@pages.post("/experiments/{experiment_id}/stop")
def stop_form(request: Request, experiment_id: int, csrf: str = Form("")) -> Response:
    who = posting(request, csrf, Role.reviewer)
    return _decide(lambda: experiments.stop(experiment_id, who.name), experiment_id)


def _decide(call, experiment_id: int) -> Response:
    try:
        call()
    except experiments.UnknownExperiment as exc:
        raise Denied(404, str(exc)) from None
    except UserError as exc:
        from urllib.parse import quote

        return RedirectResponse(f"/experiments/{experiment_id}?message={quote(str(exc))}", status_code=303)
    return RedirectResponse(f"/experiments/{experiment_id}", status_code=303)
