"""Language-model backends behind one Generator protocol, and the registry of models that ship in PyPI packages."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from shopscribe.config import Settings, get_settings
from shopscribe.errors import UserError
from shopscribe.llm import models
from shopscribe.llm.base import Completion, GenerationCancelled, GenerationError, GenerationRequest, Generator
from shopscribe.llm.models import ModelSpec, ModelStatus, Speed, install, list_models, path_for, verify

BACKENDS = ("embedded", "openai")


def require_adapter(path: str | Path) -> Path:
    """The adapter file, or a UserError that says how to make one (before any model loads)."""
    if not Path(path).is_file():
        raise UserError(f"LoRA adapter {path} does not exist; train one with `shopscribe tune lora` "
                        "(it writes OUT/adapter.gguf)")
    return Path(path)


def shop_adapter_dir(home: Path, model: str) -> Path:
    """Where `shopscribe tune lora --from-drafts` writes the shop's own adapter for a base model."""
    return Path(home) / "adapters" / f"shop-{models.short_name(model)}"


def default_adapter(settings: Settings, model: str | None = None) -> Path | None:
    """The adapter generation uses when none is named: SHOPSCRIBE_ADAPTER, else the shop's own adapter for this
    model once `tune lora --from-drafts` has written one (embedded backend only: a server serves its own)."""
    if settings.adapter is not None:
        return settings.adapter
    if settings.backend != "embedded":
        return None
    own = shop_adapter_dir(settings.home, model or settings.model) / "adapter.gguf"
    return own if own.is_file() else None


def get_generator(settings: Settings | None = None, model: str | None = None,
                  adapters: Sequence[str | Path | tuple[str | Path, float]] | None = None) -> Generator:
    """The Generator chosen by settings.backend.

    model: for `embedded`, a registry name or a .gguf path (default settings.model);
    for `openai`, the model name sent to the server (default settings.openai_model).
    adapters: LoRA adapter files (GGUF), each a path or (path, scale); embedded backend only.
    """
    settings = settings or get_settings()
    if settings.backend == "embedded":
        from shopscribe.llm.embedded import Adapter, EmbeddedGenerator

        loras = [Adapter(str(a[0]), float(a[1])) if isinstance(a, tuple) else Adapter(str(a)) for a in adapters or ()]
        return EmbeddedGenerator(model=model, settings=settings, adapters=loras)
    if settings.backend == "openai":
        if adapters:
            raise UserError(
                "LoRA adapters load only in the embedded backend; an OpenAI-compatible server serves an adapter "
                "as its own model name (set SHOPSCRIBE_OPENAI_MODEL)"
            )
        from shopscribe.llm.openai import OpenAIGenerator

        return OpenAIGenerator(settings=settings, model=model)
    raise UserError(f"SHOPSCRIBE_BACKEND={settings.backend!r} is not a backend: choose one of {', '.join(BACKENDS)}")


__all__ = [
    "Completion", "GenerationCancelled", "GenerationError", "GenerationRequest", "Generator", "get_generator",
    "require_adapter", "default_adapter", "shop_adapter_dir",
    "models", "ModelSpec", "ModelStatus", "Speed", "install", "verify", "list_models", "path_for",
]
