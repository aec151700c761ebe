"""Each metric against values computed by hand on tiny Chinese and English inputs (the arithmetic is in the comments)."""

from __future__ import annotations

import math

import pytest

from shopscribe.tune import metrics
from shopscribe.tune.compare import bootstrap, paired_bootstrap

# ---- BLEU-4 as ChatGLM-6B scores it: nltk sentence BLEU, smoothing method 3, on characters (zh) / words (en) ----


def test_bleu4_zh_prefix_is_all_matches_times_brevity_penalty():
    # ref 红色连衣裙很美 (7 chars), hyp 红色连衣裙 (5 chars): every 1..4-gram of the hyp is in the ref,
    # so p1..p4 = 5/5, 4/4, 3/3, 2/2 = 1; brevity penalty exp(1 - 7/5) = exp(-0.4) = 0.670320 → 67.0320.
    assert metrics.sentence_bleu4("红色连衣裙很美", "红色连衣裙", "zh") == pytest.approx(67.03200, abs=1e-4)


def test_bleu4_zh_zero_ngram_counts_are_smoothed_by_halving():
    # ref 简约的白色上衣, hyp 白色的简约上衣 (7 chars each, BP = 1).
    # p1 = 7/7; bigrams of hyp 白色 色的 的简 简约 约上 上衣 → 白色 简约 上衣 in ref: p2 = 3/6;
    # trigrams 0/5 → method 3: 1/(2^1·5) = 1/10; 4-grams 0/4 → 1/(2^2·4) = 1/16.
    # BLEU = (1 · 1/2 · 1/10 · 1/16)^(1/4) = 320^(-1/4) = 0.236435 → 23.6435.
    assert metrics.sentence_bleu4("简约的白色上衣", "白色的简约上衣", "zh") == pytest.approx(23.64354, abs=1e-4)


def test_bleu4_zh_second_smoothed_order_counts_from_its_own_denominator():
    # ref 白色上衣, hyp 白色外套 (4 chars each, BP = 1): p1 = 2/4 (白 色), p2 = 1/3 (白色),
    # p3 = 0/2 → 1/(2·2) = 1/4, p4 = 0/1 → 1/(4·1) = 1/4. BLEU = (1/2·1/3·1/4·1/4)^(1/4) = 96^(-1/4) → 31.9472.
    assert metrics.sentence_bleu4("白色上衣", "白色外套", "zh") == pytest.approx(31.94716, abs=1e-4)


def test_bleu4_en_counts_words_with_clipping():
    # ref "the cat sat on the mat", hyp "the cat sat on a mat" (6 words each, BP = 1).
    # p1 = 5/6 (a misses), p2 = 3/5 (the cat, cat sat, sat on), p3 = 2/4 (the cat sat, cat sat on),
    # p4 = 1/3 (the cat sat on). BLEU = (5/6·3/5·2/4·1/3)^(1/4) = (1/12)^(1/4) = 0.537285 → 53.7285.
    assert metrics.sentence_bleu4("the cat sat on the mat", "the cat sat on a mat", "en") == pytest.approx(
        53.72850, abs=1e-4)


def test_bleu4_of_empty_prediction_is_zero():
    assert metrics.sentence_bleu4("白色上衣", "", "zh") == 0.0


def test_bleu4_without_any_common_character_is_zero():
    # p1 = 0: nltk returns 0 before smoothing (no unigram overlap at all).
    assert metrics.sentence_bleu4("白色上衣", "黑裤", "zh") == 0.0


# ---- sacrebleu corpus BLEU: n-gram counts pooled over rows ------------------------------------------------------


def test_sacrebleu_zh_pools_counts_over_rows_before_the_brevity_penalty():
    # Row 1: ref 红色连衣裙很美 (7), hyp 红色连衣裙 (5); row 2: ref = hyp = 白色上衣 (4). The zh tokenizer splits
    # Chinese into characters. Pooled matches/totals: 1-grams 9/9, 2-grams 7/7, 3-grams 5/5, 4-grams 3/3 → all 1;
    # lengths hyp 9, ref 11 → BP exp(1 - 11/9) = exp(-2/9) = 0.800737 → 80.0737
    # (the sentence average would be (67.0320 + 100)/2 = 83.5160).
    got = metrics.corpus_sacrebleu(["红色连衣裙很美", "白色上衣"], ["红色连衣裙", "白色上衣"], "zh")
    assert got == pytest.approx(80.07374, abs=1e-3)


