"""The review workspace's pages over HTTP on a real server: sign-in, form tokens, the login brake, roles, escaping,
flags at their spans, the live re-check, the dashboard plot and /metrics."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from shopscribe.config import get_settings
from shopscribe.review import CreateUserRequest, create_user
from shopscribe.store import Draft, Product, session_scope
from shopscribe.web import create_app
from shopscribe.web.session import LoginLimiter
from web_server import serving

ARTEFACTS = Path(__file__).resolve().parents[1] / ".tmp" / "test-artefacts"
BLOCKED = {"passed": False, "score": 0.25, "flags": [
    {"check": "compliance", "severity": "block", "start": 0, "end": 2, "text": "最佳", "message": "《广告法》第九条：不得使用“最佳”"}]}
PASSWORD = "correct horse battery"


def add_shop() -> int:
    with session_scope() as s:
        p = Product(sku="TEE-1", title="<script>alert(1)</script> 纯棉T恤", category="服装", price=Decimal("89"),
                    currency="CNY", attributes={"材质": "100%棉", "颜色": "白色"})
        s.add(p)
        s.flush()
        d = Draft(product_id=p.id, kind="description", lang="zh", channel="taobao", text="最佳纯棉T恤，白色。",
                  check_report=BLOCKED, model="m")
        s.add(d)
        s.flush()
        return d.id


@pytest.fixture
def site(home) -> Iterator[tuple[str, int, object]]:
    draft_id = add_shop()
    for role in ("viewer", "editor", "reviewer"):
        create_user(CreateUserRequest(name=role, role=role, password=PASSWORD))
    app = create_app(get_settings())
    app.state.login_limiter = LoginLimiter(attempts=3, window_s=60, lock_s=1.0)
    with serving(app) as root:
        yield root, draft_id, app


def form_token(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def signed_in(root: str, name: str) -> tuple[httpx.Client, str]:
    c = httpx.Client(base_url=root)
    token = form_token(c.get("/login").text)
    r = c.post("/login", data={"name": name, "password": PASSWORD, "csrf": token})
    assert r.status_code == 303 and r.headers["location"] == "/review"
    return c, form_token(c.get("/review").text)


def test_pages_need_a_session_and_the_cookie_is_httponly_and_samesite(site):
    root, _, _ = site
    assert httpx.get(f"{root}/review").headers["location"] == "/login"
    c = httpx.Client(base_url=root)
    token = form_token(c.get("/login").text)
    r = c.post("/login", data={"name": "reviewer", "password": PASSWORD, "csrf": token})
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("shopscribe_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_the_queue_escapes_catalog_text_and_marks_flags_at_their_spans(site):
    root, draft_id, _ = site
    c, _ = signed_in(root, "reviewer")
    html = c.get("/review").text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; 纯棉T恤" in html
    assert ('<mark class="flag block" data-check="compliance" title="compliance: 《广告法》第九条：不得使用“最佳”">最佳</mark>'
            "纯棉T恤，白色。") in html
    assert "审核队列" in html and "Review queue" in c.get("/review?lang=en").text
    assert "Review queue" in c.get("/review").text  # the choice is kept


def test_a_form_post_without_its_token_is_refused(site):
    root, draft_id, _ = site
    c, token = signed_in(root, "reviewer")
    for path in (f"/review/drafts/{draft_id}/approve", f"/review/drafts/{draft_id}/edit", "/logout"):
        r = c.post(path, data={"text": "x"})
        assert r.status_code == 403 and "form token is missing or wrong" in r.text, path
        assert c.post(path, data={"text": "x", "csrf": "forged"}).status_code == 403
    login = httpx.post(f"{root}/login", data={"name": "reviewer", "password": PASSWORD})
    assert login.status_code == 403


def test_roles_decide_what_the_queue_offers_and_accepts(site):
    root, draft_id, _ = site
    viewer, token = signed_in(root, "viewer")
    html = viewer.get("/review").text
    assert '<button class="approve">' not in html and '<textarea name="text"' not in html and "只读账号" in html
    r = viewer.post(f"/review/drafts/{draft_id}/approve", data={"csrf": token})
    assert r.status_code == 403 and "a viewer cannot do this; it needs the reviewer role" in r.text
    editor, token = signed_in(root, "editor")
    page = editor.get("/review").text
    assert '<textarea name="text"' in page and '<button class="approve">' not in page
    assert editor.post(f"/review/drafts/{draft_id}/reject", data={"csrf": token, "reason": "x"}).status_code == 403


def test_edit_with_live_recheck_then_approve_through_htmx(site):
    root, draft_id, _ = site
    c, token = signed_in(root, "reviewer")
    hx = {"HX-Request": "true"}
    preview = c.post(f"/review/drafts/{draft_id}/preview", data={"csrf": token, "text": "全网最低价的T恤"}, headers=hx)
    assert preview.status_code == 200 and '<mark class="flag block" data-check="compliance"' in preview.text
    assert preview.text.startswith('<span class="badge no">未通过</span> ')
    card = c.post(f"/review/drafts/{draft_id}/edit", data={"csrf": token, "text": "纯棉T恤，白色，柔软透气。"}, headers=hx)
    assert card.status_code == 200 and 'class="badge ok"' in card.text
    assert "<del>最佳</del>" in card.text  # the edit against the model's text
    card = c.post(f"/review/drafts/{draft_id}/approve", data={"csrf": token}, headers=hx)
    assert '<span class="status">approved</span>' in card.text
    audit = c.get("/audit").text
    assert "draft.approved" in audit and "draft.edited" in audit


def test_a_burst_of_wrong_passwords_locks_the_name_then_it_recovers(site):
    root, _, _ = site
    c = httpx.Client(base_url=root)
    token = form_token(c.get("/login").text)
    for _ in range(3):
        r = c.post("/login", data={"name": "reviewer", "password": "wrong", "csrf": token})
        assert r.status_code == 401 and "用户名或密码不对" in r.text
    locked = c.post("/login", data={"name": "reviewer", "password": PASSWORD, "csrf": token})
    assert locked.status_code == 429 and "尝试次数过多" in locked.text
    time.sleep(1.1)
    assert c.post("/login", data={"name": "reviewer", "password": PASSWORD, "csrf": token}).status_code == 303


def test_a_session_does_not_survive_logout(site):
    root, _, _ = site
    c, token = signed_in(root, "reviewer")
    cookie = c.cookies["shopscribe_session"]
    assert c.post("/logout", data={"csrf": token}).status_code == 303
    stale = httpx.get(f"{root}/review", cookies={"shopscribe_session": cookie})
    assert stale.status_code == 303 and stale.headers["location"] == "/login"


def test_dashboard_plot_and_metrics(site):
    root, draft_id, _ = site
    c, token = signed_in(root, "reviewer")
    c.post(f"/review/drafts/{draft_id}/reject", data={"csrf": token, "reason": "极限词"})
    assert "0%" in c.get("/dashboard").text
    png = c.get("/dashboard/plot.png")
    assert png.headers["content-type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / "dashboard.png").write_bytes(png.content)
    metrics = httpx.get(f"{root}/metrics").text
    assert 'shopscribe_drafts{status="rejected"} 1.0' in metrics
    assert 'shopscribe_blocking_flags{check="compliance"} 1.0' in metrics
    assert 'shopscribe_http_request_seconds_count{method="GET",route="/dashboard",status="200"} 1.0' in metrics


def test_access_logs_are_json_lines_with_the_route_never_the_url(site, caplog):
    import json
    import logging

    from shopscribe.web.metrics import JsonLines

    root, _, _ = site
    with caplog.at_level(logging.INFO, logger="shopscribe.web.access"):
        httpx.get(f"{root}/api/v1/recommendations/similar/SECRET-SKU", params={"user": "shopper-0057"})
    [record] = [r for r in caplog.records if r.name == "shopscribe.web.access"]
    line = json.loads(JsonLines().format(record))
    assert (line["logger"], line["message"], line["method"], line["route"]) == (
        "shopscribe.web.access", "request", "GET", "/api/v1/recommendations/similar/{sku}")
    assert line["status"] == 400 and isinstance(line["ms"], float)
    assert "SECRET-SKU" not in json.dumps(line) and "shopper-0057" not in json.dumps(line)
