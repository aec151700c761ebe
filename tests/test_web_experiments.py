"""Experiments in the workspace on a real server: the API (who may create, read, promote and stop; an unknown
experiment is a 404) and the pages (the list, the report with its plot, promote and stop by form, in both
languages)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from shopscribe.config import get_settings
from shopscribe.review import CreateUserRequest, create_user
from shopscribe.web import create_app
from test_experiments import add_events, shop
from web_server import serving

ROLES = ("viewer", "editor", "reviewer", "admin")
PASSWORD = "correct horse battery"


@pytest.fixture
def site(home) -> Iterator[tuple[str, dict[str, dict[str, str]], tuple[int, int]]]:
    a, b, _ = shop()
    headers = {}
    for r in ROLES:
        made = create_user(CreateUserRequest(name=r, role=r, password=PASSWORD))
        headers[r] = {"Authorization": f"Bearer {made.token}"}
    with serving(create_app(get_settings())) as root:
        yield root, headers, (a, b)


def test_the_api_creates_reads_promotes_and_stops_by_role(site):
    root, headers, (a, b) = site
    api = f"{root}/api/v1"
    body = {"sku": "TEE-1", "kind": "description", "drafts": [a, b], "policy": "fixed", "goal": "purchase"}
    assert httpx.post(f"{api}/experiments", json=body, headers=headers["viewer"]).status_code == 403
    made = httpx.post(f"{api}/experiments", json=body, headers=headers["editor"])
    assert made.status_code == 201
    exp = made.json()["id"]
    listed = httpx.get(f"{api}/experiments", headers=headers["viewer"]).json()
    assert [(e["id"], e["sku"], e["status"], e["drafts"]) for e in listed] == [(exp, "TEE-1", "running", [a, b])]
    report = httpx.get(f"{api}/experiments/{exp}/report", headers=headers["viewer"]).json()
    assert (report["status"], report["winner"], [v["variant"] for v in report["variants"]]) == ("running", None, [a, b])

    assert httpx.post(f"{api}/experiments/{exp}/promote", json={"draft": b}, headers=headers["editor"]).status_code == 403
    promoted = httpx.post(f"{api}/experiments/{exp}/promote", json={"draft": b}, headers=headers["reviewer"])
    assert promoted.status_code == 200
    assert {k: promoted.json()[k] for k in ("status", "winner", "decided_by")} == (
        {"status": "ended", "winner": b, "decided_by": "api:reviewer"})
    again = httpx.post(f"{api}/experiments/{exp}/stop", headers=headers["reviewer"])
    assert (again.status_code, again.json()) == (400, {"error": f"experiment {exp} has already ended", "code": 400})
    for method, path in (("GET", "/experiments/99/report"), ("POST", "/experiments/99/stop")):
        r = httpx.request(method, api + path, headers=headers["admin"])
        assert (r.status_code, r.json()) == (404, {"error": "no experiment 99", "code": 404})


def _signed_in(root: str, name: str) -> tuple[httpx.Client, str]:
    c = httpx.Client(base_url=root)
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text).group(1)
    assert c.post("/login", data={"name": name, "password": PASSWORD, "csrf": token}).status_code == 303
    return c, re.search(r'name="csrf" value="([^"]+)"', c.get("/experiments").text).group(1)


def test_the_report_page_reads_the_numbers_and_a_reviewer_promotes_by_form(site):
    root, headers, (a, b) = site
    from shopscribe.experiments import CreateRequest, create

    exp = create(CreateRequest(sku="TEE-1", kind="description", drafts=[a, b], policy="fixed"))
    add_events(a, 200, 10, "a")
    add_events(b, 200, 30, "b", day=1)
    viewer, _ = _signed_in(root, "viewer")
    listing = viewer.get("/experiments?lang=en").text
    assert f'<a href="/experiments/{exp}">{exp}</a>' in listing and "Experiments" in listing
    page = viewer.get(f"/experiments/{exp}?lang=zh").text
    assert f"实验 {exp}：TEE-1 description" in page and "胜过对照的概率" in page
    assert f'<tr data-draft="{a}">' in page and "5.00%" in page and "15.00%" in page
    assert 'class="promote"' not in page and 'id="stop"' not in page  # a viewer reads, never decides
    assert "暂无（每个版本需要" in page
    png = viewer.get(f"/experiments/{exp}/plot.png?lang=en")
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert viewer.post(f"/experiments/{exp}/promote", data={"draft": b, "csrf": "x"}).status_code == 403

    reviewer, csrf = _signed_in(root, "reviewer")
    assert 'class="promote"' in reviewer.get(f"/experiments/{exp}").text
    r = reviewer.post(f"/experiments/{exp}/promote", data={"draft": b, "csrf": csrf})
    assert (r.status_code, r.headers["location"]) == (303, f"/experiments/{exp}")
    page = reviewer.get(f"/experiments/{exp}?lang=en").text
    assert '<strong id="status">ended</strong>' in page and "Ended, decided by reviewer" in page
    assert f'<tr data-draft="{b}" class="winner"' in page
    assert (f"Draft {b} is now the preferred few-shot example and a strong positive example for the critic for "
            "description copy in zh") in page
    r = reviewer.post(f"/experiments/{exp}/promote", data={"draft": 12345, "csrf": csrf})
    assert "is not a variant of experiment" in reviewer.get(r.headers["location"]).text
    assert reviewer.get("/experiments/99").status_code == 404
