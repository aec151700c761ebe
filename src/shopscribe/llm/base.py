"""The one Generator protocol every backend implements: chat messages in; candidates, tokens, timings out."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


DRY_BASE = 1.75  # how fast DRY's penalty grows with the length of the repeat


@dataclass
class GenerationRequest:
    """One prompt, asked for n candidates. messages are OpenAI-style {"role", "content"} dicts."""

    messages: list[dict[str, str]]
    n: int = 1
    max_tokens: int = 256
    temperature: float = 0.7
    top_p: float = 0.9
    seed: int | None = None
    # A JSON schema the output must follow (grammar-constrained where the backend can).
    json_schema: dict[str, Any] | None = None
    stop: list[str] = field(default_factory=list)
    repeat_penalty: float | None = None
    # llama.cpp's DRY sampler: penalises extending a sequence the context already holds (a phrase coming round
    # again), not a token used before, so common words stay free where repeat_penalty taxes every reuse.
    dry: float | None = None
    # Added to the logit of the model's end-of-turn token: negative makes a reply run longer before it stops.
    # content.lengthen forbids ending (a large negative bias) while it continues copy that stopped short.
    end_bias: float | None = None

    def chat_body(self, *, seed: int | None, n: int = 1, model: str | None = None) -> dict[str, Any]:
        """The OpenAI chat-completions body for this request, streamed with usage: what both backends send
        (the embedded engine speaks the same API in-process)."""
        body: dict[str, Any] = {
            "messages": self.messages,
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "top_p": self.top_p,
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        if model is not None:
            body["model"] = model
        if n > 1:
            body["n"] = n
        if seed is not None:
            body["seed"] = seed
        if self.stop:
            body["stop"] = list(self.stop)
        if self.repeat_penalty is not None:
            # Not an OpenAI field: llama.cpp reads repeat_penalty, vLLM and DashScope repetition_penalty.
            body["repeat_penalty"] = self.repeat_penalty
            body["repetition_penalty"] = self.repeat_penalty
        if self.dry:
            # Not an OpenAI field either: llama.cpp's names, its documented defaults besides the multiplier; a
            # repeat may run 2 tokens before it costs, looking back over 512 tokens.
            body.update(dry_multiplier=self.dry, dry_base=DRY_BASE, dry_allowed_length=2, dry_penalty_last_n=512)
        if self.json_schema is not None:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "output", "schema": self.json_schema, "strict": True},
            }
        return body


@dataclass
class Completion:
    """What a backend returns for one request: n texts plus accounting."""

    texts: list[str]
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: int = 0
    finish_reasons: list[str] = field(default_factory=list)

    @property
    def tokens_per_s(self) -> float:
        return self.completion_tokens / (self.latency_ms / 1000) if self.latency_ms else 0.0


class GenerationError(Exception):
    """The backend failed for this request (after its own retries); the caller records and moves on."""


class GenerationCancelled(GenerationError):
    """The caller's cancel event was set before the request finished."""


@runtime_checkable
class Generator(Protocol):
    """A text generator. Safe to call from several threads at once; backends limit concurrency."""

    @property
    def model(self) -> str: ...

    def generate(self, request: GenerationRequest, cancel: threading.Event | None = None) -> Completion: ...

    def close(self) -> None: ...