def test_sacrebleu_en_single_row_equals_the_hand_counts():
    # Same counts as the nltk English case: (5/6·3/5·2/4·1/3)^(1/4) → 53.7285.
    got = metrics.corpus_sacrebleu(["the cat sat on the mat"], ["the cat sat on a mat"], "en")
    assert got == pytest.approx(53.72850, abs=1e-3)


# ---- ROUGE on jieba words (rouge-chinese): ROUGE-N over distinct n-grams, ROUGE-L over the whole word sequence ---


def test_jieba_segmentation_the_chinese_rouge_cases_rely_on():
    assert metrics.words("简约的白色上衣") == ["简约", "的", "白色", "上衣"]
    assert metrics.words("白色的简约上衣") == ["白色", "的", "简约", "上衣"]


def test_rouge_zh_same_words_in_another_order():
    # ref 简约/的/白色/上衣, hyp 白色/的/简约/上衣.
    # ROUGE-1: same 4 distinct words → P = R = 4/4 → F = 100.
    # ROUGE-2: ref bigrams {简约的, 的白色, 白色上衣}, hyp {白色的, 的简约, 简约上衣} → 0 shared → 0.
    # ROUGE-L: longest common subsequence has 2 words (e.g. 简约 上衣) → P = R = 2/4 → F = 50.
    got = metrics.rouge("简约的白色上衣", "白色的简约上衣")
    assert got["rouge1"] == pytest.approx(100.0, abs=1e-4)
    assert got["rouge2"] == pytest.approx(0.0, abs=1e-9)
    assert got["rougeL"] == pytest.approx(50.0, abs=1e-4)


def test_rouge_en_one_word_swapped():
    # ref "the cat sat on the mat", hyp "the cat sat on a mat".
    # ROUGE-1 on distinct words: ref {the, cat, sat, on, mat} = 5, hyp adds "a" = 6, shared 5 →
    #   P = 5/6, R = 5/5, F = 2·(5/6)·1/(5/6 + 1) = 10/11 = 0.909091 → 90.9091.
    # ROUGE-2: ref {the cat, cat sat, sat on, on the, the mat}, hyp {the cat, cat sat, sat on, on a, a mat}:
    #   shared 3 of 5 each → F = 3/5 → 60.
    # ROUGE-L: LCS "the cat sat on mat" = 5 of 6 words each side → F = 5/6 → 83.3333.
    got = metrics.rouge("the cat sat on the mat", "the cat sat on a mat")
    assert got["rouge1"] == pytest.approx(90.90909, abs=1e-4)
    assert got["rouge2"] == pytest.approx(60.0, abs=1e-4)
    assert got["rougeL"] == pytest.approx(83.33333, abs=1e-4)


def test_rouge_n_counts_a_repeated_word_once_but_rouge_l_does_not():
    # ref "good", hyp "good good good": ROUGE-1 sets {good} and {good} → F = 100;
    # ROUGE-L: LCS 1, P = 1/3, R = 1/1 → F = 2·(1/3)/(4/3) = 0.5 → 50.
    got = metrics.rouge("good", "good good good")
    assert got["rouge1"] == pytest.approx(100.0, abs=1e-4)
    assert got["rougeL"] == pytest.approx(50.0, abs=1e-4)


def test_rouge_of_empty_prediction_is_zero():
    assert metrics.rouge("白色上衣", "") == {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}


# ---- distinct-n -------------------------------------------------------------------------------------------------


def test_distinct_zh_over_all_predictions():
    # 红红火火 + 红火: characters 红 红 火 火 红 火 → 6 unigrams, 2 distinct → 33.3333;
    # bigrams 红红 红火 火火 | 红火 → 4, 3 distinct → 75.
    assert metrics.distinct_n(["红红火火", "红火"], 1, "zh") == pytest.approx(100 * 2 / 6)
    assert metrics.distinct_n(["红红火火", "红火"], 2, "zh") == pytest.approx(75.0)


