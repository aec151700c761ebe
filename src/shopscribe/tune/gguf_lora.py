"""Convert a PEFT LoRA adapter of a Qwen2 model into a llama.cpp GGUF LoRA adapter the embedded engine loads.

What llama.cpp expects (llama-adapter.cpp, convert_lora_to_gguf.py): general.architecture "qwen2",
general.type "adapter", adapter.type "lora", adapter.lora.alpha; tensors "<base tensor>.lora_a" holding PEFT's
A as (r, in) and "<base tensor>.lora_b" holding B as (out, r), no transposition and no q/k permutation for
qwen2. llama.cpp scales by user_scale * alpha / r, as PEFT does with alpha / r.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

_KEY = re.compile(r"^(?:base_model\.model\.)?(.+)\.lora_([AB])(?:\.[A-Za-z0-9_]+)?\.weight$")


class AdapterError(ValueError):
    """The adapter cannot become a GGUF LoRA for this base (unsupported option or mismatched shapes)."""


def base_shapes(base_gguf: Path) -> tuple[int, dict[str, list[int]]]:
    """Block count and tensor shapes (ggml ne order) of a qwen2 base GGUF."""
    import gguf

    reader = gguf.GGUFReader(str(base_gguf))
    arch = reader.fields["general.architecture"].contents()
    if arch != "qwen2":
        raise AdapterError(f"base model {base_gguf} is {arch!r}, not qwen2")
    n_blocks = int(reader.fields["qwen2.block_count"].contents())
    return n_blocks, {t.name: [int(x) for x in t.shape] for t in reader.tensors}


def write_gguf_lora(
    tensors: Mapping[str, np.ndarray],
    config: Mapping[str, Any],
    out: Path,
    *,
    base: Path | None = None,
    outtype: str = "f16",
) -> int:
    """Write PEFT lora_A/lora_B tensors (keys as PEFT saves them) to a GGUF LoRA file; returns the pair count.

    With `base`, each pair is checked against the base tensor's shape, the check llama.cpp makes at load.
    """
    import gguf

    for key in ("use_dora", "fan_in_fan_out"):
        if config.get(key):
            raise AdapterError(f"unsupported adapter option {key}=True")
    for key in ("rank_pattern", "alpha_pattern", "modules_to_save"):
        if config.get(key):
            raise AdapterError(f"unsupported adapter option {key} (per-module ranks or full tensors)")
    if config.get("bias", "none") != "none":
        raise AdapterError("unsupported adapter option: trained biases")
    r, alpha = int(config["r"]), float(config["lora_alpha"])
    if config.get("use_rslora"):  # PEFT scales by alpha/sqrt(r), llama.cpp by alpha/r
        alpha *= math.sqrt(r)

    pairs: dict[str, dict[str, np.ndarray]] = {}
    for key, value in tensors.items():
        m = _KEY.match(key)
        if not m:
            raise AdapterError(f"unexpected tensor {key!r}: not a lora_A / lora_B weight")
        pairs.setdefault(m[1], {})[m[2]] = np.asarray(value)
    if not pairs:
        raise AdapterError("the adapter has no LoRA tensors")

    shapes: dict[str, list[int]] = {}
    if base is not None:
        n_blocks, shapes = base_shapes(base)
    else:
        layers = [int(m[1]) for k in pairs if (m := re.search(r"\.layers\.(\d+)\.", k))]
        n_blocks = max(layers) + 1 if layers else 1
    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.QWEN2, n_blocks)

    dtype = np.float16 if outtype == "f16" else np.float32
    writer = gguf.GGUFWriter(str(out), "qwen2")
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, alpha)
    natural = lambda s: [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", s)]  # noqa: E731
    for hf_name in sorted(pairs, key=natural):
        pair = pairs[hf_name]
        if set(pair) != {"A", "B"}:
            raise AdapterError(f"{hf_name}: has only lora_{''.join(pair)}")
        a, b = pair["A"], pair["B"]
        gg = names.get_name(hf_name + ".weight", try_suffixes=(".weight",))
        if gg is None:
            raise AdapterError(f"{hf_name}: no GGUF tensor name for it in qwen2")
        if a.ndim != 2 or b.ndim != 2 or a.shape[0] != r or b.shape[1] != r:
            raise AdapterError(f"{hf_name}: A {a.shape} / B {b.shape} do not fit rank {r}")
        if shapes:
            if gg not in shapes:
                raise AdapterError(f"{gg}: not in the base model")
            ne = shapes[gg]
            if a.shape[1] != ne[0] or b.shape[0] != ne[1]:
                raise AdapterError(f"{gg}: base ne {ne}, lora A {a.shape}, B {b.shape}: shapes do not match")
        writer.add_tensor(gg + ".lora_a", np.ascontiguousarray(a.astype(dtype)))
        writer.add_tensor(gg + ".lora_b", np.ascontiguousarray(b.astype(dtype)))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return len(pairs)
