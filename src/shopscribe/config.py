"""Settings for shopscribe, read from the environment (prefix SHOPSCRIBE_) or a .env file."""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOPSCRIBE_", env_file=".env", extra="ignore", populate_by_name=True)

    home: Path = Field(default=Path(".shopscribe"), description="Holds the database, caches and models.")
    database_url: str | None = Field(default=None, description="Any SQLAlchemy URL; default: SQLite file in home.")
    # Assembled model files are large; several homes (tests, shops) may share one cache.
    models_path: Path | None = Field(default=None, alias="SHOPSCRIBE_MODELS_DIR")
    # Data sets fetched at setup from packages (e.g. the VADER sdist's review snippets); shared like the models.
    data_path: Path | None = Field(default=None, alias="SHOPSCRIBE_DATA_DIR")
    # Keyed hash for shopper and review-author pseudonyms. A shop should set its own; the default
    # keeps pseudonyms stable on one machine but is public, so it only protects against casual reading.
    pseudonym_key: SecretStr = SecretStr("shopscribe-default-pseudonym-key")

    # Generation backend: "embedded" (model shipped in PyPI packages, llama.cpp on the CPU)
    # or "openai" (any OpenAI-compatible server).
    backend: str = "embedded"
    model: str = "qwen2.5-coder-1.5b"
    # A LoRA adapter (GGUF, from `shopscribe tune lora`) the embedded model loads for generation.
    adapter: Path | None = None
    threads: int = 2
    slots: int = 4
    context_size: int = 4096
    openai_base_url: str = "http://127.0.0.1:8000/v1"
    openai_model: str = "default"
    openai_api_key: SecretStr = SecretStr("")
    request_timeout_s: float = 120.0
    max_retries: int = 4
    concurrency: int = 4
    # Where the webhook channel delivers, and the secret its HMAC-SHA256 signature is made with.
    webhook_url: str | None = None
    webhook_secret: SecretStr = SecretStr("")
    webhook_timeout_s: float = 10.0
    # The quality gate's learned stages: compliance by meaning (an e5 model and trained heads, run only on sentences
    # with a risk cue) and the claim-support judge for facts (off by default: it costs more per draft).
    quality_learned: bool = True
    quality_support_judge: bool = False
    # The compliance stage's fine-tuned reader (the embedded 0.5B model's first 12 blocks), averaged with the heads
    # when the model is installed: it catches more paraphrased violations at the same false alarms.
    quality_reader: bool = True

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'shopscribe.db').resolve()}"

    @property
    def models_dir(self) -> Path:
        return self.models_path or self.home / "models"

    @property
    def data_dir(self) -> Path:
        return self.data_path or self.home / "data"

    @property
    def prompts_dir(self) -> Path | None:
        """HOME/prompts: a shop's own Jinja templates (same names as the built-in ones win); None when absent."""
        path = self.home / "prompts"
        return path if path.is_dir() else None


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings() -> None:
    """Forget cached settings (tests change the environment between cases)."""
    get_settings.cache_clear()
