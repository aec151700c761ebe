"""The fine-tuned review reader (`insights train --fine-tune`): trained on a few reviews with the real 0.5B model,
saved, merged back into the weights exactly, scored on held-out reviews, and averaged into what the sentiment model
reads with."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cli import shopscribe
from shopscribe.insights import sentiment
from shopscribe.llm.reader import META, WEIGHTS

pytestmark = pytest.mark.slow


def test_a_fine_tuned_reader_is_saved_merged_exactly_and_averaged_with_the_text_model(home: Path, tmp_path: Path):
    r = shopscribe("insights", "train", "--lang", "zh", "--limit", "300", "--fine-tune", "--fine-tune-limit", "32",
                   "--test-limit", "12", "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    reader = doc["reader"]
    folder = Path(reader["path"])
    assert folder == Path(doc["path"]) / "reader-zh"
    assert (folder / WEIGHTS).is_file() and json.loads((folder / META).read_text())["trained_on"] == 32
    # The adapter merged into the weights reads as the adapted model did.
    assert reader["merge_drift"] < 1e-3
    assert (reader["trained_on"], reader["steps"]) == (32, 2)
    assert {k: v["n"] for k, v in reader["held_out"].items()} == {"reader": 12, "text": 12, "blend": 12}

    model = sentiment.current(home)
    assert set(model.readers) == {"zh"}
    texts = ["质量很好，非常满意", "太差了，用了两天就坏了"]
    both = model.probabilities(texts, ["zh", "zh"])
    alone = (model.heads["zh"].proba(texts) + model.readers["zh"].proba(texts)) / 2
    assert np.allclose(both, alone)

    # A second run on the same rows reuses the trunk cache instead of running the frozen blocks again; --epochs 2
    # makes twice the steps over the same reviews.
    again = json.loads(shopscribe("insights", "train", "--lang", "zh", "--limit", "300", "--fine-tune",
                                  "--fine-tune-limit", "32", "--test-limit", "12", "--epochs", "2", "--json").stdout)
    assert again["reader"]["trunk_reused"] is True
    assert (again["reader"]["steps"], again["reader"]["epochs"]) == (4, 2.0)


def test_fine_tuning_needs_chinese_and_says_so(home: Path):
    r = shopscribe("insights", "train", "--lang", "en", "--fine-tune")
    assert (r.returncode, r.stderr.strip()) == (2, "error: --fine-tune trains the Chinese reader: include --lang zh")
