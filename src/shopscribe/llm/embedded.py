"""The default backend: a GGUF model run on the CPU by llama.cpp (through xllamacpp), loaded once per process.

One engine per (file, threads, slots, context, adapters) is shared by every thread in the process.
The engine has `slots` parallel decoding slots; each candidate of a request is one llama.cpp task,
so concurrent requests (and the n candidates of one request) decode together in those slots,
and a task beyond the slots waits in llama.cpp's queue. The prompt cache reuses shared prefixes.
"""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shopscribe.config import Settings, get_settings
from shopscribe.errors import UserError
from shopscribe.llm import gguf_meta, models
from shopscribe.llm.base import Completion, GenerationCancelled, GenerationError, GenerationRequest


@dataclass(frozen=True)
class Adapter:
    """A LoRA adapter in GGUF form, applied over the base model with a scale."""

    path: str
    scale: float = 1.0


@dataclass(frozen=True)
class EngineKey:
    path: str
    threads: int
    slots: int
    context_size: int  # per slot: prompt plus output of one candidate
    adapters: tuple[Adapter, ...] = ()
    port: int = 0  # 0: llama.cpp picks a free port on 127.0.0.1 (its listener is always open)
    alias: str = ""


_ENGINES: dict[EngineKey, Any] = {}
_ENGINES_LOCK = threading.Lock()


def _quiet() -> bool:
    return os.environ.get("SHOPSCRIBE_LOG_LEVEL", "").lower() != "debug"


def _params(key: EngineKey) -> Any:
    import xllamacpp as xlc

    p = xlc.CommonParams()
    p.model.path = key.path
    p.n_parallel = key.slots
    # llama.cpp splits n_ctx evenly over the slots; each slot gets the configured context.
    p.n_ctx = key.context_size * key.slots
    p.cpuparams.n_threads = key.threads
    p.cpuparams_batch.n_threads = key.threads
    p.cache_prompt = True
    p.cont_batching = True
    p.hostnames = ["127.0.0.1"]
    p.port = key.port
    if key.alias:
        p.model_alias = {key.alias}
    if key.adapters:
        p.lora_adapters = [xlc.CommonAdapterLoraInfo(a.path, a.scale) for a in key.adapters]
    if _quiet():
        p.verbosity = 0
    return p


def engine(key: EngineKey) -> Any:
    """The loaded llama.cpp server for this key; loads it on first use (a few seconds), then reuses it."""
    with _ENGINES_LOCK:
        server = _ENGINES.get(key)
        if server is None:
            import xllamacpp as xlc

            for adapter in key.adapters:
                if not Path(adapter.path).is_file():
                    raise UserError(f"LoRA adapter {adapter.path} does not exist")
            try:
                server = xlc.Server(_params(key))
            except RuntimeError as exc:
                raise UserError(
                    f"llama.cpp could not load {key.path}"
                    + (f" with adapters {[a.path for a in key.adapters]}" if key.adapters else "")
                    + f": {exc} (is it a GGUF model file? set SHOPSCRIBE_LOG_LEVEL=debug to see llama.cpp's log)"
                ) from exc
            _ENGINES[key] = server
        return server


def unload(path: str | Path | None = None) -> None:
    """Drop cached engines (all, or those of one file) so their memory can be freed."""
    with _ENGINES_LOCK:
        for key in [k for k in _ENGINES if path is None or k.path == str(path)]:
            del _ENGINES[key]


def _adapter_id(adapter: Adapter) -> str:
    """stem@sha256[:12] (×scale when not 1): a retrained adapter at the same path is another model."""
    scale = "" if adapter.scale == 1.0 else f"×{adapter.scale:g}"
    return f"{Path(adapter.path).stem}@{models.sha256_file(Path(adapter.path))[:12]}{scale}"


def engine_key(model: str, settings: Settings, adapters: list[Adapter] | tuple[Adapter, ...] = (), port: int = 0) -> EngineKey:
    path = models.path_for(model, settings)
    alias = models.short_name(model)
    return EngineKey(
        path=str(path), threads=settings.threads, slots=settings.slots, context_size=settings.context_size,
        adapters=tuple(adapters), port=port, alias=alias,
    )


def _body(request: GenerationRequest, seed: int, end_token: int | None) -> dict[str, Any]:
    # One candidate per task, so slots decode them in parallel; the shared prompt prefix is cached.
    body = {**request.chat_body(seed=seed), "cache_prompt": True}
    if request.end_bias:
        if end_token is None:
            raise GenerationError("this model's file names no end-of-turn token, so end_bias cannot apply")
        body["logit_bias"] = {str(end_token): request.end_bias}
    return body


@dataclass
class _Candidate:
    text: str = ""
    finish_reason: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    error: str | None = None
    cancelled: bool = False
    first_token_at: float | None = None
    done_at: float | None = None


