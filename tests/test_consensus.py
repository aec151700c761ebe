"""Minimum-Bayes-risk selection: chrF as sacrebleu computes it, the consensus of a constructed set, and the
pipeline and evaluation options that use it (a real HTTP server on 127.0.0.1 plays the model)."""

from __future__ import annotations

import json

import pytest
import sacrebleu

from llm_servers import FaultInjectingServer, Reply
from shopscribe.content import write
from shopscribe.content.consensus import chrf, consensus_order, consensus_scores
from shopscribe.tune.evaluate import Decoding, EvalSpec
from test_pipeline_requests import BLOCKED, PRODUCT, generator


@pytest.mark.parametrize("hyp, ref", [
    ("红色连衣裙很美", "红色连衣裙"),
    ("这款上衣采用纯棉面料，柔软透气", "这件纯棉上衣柔软又透气"),
    ("the cat sat on the mat", "the cat sat on a mat"),
    ("完全不同", "毫无关系"),
])
def test_chrf_is_sacrebleus_sentence_chrf(hyp, ref):
    assert chrf(hyp, ref) == pytest.approx(sacrebleu.sentence_chrf(hyp, [ref]).score, abs=1e-9)


# Three samples that say nearly the same thing and one outlier: the consensus is the middle of the three.
NEAR_A = "这款纯棉圆领T恤柔软透气，白色和黑色两种可选，日常通勤都合适。"
NEAR_B = "纯棉圆领T恤柔软透气，白色和黑色可选，通勤居家都合适。"
MIDDLE = "这款纯棉圆领T恤柔软透气，白色和黑色可选，日常通勤居家都合适。"
OUTLIER = "夏日清凉，一件就够，让你在人群中脱颖而出，出门约会都好看。"


def test_the_candidate_closest_to_all_others_comes_first():
    texts = [OUTLIER, NEAR_A, NEAR_B, MIDDLE]
    scores = consensus_scores(texts)
    assert scores.index(max(scores)) == 3 and scores.index(min(scores)) == 0
    assert consensus_order(texts, [True] * 4)[0] == 3
    # The gate still rules: a blocked candidate comes after every passing one, however central.
    assert consensus_order(texts, [True, True, True, False]) == [1, 2, 0, 3]
    assert consensus_scores(["只有一条"]) == [0.0]


def test_write_with_pick_consensus_keeps_the_passing_consensus_first():
    texts = [NEAR_A, OUTLIER, MIDDLE, NEAR_B, BLOCKED]
    with FaultInjectingServer([], then=Reply(texts=texts)) as server:
        written = write(PRODUCT, "description", "zh", generator(server), variants=5, max_attempts=1,
                        pick="consensus", temperature=0.7, seed=1)
    assert len(server.requests) == 1 and server.requests[0]["body"]["n"] == 5
    # Mean chrF to the other four: MIDDLE 45.7, NEAR_A 40.3, NEAR_B 39.3, BLOCKED 12.2, OUTLIER 2.6.
    assert [c.text for c in written.candidates][:4] == [MIDDLE, NEAR_A, NEAR_B, OUTLIER]
    assert written.candidates[-1].text == BLOCKED and not written.candidates[-1].passed
    assert written.settings["pick"] == "consensus"


def test_an_unknown_pick_is_refused():
    with pytest.raises(ValueError, match="pick"):
        write(PRODUCT, "description", "zh", generator=None, pick="longest")  # type: ignore[arg-type]


def test_mbr_decoding_samples_and_older_greedy_fingerprints_stay_the_same():
    mbr = Decoding.mbr(8, seed=3)
    assert (mbr.temperature, mbr.top_p, mbr.candidates, mbr.pick, mbr.seed) == (0.7, 0.9, 8, "consensus", 3)
    # A greedy spec's fingerprint is computed from the same fields as before MBR existed, so the predictions
    # files of earlier runs still resume.
    greedy = EvalSpec(model="m").to_dict()
    assert "candidates" not in json.dumps(greedy) and "pick" not in json.dumps(greedy)
    assert EvalSpec(model="m").fingerprint != EvalSpec(model="m", decoding=mbr).fingerprint
