"""The frozen lower blocks of a LoRA run ("the trunk"), run once per training row and kept on disk.

LoRA sits on the last N blocks only, so every block below them computes the same output in every epoch. On a CPU
that repeated forward pass was most of a training step. Here it runs once: each row's output of the last frozen
block is written to a memory-mapped file (under bf16 compute as bf16 bits, not fp16: Qwen's residual stream has
outliers past fp16's range; under fp32 compute as fp32, so the cache loses nothing), and training reads it back and
runs only the top blocks.

Rows that share a token prefix (the pipeline's system message is the same for every row of a kind) share its
hidden states too: the prefix runs through the trunk once, and each row's suffix attends to the prefix's keys and
values. Training does the same in the top blocks, once per step. The outputs are exactly those of the whole
sequence (causal attention: the prefix never sees the suffix).

The cache is keyed by the model file, the split point, the compute dtype and the token ids of every row, so a
second run on the same rows and template reuses it, and anything else builds its own. A build that is stopped
resumes from its last finished batch.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from shopscribe.llm.hf import run_blocks  # noqa: F401 - used below and by tune.lora

Example = tuple[list[int], list[int]]  # token ids, labels (IGNORE on prompt tokens)
MIN_PREFIX = 8  # shorter shared prefixes are not worth a second code path


# ---- running a slice of the blocks --------------------------------------------------------------


class PrefixKV:
    """A stand-in for transformers' Cache that the attention layers call with each block's keys and values.

    Recording (`batch` None): it keeps what it is given. Extending: it puts the recorded prefix (expanded to the
    batch) before the new keys and values, so a suffix attends to its prefix without recomputing it.
    """

    def __init__(self, recorded: dict[int, tuple[Any, Any]] | None = None, batch: int | None = None):
        self.recorded = recorded if recorded is not None else {}
        self.batch = batch

    def update(self, key: Any, value: Any, layer_idx: int, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
        import torch

        if self.batch is None:
            self.recorded[layer_idx] = (key, value)
            return key, value
        pk, pv = self.recorded[layer_idx]
        return (torch.cat([pk.expand(self.batch, -1, -1, -1), key], dim=2),
                torch.cat([pv.expand(self.batch, -1, -1, -1), value], dim=2))


def shared_prefix(examples: Sequence[Example]) -> int:
    """Length of the token prefix every row shares, before any scored token and leaving each row ≥ 2 tokens;
    0 when shorter than MIN_PREFIX."""
    if len(examples) < 2:
        return 0
    first = examples[0][0]
    n = min(len(ids) for ids, _ in examples) - 2
    for ids, labels in examples:
        scored = next((i for i, y in enumerate(labels) if y != -100), len(labels))
        n = min(n, scored - 1)
        i = 0
        while i < n and ids[i] == first[i]:
            i += 1
        n = i
    return n if n >= MIN_PREFIX else 0


def trunk_prefix(model: Any, prefix_ids: Sequence[int], split: int) -> tuple[Any, PrefixKV]:
    """The prefix's output of the trunk (1, P, H) and the keys/values it recorded in the trunk's blocks."""
    import torch

    inner = model.model if hasattr(model, "model") else model
    kv = PrefixKV()
    hidden = inner.embed_tokens(torch.tensor([list(prefix_ids)]))
    return run_blocks(model, hidden, 0, split, kv=kv), kv


def trunk_rows(model: Any, rows: Sequence[Sequence[int]], split: int, prefix_len: int,
               prefix_kv: PrefixKV | None) -> Any:
    """The trunk's output (B, S, H) for right-padded row suffixes (token ids after the shared prefix)."""
    import torch

    inner = model.model if hasattr(model, "model") else model
    width = max(len(r) for r in rows)
    ids = torch.tensor([list(r) + [0] * (width - len(r)) for r in rows])
    kv = PrefixKV(prefix_kv.recorded, batch=len(rows)) if prefix_len else None
    return run_blocks(model, inner.embed_tokens(ids), 0, split, past=prefix_len, kv=kv)


# ---- the cache on disk --------------------------------------------------------------------------


def model_identity(gguf_path: Path) -> str:
    """The model file's verified sha256 (from its install manifest), else its name, size and mtime."""
    manifest = Path(str(gguf_path) + ".json")
    try:
        sha = json.loads(manifest.read_text(encoding="utf-8")).get("sha256")
    except (OSError, ValueError):
        sha = None
    if sha:
        return sha
    st = Path(gguf_path).stat()
    return f"{Path(gguf_path).name}:{st.st_size}:{st.st_mtime_ns}"


