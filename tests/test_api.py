"""The review workspace's API on a real server: every route, who may call it (401 without a token, 403 for the wrong
role), the draft lifecycle through it, and the audit rows it leaves."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import select

from cli import shopscribe
from shopscribe.config import get_settings
from shopscribe.review import CreateUserRequest, check_password, create_user, who_has
from shopscribe.store import ApiToken, Draft, Product, User, session_scope
from shopscribe.web import create_app
from web_server import serving

PASSED = {"passed": True, "score": 1.0, "flags": []}
ROLES = ("viewer", "editor", "reviewer", "admin")


@pytest.fixture
def api(home) -> Iterator[tuple[str, dict[str, dict[str, str]], list[int]]]:
    """The base URL, an Authorization header per role, and the ids of two waiting drafts of one product."""
    with session_scope() as s:
        p = Product(sku="TEE-1", title="<script>alert(1)</script> 纯棉T恤", category="服装", price=Decimal("89"),
                    currency="CNY", attributes={"材质": "100%棉", "颜色": "白色"})
        s.add(p)
        s.flush()
        drafts = [Draft(product_id=p.id, kind="description", lang="zh", channel="taobao", variant=i,
                        text=text, check_report=PASSED, model="m")
                  for i, text in enumerate(["纯棉T恤，白色，柔软透气。", "白色纯棉T恤，日常百搭。"])]
        s.add_all(drafts)
        s.flush()
        ids = [d.id for d in drafts]
    headers = {r: {"Authorization": f"Bearer {create_user(CreateUserRequest(name=r, role=r)).token}"} for r in ROLES}
    with serving(create_app(get_settings())) as root:
        yield f"{root}/api/v1", headers, ids


ROUTES = [
    ("GET", "/me", None, "viewer"),
    ("GET", "/products", None, "viewer"),
    ("GET", "/drafts", None, "viewer"),
    ("GET", "/drafts/{id}", None, "viewer"),
    ("POST", "/check", {"text": "纯棉T恤，白色。", "lang": "zh"}, "viewer"),
    ("GET", "/audit", None, "viewer"),
    ("PUT", "/drafts/{id}/text", {"text": "纯棉T恤，白色，领口不易变形。"}, "editor"),
    ("POST", "/drafts/approve", {"ids": ["{id}"]}, "reviewer"),
    ("POST", "/drafts/{id}/reject", {"reason": "太短"}, "reviewer"),
]


def call(base: str, method: str, path: str, body, draft_id: int, headers=None) -> httpx.Response:
    path = path.replace("{id}", str(draft_id))
    if body is not None:
        body = json.loads(json.dumps(body).replace('"{id}"', str(draft_id)))
    return httpx.request(method, base + path, json=body, headers=headers or {})


@pytest.mark.parametrize("method, path, body, needed", ROUTES)
def test_every_route_needs_a_token_and_the_right_role(api, method, path, body, needed):
    base, headers, ids = api
    anonymous = call(base, method, path, body, ids[0])
    assert anonymous.status_code == 401 and anonymous.json()["code"] == 401
    assert anonymous.headers["www-authenticate"] == "Bearer"
    wrong = call(base, method, path, body, ids[0], {"Authorization": "Bearer ss_not-a-token"})
    assert (wrong.status_code, wrong.json()["error"]) == (401, "unknown API token")
    for r in ROLES:
        got = call(base, method, path, body, ids[0], headers[r])
        allowed = ROLES.index(r) >= ROLES.index(needed)
        if allowed:
            assert got.status_code == 200, (r, got.text)
        else:
            assert got.status_code == 403, (r, got.text)
            assert got.json() == {"error": f"a {r} cannot do this; it needs the {needed} role", "code": 403}
        if allowed and method != "GET":
            break  # a write has happened; the next role would meet a changed draft


def test_the_lifecycle_through_the_api_leaves_audit_rows(api):
    base, headers, (first, second) = api
    edited = httpx.put(f"{base}/drafts/{first}/text", json={"text": "全网最低价的纯棉T恤。", "reason": "试试"},
                       headers=headers["editor"]).json()["drafts"][0]
    assert edited["passed"] is False  # the same gate as generation
    skipped = httpx.post(f"{base}/drafts/approve", json={"ids": [first, second]}, headers=headers["reviewer"]).json()
    assert skipped["changed"] == [second] and [s["id"] for s in skipped["skipped"]] == [first]
    listing = httpx.get(f"{base}/drafts", params={"status": "approved"}, headers=headers["viewer"]).json()
    assert (listing["total"], [d["id"] for d in listing["items"]]) == (1, [second])
    assert httpx.post(f"{base}/drafts/{first}/reject", json={"reason": "极限词"}, headers=headers["reviewer"]).status_code == 200
    again = httpx.post(f"{base}/drafts/{second}/reject", json={"reason": "x"}, headers=headers["reviewer"])
    assert again.status_code == 200  # approved → rejected is allowed (sent back)
    log = httpx.get(f"{base}/audit", params={"entity": "drafts"}, headers=headers["viewer"]).json()
    assert [(e["action"], e["actor"], e["entity_id"]) for e in log] == [
        ("draft.rejected", "reviewer", str(second)), ("draft.rejected", "reviewer", str(first)),
        ("draft.approved", "reviewer", str(second)), ("draft.edited", "editor", str(first))]


def test_api_errors_are_json_with_a_code_and_text_stays_text(api):
    base, headers, ids = api
    h = headers["admin"]
    assert httpx.get(f"{base}/drafts/999", headers=h).json() == {"error": "no draft with id 999", "code": 404}
    bad = httpx.get(f"{base}/drafts", params={"status": "live"}, headers=h)
    assert bad.status_code == 400 and bad.json()["error"].startswith("unknown draft status 'live'")
    assert httpx.get(f"{base}/drafts", params={"limit": 0}, headers=h).status_code == 422
    assert httpx.get(f"{base}/nowhere", headers=h).json() == {"error": "Not Found", "code": 404}
    with session_scope() as s:
        d = s.get(Draft, ids[0])
        d.status = "approved"
        d.status = "published"
    conflict = httpx.post(f"{base}/drafts/{ids[0]}/reject", json={"reason": "x"}, headers=h)
    assert conflict.status_code == 409 and conflict.json()["error"].startswith("a published draft cannot become rejected")
    products = httpx.get(f"{base}/products", headers=h).json()["items"]
    assert products[0]["title"] == "<script>alert(1)</script> 纯棉T恤"  # JSON carries it as text
    page = httpx.get(f"{base}/drafts", params={"limit": 1, "offset": 1}, headers=h).json()
    assert (page["total"], page["limit"], page["offset"], [d["id"] for d in page["items"]]) == (2, 1, 1, [ids[1]])
    schema = httpx.get(base.removesuffix("/api/v1") + "/openapi.json").json()
    assert {"/api/v1/drafts", "/api/v1/drafts/approve", "/api/v1/check", "/api/v1/audit"} <= set(schema["paths"])


def test_four_eyes_review_stops_an_editor_approving_their_own_edit(api):
    base, headers, (first, _) = api
    (get_settings().home / "shop.toml").write_text("[review]\nfour_eyes = true\n", encoding="utf-8")
    httpx.put(f"{base}/drafts/{first}/text", json={"text": "纯棉T恤，白色，领口不易变形。"}, headers=headers["admin"])
    own = httpx.post(f"{base}/drafts/approve", json={"ids": [first]}, headers=headers["admin"]).json()
    assert own["changed"] == [] and "four-eyes review needs another reviewer" in own["skipped"][0]["reason"]
    other = httpx.post(f"{base}/drafts/approve", json={"ids": [first]}, headers=headers["reviewer"]).json()
    assert other["changed"] == [first]


# ---- users -------------------------------------------------------------------------------------------------------


def test_tokens_and_passwords_are_stored_only_as_hashes(home):
    made = create_user(CreateUserRequest(name="lin", role="reviewer", password="correct horse"))
    with session_scope() as s:
        user = s.scalars(select(User)).one()
        stored = s.scalars(select(ApiToken.token_hash)).one()
    assert made.token not in stored and len(stored) == 64 and user.password_hash.startswith("$argon2id$")
    assert "correct horse" not in user.password_hash
    assert who_has(made.token).name == "lin" and who_has(made.token + "x") is None
    assert check_password("lin", "correct horse").role == "reviewer"
    assert check_password("lin", "wrong horse") is None and check_password("nobody", "correct horse") is None


def test_users_create_prints_the_token_once_and_refuses_a_bad_role(home):
    ran = shopscribe("users", "create", "mei", "--role", "editor", "--json")
    out = json.loads(ran.stdout)
    assert ran.returncode == 0 and set(out) == {"name", "role", "token"} and out["role"] == "editor"
    assert who_has(out["token"]).name == "mei"
    again = shopscribe("users", "create", "mei", "--role", "editor")
    assert again.returncode == 2 and "user 'mei' exists already" in again.stderr
    bad = shopscribe("users", "create", "li", "--role", "boss")
    assert bad.returncode == 2 and "unknown role 'boss'; choose one of: viewer, editor, reviewer, admin" in bad.stderr


def test_a_catalog_file_uploads_through_the_api(api):
    from conftest import SAMPLE

    base, headers, _ = api
    files = {"file": ("reviews.jsonl", (SAMPLE / "reviews.jsonl").read_bytes(), "application/jsonl")}
    assert httpx.post(f"{base}/import/reviews", files=files, headers=headers["viewer"]).status_code == 403
    files = {"file": ("products.csv", (SAMPLE / "products.csv").read_bytes(), "text/csv")}
    report = httpx.post(f"{base}/import/products", files=files, headers=headers["editor"]).json()
    assert (report["file"], report["inserted"], report["rejected"]) == ("products.csv", 30, [])
    bad = httpx.post(f"{base}/import/orders", files=files, headers=headers["editor"])
    assert bad.status_code == 400 and bad.json()["error"].startswith("unknown import kind 'orders'")
    odd = httpx.post(f"{base}/import/products", files={"file": ("c.pdf", b"%PDF", "application/pdf")},
                     headers=headers["editor"])
    assert odd.status_code == 400 and odd.json()["error"].startswith("c.pdf: unknown file type '.pdf'")


@pytest.mark.parametrize("method, path, needed", [
    ("POST", "/jobs", "editor"), ("GET", "/jobs/job-0000", "viewer"), ("POST", "/import/products", "editor")])
def test_job_and_upload_routes_need_a_token_and_the_right_role_too(api, method, path, needed):
    base, headers, _ = api
    anonymous = httpx.request(method, base + path)
    assert anonymous.status_code == 401 and anonymous.json()["code"] == 401
    if needed != "viewer":
        refused = httpx.request(method, base + path, headers=headers["viewer"], json={"kind": "title"})
        assert refused.status_code == 403
    else:
        unknown = httpx.get(base + path, headers=headers["viewer"])
        assert unknown.status_code == 404 and unknown.json() == {"error": "no generation job job-0000", "code": 404}


def test_an_upload_that_changes_a_fact_lists_the_copy_it_made_stale(api):
    base, headers, ids = api
    with session_scope() as s:
        s.get(Draft, ids[0]).status = "approved"  # "纯棉T恤，白色，柔软透气。"
    csv_text = "sku,title,price,currency,材质,颜色\nTEE-1,纯棉T恤,89,CNY,100%棉,黑色\n".encode()
    files = {"file": ("products.csv", csv_text, "text/csv")}
    report = httpx.post(f"{base}/import/products", files=files, headers=headers["editor"]).json()
    assert report["changed"][0]["changes"][-1] == {"fact": "颜色", "old": "白色", "new": "黑色"}
    assert [(d["id"], d["stale"]) for d in report["stale"]] == [(ids[0], [{"fact": "颜色", "old": "白色", "new": "黑色"}])]
    assert report["jobs"] == []
