"""Train the learned compliance stage: logistic-regression heads over multilingual-e5-small sentence vectors.

Training rows: the tuned compliance set (benchmarks/data/quality/compliance.jsonl), the fact sets' texts (tuned and
every batch trained on) as clean copy where no rule blocks them, the first-sight batches fs1–fs4 (each stopped being
held out when the next was written; fs4 was measured on 2026-12-06), the training batches under train/ (tr1, tr2:
written to be trained on; a batch is used once its .DONE file exists) and the cue sentences of the first 1,500
AdvertiseGen train references as ordinary clean shop copy (--shop-copy). The held-out batch (HELD_OUT) is never read, not
even to validate. Tuned rows carry no family, so a blocked row's family is the rule family that
flags it (mapped below), else the first claim family whose cue it carries. The block threshold is chosen by 5-fold
cross-validation: the lowest probability at which clean rows are blocked at most `--clean-fa` of the time. Writes
src/shopscribe/quality/data/compliance_head.npz.

`--validate fs3` leaves that batch out of training and scores its rows (a row is caught when one of its sentences
reaches the block threshold): how the settings below are chosen without looking at the held-out batch.

    .venv/bin/python benchmarks/train_compliance_head.py [--batches fs1,…,fs12] [--train tr1,…,tr5] [--shop-copy 1500]
        [--every-sentence] [--clean-fa 0.03] [--validate fs12]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from shopscribe.config import get_settings
from shopscribe.llm.reader import Reader, save
from shopscribe.quality import GateContext, compliance, meaning
from shopscribe.tune.classifier import FittedReader, ReaderSettings, fit_reader, saved_drift

ROOT = Path(__file__).parent / "data" / "quality"
FAMILIES = ("absolute", "medical", "child_development", "earnings", "endorsement", "guarantee", "exclusivity",
            "statistics", "pricing")
# The word lists' own family names → the claim families of quality/data/families_*.cfg
RULE_FAMILY = {"absolute": "absolute", "superlative": "absolute", "endorsement": "endorsement",
               "exemption": "endorsement", "wellknown": "endorsement", "medical": "medical", "disease": "medical",
               "guarantee": "guarantee", "education": "child_development", "proof": "statistics",
               "lifetime": "guarantee", "pricing": "pricing", "study": "statistics", "earnings": "earnings",
               "growth": "child_development", "endorser": "endorsement"}
PRIORITY = ("medical", "child_development", "earnings", "endorsement", "statistics", "pricing", "guarantee",
            "exclusivity", "absolute")
C_BLOCK = 8.0
C_CHARS = 4.0
# Share of clean training sentences (out of fold) the block threshold lets through as blocked. Chosen again on
# 2026-12-06 by leaving one batch out (fs4 never read). With tr2 left out (648 rows by a fourth writer; the stage
# alone, so rules written after reading tr2 do not count) it caught 0.78 (zh) and 0.67 (en) of violations at 0.05,
# blocking 2 of 144 clean rows in each language; 0.03 caught 0.71 / 0.59 blocking 1 of 144; 0.06 blocked 4 of 144
# English clean rows. With fs3 left out, 0.05 caught 41 / 45 (zh) and 39 / 45 (en) blocking none of 36. (On
# 2026-12-02, with fs2 left out, 0.05 caught 0.82 / 0.67 blocking 0 and 2 of 36; every sentence blocked more.)
CLEAN_FA = 0.03  # the seventh session's choice (below); 0.05 before it
# Ordinary shop copy taught as clean (2026-12-06): the head trained without it blocked 13 of 1,070 model replies on
# AdvertiseGen dev (修饰颈部曲线…彰显品质 read as medical) and 10 of the references of train rows 4901–5000. Chosen
# with fs4 left out (the stage alone): without shop copy zh 38/45 caught, 2/36 clean blocked, en 37/45 and 1/36;
# with 1,500 references zh 39/45 and 0/36, en 38/45 and 2/36 (block at 0.696 against 0.605).
SHOP_COPY = 1500
UNCUED_FA = 0.005
# The reader (--reader; eleventh session, 2026-12-07): Qwen2.5-Coder-0.5B cut to 12 blocks, LoRA on blocks 8–11, a
# head over their mean state, trained one epoch on the same cue sentences with the classes weighed alike; the gate
# averages its probability with the heads'. Left-out runs of this recipe (tuned sets, every other first-sight and
# training batch), the learned stage alone on the left-out rows:
#   fs14 and fs15 left out, threshold set on fs14 (no clean row blocked), fs15 scored: heads 78/90 caught with
#   4/72 clean blocked, reader 82/90 with 1/72, the average 82/90 with 2/72;
#   fs15 and fs16 left out, threshold set on one, the other scored (one clean row blocked on it): fs16 heads 71/90
#   with 2/72, reader 85/90 with 3/72, the average 85/90 with 1/72; fs15 heads 76/90 with 1/72, reader 82/90 with
#   1/72, the average 82/90 with 2/72.
# READER_BLOCK_AT is the average's threshold. A fine-tuned reader has no out-of-fold scores short of five more
# trainings, so its threshold comes from rows it was not trained on, and from ordinary copy as well as hard rows:
#   - 0.55 (eleventh session) was the lowest at which at most 2 of fs15's and fs16's 144 labelled clean rows block,
#     both left out (167/180 caught). It blocked short ordinary lines: 6 of tr6's 303 ordinary-copy rows ("New drop
#     today!", "Kids' Rain Jacket", "Spend $100, save $10.", 脑筋急转弯100题) and 4 of tr3's 700.
#   - 0.65 (twelfth session, before fs17 was scored) is the lowest at which each ordinary-copy set blocks at most 1 in
#     300 as well: tr6 1/303, tr3 2/700, AdvertiseGen train references 1501-2500 (never trained on) 1/1000 (亮眼的
#     大红色风衣…秒杀路人, itself a superlative). The left-out rows at 0.65: 163/180 caught, 2/144 clean blocked.
READER_BLOCK_AT = 0.65
# Tried on 2026-12-06 (fifth session), the gate's rules as of that day: adding fs5, fs6 and tr3 (1,100 rows, 700 of
# them ordinary copy) to the shipped head's rows and scoring fs7 (not trained on) with the whole bench: 76 / 90
# caught with 2 / 72 false alarms at --clean-fa 0.05, 73 / 90 and 2 / 72 at 0.035, against the shipped head's
# 70 / 90 and 1 / 72; the 0.05 head also blocked 2 more tuned clean lines ("It never fails to start conversations").
# More rows of this kind move the head along its curve, not past it, so the shipped head was kept.
# Seventh session (2026-12-06), with seven more batches to learn from (fs5–fs12 and tr3–tr5), each setting left fs11
# and then fs12 out and scored it with the whole gate (fs13 never read): every sentence judged, not only cued ones,
# caught 80 and 78 / 90 at 0.02 (the stage alone 78 and 75, blocking 4 and 1 / 72 clean rows), 83 and 82 at 0.03;
# cued sentences only at 0.03 caught 76 and 76 (73 and 75 alone, blocking 4 and 0). Every sentence went out first
# and the fresh-clone suite stopped it: the stage then judges hashtag lines, product names and review-reply small
# talk ("#pourover #coffeetime", 云南工夫红茶 蜜香红亮), and it blocked eight of the starter drafts a new shop begins
# with. Shipped: cued sentences at 0.03, which on every batch's totals blocks half the clean rows the sixth
# session's head did (en 49 -> 22 of 1,403, zh 11 -> 6 of 1,109) and catches more (en 1,102 -> 1,113, zh 1,096 ->
# 1,128). Judging uncued sentences needs ordinary copy (titles, hashtags, small talk) among its clean rows first.
# Eighth session (2026-12-07), with fs13 and tr6 (540 rows, 303 of them ordinary copy with no trigger word) added,
# fs11 and then fs12 left out and scored with the whole gate (fs14 never read): cued sentences at 0.03 caught 75 and
# 77 / 90 blocking 3 and 1 / 72; every sentence at 0.03 caught 85 and 84 blocking 7 and 3, at 0.02 81 and 78 blocking
# 5 and 1, and still blocked 3–5 starter drafts (hashtag lines at 0.83–0.85). A threshold of its own for sentences
# without a cue (--uncued-fa, over every clean uncued sentence, ordinary copy included) let the starters pass at
# 0.001 (uncued block at 0.87): 81 and 82 blocking 6 and 3 at 0.03, 78 and 77 blocking 5 and 1 at 0.02. Each setting
# trades about two violations caught for one clean row blocked along the same curve; shipped: cued sentences at
# 0.03, the setting with the fewest clean rows blocked.
# Fourteenth session (2026-12-07): the shipped heads and reader were not retrained; two fields of the shipped head
# were set by hand (every_sentence True, block_uncued 0.95), after 133 of the 177 violations the gate still missed
# over every batch turned out to be sentences with no cue, which the stage never judged. A sentence without a cue is
# judged by the heads alone (meaning.flags): averaged with the reader it was as good (fs19 89 / 90, fs20 87 / 90 at
# 0.90), but the reader then loads for plain copy too, and the fresh-clone suite's API tests timed out waiting for it.
# Measured with the rules each batch was scored with (neither batch is in the heads' or the reader's training): heads
# alone at 0.95 caught fs19 87 / 90 (85 with cued sentences only) and fs20 86 / 90 (85), blocking the same 6 and 5 / 72;
# at 0.90 89 and 87, but 'The opinions here are our own.' scores 0.947. Over every batch but fs20 with this session's
# rules: 3,750 / 3,836 caught with 22 / 4,240 clean rows blocked (cued only: 3,739 and 22). A line of nothing but
# hashtags is not judged (the starter drafts' "#pourover #coffeetime" scored 0.87–0.95); the word lists read such tags
# word by word instead. Retraining with this script resets both fields: pass --every-sentence and set block_uncued
# to 0.95 again to keep the setting.
# Sixteenth session (2026-12-08): a third field set by hand, block_uncued_zh 0.90 (Chinese sentences without a cue;
# English stays at 0.95). Chosen before fs24 was scored, on batches the heads never trained on (fs17–fs23, learned
# stage alone): 0.95 caught 572 / 630 with 1 / 504 clean rows blocked, zh at 0.90 583 / 630 with 1 / 504 (both
# languages at 0.90: 589, but 'Come try it out in store!' blocks, 2 / 303 of tr6's ordinary copy); at first sight four
# of fs21–fs23's misses were Chinese sentences at 0.91–0.93. Ordinary copy: tr3 2 / 700, tr6 1 / 303, AdvertiseGen
# 1501–2500 2 / 1,000 (was 1; the new one ends 没有比一席长裙更美的). A retrain drops this field too: set it again.


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


HELD_OUT = ("fs25",)  # the next first-sight batch: never read here, whatever the arguments say


def _rule_blocks(text: str, lang: str) -> bool:
    return any(f.severity == "block" for f in compliance.rule_flags(text, GateContext(lang=lang, learned=False)))


def batch_rows(name: str, check: str = "compliance") -> list[dict]:
    """The rows of one check in a first-sight or training batch (never the held-out one)."""
    if name.startswith(HELD_OUT):  # fs17, fs17b, …
        raise SystemExit(f"{name} is the held-out batch: never read it here")
    path = ROOT / "firstsight" / f"{name}.jsonl"
    if not path.exists():
        path = ROOT / "train" / f"{name}.jsonl"
    return [r for line in path.open(encoding="utf-8") if line.strip()
            for r in [json.loads(line)] if r["check"] == check]


def _finished(folder: str) -> list[str]:
    """Batches in ROOT/folder whose writer has marked them complete (<name>.DONE): a half-written one is not read."""
    return sorted(p.stem for p in (ROOT / folder).glob("*.DONE") if (ROOT / folder / f"{p.stem}.jsonl").exists())


def finished_training_batches() -> list[str]:
    return _finished("train")


def finished_first_sight_batches() -> list[str]:
    """fs1, fs2, … in order, the held-out batch left out."""
    return sorted((n for n in _finished("firstsight") if not n.startswith(HELD_OUT)),
                  key=lambda n: int(n[2:]) if n[2:].isdigit() else 0)


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
            if not _rule_blocks(r["text"], r["lang"]):
                rows.append({"text": r["text"], "lang": r["lang"], "label": "clean", "batch": "tuned-facts"})
    for b in batches:
        rows += batch_rows(b)
        # The batch's fact rows are ordinary shop copy: clean as far as ad law goes where no rule blocks them.
        rows += [{"text": r["text"], "lang": r["lang"], "label": "clean", "batch": f"{b}-facts"}
                 for r in batch_rows(b, "fact") if not _rule_blocks(r["text"], r["lang"])]
    for r in rows:
        if r["label"] == "block" and r.get("family") not in FAMILIES:
            r["family"] = rule_family(r["text"], r["lang"]) or cue_family(r["text"], r["lang"])
    return rows


def judged(text: str, lang: str, every: bool) -> list[str]:
    """The sentences the stage judges (those with a cue, or all of them with `every`), less their disclaimer clauses."""
    return [said for said, _ in judged_cued(text, lang, every)]


def judged_cued(text: str, lang: str, every: bool) -> list[tuple[str, bool]]:
    """judged(), each sentence with whether it carries a family's cue (an uncued one has a threshold of its own)."""
    disclaim = meaning.disclaimer_spans(text, lang)
    cued = {(a, b) for a, b, _ in meaning.cued(text, lang, None)}
    spans = meaning.sentences(text, lang) if every else sorted(cued)
    return [(said, (a, b) in cued) for a, b in spans if (said := meaning.asserted(text, a, b, disclaim))]


