"""A LoRA run's resumable state: the trained parameters, the optimiser and schedule, the random state, the log.

One file, replaced atomically (written beside it, then renamed), so a kill at any moment leaves the previous
checkpoint or the new one, never half of one. A checkpoint names the run it belongs to (a fingerprint of the
data, the model and the schedule); another run's checkpoint is refused, not silently mixed in.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from shopscribe.errors import UserError


def save(path: Path, fingerprint: str, step: int, model: Any, opt: Any, sched: Any, log: Any) -> None:
    import torch

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {
        "fingerprint": fingerprint, "step": step,
        "trained": {k: v.detach().clone() for k, v in model.named_parameters() if v.requires_grad},
        "optimizer": opt.state_dict(), "scheduler": sched.state_dict(), "rng": torch.get_rng_state(),
        "log": dataclasses.asdict(log),
    }
    tmp = path.with_name(path.name + ".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def load(path: Path, fingerprint: str) -> dict[str, Any] | None:
    """The checkpoint at `path` if there is one; a UserError if it belongs to another run."""
    import torch

    path = Path(path)
    if not path.is_file():
        return None
    try:
        state = torch.load(path, weights_only=False)
    except Exception as exc:  # noqa: BLE001 - a torn or foreign file; the user decides what to do with it
        raise UserError(f"{path} is not a readable checkpoint ({type(exc).__name__}); delete it to start over") from None
    if state.get("fingerprint") != fingerprint:
        raise UserError(f"{path} is the checkpoint of another run (other data, model or schedule); rerun with the "
                        "same options to resume it, or pass --restart to start this run over")
    return state


def restore(state: dict[str, Any], model: Any, opt: Any, sched: Any, log: Any) -> int:
    """Put the saved state back; returns the last finished step."""
    import torch

    params = dict(model.named_parameters())
    with torch.no_grad():
        for name, value in state["trained"].items():
            params[name].copy_(value)
    opt.load_state_dict(state["optimizer"])
    sched.load_state_dict(state["scheduler"])
    torch.set_rng_state(state["rng"])
    for key, value in state["log"].items():
        setattr(log, key, value)
    return int(state["step"])
