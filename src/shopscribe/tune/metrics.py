"""Text-overlap and diversity metrics for generated copy, on the 0–100 scale of the ChatGLM-6B AdvertiseGen table.

Two BLEU-4 figures, because the literature reports both:
- `bleu4`: ChatGLM-6B's own evaluation: nltk sentence BLEU-4 with smoothing method 3, on characters
  (zh) or words (en), averaged over rows. This is the number the published table (8.10) uses.
- `sacrebleu`: corpus BLEU from sacrebleu (tokenize 'zh' for Chinese, '13a' for English): n-gram
  counts pooled over all rows before the geometric mean.
ROUGE-1/2/L are rouge-chinese F-scores on jieba words, as ChatGLM-6B computes them: ROUGE-N counts each
distinct n-gram once per text, ROUGE-L is the LCS over the whole text.
"""

from __future__ import annotations

import functools
import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

ROUGE_KEYS = ("rouge1", "rouge2", "rougeL")


@functools.lru_cache(maxsize=1)
def _jieba():  # noqa: ANN202 - the module itself
    import jieba

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not ours to print
    return jieba


def units(text: str, lang: str) -> list[str]:
    """What BLEU-4 and distinct-n count: characters of Chinese, whitespace words of English."""
    if lang == "zh":
        return [ch for ch in text if not ch.isspace()]
    return text.split()


def words(text: str) -> list[str]:
    """jieba words without the whitespace tokens it yields between English words."""
    return [w for w in _jieba().cut(text) if w.strip()]


def sentence_bleu4(reference: str, hypothesis: str, lang: str = "zh") -> float:
    """nltk sentence BLEU-4, smoothing method 3 (ChatGLM-6B's scorer), on a 0–100 scale."""
    from nltk.translate.bleu_score import SmoothingFunction, sentence_bleu

    hyp = units(hypothesis, lang)
    if not hyp:
        return 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nltk warns on zero n-gram overlaps, which smoothing handles
        score = sentence_bleu([units(reference, lang)], hyp, smoothing_function=SmoothingFunction().method3)
    return 100.0 * score


def corpus_sacrebleu(references: Sequence[str], hypotheses: Sequence[str], lang: str = "zh") -> float:
    """sacrebleu corpus BLEU (0–100) with the tokenizer for the language."""
    import sacrebleu

    return float(sacrebleu.corpus_bleu(list(hypotheses), [list(references)],
                                       tokenize="zh" if lang == "zh" else "13a").score)


def rouge(reference: str, hypothesis: str) -> dict[str, float]:
    """rouge-chinese F-scores (0–100) on jieba words; an empty side scores 0, as in ChatGLM3's scorer."""
    from rouge_chinese import Rouge

    hyp, ref = " ".join(words(hypothesis)), " ".join(words(reference))
    if not hyp or not ref:
        return {k: 0.0 for k in ROUGE_KEYS}
    got = Rouge().get_scores(hyp, ref)[0]
    return {"rouge1": 100.0 * got["rouge-1"]["f"], "rouge2": 100.0 * got["rouge-2"]["f"],
            "rougeL": 100.0 * got["rouge-l"]["f"]}


def distinct_n(texts: Sequence[str], n: int, lang: str = "zh") -> float:
    """Distinct n-grams over all texts divided by all n-grams (Li et al., 2016), 0–100."""
    seen: set[tuple[str, ...]] = set()
    total = 0
    for text in texts:
        toks = units(text, lang)
        grams = [tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)]
        seen.update(grams)
        total += len(grams)
    return 100.0 * len(seen) / total if total else 0.0


@dataclass(frozen=True)
class RowScore:
    """The per-row figures that a paired comparison of two runs resamples."""

    bleu4: float
    rouge1: float
    rouge2: float
    rougeL: float  # noqa: N815 - the metric's name
    chars: int

    def as_dict(self) -> dict[str, float]:
        return {"bleu4": self.bleu4, "rouge1": self.rouge1, "rouge2": self.rouge2, "rougeL": self.rougeL,
                "chars": float(self.chars)}


def row_score(reference: str, hypothesis: str, lang: str = "zh") -> RowScore:
    r = rouge(reference, hypothesis)
    return RowScore(sentence_bleu4(reference, hypothesis, lang), r["rouge1"], r["rouge2"], r["rougeL"], len(hypothesis))


def overlap_scores(references: Sequence[str], hypotheses: Sequence[str], lang: str = "zh") -> dict[str, float]:
    """BLEU-4 (both kinds), ROUGE-1/2/L, distinct-1/2 and average length in characters for a run."""
    if len(references) != len(hypotheses):
        raise ValueError(f"{len(references)} references but {len(hypotheses)} hypotheses")
    if not hypotheses:
        return {}
    rows = [row_score(r, h, lang) for r, h in zip(references, hypotheses)]
    n = len(rows)
    return {
        "bleu4": sum(r.bleu4 for r in rows) / n,
        "sacrebleu": corpus_sacrebleu(references, hypotheses, lang),
        "rouge1": sum(r.rouge1 for r in rows) / n,
        "rouge2": sum(r.rouge2 for r in rows) / n,
        "rougeL": sum(r.rougeL for r in rows) / n,
        "distinct1": distinct_n(hypotheses, 1, lang),
        "distinct2": distinct_n(hypotheses, 2, lang),
        "avg_chars": sum(r.chars for r in rows) / n,
    }
