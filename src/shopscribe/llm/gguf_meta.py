"""A GGUF file's metadata header, read without loading its tensors.

The `gguf` package's reader builds arrays for the whole vocabulary and every tensor (about 9 s for the 0.5B
model on 2 cores); the engine needs a few integers from the header before a request, so this walks the
key/value section only and skips the large arrays by their lengths.
"""

from __future__ import annotations

import mmap
import struct
from functools import lru_cache
from pathlib import Path
from typing import Any

from shopscribe.errors import UserError

# GGUF value types: fixed-size scalars by their struct code; 8 is a string, 9 an array.
_SCALARS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}
_STRING, _ARRAY = 8, 9


def _read(buf: Any, pos: int, code: str) -> tuple[Any, int]:
    return struct.unpack_from("<" + code, buf, pos)[0], pos + struct.calcsize(code)


def _string(buf: Any, pos: int) -> tuple[str, int]:
    n, pos = _read(buf, pos, "Q")
    return bytes(buf[pos:pos + n]).decode("utf-8", "replace"), pos + n


def _skip_array(buf: Any, pos: int) -> int:
    kind, pos = _read(buf, pos, "I")
    n, pos = _read(buf, pos, "Q")
    if kind in _SCALARS:
        return pos + n * struct.calcsize(_SCALARS[kind])
    for _ in range(n):
        if kind == _STRING:
            size, pos = _read(buf, pos, "Q")
            pos += size
        elif kind == _ARRAY:
            pos = _skip_array(buf, pos)
        else:
            raise ValueError(f"unknown GGUF array type {kind}")
    return pos


def scalars(path: str | Path) -> dict[str, Any]:
    """Every scalar and string entry of the header (arrays such as the vocabulary are left out)."""
    path = Path(path)
    try:
        with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
            if buf[:4] != b"GGUF":
                raise UserError(f"{path} is not a GGUF file")
            pos = 8 + 8  # magic, version, tensor count
            count, pos = _read(buf, pos, "Q")
            out: dict[str, Any] = {}
            for _ in range(count):
                key, pos = _string(buf, pos)
                kind, pos = _read(buf, pos, "I")
                if kind in _SCALARS:
                    out[key], pos = _read(buf, pos, _SCALARS[kind])
                elif kind == _STRING:
                    out[key], pos = _string(buf, pos)
                elif kind == _ARRAY:
                    pos = _skip_array(buf, pos)
                else:
                    raise UserError(f"{path}: unknown GGUF value type {kind} for {key}")
            return out
    except (OSError, struct.error, ValueError) as exc:
        raise UserError(f"cannot read the GGUF header of {path}: {exc}") from exc


@lru_cache(maxsize=16)
def _end_token(path: str, _stamp: tuple[int, int]) -> int | None:
    meta = scalars(path)
    # Chat models end a turn with their end-of-turn token where one is named (Llama 3's <|eot_id|>), otherwise with
    # EOS (Qwen's <|im_end|>); that is the token a length bias must act on.
    for key in ("tokenizer.ggml.eot_token_id", "tokenizer.ggml.eos_token_id"):
        if key in meta:
            return int(meta[key])
    return None


def end_token(path: str | Path) -> int | None:
    """The id of the token that ends the model's reply, from its header; None when the header names none."""
    st = Path(path).stat()
    return _end_token(str(path), (st.st_size, st.st_mtime_ns))
