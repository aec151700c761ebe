"""Content: kinds and the generation pipeline (product → prompt → candidates → checks → ranked drafts)."""

from shopscribe.content.drafts import draft_record, export_drafts, list_drafts
from shopscribe.content.jobs import ExampleFinder, JobResult, JobSpec, job_id_for, run_job
from shopscribe.content.kinds import KINDS, Kind, get_kind, text_width
from shopscribe.content.pipeline import Candidate, Written, prompt_for, safe_product, write

__all__ = ["KINDS", "Candidate", "ExampleFinder", "JobResult", "JobSpec", "Kind", "Written", "draft_record", "export_drafts", "get_kind", "list_drafts",
           "job_id_for", "prompt_for", "run_job", "safe_product", "text_width", "write"]
