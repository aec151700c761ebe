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
    report,
)

__all__ = ["BadVariant", "CreateRequest", "EventIn", "Report", "UnknownExperiment", "Variant", "allocate", "create",
           "daily", "record_event", "report"]
