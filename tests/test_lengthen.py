"""Copy that stops short is continued sentence by sentence (content.lengthen); copy long enough is left alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llm_servers import FaultInjectingServer, Reply
from shopscribe.config import Settings
from shopscribe.content.lengthen import cut_at_length, lengthen
from shopscribe.errors import UserError
from shopscribe.llm import GenerationRequest
from shopscribe.llm.openai import OpenAIGenerator
from shopscribe.tune.evaluate import Decoding, EvalSpec

SHORT = "这款连衣裙采用纯棉面料，柔软亲肤。"  # 17 characters
REQUEST = GenerationRequest(messages=[{"role": "user", "content": "写一段连衣裙的介绍"}], temperature=0.0)


def openai_generator(server: FaultInjectingServer) -> OpenAIGenerator:
    return OpenAIGenerator(Settings(backend="openai", openai_base_url=server.base_url, openai_model="m",
                                    max_retries=0), backoff_base_s=0.01, backoff_cap_s=0.05)


def test_a_continuation_is_cut_at_the_first_sentence_end_past_the_floor():
    text = SHORT + "收腰设计，显瘦。裙摆宽松，行走自如。"
    assert cut_at_length(text, len(SHORT), 20) == SHORT + "收腰设计，显瘦。"
    assert cut_at_length(text, len(SHORT), 26) == text
    # No sentence end reaches the floor: the continuation's whole sentences are kept, its open end dropped.
    assert cut_at_length(text + "适合约会", len(SHORT), 60) == text
    # A continuation that never ends a sentence adds nothing.
    assert cut_at_length(SHORT + "收腰设计，显瘦", len(SHORT), 20) == SHORT
    # "USB 2.0" is not a sentence end; the English full stop before a space is.
    assert cut_at_length("Soft tee. Fits USB 2.0 ports well. Done.", 9, 15) == "Soft tee. Fits USB 2.0 ports well."


def test_copy_long_enough_or_cut_off_mid_sentence_sends_no_request():
    with FaultInjectingServer([], then=Reply(texts=["不该被请求。"])) as server:
        g = openai_generator(server)
        assert lengthen(SHORT, REQUEST, g, min_chars=len(SHORT)) == (SHORT, None)
        # Cut off by the token limit (no sentence end): a continuation would glue onto half a sentence.
        assert lengthen("这款连衣裙采用纯棉面料", REQUEST, g, min_chars=80) == ("这款连衣裙采用纯棉面料", None)
    assert server.requests == []


def test_a_remote_server_cannot_forbid_ending_and_says_so():
    with FaultInjectingServer([], then=Reply(texts=["收腰设计。"])) as server:
        with pytest.raises(UserError, match="needs the embedded engine"):
            lengthen(SHORT, REQUEST, openai_generator(server), min_chars=80)
    assert server.requests == []


def test_the_floor_is_part_of_an_evals_fingerprint_and_greedy_ones_stay_the_same():
    # The committed zero-shot predictions were written before min_chars existed; they must still resume.
    first = Path("benchmarks/results/advertisegen-dev/qwen2.5-coder-0.5b-zero-dev.jsonl").read_text("utf-8")
    assert EvalSpec(model="qwen2.5-coder-0.5b").fingerprint == json.loads(first.splitlines()[0])["spec"]
    floored = EvalSpec(model="qwen2.5-coder-0.5b", decoding=Decoding(min_chars=80))
    assert floored.fingerprint != EvalSpec(model="qwen2.5-coder-0.5b").fingerprint
    assert Decoding.mbr(8, min_chars=80).min_chars == 80


@pytest.mark.slow
def test_the_real_model_continues_short_copy_in_whole_sentences():
    from shopscribe.content import prompt_for
    from shopscribe.llm import get_generator

    g = get_generator(model="qwen2.5-coder-0.5b")
    product = {"title": "白色纯棉连衣裙", "category": "连衣裙", "attributes": {"材质": "棉", "颜色": "白色", "裙长": "中长款"}}
    request = GenerationRequest(messages=prompt_for(product, "description", "zh").messages, max_tokens=200,
                                temperature=0.0, seed=0, repeat_penalty=1.1)
    start = "这款白色连衣裙采用纯棉面料。"
    text, more = lengthen(start, request, g, min_chars=60)
    assert more is not None and more.completion_tokens > 0
    assert text.startswith(start) and len(text) >= 60 and text[-1] in "。！？"


def test_dry_reaches_a_server_under_llama_cpps_names():
    # DRY taxes a phrase coming round again, not a word used twice; a remote llama.cpp server reads these fields.
    req = GenerationRequest(messages=REQUEST.messages, temperature=0.0, repeat_penalty=1.0, dry=0.8)
    assert {k: v for k, v in req.chat_body(seed=0).items() if k.startswith("dry")} == {
        "dry_multiplier": 0.8, "dry_base": 1.75, "dry_allowed_length": 2, "dry_penalty_last_n": 512}
    assert not [k for k in REQUEST.chat_body(seed=0) if k.startswith("dry")]
    with FaultInjectingServer([], then=Reply(texts=["收腰设计，显瘦。"])) as server:
        openai_generator(server).generate(req)
    assert server.requests[0]["body"]["dry_multiplier"] == 0.8 and server.requests[0]["body"]["repeat_penalty"] == 1.0


def test_dry_is_part_of_an_evals_fingerprint_only_when_on():
    off = EvalSpec(model="qwen2.5-coder-0.5b")
    assert "dry" not in off.to_dict()["decoding"]
    assert EvalSpec(model="qwen2.5-coder-0.5b", decoding=Decoding(repeat_penalty=1.0, dry=0.8)).fingerprint != off.fingerprint
