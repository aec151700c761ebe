"""Generation started from the workspace: in the background, with progress in the store, resumed after a restart,
and "send back with the reason" from the queue. A real HTTP server on 127.0.0.1 plays the model."""

from __future__ import annotations

import re
import time

import httpx
from sqlalchemy import func, select

from llm_servers import FaultInjectingServer, Reply
from shop import COPY, add_tees
from shop import model_settings as scripted
from shopscribe.config import Settings
from shopscribe.review import CreateUserRequest, create_user
from shopscribe.store import Draft, GenerationJob, Product, session_scope
from shopscribe.web import create_app
from web_server import serving

def model_settings(server: FaultInjectingServer) -> Settings:
    return scripted(server, concurrency=1)


def wait_done(base: str, job: str, headers: dict[str, str], timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        st = httpx.get(f"{base}/jobs/{job}", headers=headers).json()
        if st["status"] != "running":
            return st
        time.sleep(0.1)
    raise AssertionError(f"job {job} still running: {st}")


def bearer(role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_user(CreateUserRequest(name=role, role=role)).token}"}


def test_a_job_started_over_the_api_runs_in_the_background(home):
    skus = add_tees(2)
    editor, viewer = bearer("editor"), bearer("viewer")
    with FaultInjectingServer([], then=Reply(texts=[COPY])) as model, serving(create_app(model_settings(model))) as root:
        base = f"{root}/api/v1"
        body = {"kind": "description", "skus": skus, "lang": "zh", "max_attempts": 1}
        assert httpx.post(f"{base}/jobs", json=body, headers=viewer).status_code == 403
        started = httpx.post(f"{base}/jobs", json=body, headers=editor)
        assert started.status_code == 202
        st = wait_done(base, started.json()["job"], viewer)
        assert (st["status"], st["items"], st["done"], st["failed"], st["drafts"]) == ("done", 2, 2, 0, 2)
        bad = httpx.post(f"{base}/jobs", json={"kind": "poem", "all_products": True}, headers=editor)
        assert bad.status_code == 400 and bad.json()["error"].startswith("unknown kind 'poem'")


def test_a_job_the_server_stopped_under_resumes_when_it_starts_again(home):
    skus = add_tees(3)
    editor = bearer("editor")
    slow = Reply(texts=[COPY], delay_s=1.5)
    with FaultInjectingServer([Reply(texts=[COPY])], then=slow) as model:
        app = create_app(model_settings(model))
        with serving(app) as root:
            job = httpx.post(f"{root}/api/v1/jobs", json={"kind": "description", "skus": skus, "lang": "zh",
                                                          "max_attempts": 1}, headers=editor).json()["job"]
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                with session_scope() as s:
                    if s.scalar(select(func.count()).select_from(Draft)) >= 1:
                        break
                time.sleep(0.05)
        # The server stopped with the job half done.
        with session_scope() as s:
            assert s.get(GenerationJob, job).status == "running"
            assert s.scalar(select(func.count()).select_from(Draft)) < 3
        with serving(create_app(model_settings(model))) as root:
            st = wait_done(f"{root}/api/v1", job, editor)
    assert (st["status"], st["done"], st["drafts"]) == ("done", 3, 3)
    with session_scope() as s:
        per_product = s.execute(select(Draft.product_id, func.count()).group_by(Draft.product_id)).all()
    assert sorted(n for _, n in per_product) == [1, 1, 1]  # exactly one draft set per product


def test_regenerate_sends_the_product_back_with_the_rejection_reason(home):
    add_tees(1)
    create_user(CreateUserRequest(name="lin", role="reviewer", password="correct horse battery"))
    with session_scope() as s:
        p = s.scalars(select(Product)).one()
        d = Draft(product_id=p.id, kind="description", lang="zh", channel="taobao", text="最佳T恤。",
                  check_report={"passed": False, "score": 0.25, "flags": []}, model="m")
        s.add(d)
        s.flush()
        draft_id = d.id
    with FaultInjectingServer([], then=Reply(texts=[COPY])) as model, serving(create_app(model_settings(model))) as root:
        c = httpx.Client(base_url=root)
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text).group(1)
        c.post("/login", data={"name": "lin", "password": "correct horse battery", "csrf": token})
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/review").text).group(1)
        hx = {"HX-Request": "true"}
        c.post(f"/review/drafts/{draft_id}/reject", data={"csrf": token, "reason": "不要用极限词，写清面料"}, headers=hx)
        card = c.post(f"/review/drafts/{draft_id}/regenerate", data={"csrf": token}, headers=hx).text
        job = re.search(r'hx-get="/review/jobs/([^"]+)"', card).group(1)
        deadline = time.monotonic() + 30
        while 'data-status="running"' in c.get(f"/review/jobs/{job}").text and time.monotonic() < deadline:
            time.sleep(0.1)
        assert 'data-status="done"' in c.get(f"/review/jobs/{job}").text
        sent = model.requests[-1]["body"]["messages"][0]["content"]
    assert "上一版被审核退回，审核意见：不要用极限词，写清面料。这一版照此改进。" in sent
    with session_scope() as s:
        assert s.scalars(select(Draft.text).order_by(Draft.id)).all() == ["最佳T恤。", COPY]


def test_the_product_page_starts_a_job_and_shows_its_progress(home):
    add_tees(1)
    create_user(CreateUserRequest(name="mei", role="editor", password="correct horse battery"))
    with FaultInjectingServer([], then=Reply(texts=[COPY])) as model, serving(create_app(model_settings(model))) as root:
        c = httpx.Client(base_url=root)
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text).group(1)
        c.post("/login", data={"name": "mei", "password": "correct horse battery", "csrf": token})
        page = c.get("/products/TEE-0").text
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        assert 'class="generate"' in page
        answer = c.post("/products/TEE-0/generate", data={"csrf": token, "kind": "title", "lang": "zh"},
                        headers={"HX-Request": "true"}).text
        job = re.search(r'hx-get="/review/jobs/([^"]+)"', answer).group(1)
        deadline = time.monotonic() + 30
        while 'data-status="running"' in c.get(f"/review/jobs/{job}").text and time.monotonic() < deadline:
            time.sleep(0.1)
        assert c.get(f"/review/jobs/{job}").text.endswith('data-status="done">完成：新草稿在队列里</span>')
    with session_scope() as s:
        assert s.scalars(select(Draft.kind)).all() == ["title"]
