"""A learned critic: reviewers' approved vs rejected drafts teach a small naive-Bayes model that reranks candidates.

The seeds' discriminator idea, used to rerank rather than to train a GAN. Features are character
bigrams and words, so it works for Chinese and English without a tokenizer. It only moves a candidate
inside its band (CheckReport.score): rules decide pass/block, the critic decides between passing copy.
"""

from __future__ import annotations

import functools
import json
import math
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from shopscribe.store import DraftStatus

FILE_NAME = "critic.json"
MIN_EACH = 20  # fewer reviewed drafts than this per side teaches noise, not taste
APPROVED = tuple(s for s in DraftStatus if s.reviewed_good)
REJECTED = (DraftStatus.rejected,)
WINNER_WEIGHT = 3  # an experiment's winner is approved by the reviewer and by the shoppers


def features(text: str) -> Counter[str]:
    t = re.sub(r"\s+", " ", text.lower()).strip()
    grams = Counter(t[i:i + 2] for i in range(len(t) - 1) if " " not in t[i:i + 2])
    grams.update("w:" + w for w in re.findall(r"[a-z]{2,}", t))
    return grams


@dataclass
class Critic:
    """Multinomial naive Bayes: log P(feature | approved) − log P(feature | rejected), plus the prior."""

    prior: float
    weights: dict[str, float]
    unseen: float  # the log-ratio of a feature neither side saw (the smoothing difference)
    trained_on: dict[str, int]

    def probability(self, text: str) -> float:
        """P(a reviewer approves this text), 0–1."""
        f = features(text)
        total = sum(f.values()) or 1
        # Per-feature average keeps long texts from saturating at 0 or 1.
        logit = self.prior + sum(n * self.weights.get(g, self.unseen) for g, n in f.items()) / total * 8
        return 1 / (1 + math.exp(-max(min(logit, 30), -30)))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.__dict__, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Critic:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def train(approved: list[str], rejected: list[str], alpha: float = 1.0) -> Critic:
    pos, neg = Counter(), Counter()
    for t in approved:
        pos.update(features(t))
    for t in rejected:
        neg.update(features(t))
    vocab = set(pos) | set(neg)
    pos_total, neg_total = sum(pos.values()) + alpha * (len(vocab) + 1), sum(neg.values()) + alpha * (len(vocab) + 1)
    weights = {g: math.log((pos[g] + alpha) / pos_total) - math.log((neg[g] + alpha) / neg_total) for g in vocab}
    unseen = math.log(alpha / pos_total) - math.log(alpha / neg_total)
    prior = math.log(len(approved) / len(rejected)) if approved and rejected else 0.0
    return Critic(prior, weights, unseen, {"approved": len(approved), "rejected": len(rejected)})


def holdout_accuracy(approved: list[str], rejected: list[str], share: float = 0.2, seed: int = 0) -> float:
    """Accuracy on a held-out share of the reviewed drafts, for a model trained on the rest."""
    rows = [(t, 1) for t in approved] + [(t, 0) for t in rejected]
    random.Random(seed).shuffle(rows)
    cut = max(1, int(len(rows) * share))
    test, fit = rows[:cut], rows[cut:]
    model = train([t for t, y in fit if y], [t for t, y in fit if not y])
    return sum((model.probability(t) >= 0.5) == bool(y) for t, y in test) / len(test)


def critic_path(home: Path) -> Path:
    return Path(home) / FILE_NAME


@functools.lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> Critic:
    return Critic.load(Path(path))


def current(home: Path) -> Critic | None:
    """The shop's trained critic in HOME, if one has been trained (reloaded when the file changes)."""
    path = critic_path(home)
    try:
        return _cached(str(path), path.stat().st_mtime)
    except (FileNotFoundError, ValueError, TypeError):
        return None


def reviewed_drafts(kind: str | None = None, session: Session | None = None) -> tuple[list[str], list[str]]:
    """Texts of drafts reviewers approved (or published) and rejected, from the store; copy that won an experiment
    counts WINNER_WEIGHT times, since shoppers confirmed what the reviewer approved."""
    from sqlalchemy import select

    from shopscribe.store import Draft, Experiment, use_session

    query = select(Draft.id, Draft.text, Draft.status).where(Draft.status.in_(APPROVED + REJECTED))
    if kind:
        query = query.where(Draft.kind == kind)
    with use_session(session) as s:
        rows = s.execute(query).all()
        won = Experiment.winners(s, kind)
    approved = [t for i, t, st in rows if st in APPROVED for _ in range(WINNER_WEIGHT if i in won else 1)]
    return approved, [t for _, t, st in rows if st in REJECTED]


class CriticRequest(BaseModel):
    """Train the shop's critic from its reviewed drafts (of one kind, or all)."""

    home: Path
    kind: str | None = None
    min_each: int = Field(MIN_EACH, ge=2)


class TrainResult(BaseModel):
    trained: bool
    approved: int
    rejected: int
    holdout_accuracy: float | None = None
    path: str | None = None
    reason: str = ""


def train_from_store(req: CriticRequest, session: Session | None = None) -> TrainResult:
    """Train and save the critic from reviewed drafts; refuses (trained=False) while there are too few."""
    approved, rejected = reviewed_drafts(req.kind, session)
    if len(approved) < req.min_each or len(rejected) < req.min_each:
        return TrainResult(trained=False, approved=len(approved), rejected=len(rejected),
                           reason=f"need at least {req.min_each} approved and {req.min_each} rejected drafts; "
                                  f"have {len(approved)} and {len(rejected)}")
    model = train(approved, rejected)
    path = critic_path(req.home)
    model.save(path)
    return TrainResult(trained=True, approved=len(approved), rejected=len(rejected),
                       holdout_accuracy=round(holdout_accuracy(approved, rejected), 3), path=str(path))
