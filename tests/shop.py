"""Small shops for tests: T-shirts in the store, and the model settings that point at a scripted server."""

from __future__ import annotations

from decimal import Decimal

from llm_servers import FaultInjectingServer
from shopscribe.config import Settings
from shopscribe.llm.openai import OpenAIGenerator
from shopscribe.store import Product, session_scope

COPY = "这款纯棉T恤柔软透气，白色百搭，日常通勤和居家都合适。"


def add_tees(n: int) -> list[str]:
    """n cotton T-shirts TEE-0 … TEE-(n-1); returns their SKUs."""
    skus = [f"TEE-{i}" for i in range(n)]
    with session_scope() as s:
        for sku in skus:
            s.add(Product(sku=sku, title=f"纯棉T恤 {sku}", price=Decimal("89"), currency="CNY",
                          attributes={"材质": "棉", "颜色": "白色"}))
    return skus


def model_settings(server: FaultInjectingServer, **extra) -> Settings:
    """Settings whose generator is the scripted server (an OpenAI-compatible HTTP server on 127.0.0.1)."""
    return Settings(backend="openai", openai_base_url=server.base_url, openai_model="m", max_retries=0, **extra)


def generator(server: FaultInjectingServer) -> OpenAIGenerator:
    return OpenAIGenerator(model_settings(server), backoff_base_s=0.01, backoff_cap_s=0.05)
