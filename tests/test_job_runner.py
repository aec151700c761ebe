"""The job runner's three steps (plan → run one item → finish) under another executor, as a cluster runner would
drive them, and in a caller's session. A real HTTP server on 127.0.0.1 plays the model."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from sqlalchemy import func, select

from llm_servers import FaultInjectingServer, Reply
from shop import COPY, add_tees, generator
from shopscribe.content import JobSpec, Writer, finish_job, plan_job, run_item, run_job
from shopscribe.store import Draft, GenerationJob, JobItem, session_scope

T = TypeVar("T")
R = TypeVar("R")


class InOrderExecutor:
    """One item after another in this thread, recording the order: an executor that is not threads."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def map_unordered(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        for item in items:
            self.seen.append(item.sku)  # type: ignore[attr-defined]
            yield fn(item)


def test_run_job_uses_the_executor_it_is_given(home):
    skus = add_tees(3)
    executor = InOrderExecutor()
    with FaultInjectingServer([], then=Reply(texts=[COPY])) as server:
        result = run_job(JobSpec(kind="description", lang="zh", max_attempts=1), Writer(generator(server)),
                         executor=executor)
    assert executor.seen == skus
    assert [d["sku"] for d in result.drafts] == skus and result.failed == []


def test_the_three_steps_resume_a_job_a_worker_left_half_done(home):
    skus = add_tees(4)
    spec = JobSpec(kind="description", lang="zh", max_attempts=1)
    with FaultInjectingServer([], then=Reply(texts=[COPY])) as server:
        writer = Writer(generator(server))
        plan = plan_job(spec, writer.generator.model)
        assert [it.sku for it in plan.todo] == skus and plan.resumed == 0
        # A worker writes two items and dies before finishing the job.
        for item in plan.todo[:2]:
            assert run_item(plan, item, writer).error is None
        again = plan_job(spec, writer.generator.model)
        assert again.job_id == plan.job_id and again.resumed == 2
        assert [it.sku for it in again.todo] == skus[2:]
        outcomes = [run_item(again, item, writer) for item in again.todo]
        result = finish_job(again, outcomes)
    assert sorted(d["sku"] for d in result.drafts) == skus and result.resumed == 2
    with session_scope() as s:
        assert s.scalar(select(func.count()).select_from(Draft)) == 4
        assert s.get(GenerationJob, plan.job_id).status == "done"


def test_a_job_runs_in_the_callers_session(home):
    skus = add_tees(2)
    with FaultInjectingServer([], then=Reply(texts=[COPY])) as server, session_scope() as s:
        result = run_job(JobSpec(kind="description", lang="zh", max_attempts=1), Writer(generator(server)),
                         session=s)
        assert s.get(GenerationJob, result.job_id).status == "done"
    assert [d["sku"] for d in result.drafts] == skus
    with session_scope() as s:
        states = s.scalars(select(JobItem.state)).all()
    assert states == ["done", "done"]


def test_an_unknown_sku_is_reported_and_the_rest_are_written(home):
    add_tees(1)
    with FaultInjectingServer([], then=Reply(texts=[COPY])) as server:
        result = run_job(JobSpec(kind="description", lang="zh", skus=["TEE-0", "NOPE"], max_attempts=1),
                         Writer(generator(server)))
    assert result.failed == [{"sku": "NOPE", "reason": "unknown SKU: import it first (shopscribe import products)"}]
    assert [d["sku"] for d in result.drafts] == ["TEE-0"]


def test_a_segment_variant_carries_the_segment_profile_as_data_and_is_its_own_job(home):
    from shopscribe import content
    from shopscribe.config import get_settings
    from shopscribe.prompts import Audience

    add_tees(1)
    bargain = Audience(name="bargain-hunters", label={"zh": "精打细算的顾客"}, traits={"zh": ["比较价格", "在意性价比"]})
    with FaultInjectingServer([], then=Reply(texts=[COPY])) as server:
        gen = generator(server)
        generic = content.generate(content.GenerateRequest(kind="description", skus=["TEE-0"], lang="zh",
                                                           max_attempts=1), get_settings(), generator=gen)
        variant = content.generate(content.GenerateRequest(kind="description", skus=["TEE-0"], lang="zh",
                                                           max_attempts=1, audience=bargain), get_settings(),
                                   generator=gen)
    assert variant.job != generic.job
    assert [d["segment"] for d in generic.drafts] == [None] and [d["segment"] for d in variant.drafts] == ["bargain-hunters"]
    first, second = (r["body"]["messages"] for r in server.requests)
    assert "写给：" not in first[-1]["content"] and "这类顾客" not in first[0]["content"]
    assert "写给：精打细算的顾客，在意：比较价格、在意性价比" in second[-1]["content"].splitlines()
    assert "这一版写给下面描述的这类顾客" in second[0]["content"]
