"""The embedded model's weights through transformers: its tokenizer, the GGUF dequantised to fp32, and a slice of its
blocks run on hidden states. LoRA training (tune/) and the sentiment reader (llm/reader.py) both stand on these;
generation goes through llama.cpp (llm/embedded.py) instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def tokenizer_cache(gguf_path: Path) -> Path:
    """Where the tokenizer of a GGUF is kept: beside the model files, so every home reuses it."""
    return gguf_path.parent / "tokenizers" / gguf_path.stem


def load_tokenizer(gguf_path: Path, cache_dir: Path) -> Any:
    """The tokenizer inside the GGUF; saved once as a plain tokenizer folder, because rebuilding it from the GGUF
    vocabulary takes about 25 s and loading the folder under a second."""
    from transformers import AutoTokenizer

    if (cache_dir / "tokenizer_config.json").is_file():
        return AutoTokenizer.from_pretrained(str(cache_dir))
    tok = AutoTokenizer.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tok.save_pretrained(str(cache_dir))
    return tok


def load_base(gguf_path: Path) -> Any:
    """The GGUF model dequantised to fp32 (CPUs here have no fast bf16)."""
    import torch
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name, dtype=torch.float32)


def load_cut(gguf_path: Path, top: int) -> Any:
    """The GGUF model dequantised to fp32 with only its first `top` blocks (what a reader reads with)."""
    model = load_base(gguf_path)
    model.model.layers = model.model.layers[:top]
    model.config.num_hidden_layers = top
    if getattr(model.config, "layer_types", None):
        model.config.layer_types = model.config.layer_types[:top]
    return model


def run_blocks(model: Any, hidden: Any, start: int, stop: int, *, past: int = 0, kv: Any = None) -> Any:
    """Blocks [start, stop) of a Qwen2-style causal LM (the inner `model.model`) on hidden states (B, S, H) whose
    first position is `past`. With `kv` the positions attend to a recorded prefix of length `past` as well."""
    import torch

    inner = model.model if hasattr(model, "model") else model
    seq = hidden.shape[1]
    positions = torch.arange(past, past + seq).unsqueeze(0)
    cos_sin = inner.rotary_emb(hidden, positions)
    mask = None  # no padding mask: rows are right-padded, and real tokens never attend to later pads
    if past and kv is not None and kv.batch is not None:
        # Causal with an offset: query i (absolute past + i) sees every prefix position and suffix positions ≤ i.
        mask = torch.ones(seq, past + seq, dtype=torch.bool).tril(diagonal=past)[None, None]
    for layer in inner.layers[start:stop]:
        hidden = layer(hidden, attention_mask=mask, position_embeddings=cos_sin, position_ids=positions,
                       cache=kv, use_cache=kv is not None)
    return hidden