class EmbeddedGenerator:
    """The Generator for a GGUF model in this process. Thread-safe; threads share the engine and its slots."""

    def __init__(self, model: str | None = None, settings: Settings | None = None,
                 adapters: list[Adapter] | tuple[Adapter, ...] = ()) -> None:
        self._settings = settings or get_settings()
        self._name = model or self._settings.model
        self._key = engine_key(self._name, self._settings, adapters)
        self._server = engine(self._key)
        # Drafts and eval records name the adapter too: copy from a tuned model must be told apart from the base.
        self._label = self._name + "".join(f"+lora:{_adapter_id(a)}" for a in adapters)

    @property
    def model(self) -> str:
        return self._label

    def _run(self, body: dict[str, Any], out: _Candidate, cancel: threading.Event | None) -> None:
        parts: list[str] = []

        def on_chunk(chunk: dict[str, Any]) -> bool:
            if "error" in chunk:
                err = chunk["error"]
                out.error = err.get("message", str(err)) if isinstance(err, dict) else str(err)
                return True
            for choice in chunk.get("choices") or ():
                delta = choice.get("delta") or {}
                if delta.get("content"):
                    if out.first_token_at is None:
                        out.first_token_at = time.monotonic()
                    parts.append(delta["content"])
                if choice.get("finish_reason"):
                    out.finish_reason = choice["finish_reason"]
            usage = chunk.get("usage")
            if usage:
                out.prompt_tokens = usage.get("prompt_tokens", 0)
                out.completion_tokens = usage.get("completion_tokens", 0)
            # Returning True tells llama.cpp to stop this task and free its slot.
            if cancel is not None and cancel.is_set():
                out.cancelled = True
                return True
            return False

        try:
            self._server.handle_chat_completions(body, on_chunk)
        except (ValueError, RuntimeError) as exc:
            out.error = str(exc)
        out.text = "".join(parts)
        out.done_at = time.monotonic()

    def generate_candidates(self, request: GenerationRequest, cancel: threading.Event | None = None) -> list[_Candidate]:
        """The n candidates of a request, each its own llama.cpp task with its own seed, decoded in parallel slots."""
        if cancel is not None and cancel.is_set():
            raise GenerationCancelled("cancelled before generation started")
        base_seed = request.seed if request.seed is not None else random.randrange(2**31)
        outs = [_Candidate() for _ in range(max(1, request.n))]
        end_token = gguf_meta.end_token(self._key.path) if request.end_bias else None
        bodies = [_body(request, base_seed + i, end_token) for i in range(len(outs))]
        if len(outs) == 1:
            self._run(bodies[0], outs[0], cancel)
        else:
            workers = [threading.Thread(target=self._run, args=(b, o, cancel), daemon=True) for b, o in zip(bodies, outs)]
            for w in workers:
                w.start()
            for w in workers:
                w.join()
        if (cancel is not None and cancel.is_set()) or any(o.cancelled for o in outs):
            raise GenerationCancelled("cancelled during generation")
        errors = [o.error for o in outs if o.error]
        if errors:
            raise GenerationError(f"llama.cpp ({self._name}): {errors[0]}")
        return outs

    def generate(self, request: GenerationRequest, cancel: threading.Event | None = None) -> Completion:
        started = time.monotonic()
        outs = self.generate_candidates(request, cancel)
        return Completion(
            texts=[o.text for o in outs],
            model=self._label,  # with its adapters: the draft's record must say the copy came from a tuned model
            # Each candidate is its own task, so the prompt counts once per candidate (cached prefixes included).
            prompt_tokens=sum(o.prompt_tokens for o in outs),
            completion_tokens=sum(o.completion_tokens for o in outs),
            latency_ms=round((time.monotonic() - started) * 1000),
            finish_reasons=[o.finish_reason for o in outs],
        )

    def close(self) -> None:
        # The engine is shared by every generator of this process; `unload()` frees it explicitly.
        pass


def measure_speed(model: str, settings: Settings | None = None, max_tokens: int = 32) -> models.Speed:
    """A short generation on this machine: decode and prompt tokens per second (one request, one slot busy)."""
    settings = settings or get_settings()
    server = engine(engine_key(model, settings))
    body = {
        "messages": [{"role": "user", "content": "Write two sentences of marketing copy for a stainless steel water bottle."}],
        "max_tokens": max_tokens, "temperature": 0.0, "seed": 1, "cache_prompt": False,
    }
    result = server.handle_chat_completions(body)
    if "error" in result:
        raise GenerationError(f"llama.cpp ({model}): {result['error']}")
    timings = result.get("timings", {})
    return models.Speed(
        tokens_per_s=round(float(timings.get("predicted_per_second", 0.0)), 1),
        prompt_tokens_per_s=round(float(timings.get("prompt_per_second", 0.0)), 1),
        threads=settings.threads,
        measured_at=models._now(),
    )


def serve(model: str, port: int, settings: Settings | None = None,
          adapters: list[Adapter] | tuple[Adapter, ...] = (), ready: Any = None) -> None:
    """Serve the model as an OpenAI-compatible HTTP server on 127.0.0.1:port until SIGINT/SIGTERM.

    llama.cpp's own server answers /v1/chat/completions, /v1/completions, /v1/models and /health;
    `ready(address)` is called once it listens.
    """
    settings = settings or get_settings()
    stop = threading.Event()
    server = engine(engine_key(model, settings, adapters, port=port))
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        if ready is not None:
            ready(server.listening_address)
        while not stop.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        unload(models.path_for(model, settings))
