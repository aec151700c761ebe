"""The compliance stage's fine-tuned reader (quality/meaning.py, llm/reader.py): shipped beside the heads, averaged
with them on every cue sentence when the 0.5B model is installed, and left out, not failed, when it is not. Training
one (tune/classifier.fit_reader) weighs the classes alike and saves half-precision weights that read as the model in
memory did."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from shopscribe.config import get_settings, reset_settings
from shopscribe.llm.models import spec_for
from shopscribe.llm.reader import META, WEIGHTS, Reader, save
from shopscribe.quality import meaning
from shopscribe.quality.context import GateContext
from shopscribe.tune.classifier import ReaderSettings, fit_reader, saved_drift

pytestmark = pytest.mark.slow

# A paraphrased violation (a toy promising school results) and its lawful twin (what the toy is, an age label).
VIOLATION = "天天玩这套积木的孩子，上了小学数学成绩能甩开同班一大截。"
LAWFUL = "这套积木共120块，适合3岁以上，边角都打磨圆润。"


def test_the_shipped_reader_is_averaged_with_the_heads_on_each_cue_sentence():
    assert (meaning.READER / META).is_file() and (meaning.READER / WEIGHTS).is_file()
    heads, reader = meaning.heads(), meaning.reader()
    assert reader is not None and heads.reader_block_at is not None
    said = [VIOLATION]
    both = (heads.violation(meaning.embed(said), said) + reader.proba(said)) / 2
    flags = meaning.flags(VIOLATION, GateContext(lang="zh", reader=True))
    assert [f.severity for f in flags] == ["block" if both[0] >= heads.reader_block_at else "warn"]
    assert f"判定把握 {both[0]:.2f}" in flags[0].message
    assert both[0] >= heads.reader_block_at  # a paraphrase of a family the reader learnt blocks
    assert np.isclose(meaning._read[VIOLATION], reader.proba(said)[0])  # read once, kept for the re-checks
    assert meaning.flags(LAWFUL, GateContext(lang="zh", reader=True)) == []


def test_without_the_model_the_heads_judge_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SHOPSCRIBE_MODELS_DIR", str(tmp_path / "no-models"))
    reset_settings()
    meaning.reader.cache_clear()
    try:
        assert meaning.reader() is None
        heads = meaning.heads()
        said = [VIOLATION]
        alone = float(heads.violation(meaning.embed(said), said)[0])
        flags = meaning.flags(VIOLATION, GateContext(lang="zh", reader=True))
        if alone >= heads.block_at - (heads.block_at - heads.warn_at):
            assert f"判定把握 {alone:.2f}" in flags[0].message
        else:
            assert flags == []
    finally:
        monkeypatch.undo()
        reset_settings()
        meaning.reader.cache_clear()


def test_a_reader_trained_with_balanced_classes_saves_in_half_precision_and_reads_alike(tmp_path: Path):
    texts = [VIOLATION, LAWFUL, "喝了这款茶，三高全都降下来了。", "这款茶用的是明前龙井，冲泡水温80℃。"] * 8
    labels = [1, 0, 1, 0] * 8
    fitted = fit_reader(texts, labels, ReaderSettings(max_tokens=48, batch_size=8, balanced=True),
                        get_settings().models_dir, tmp_path / "trunk")
    assert (fitted.steps, fitted.meta.trained_on) == (4, 32)
    fitted.halve()
    save(tmp_path / "reader", fitted.meta, fitted.tensors(), half=True)
    import torch
    from safetensors.torch import load_file

    assert {v.dtype for v in load_file(str(tmp_path / "reader" / WEIGHTS)).values()} == {torch.float16}
    reader = Reader(tmp_path / "reader", get_settings().models_dir)
    assert saved_drift(fitted, reader, texts[:4]) < 1e-3
    # The merged model is kept for the next process, which loads it instead of dequantising the GGUF again.
    merged = reader._merged_dir(get_settings().models_dir / spec_for(fitted.meta.model).file)
    assert (merged / "config.json").is_file()
    again = Reader(tmp_path / "reader", get_settings().models_dir)
    assert np.allclose(again.proba(texts[:4]), reader.proba(texts[:4]), atol=1e-6)
