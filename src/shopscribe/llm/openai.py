"""The `openai` backend: any OpenAI-compatible chat server (vLLM, llama.cpp server, Ollama, DeepSeek, Qwen DashScope).

Requests stream (SSE) so a cancel can stop mid-answer and a dead server is noticed between chunks.
Retries with exponential backoff and full jitter on 429, 5xx and connection errors, honouring Retry-After;
a semaphore bounds how many requests are in flight at once.
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from shopscribe.config import Settings, get_settings
from shopscribe.errors import UserError
from shopscribe.llm.base import Completion, GenerationCancelled, GenerationError, GenerationRequest

log = logging.getLogger("shopscribe.llm.openai")

RETRY_STATUS = {408, 409, 429, 500, 502, 503, 504}
RETRY_ERRORS = (httpx.TransportError,)  # connect/read/write errors, timeouts, a connection dropped mid-answer
MAX_RETRY_AFTER_S = 60.0


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


def _safe_url(url: str) -> str:
    """The base URL without any user:password part, for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


@dataclass
class _Answer:
    texts: dict[int, list[str]] = field(default_factory=dict)
    finish: dict[int, str] = field(default_factory=dict)
    prompt_tokens: int = 0
    completion_tokens: int = 0


class OpenAIGenerator:
    """The Generator for an OpenAI-compatible server. Thread-safe; at most settings.concurrency requests in flight."""

    def __init__(self, settings: Settings | None = None, model: str | None = None, *,
                 base_url: str | None = None, api_key: str | None = None,
                 backoff_base_s: float = 0.5, backoff_cap_s: float = 8.0) -> None:
        self._settings = settings or get_settings()
        self._model = model or self._settings.openai_model
        self._base_url = (base_url or self._settings.openai_base_url).rstrip("/")
        key = api_key if api_key is not None else self._settings.openai_api_key.get_secret_value()
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        timeout = self._settings.request_timeout_s
        self._client = httpx.Client(
            base_url=self._base_url, headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
            limits=httpx.Limits(max_connections=max(1, self._settings.concurrency) * 2),
        )
        self._slots = threading.BoundedSemaphore(max(1, self._settings.concurrency))
        self._max_retries = max(0, self._settings.max_retries)
        self._backoff_base_s = backoff_base_s
        self._backoff_cap_s = backoff_cap_s
        self._n_supported: bool | None = None  # learnt from the first request with n > 1

    @property
    def model(self) -> str:
        return self._model

    def close(self) -> None:
        self._client.close()

    def _body(self, request: GenerationRequest, n: int, seed: int | None) -> dict[str, Any]:
        if request.end_bias:
            # A remote server's token ids are unknown here; biasing a guessed id would silently bias another token.
            raise UserError("end_bias (a length bias) needs the embedded engine, which reads the model's end token "
                            "from its file; leave it unset for an OpenAI-compatible server")
        return request.chat_body(seed=seed, n=n, model=self._model)

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, MAX_RETRY_AFTER_S)
        return random.uniform(0, min(self._backoff_cap_s, self._backoff_base_s * 2**attempt))

    def _post(self, body: dict[str, Any], cancel: threading.Event | None) -> _Answer:
        """One request with retries; GenerationError once the retries are spent."""
        last = ""
        for attempt in range(self._max_retries + 1):
            if cancel is not None and cancel.is_set():
                raise GenerationCancelled("cancelled")
            try:
                with self._slots:
                    return self._attempt(body, cancel)
            except _Retryable as exc:
                last = str(exc)
                if attempt == self._max_retries:
                    break
                delay = self._backoff(attempt, exc.retry_after)
                log.warning("%s: %s; retry %d/%d in %.1fs", _safe_url(self._base_url), last, attempt + 1,
                            self._max_retries, delay)
                # Sleep outside the semaphore, and wake at once on cancel.
                if cancel is not None:
                    if cancel.wait(delay):
                        raise GenerationCancelled("cancelled while waiting to retry") from None
                else:
                    time.sleep(delay)
        raise GenerationError(
            f"{_safe_url(self._base_url)} (model {self._model}): gave up after {self._max_retries + 1} attempts: {last}"
        )

    def _attempt(self, body: dict[str, Any], cancel: threading.Event | None) -> _Answer:
        try:
            with self._client.stream("POST", "/chat/completions", json=body) as response:
                if response.status_code != 200:
                    response.read()
                    self._raise_for(response)
                if "text/event-stream" not in response.headers.get("content-type", ""):
                    # A server that ignores "stream" answers with one JSON document.
                    response.read()
                    return self._from_json(response.json())
                return self._from_stream(response, cancel)
        except RETRY_ERRORS as exc:
            raise _Retryable(f"{type(exc).__name__}: {exc}".rstrip(": ")) from exc
        except ValueError as exc:  # a body that is not JSON
            raise GenerationError(f"{_safe_url(self._base_url)}: unreadable answer: {exc}") from exc

    def _raise_for(self, response: httpx.Response) -> None:
        status = response.status_code
        detail = response.text[:300].strip()
        try:
            err = response.json().get("error")
            if isinstance(err, dict):
                detail = str(err.get("message", detail))
            elif err:
                detail = str(err)
        except (ValueError, AttributeError):
            pass
        if status in RETRY_STATUS:
            raise _Retryable(f"HTTP {status}: {detail}", parse_retry_after(response.headers.get("retry-after")))
        hint = {401: " (check SHOPSCRIBE_OPENAI_API_KEY)", 403: " (check SHOPSCRIBE_OPENAI_API_KEY)",
                404: " (check SHOPSCRIBE_OPENAI_BASE_URL and SHOPSCRIBE_OPENAI_MODEL)"}.get(status, "")
        raise GenerationError(f"{_safe_url(self._base_url)} (model {self._model}): HTTP {status}: {detail}{hint}")

    @staticmethod
    def _usage(answer: _Answer, usage: dict[str, Any] | None) -> None:
        if usage:
            answer.prompt_tokens = int(usage.get("prompt_tokens") or 0)
            answer.completion_tokens = int(usage.get("completion_tokens") or 0)

    def _from_json(self, data: dict[str, Any]) -> _Answer:
        if "error" in data:
            raise GenerationError(f"{_safe_url(self._base_url)}: {data['error']}")
        answer = _Answer()
        for i, choice in enumerate(data.get("choices") or ()):
            idx = choice.get("index", i)
            answer.texts[idx] = [(choice.get("message") or {}).get("content") or ""]
            answer.finish[idx] = choice.get("finish_reason") or ""
        self._usage(answer, data.get("usage"))
        return answer

    def _from_stream(self, response: httpx.Response, cancel: threading.Event | None) -> _Answer:
        answer = _Answer()
        for line in response.iter_lines():
            if cancel is not None and cancel.is_set():
                # Leaving the `with` closes the connection; the server stops generating.
                raise GenerationCancelled("cancelled during generation")
            if line.startswith("error:"):
                raise GenerationError(f"{_safe_url(self._base_url)}: {line[6:].strip()[:300]}")
            if not line.startswith("data:"):
                continue
            data = line[5:].strip()
            if data == "[DONE]":
                return answer
            chunk = json.loads(data)
            if "error" in chunk:
                raise GenerationError(f"{_safe_url(self._base_url)}: {chunk['error']}")
            for choice in chunk.get("choices") or ():
                idx = choice.get("index", 0)
                content = (choice.get("delta") or {}).get("content")
                answer.texts.setdefault(idx, [])
                if content:
                    answer.texts[idx].append(content)
                if choice.get("finish_reason"):
                    answer.finish[idx] = choice["finish_reason"]
            self._usage(answer, chunk.get("usage"))
        if not answer.finish:
            # The stream ended without a finish reason or [DONE]: the server went away mid-answer.
            raise _Retryable("the stream ended before the answer was complete")
        return answer

    def generate(self, request: GenerationRequest, cancel: threading.Event | None = None) -> Completion:
        started = time.monotonic()
        n = max(1, request.n)
        first = self._post(self._body(request, n if self._n_supported is not False else 1, request.seed), cancel)
        if n > 1 and self._n_supported is None:
            texts = {"".join(t) for t in first.texts.values()}
            # Some servers ignore n; llama.cpp's server honours it but samples every copy with one seed, so
            # n identical answers at temperature > 0 count as "not supported" too.
            self._n_supported = len(first.texts) >= n and (len(texts) > 1 or request.temperature == 0)
            if not self._n_supported and first.texts:
                keep = min(first.texts)
                first.texts = {keep: first.texts[keep]}
                first.finish = {keep: first.finish.get(keep, "")}
        answers = [first]
        if len(first.texts) < n:
            # Ask for the missing candidates one by one, each with its own seed (in parallel, within the semaphore).
            answers += self._more(request, n - len(first.texts), cancel)
        texts: list[str] = []
        finish: list[str] = []
        for answer in answers:
            for idx in sorted(answer.texts):
                texts.append("".join(answer.texts[idx]))
                finish.append(answer.finish.get(idx, ""))
        return Completion(
            texts=texts[:n], model=self._model,
            prompt_tokens=sum(a.prompt_tokens for a in answers),
            completion_tokens=sum(a.completion_tokens for a in answers),
            latency_ms=round((time.monotonic() - started) * 1000),
            finish_reasons=finish[:n],
        )

    def _more(self, request: GenerationRequest, count: int, cancel: threading.Event | None) -> list[_Answer]:
        results: list[_Answer | BaseException | None] = [None] * count
        base_seed = request.seed if request.seed is not None else random.randrange(2**31)

        def one(i: int) -> None:
            seed = base_seed + i + 1
            try:
                results[i] = self._post(self._body(request, 1, seed), cancel)
            except BaseException as exc:  # re-raised in the caller's thread
                results[i] = exc

        workers = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(count)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        for r in results:
            if isinstance(r, BaseException):
                raise r
        return [r for r in results if isinstance(r, _Answer)]
