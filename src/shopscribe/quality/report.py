"""What a check finds (Flag) and what all checks found for one text (CheckReport), with ranking and feedback."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("block", "warn")


@dataclass(frozen=True)
class Flag:
    """One finding: which check, how bad, where (character span in the checked text), and why."""

    check: str
    severity: str  # block | warn
    start: int
    end: int
    text: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.check, "severity": self.severity, "start": self.start, "end": self.end,
                "text": self.text, "message": self.message}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Flag:
        return cls(d["check"], d["severity"], int(d["start"]), int(d["end"]), d["text"], d["message"])


def outermost(flags: list[Flag]) -> list[Flag]:
    """One flag per stretch of text: drop a flag overlapping an earlier, longer one at least as severe ("全网最低" is
    one finding, not also "最低"; a tag is one echo, not also the name inside it). On one span the earlier stays."""
    rank = {"block": 0, "warn": 1}
    ordered = sorted(flags, key=lambda f: (f.start, -(f.end - f.start), rank[f.severity]))
    kept: list[Flag] = []
    for f in ordered:
        if any(f.start < k.end and k.start < f.end and rank[k.severity] <= rank[f.severity] for k in kept):
            continue
        kept.append(f)
    return kept


@dataclass
class CheckReport:
    """Every flag raised on one text; passed when none blocks.

    score is in [0, 1]: a passing text scores above 0.5 (less for each warning), a blocked one at most 0.25,
    so sorting by score always puts publishable copy first. `critic` (a learned preference, when one is
    trained) moves a text only inside its band.
    """

    flags: list[Flag] = field(default_factory=list)
    critic: float | None = None

    @property
    def blocks(self) -> list[Flag]:
        return [f for f in self.flags if f.severity == "block"]

    @property
    def warnings(self) -> list[Flag]:
        return [f for f in self.flags if f.severity == "warn"]

    @property
    def passed(self) -> bool:
        return not self.blocks

    @property
    def score(self) -> float:
        warn = 0.9 ** len(self.warnings)
        if self.critic is not None:
            warn = 0.5 * warn + 0.5 * self.critic
        if self.passed:
            return round(0.5 + 0.5 * warn, 4)
        return round(0.25 * warn / len(self.blocks), 4)

    def with_flags(self, extra: Iterable[Flag]) -> CheckReport:
        # Two rules matching the same span say the same thing once.
        return CheckReport(sorted({*self.flags, *extra}, key=_order), self.critic)

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "score": self.score, "flags": [f.to_dict() for f in self.flags]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CheckReport:
        return cls([Flag.from_dict(f) for f in d.get("flags", [])])


def _order(f: Flag) -> tuple[int, int, str]:
    return (f.start, f.end, f.check)


def rank(candidates: Sequence[tuple[str, CheckReport]]) -> list[int]:
    """Indexes of candidates, best first: higher score, then fewer blocks, then the earlier one."""
    return sorted(range(len(candidates)),
                  key=lambda i: (-candidates[i][1].score, len(candidates[i][1].blocks), i))


def feedback_for(report: CheckReport, lang: str) -> str:
    """The rewrite request fed back to the model: each blocking flag, its span and why (instructor-style)."""
    problems = report.blocks or report.warnings
    if lang == "zh":
        lines = ["上面的文案没有通过审核，问题如下："]
        lines += [f"{i}. 「{f.text}」：{f.message}" for i, f in enumerate(problems, 1)]
        lines.append("请改正这些问题后重新输出完整文案：只写商品资料里有的事实，格式与要求相同，不要解释。")
    else:
        lines = ["The copy above failed review:"]
        lines += [f"{i}. \"{f.text}\": {f.message}" for i, f in enumerate(problems, 1)]
        lines.append("Rewrite the whole copy with these fixed: state only facts from the product data, keep the "
                     "same format, and add no explanation.")
    return "\n".join(lines)
