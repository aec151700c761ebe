"""Experiments: variants of approved copy, allocation (fixed split or Thompson sampling), events tied to the
variant, and the statistics that say which copy converts."""

from shopscribe.experiments.service import (
    BadVariant,
    CreateRequest,
    EventIn,
    Report,
    UnknownExperiment,
    Variant,
    allocate,
    create,
    daily,
    record_event,
    Summary,
    list_experiments,
    report,
)
from shopscribe.experiments.promotion import Decision, PromoteRequest, conclude, promote, stop

__all__ = ["BadVariant", "CreateRequest", "Decision", "EventIn", "PromoteRequest", "Report", "UnknownExperiment",
           "Variant", "allocate", "conclude", "create", "daily", "list_experiments", "promote", "record_event", "report", "stop", "Summary"]
