"""The openai backend: retries, Retry-After, concurrency, n candidates and cancellation against real local servers."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from llm_servers import SMALL_MODEL, EmbeddedServerProcess, FaultInjectingServer, Reply, free_port
from shopscribe.config import Settings
from shopscribe.llm import GenerationCancelled, GenerationError, GenerationRequest, get_generator
from shopscribe.llm.openai import OpenAIGenerator, parse_retry_after

HELLO = GenerationRequest(messages=[{"role": "user", "content": "Say hello."}], max_tokens=16)


def generator(base_url: str, *, retries: int = 3, concurrency: int = 4, key: str = "", timeout: float = 30.0,
              backoff_base_s: float = 0.01, model: str = "test-model") -> OpenAIGenerator:
    settings = Settings(backend="openai", openai_base_url=base_url, openai_model=model, openai_api_key=key,
                        max_retries=retries, concurrency=concurrency, request_timeout_s=timeout)
    return OpenAIGenerator(settings, backoff_base_s=backoff_base_s, backoff_cap_s=0.05)


def test_get_generator_picks_the_openai_backend_from_settings() -> None:
    g = get_generator(Settings(backend="openai", openai_base_url="http://127.0.0.1:9/v1", openai_model="m"))
    assert isinstance(g, OpenAIGenerator) and g.model == "m"
    g.close()


def test_503_twice_with_retry_after_then_success_waits_as_told() -> None:
    script = [Reply(503, {"Retry-After": "1"}), Reply(503, {"Retry-After": "1"})]
    with FaultInjectingServer(script, then=Reply(texts=["你好"])) as server:
        g = generator(server.base_url)
        completion = g.generate(HELLO)
    assert completion.texts == ["你好"]
    assert (completion.prompt_tokens, completion.completion_tokens) == (11, 3)
    assert len(server.requests) == 3
    gaps = [b["at"] - a["at"] for a, b in zip(server.requests, server.requests[1:])]
    assert all(gap >= 0.95 for gap in gaps), gaps  # the backoff alone would wait at most 0.05 s


def test_429_is_retried_and_a_client_error_is_not() -> None:
    with FaultInjectingServer([Reply(429, {"Retry-After": "0"})], then=Reply(texts=["ok"])) as server:
        assert generator(server.base_url).generate(HELLO).texts == ["ok"]
        assert len(server.requests) == 2
    with FaultInjectingServer([], then=Reply(400)) as server:
        with pytest.raises(GenerationError, match="HTTP 400"):
            generator(server.base_url).generate(HELLO)
        assert len(server.requests) == 1


def test_retries_are_bounded_then_a_generation_error() -> None:
    with FaultInjectingServer([], then=Reply(503)) as server:
        with pytest.raises(GenerationError, match=r"gave up after 3 attempts: HTTP 503"):
            generator(server.base_url, retries=2).generate(HELLO)
        assert len(server.requests) == 3


def test_a_server_that_ignores_stream_still_answers() -> None:
    with FaultInjectingServer([], then=Reply(texts=["plain"], stream=False)) as server:
        assert generator(server.base_url).generate(HELLO).texts == ["plain"]


def test_n_candidates_fall_back_to_separate_requests_when_n_is_ignored() -> None:
    with FaultInjectingServer([], then=Reply(texts=["one answer"])) as server:
        g = generator(server.base_url)
        completion = g.generate(GenerationRequest(messages=HELLO.messages, n=3, seed=7))
        assert completion.texts == ["one answer"] * 3
        assert completion.completion_tokens == 9
        assert server.requests[0]["body"]["n"] == 3
        assert sorted(r["body"]["seed"] for r in server.requests[1:]) == [8, 9]
        # Learnt: the next request does not ask for n again.
        g.generate(GenerationRequest(messages=HELLO.messages, n=2))
        assert "n" not in server.requests[3]["body"]


def test_n_candidates_in_one_request_when_the_server_supports_n() -> None:
    with FaultInjectingServer([], then=Reply(texts=["a", "b"])) as server:
        completion = generator(server.base_url).generate(GenerationRequest(messages=HELLO.messages, n=2))
        assert completion.texts == ["a", "b"] and len(server.requests) == 1


def test_concurrency_is_limited_by_the_semaphore() -> None:
    with FaultInjectingServer([], then=Reply(texts=["ok"], delay_s=0.3)) as server:
        g = generator(server.base_url, concurrency=2)
        threads = [threading.Thread(target=g.generate, args=(HELLO,)) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(server.requests) == 6
        assert server.max_in_flight == 2


def test_json_schema_goes_out_as_response_format() -> None:
    schema = {"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}
    with FaultInjectingServer([], then=Reply(texts=['{"title": "x"}'])) as server:
        generator(server.base_url).generate(GenerationRequest(messages=HELLO.messages, json_schema=schema))
        fmt = server.requests[0]["body"]["response_format"]
        assert fmt["type"] == "json_schema" and fmt["json_schema"]["schema"] == schema


def test_api_key_is_sent_but_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    secret = "sk-test-SECRET-123"
    caplog.set_level(logging.DEBUG)
    with FaultInjectingServer([], then=Reply(503)) as server:
        with pytest.raises(GenerationError) as info:
            generator(server.base_url, key=secret, retries=1).generate(HELLO)
        assert server.requests[0]["headers"]["Authorization"] == f"Bearer {secret}"
    assert secret not in str(info.value)
    assert secret not in caplog.text
    assert "retry 1/1" in caplog.text


def test_cancel_during_backoff_raises_cancelled_at_once() -> None:
    cancel = threading.Event()
    with FaultInjectingServer([], then=Reply(503, {"Retry-After": "30"})) as server:
        threading.Timer(0.3, cancel.set).start()
        started = time.monotonic()
        with pytest.raises(GenerationCancelled):
            generator(server.base_url).generate(HELLO, cancel)
        assert time.monotonic() - started < 5


def test_an_unreachable_server_gives_a_generation_error_not_a_hang() -> None:
    started = time.monotonic()
    with pytest.raises(GenerationError, match="ConnectError"):
        generator(f"http://127.0.0.1:{free_port()}/v1", retries=2).generate(HELLO)
    assert time.monotonic() - started < 5


def test_parse_retry_after_reads_seconds_and_dates() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("soon") is None


# ---- against the real embedded engine served over HTTP (llama.cpp's own server) -------------------------


@pytest.fixture(scope="module")
def model_server():
    server = EmbeddedServerProcess(free_port()).start()
    yield server
    server.stop()


@pytest.mark.slow
def test_completion_and_n_candidates_from_a_real_local_server(model_server: EmbeddedServerProcess) -> None:
    g = generator(model_server.base_url, model=SMALL_MODEL)
    completion = g.generate(GenerationRequest(
        messages=[{"role": "user", "content": "用一句话介绍一款保温杯。"}], n=2, max_tokens=32, seed=11))
    assert len(completion.texts) == 2 and all(t.strip() for t in completion.texts)
    # llama.cpp samples all n copies with one seed, so the backend asks again with distinct seeds.
    assert completion.texts[0] != completion.texts[1]
    assert completion.prompt_tokens > 0 and completion.completion_tokens > 0
    g.close()


@pytest.mark.slow
def test_a_server_stopped_mid_run_gives_retries_then_an_error(model_server: EmbeddedServerProcess) -> None:
    g = generator(model_server.base_url, model=SMALL_MODEL, retries=2, backoff_base_s=0.2)
    result: dict[str, object] = {}

    def run() -> None:
        try:
            # Greedy, and an answer that takes many seconds to stream: a short sampled reply (a refusal) once
            # finished inside the second before the stop, and the test saw a completion instead of an error.
            result["completion"] = g.generate(GenerationRequest(
                messages=[{"role": "user", "content": "Count from 1 to 300, separated by commas."}],
                max_tokens=600, temperature=0.0, seed=0))
        except GenerationError as exc:
            result["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(1.0)  # the answer is streaming now
    model_server.stop()
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert "gave up after 3 attempts" in str(result.get("error"))


@pytest.mark.slow
def test_a_server_that_comes_back_within_the_retry_window_succeeds() -> None:
    port = free_port()
    server = EmbeddedServerProcess(port)
    g = generator(server.base_url, model=SMALL_MODEL, retries=10, backoff_base_s=0.5)
    g._backoff_cap_s = 4.0
    threading.Timer(0.5, server.start).start()
    try:
        completion = g.generate(GenerationRequest(messages=[{"role": "user", "content": "Say hi."}], max_tokens=8))
        assert completion.texts[0].strip()
    finally:
        time.sleep(0.1)
        server.stop()