def sentence_rows(rows: list[dict], every: bool) -> list[dict]:
    """Every judged sentence of a clean row is clean, every one of a blocked row is blocked (the whole row when
    none qualifies)."""
    out = []
    for r in rows:
        lang = "zh" if r["lang"] == "zh" else "en"
        sents = judged_cued(r["text"], lang, every)
        if not sents and r["label"] == "block":
            sents = [(r["text"], True)]
        out += [r | {"text": s, "cued": c} for s, c in sents]
    return out


def shop_copy(n: int, every: bool) -> list[dict]:
    """Cue sentences of the first n AdvertiseGen train references: ordinary shop copy (修饰颈部曲线, 彰显品质), clean
    as far as ad law goes where no rule blocks it. Train rows only; dev is never read here."""
    if n <= 0:
        return []
    from shopscribe.catalog.advertisegen import default_data_dir, read_rows

    out = []
    for row in read_rows(default_data_dir() / "train.jsonl", limit=n):
        if _rule_blocks(row.summary, "zh"):
            continue
        out += [{"text": s, "lang": "zh", "label": "clean", "batch": "shop-copy", "cued": c}
                for s, c in judged_cued(row.summary, "zh", every)]
    return out


class Violation:
    """The violation score: the mean of two logistic regressions, one over e5 sentence vectors (meaning), one over
    character 1–3-grams (wording), as quality.meaning computes it from the saved arrays."""

    def __init__(self, texts: list[str], X: np.ndarray, y: np.ndarray) -> None:
        self.e5 = LogisticRegression(C=C_BLOCK, max_iter=2000, class_weight="balanced").fit(X, y)
        self.vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), min_df=2, sublinear_tf=True).fit(texts)
        self.chars = LogisticRegression(C=C_CHARS, max_iter=2000, class_weight="balanced").fit(
            self.vec.transform(texts), y)

    def proba(self, texts: list[str], X: np.ndarray) -> np.ndarray:
        return (self.e5.predict_proba(X)[:, 1] + self.chars.predict_proba(self.vec.transform(texts))[:, 1]) / 2