def cache_key(model_id: str, split: int, dtype: str, examples: Sequence[Example], prefix_len: int) -> str:
    digest = hashlib.sha256(f"{model_id}|{split}|{dtype}|{prefix_len}|".encode())
    for ids, _ in examples:
        digest.update(np.asarray(ids, dtype=np.int32).tobytes())
        digest.update(b"|")
    return digest.hexdigest()[:20]


@dataclass
class TrunkCache:
    """Trunk outputs of every row's suffix (rows × positions × hidden, bf16 bits) and of the shared prefix."""

    folder: Path
    offsets: np.ndarray  # row i's suffix occupies states[offsets[i]:offsets[i + 1]]
    prefix_len: int
    hidden: int
    states: np.ndarray  # memmap (tokens, hidden): bf16 bits as uint16, or float32
    prefix: np.ndarray  # (prefix_len, hidden), the same storage

    def rows(self, index: Sequence[int]) -> list[Any]:
        """Each row's suffix states as a tensor (S_i, H)."""
        return [_tensor(np.array(self.states[self.offsets[i]:self.offsets[i + 1]])) for i in index]  # copies

    def prefix_states(self) -> Any:
        return _tensor(np.array(self.prefix))[None]

    @property
    def nbytes(self) -> int:
        return int(self.states.nbytes + self.prefix.nbytes)


@dataclass
class CacheBuild:
    """What building (or finding) the cache took."""

    key: str
    reused: bool
    seconds: float
    tokens: int  # positions run through the trunk in this build (the prefix once)
    nbytes: int


def _stored(t: Any, bf16: bool) -> np.ndarray:
    """A tensor as the cache keeps it: bf16 bits (half the disk, the precision bf16 compute has anyway) or fp32."""
    import torch

    if bf16:
        return t.detach().to(torch.bfloat16).contiguous().view(torch.int16).numpy().view(np.uint16)
    return t.detach().float().contiguous().numpy()


def _tensor(a: np.ndarray) -> Any:
    import torch

    if a.dtype == np.uint16:
        return torch.from_numpy(a.view(np.int16)).view(torch.bfloat16)
    return torch.from_numpy(a)


