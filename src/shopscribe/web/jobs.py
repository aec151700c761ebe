"""Generation jobs started from the workspace: planned in the request (so the caller gets the job id at once),
written in a background thread by the same job runner as the CLI, and resumed when the server starts again.

Progress lives in the store (the job's items), so a page reload or a restart loses nothing.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select

from shopscribe.config import Settings
from shopscribe.content import GenerateRequest, ThreadExecutor, plan_job, prepare, run_plan
from shopscribe.errors import UserError
from shopscribe.llm import Generator, get_generator
from shopscribe.store import Draft, GenerationJob, JobItem, session_scope

log = logging.getLogger("shopscribe.web.jobs")
ORIGIN = "web_request"  # the params key that marks a job the workspace started (and may resume)


class JobStatus(BaseModel):
    job: str
    status: str  # running | done | incomplete
    items: int
    done: int
    failed: int
    drafts: int


class BackgroundJobs:
    def __init__(self, settings: Settings, generator: Generator | None = None) -> None:
        self.settings = settings
        self._generator = generator
        self._lock = threading.Lock()
        self._threads: dict[str, threading.Thread] = {}
        self.cancel = threading.Event()

    def generator(self) -> Generator:
        with self._lock:
            if self._generator is None:
                self._generator = get_generator(self.settings)
            return self._generator

    def start(self, req: GenerateRequest, job_id: str | None = None) -> str:
        """Check and plan the request now (UserError at once when it is wrong); write its items in the background."""
        ready = prepare(req, self.settings, generator=self.generator())
        ready.writer.cancel = self.cancel
        plan = plan_job(ready.spec, ready.writer.generator.model, fresh=req.fresh, job_id=job_id)
        with session_scope() as s:
            job = s.get(GenerationJob, plan.job_id)
            job.params = {**job.params, ORIGIN: req.model_dump(mode="json")}
        with self._lock:
            running = self._threads.get(plan.job_id)
            if running is not None and running.is_alive():
                return plan.job_id  # the same request twice: one runner

            def work() -> None:
                try:
                    run_plan(plan, ready.writer, executor=ThreadExecutor(self.settings.concurrency))
                except Exception:  # the job stays "running" and resumes on the next start
                    log.exception("background job %s stopped", plan.job_id)

            thread = threading.Thread(target=work, name=f"job-{plan.job_id}", daemon=True)
            self._threads[plan.job_id] = thread
            thread.start()
        return plan.job_id

    def resume_all(self) -> list[str]:
        """Restart every job the workspace started that had not finished (the server stopped under it)."""
        with session_scope() as s:
            jobs = [(j.id, j.params[ORIGIN]) for j in s.scalars(select(GenerationJob).where(GenerationJob.status == "running"))
                    if ORIGIN in (j.params or {})]
        resumed = []
        for job_id, request in jobs:
            try:
                resumed.append(self.start(GenerateRequest.model_validate({**request, "fresh": False}), job_id=job_id))
            except UserError as exc:
                log.warning("job %s cannot resume: %s", job_id, exc)
        return resumed

    def wait(self, timeout: float | None = None) -> None:
        for thread in list(self._threads.values()):
            thread.join(timeout)

    def stop(self) -> None:
        self.cancel.set()
        self.wait(timeout=10)


def status(job_id: str) -> JobStatus:
    with session_scope() as s:
        job = s.get(GenerationJob, job_id)
        if job is None:
            raise UserError(f"no generation job {job_id}")
        states: dict[str, Any] = dict(s.execute(select(JobItem.state, func.count()).where(JobItem.job_id == job_id)
                                                .group_by(JobItem.state)).all())
        drafts = s.scalar(select(func.count()).select_from(Draft).where(Draft.job_id == job_id))
        return JobStatus(job=job_id, status=job.status, items=sum(states.values()), done=states.get("done", 0),
                         failed=states.get("failed", 0), drafts=drafts or 0)
