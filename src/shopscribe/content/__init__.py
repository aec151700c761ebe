"""Content: kinds, the generation pipeline (product → prompt → candidates → checks → ranked drafts), the job runner
and the room functions the CLI and API call (generate, check, drafts)."""

from shopscribe.content.checking import CheckRequest, CheckResult, check, gate_context
from shopscribe.content.drafts import DraftQuery, draft_record, export_drafts, list_drafts
from shopscribe.content.generate import GenerateRequest, GenerateResult, Prepared, generate, prepare, result_of
from shopscribe.content.jobs import (
    ExampleFinder,
    Executor,
    ItemOutcome,
    JobPlan,
    JobResult,
    JobSpec,
    ThreadExecutor,
    WorkItem,
    Writer,
    finish_job,
    job_id_for,
    plan_job,
    run_item,
    run_job,
    run_plan,
)
from shopscribe.content.kinds import KINDS, CopyShapeError, Kind, get_kind
from shopscribe.content.stale import StaleDraft, StaleResult, mark_stale, stale_skus, states_old_fact
from shopscribe.content.pipeline import MAX_ATTEMPTS, Candidate, Written, evaluate, prompt_for, safe_product, write

__all__ = [
    "KINDS", "MAX_ATTEMPTS", "Candidate", "CheckRequest", "CheckResult", "CopyShapeError", "DraftQuery", "ExampleFinder", "Executor",
    "GenerateRequest", "GenerateResult", "ItemOutcome", "Prepared", "JobPlan", "JobResult", "JobSpec", "Kind", "ThreadExecutor",
    "WorkItem", "Writer", "Written", "check", "draft_record", "evaluate", "export_drafts", "finish_job", "gate_context",
    "generate", "get_kind", "job_id_for", "list_drafts", "plan_job", "prepare", "prompt_for", "result_of", "run_item",
    "run_job", "run_plan",
    "safe_product", "write", "StaleDraft", "StaleResult", "mark_stale", "stale_skus", "states_old_fact",
]
