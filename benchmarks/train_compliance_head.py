"""Train the learned compliance stage: logistic-regression heads over multilingual-e5-small sentence vectors.

Training rows: the tuned compliance set (benchmarks/data/quality/compliance.jsonl), the fact set's texts as clean
copy where no rule blocks them, the first-sight batches fs1 and fs2 (fs2 stopped being held out when fs3 was written)
and the training batch train/tr1 (written to be trained on). The held-out batch fs3 is never read. Tuned rows
carry no family, so a blocked row's family is the rule family that flags it (mapped below), else the first claim
family whose cue it carries. The block threshold is chosen by 5-fold cross-validation: the lowest probability at
which clean rows are blocked at most `--clean-fa` of the time. Writes src/shopscribe/quality/data/compliance_head.npz.

`--validate fs2` leaves that batch out of training and scores its rows (a row is caught when one of its sentences
reaches the block threshold): how the settings below were chosen without looking at fs3.

    .venv/bin/python benchmarks/train_compliance_head.py [--batches fs1,fs2] [--train tr1] [--every-sentence]
        [--clean-fa 0.01] [--validate fs2]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from shopscribe.quality import GateContext, compliance, meaning

ROOT = Path(__file__).parent / "data" / "quality"
FAMILIES = ("absolute", "medical", "child_development", "earnings", "endorsement", "guarantee", "exclusivity",
            "statistics", "pricing")
# The word lists' own family names → the claim families of quality/data/families_*.cfg
RULE_FAMILY = {"absolute": "absolute", "superlative": "absolute", "endorsement": "endorsement",
               "exemption": "endorsement", "wellknown": "endorsement", "medical": "medical", "disease": "medical",
               "guarantee": "guarantee", "education": "child_development", "proof": "statistics"}
PRIORITY = ("medical", "child_development", "earnings", "endorsement", "statistics", "pricing", "guarantee",
            "exclusivity", "absolute")
C_BLOCK = 8.0


def rule_family(text: str, lang: str) -> str | None:
    rules = compliance.load_rules(lang, None)
    norm = compliance.normalize(text)
    for fam in rules.families:
        if fam.severity == "block" and fam.find(norm) and fam.name in RULE_FAMILY:
            return RULE_FAMILY[fam.name]
    return None


def cue_family(text: str, lang: str) -> str:
    fams = meaning.load_families(lang, None)
    hit = {k for k, f in fams.items() if f.cue is not None and f.cue.search(text)}
    return next((k for k in PRIORITY if k in hit), "absolute")


HELD_OUT = ("fs3",)


def batch_rows(name: str) -> list[dict]:
    """The compliance rows of a first-sight or training batch."""
    path = ROOT / "firstsight" / f"{name}.jsonl"
    if not path.exists():
        path = ROOT / "train" / f"{name}.jsonl"
    return [r for line in path.open(encoding="utf-8") if line.strip()
            for r in [json.loads(line)] if r["check"] == "compliance"]


def training_rows(batches: list[str]) -> list[dict]:
    if set(batches) & set(HELD_OUT):
        raise SystemExit(f"{', '.join(HELD_OUT)} is the held-out batch: never train on it")
    rows = []
    for line in (ROOT / "compliance.jsonl").open(encoding="utf-8"):
        if line.strip():
            rows.append(json.loads(line) | {"batch": "tuned"})
    for line in (ROOT / "facts.jsonl").open(encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            ctx = GateContext(lang=r["lang"], learned=False)
            if not any(f.severity == "block" for f in compliance.rule_flags(r["text"], ctx)):
                rows.append({"text": r["text"], "lang": r["lang"], "label": "clean", "batch": "tuned-facts"})
    for b in batches:
        rows += batch_rows(b)
    for r in rows:
        if r["label"] == "block" and r.get("family") not in FAMILIES:
            r["family"] = rule_family(r["text"], r["lang"]) or cue_family(r["text"], r["lang"])
    return rows


def judged(text: str, lang: str, every: bool) -> list[str]:
    """The sentences the stage judges: those with a cue (or all of them, `every`), outside disclaimers."""
    disclaim = meaning.disclaimer_spans(text, lang)
    spans = meaning.sentences(text, lang) if every else [(a, b) for a, b, _ in meaning.cued(text, lang, None)]
    return [text[a:b] for a, b in spans if not meaning.inside(disclaim, a, b) and text[a:b].strip()]


def sentence_rows(rows: list[dict], every: bool) -> list[dict]:
    """Every judged sentence of a clean row is clean, every one of a blocked row is blocked (the whole row when
    none qualifies)."""
    out = []
    for r in rows:
        lang = "zh" if r["lang"] == "zh" else "en"
        sents = judged(r["text"], lang, every)
        if not sents and r["label"] == "block":
            sents = [r["text"]]
        out += [r | {"text": s} for s in sents]
    return out


def validate(model: LogisticRegression, block_at: float, rows: list[dict], every: bool) -> None:
    """Row-level recall and false alarms of the head alone on a left-out batch."""
    for lang in ("zh", "en"):
        mine = [r for r in rows if r["lang"] == lang]
        caught = fa = 0
        for r in mine:
            sents = judged(r["text"], lang, every)
            hit = bool(sents) and bool((model.predict_proba(meaning.embed(sents))[:, 1] >= block_at).any())
            caught += hit and r["label"] == "block"
            fa += hit and r["label"] == "clean"
        blocks = sum(r["label"] == "block" for r in mine)
        print(f"  validate {lang}: recall {caught / blocks:.3f} ({caught}/{blocks}), false alarms "
              f"{fa / (len(mine) - blocks):.3f} ({fa}/{len(mine) - blocks})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", default="fs1,fs2", help="first-sight batches to train on besides the tuned sets")
    parser.add_argument("--train", default="tr1", help="training batches (benchmarks/data/quality/train/)")
    parser.add_argument("--every-sentence", action="store_true",
                        help="judge every sentence, not only those with a family's cue")
    parser.add_argument("--clean-fa", type=float, default=0.01, help="out-of-fold share of clean sentences blocked")
    parser.add_argument("--validate", default=None, help="a batch to leave out of training and score")
    args = parser.parse_args()
    names = [b for b in (args.batches + "," + args.train).split(",") if b and b != args.validate]
    every = args.every_sentence
    rows = sentence_rows(training_rows(names), every)
    X = meaning.embed([r["text"] for r in rows])
    y = np.array([r["label"] == "block" for r in rows], dtype=int)
    # 5-fold out-of-fold probabilities choose the block threshold.
    oof = np.zeros(len(rows))
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(X, y):
        m = LogisticRegression(C=C_BLOCK, max_iter=2000, class_weight="balanced").fit(X[tr], y[tr])
        oof[te] = m.predict_proba(X[te])[:, 1]
    clean = np.sort(oof[y == 0])
    block_at = float(max(0.6, clean[min(len(clean) - 1, int((1 - args.clean_fa) * len(clean)))] + 1e-3))
    warn_at = 0.7  # below it the stage says nothing: a warning on every cue sentence would be noise
    recall = float((oof[y == 1] >= block_at).mean())
    print(f"{len(rows)} rows ({y.sum()} block); out-of-fold: block at {block_at:.3f} catches {recall:.3f} of "
          f"violations, blocks {(clean >= block_at).mean():.3f} of clean; warns from {warn_at}")
    violation = LogisticRegression(C=C_BLOCK, max_iter=2000, class_weight="balanced").fit(X, y)
    if args.validate:
        validate(violation, block_at, batch_rows(args.validate), every)
        return 0
    fam_idx = [i for i, r in enumerate(rows) if r["label"] == "block"]
    fy = np.array([FAMILIES.index(rows[i]["family"]) for i in fam_idx])
    family = LogisticRegression(C=4.0, max_iter=2000).fit(X[fam_idx], fy)
    W = np.zeros((len(FAMILIES), X.shape[1]), np.float32)
    B = np.full(len(FAMILIES), -1e4, np.float32)
    for j, cls in enumerate(family.classes_):
        W[cls], B[cls] = family.coef_[j], family.intercept_[j]
    np.savez_compressed(meaning.HEAD, w=violation.coef_[0].astype(np.float32), b=np.float32(violation.intercept_[0]),
                        W=W, B=B, families=np.array(FAMILIES), block_at=np.float32(block_at),
                        warn_at=np.float32(warn_at), every_sentence=np.bool_(every))
    print(f"wrote {meaning.HEAD} ({meaning.HEAD.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