def test_distinct_en_counts_words_and_no_bigram_across_texts():
    # "a b a" + "b c": 5 words, 3 distinct → 60; bigrams "a b" "b a" | "b c" → 3 of 3 distinct → 100
    # ("a b" + "b c" would share nothing anyway; "a" then "b" across the texts is no bigram).
    assert metrics.distinct_n(["a b a", "b c"], 1, "en") == pytest.approx(60.0)
    assert metrics.distinct_n(["a b a", "b c"], 2, "en") == pytest.approx(100.0)


def test_distinct_of_nothing_is_zero():
    assert metrics.distinct_n(["", "红"], 2, "zh") == 0.0


# ---- a run's figures --------------------------------------------------------------------------------------------


def test_overlap_scores_average_rows_and_pool_sacrebleu():
    refs, hyps = ["红色连衣裙很美", "白色上衣"], ["红色连衣裙", "白色上衣"]
    got = metrics.overlap_scores(refs, hyps, "zh")
    # BLEU-4 averages rows: (67.0320 + 100)/2 = 83.5160; sacrebleu pools: 80.0737 (see above).
    assert got["bleu4"] == pytest.approx((100 * math.exp(-0.4) + 100) / 2, abs=1e-4)
    assert got["sacrebleu"] == pytest.approx(80.07374, abs=1e-3)
    # Lengths 5 and 4 characters → 4.5; characters 红色连衣裙白色上衣: 9 unigrams, 色 and 衣 twice → 7 distinct.
    assert got["avg_chars"] == 4.5
    assert got["distinct1"] == pytest.approx(100 * 7 / 9)


def test_overlap_scores_refuse_unpaired_lists():
    with pytest.raises(ValueError, match="2 references but 1 hypotheses"):
        metrics.overlap_scores(["a", "b"], ["a"], "en")


# ---- paired bootstrap -------------------------------------------------------------------------------------------


def test_paired_bootstrap_of_a_constant_difference_has_a_zero_width_interval():
    # B − A is 2 on every row, so every resample's mean difference is exactly 2.
    diff, low, high = paired_bootstrap([1.0, 5.0, 3.0], [3.0, 7.0, 5.0], resamples=200)
    assert (diff, low, high) == (2.0, 2.0, 2.0)


def test_paired_bootstrap_interval_lies_within_the_extreme_row_differences():
    # Row differences 0, 0, 0, 10: the observed mean is 2.5; a resample's mean lies in [0, 10], and with 4 rows
    # a resample has no 10 with probability (3/4)^4 = 0.316 > 2.5%, so the lower bound is exactly 0.
    diff, low, high = paired_bootstrap([0.0] * 4, [0.0, 0.0, 0.0, 10.0], resamples=1000, seed=1)
    assert diff == 2.5
    assert low == 0.0
    assert 2.5 < high <= 10.0


def test_bootstrap_is_reproducible_with_its_seed():
    stat = lambda idx: sum(idx) / len(idx)  # noqa: E731
    assert bootstrap(10, stat, seed=3) == bootstrap(10, stat, seed=3)


def test_paired_bootstrap_refuses_unpaired_samples():
    with pytest.raises(ValueError, match="differ in size"):
        paired_bootstrap([1.0], [1.0, 2.0])


# ---- fact consistency and compliance: shares of rows the quality gate does not block ------------------------------


def test_fact_consistency_and_compliance_rate_are_shares_of_unblocked_rows():
    from shopscribe.tune.evaluate import score

    content = "类型#上衣*材质#牛仔布*颜色#白色"
    rows = [
        # Clean: only what the attributes say.
        {"content": content, "reference": "白色牛仔上衣。", "prediction": "这款白色牛仔布上衣，简约百搭。"},
        # Contradicts the colour (白色) and the material (牛仔布): a fact block, no ad-law term.
        {"content": content, "reference": "白色牛仔上衣。", "prediction": "这款黑色真丝上衣，简约百搭。"},
        # Absolute terms (Advertising Law art. 9): a compliance block, facts untouched.
        {"content": content, "reference": "白色牛仔上衣。", "prediction": "国家级品质，全网最低价的白色牛仔布上衣。"},
    ]
    got = score(rows)
    # Fact: rows 1 and 3 pass → 2/3; compliance: rows 1 and 2 pass → 2/3.
    assert got["fact_consistency"] == pytest.approx(100 * 2 / 3)
    assert got["compliance_rate"] == pytest.approx(100 * 2 / 3)