def validate(model: Violation, block_at: float, block_uncued: float, rows: list[dict], every: bool,
             reader: FittedReader | None = None, reader_block_at: float = READER_BLOCK_AT) -> None:
    """Row-level recall and false alarms of the learned stage alone on a left-out batch (with a reader: the heads, the
    reader and their average, each at its threshold)."""
    scorers = {"heads": lambda sents, pairs: model.proba(sents, meaning.embed(sents)) >= np.array(
        [block_at if c else block_uncued for _, c in pairs])}
    if reader is not None:
        scorers["reader"] = lambda sents, pairs: np.array(reader.proba(sents)) >= 0.5
        scorers["average"] = lambda sents, pairs: (model.proba(sents, meaning.embed(sents)) + np.array(
            reader.proba(sents))) / 2 >= reader_block_at
    for name, blocks_of in scorers.items():
        for lang in ("zh", "en"):
            mine = [r for r in rows if r["lang"] == lang]
            caught = fa = 0
            for r in mine:
                pairs = judged_cued(r["text"], lang, every)
                sents = [s for s, _ in pairs]
                hit = bool(sents) and bool(blocks_of(sents, pairs).any())
                caught += hit and r["label"] == "block"
                fa += hit and r["label"] == "clean"
            blocks = sum(r["label"] == "block" for r in mine)
            print(f"  validate {name} {lang}: recall {caught / blocks:.3f} ({caught}/{blocks}), false alarms "
                  f"{fa / (len(mine) - blocks):.3f} ({fa}/{len(mine) - blocks})")


