"""The shop's brand voice: tone, banned words and required phrases, read from a TOML profile."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ValidationError

from shopscribe.errors import UserError


class ShopProfile(BaseModel):
    name: str = ""
    tone_zh: str = ""
    tone_en: str = ""
    banned_words: list[str] = []
    required_phrases: list[str] = []


def load_profile(path: Path | None) -> ShopProfile:
    """Read a shop profile (TOML); a missing default profile means a neutral voice."""
    if path is None or not path.exists():
        if path is not None and path.name != "shop.toml":
            raise UserError(f"{path}: shop profile not found; pass an existing TOML file to --profile")
        return ShopProfile()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return ShopProfile.model_validate(data.get("shop", data))
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: not valid TOML ({exc}); fix the file or remove it") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise UserError(f"{path}: field '{field}': {first['msg']}") from exc