def build_cache(model: Any, examples: Sequence[Example], split: int, root: Path, *, model_id: str,
                dtype: str = "bfloat16", batch_tokens: int = 4096,
                on_batch: Callable[[int, int], None] | None = None) -> tuple[TrunkCache, CacheBuild]:
    """The trunk cache for these rows under `root`, built (or finished, after an interruption) if needed."""
    import torch

    prefix_len = shared_prefix(examples)
    key = cache_key(model_id, split, dtype, examples, prefix_len)
    folder = Path(root) / key
    lengths = np.array([len(ids) - prefix_len for ids, _ in examples], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    hidden = int(model.config.hidden_size)
    progress_file = folder / "progress.json"
    # Longest rows first, in batches of about batch_tokens positions: little padding, and the order is fixed, so a
    # resumed build knows which batches are done.
    order = sorted(range(len(examples)), key=lambda i: (-lengths[i], i))
    plan: list[list[int]] = []
    for i in order:
        if plan and (len(plan[-1]) + 1) * lengths[plan[-1][0]] <= batch_tokens:
            plan[-1].append(i)
        else:
            plan.append([i])
    meta = {"key": key, "rows": len(examples), "tokens": int(offsets[-1]), "prefix_len": prefix_len, "hidden": hidden,
            "split": split, "dtype": dtype, "model": model_id, "batches": len(plan)}
    started = time.monotonic()
    done = 0
    if progress_file.is_file():
        saved = json.loads(progress_file.read_text(encoding="utf-8"))
        if saved.get("meta") == meta:
            done = int(saved["batches_done"])
        else:  # another build under the same key cannot happen unless the file was edited: start over
            shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    bf16 = dtype == "bfloat16"
    reused = bool(plan) and done == len(plan)
    tokens = 0
    if not reused:  # a finished cache is only read: nothing runs through the trunk again
        store = np.uint16 if bf16 else np.float32
        if done:
            states = np.load(folder / "states.bin", mmap_mode="r+")
        else:
            states = np.lib.format.open_memmap(folder / "states.bin", mode="w+", dtype=store,
                                               shape=(int(offsets[-1]), hidden))
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            prefix_kv = None
            if prefix_len:  # run again on a resumed build too: the remaining rows attend to it
                prefix_out, prefix_kv = trunk_prefix(model, examples[0][0][:prefix_len], split)
                np.save(folder / "prefix.npy", _stored(prefix_out[0], bf16))
                tokens += prefix_len
            else:
                np.save(folder / "prefix.npy", np.zeros((0, hidden), dtype=store))
            for b in range(done, len(plan)):
                batch = plan[b]
                out = trunk_rows(model, [examples[i][0][prefix_len:] for i in batch], split, prefix_len, prefix_kv)
                bits = _stored(out, bf16)
                for row, i in enumerate(batch):
                    states[offsets[i]:offsets[i + 1]] = bits[row, :lengths[i]]
                tokens += int(sum(lengths[i] for i in batch))
                if (b + 1) % 16 == 0 or b + 1 == len(plan):
                    states.flush()
                    _write_json(progress_file, {"meta": meta, "batches_done": b + 1})
                if on_batch:
                    on_batch(b + 1, len(plan))
        if not plan:  # no rows: an empty cache, finished
            _write_json(progress_file, {"meta": meta, "batches_done": 0})
        del states
    else:
        os.utime(progress_file)  # marks the cache used, for `tune caches --unused-for`
    cache = TrunkCache(folder=folder, offsets=offsets, prefix_len=prefix_len, hidden=hidden,
                       states=np.load(folder / "states.bin", mmap_mode="r"), prefix=np.load(folder / "prefix.npy"))
    return cache, CacheBuild(key=key, reused=reused, seconds=round(time.monotonic() - started, 1), tokens=tokens,
                             nbytes=cache.nbytes)


# ---- what is on disk ----------------------------------------------------------------------------


@dataclass
class CacheInfo:
    """One trunk cache folder: what it holds, its size and when a run last built or read it."""

    key: str
    folder: Path
    rows: int | None
    split: int | None
    dtype: str | None
    model: str | None  # the model file's sha256
    finished: bool
    nbytes: int
    last_used: float  # seconds since the epoch

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "folder": str(self.folder), "rows": self.rows, "split": self.split,
                "dtype": self.dtype, "model_sha256": self.model, "finished": self.finished, "bytes": self.nbytes,
                "last_used": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.last_used))}


def list_caches(root: Path) -> list[CacheInfo]:
    """Every cache folder under `root`, most recently used first (a folder whose progress file is unreadable
    counts as an unfinished build)."""
    out = []
    for folder in sorted(p for p in Path(root).glob("*") if p.is_dir()):
        progress = folder / "progress.json"
        try:
            saved = json.loads(progress.read_text(encoding="utf-8"))
            meta, done = saved["meta"], int(saved["batches_done"])
        except (OSError, ValueError, KeyError, TypeError):
            meta, done = {}, -1
        files = [f for f in folder.iterdir() if f.is_file()]
        used = max([f.stat().st_mtime for f in files] or [folder.stat().st_mtime])
        out.append(CacheInfo(key=folder.name, folder=folder, rows=meta.get("rows"), split=meta.get("split"),
                             dtype=meta.get("dtype"), model=meta.get("model"),
                             finished=bool(meta) and done == meta.get("batches"),
                             nbytes=sum(f.stat().st_size for f in files), last_used=used))
    return sorted(out, key=lambda c: -c.last_used)


def remove_caches(root: Path, *, keys: Sequence[str] = (), unused_for_s: float | None = None,
                  now: float | None = None) -> list[CacheInfo]:
    """Delete the caches named by `keys` and those no run has used for `unused_for_s` seconds; returns them.
    An unknown key is a UserError, and nothing is deleted then."""
    from shopscribe.errors import UserError

    caches = list_caches(root)
    by_key = {c.key: c for c in caches}
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise UserError(f"no trunk cache {unknown[0]} in {root}; `shopscribe tune caches` lists them")
    now = time.time() if now is None else now
    doomed = [c for c in caches if c.key in keys or (unused_for_s is not None and now - c.last_used >= unused_for_s)]
    for c in doomed:
        shutil.rmtree(c.folder)
    return doomed


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)