def train_reader(texts: list[str], y: np.ndarray, epochs: float = 1.0) -> FittedReader:
    """The reader on the heads' own sentences (READER_BLOCK_AT above says how it was chosen)."""
    settings = get_settings()
    return fit_reader(texts, [int(v) for v in y], ReaderSettings(max_tokens=96, balanced=True, epochs=epochs),
                      settings.models_dir,
                      settings.home / "cache" / "trunk",
                      on_progress=lambda stage, done, total: print(f"  reader {stage} {done}/{total}", flush=True)
                      if done == total or done % 100 == 0 else None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", default=",".join(finished_first_sight_batches()),
                        help="first-sight batches to train on besides the tuned sets (default: every one but the held-out)")
    parser.add_argument("--train", default=",".join(finished_training_batches()),
                        help="training batches (benchmarks/data/quality/train/; default: every one with a .DONE file)")
    parser.add_argument("--every-sentence", action="store_true",
                        help="judge every sentence, not only those with a family's cue (tried, not shipped: see above)")
    parser.add_argument("--clean-fa", type=float, default=CLEAN_FA, help="out-of-fold share of clean sentences blocked")
    parser.add_argument("--uncued-fa", type=float, default=UNCUED_FA,
                        help="with --every-sentence: share of clean sentences without a cue blocked (out of fold)")
    parser.add_argument("--validate", default=None, help="a batch to leave out of training and score")
    parser.add_argument("--reader", action="store_true",
                        help="also fine-tune the embedded model as a reader of the same sentences (about 12 minutes on "
                             "2 cores; needs qwen2.5-coder-0.5b installed) and save it to quality/data/compliance_reader/")
    parser.add_argument("--reader-epochs", type=float, default=1.0,
                        help="passes over the sentences when training the reader (1: the shipped reader's)")
    parser.add_argument("--reader-block-at", type=float, default=READER_BLOCK_AT,
                        help="the threshold of the heads' and the reader's average (see READER_BLOCK_AT)")
    parser.add_argument("--shop-copy", type=int, default=SHOP_COPY,
                        help="AdvertiseGen train references (the first N) whose cue sentences join as clean shop copy")
    args = parser.parse_args()
    names = [b for b in (args.batches + "," + args.train).split(",") if b and b != args.validate]
    every = args.every_sentence
    rows = sentence_rows(training_rows(names), every) + shop_copy(args.shop_copy, every)
    texts = [r["text"] for r in rows]
    X = meaning.embed(texts)
    y = np.array([r["label"] == "block" for r in rows], dtype=int)
    # 5-fold out-of-fold probabilities choose the block threshold.
    oof = np.zeros(len(rows))
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(X, y):
        fold = Violation([texts[i] for i in tr], X[tr], y[tr])
        oof[te] = fold.proba([texts[i] for i in te], X[te])
    # The threshold is set on the labelled clean rows only: ordinary copy is easy, and counting it would let the
    # threshold fall until the hard, labelled clean lines were blocked more often.
    # Ordinary copy (the AdvertiseGen references, a training batch's "ordinary copy" rows) is left out of it too.
    labelled = np.array([r["batch"] != "shop-copy" and not str(r.get("note", "")).startswith("ordinary copy")
                         for r in rows])
    clean = np.sort(oof[(y == 0) & labelled])
    block_at = float(max(0.5, clean[min(len(clean) - 1, int((1 - args.clean_fa) * len(clean)))] + 1e-3))
    # A narrow band below the threshold warns; under it the stage says nothing: a warning on every cue sentence
    # would be noise a reviewer learns to ignore.
    warn_at = block_at - 0.05
    # A sentence with no family's cue (a title, a hashtag line, small talk in a review reply) blocks only above every
    # clean uncued sentence but `--uncued-fa` of them, ordinary copy included: it is what such copy mostly is.
    uncued = np.array([not r.get("cued", True) for r in rows])
    plain = np.sort(oof[(y == 0) & uncued])
    block_uncued = float(max(block_at, plain[min(len(plain) - 1, int((1 - args.uncued_fa) * len(plain)))] + 1e-3)) \
        if every and len(plain) else block_at
    recall = float((oof[y == 1] >= np.where(uncued[y == 1], block_uncued, block_at)).mean())
    print(f"{len(rows)} sentences ({y.sum()} block) from {', '.join(['tuned', *names])}; out-of-fold: block at "
          f"{block_at:.3f} (uncued at {block_uncued:.3f}) catches {recall:.3f} of violations, blocks "
          f"{(clean >= block_at).mean():.3f} of clean")
    violation = Violation(texts, X, y)
    if args.validate:
        validate(violation, block_at, block_uncued, batch_rows(args.validate), every,
                 train_reader(texts, y, args.reader_epochs) if args.reader else None, args.reader_block_at)
        return 0
    fam_idx = [i for i, r in enumerate(rows) if r["label"] == "block"]
    fy = np.array([FAMILIES.index(rows[i]["family"]) for i in fam_idx])
    family = LogisticRegression(C=4.0, max_iter=2000).fit(X[fam_idx], fy)
    W = np.zeros((len(FAMILIES), X.shape[1]), np.float32)
    B = np.full(len(FAMILIES), -1e4, np.float32)
    for j, cls in enumerate(family.classes_):
        W[cls], B[cls] = family.coef_[j], family.intercept_[j]
    grams = violation.vec.get_feature_names_out()
    np.savez_compressed(meaning.HEAD, w=violation.e5.coef_[0].astype(np.float32),
                        b=np.float32(violation.e5.intercept_[0]), W=W, B=B, families=np.array(FAMILIES),
                        block_at=np.float32(block_at), warn_at=np.float32(warn_at), every_sentence=np.bool_(every),
                        block_uncued=np.float32(block_uncued),
                        grams=np.array(grams, dtype=str), idf=violation.vec.idf_.astype(np.float32),
                        gram_w=violation.chars.coef_[0].astype(np.float32),
                        gram_b=np.float32(violation.chars.intercept_[0]),
                        reader_block_at=np.float32(args.reader_block_at))
    # The gate computes the same score from the saved arrays: prove it on the training sentences.
    meaning.heads.cache_clear()
    ours = meaning.heads().violation(X, texts)
    drift = float(np.abs(ours - violation.proba(texts, X)).max())
    if drift > 1e-4:
        raise SystemExit(f"quality.meaning scores differ from the trained model by {drift}")
    print(f"wrote {meaning.HEAD} ({meaning.HEAD.stat().st_size // 1024} KB; {len(grams)} character n-grams; "
          f"scores match the trained model to {drift:.1e})")
    if args.reader:
        fitted = train_reader(texts, y, args.reader_epochs)
        fitted.halve()  # stored in half precision (3 MB in the package): the model in memory is rounded alike
        save(meaning.READER, fitted.meta, fitted.tensors(), half=True)
        # The gate reads with the saved reader (half-precision weights merged into the base): prove it reads alike.
        probe = [texts[i] for i in range(0, len(texts), max(1, len(texts) // 16))]
        drift = saved_drift(fitted, Reader(meaning.READER, get_settings().models_dir), probe)
        print(f"wrote {meaning.READER} ({sum(f.stat().st_size for f in meaning.READER.iterdir()) // 1024} KB; "
              f"{fitted.steps} steps, final loss {np.mean(fitted.losses[-20:]):.4f}; saved reader within {drift:.1e})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
