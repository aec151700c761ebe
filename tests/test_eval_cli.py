"""`shopscribe eval generation|prompts` and `tune lora` from the command line: errors users cause, and real runs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from shopscribe import cli
from shopscribe.errors import UserError
from shopscribe.tune import evaluate
from shopscribe.catalog.advertisegen import default_data_dir

DEV = default_data_dir() / "dev.jsonl"
TRAIN = default_data_dir() / "train.jsonl"
MODEL = "qwen2.5-coder-0.5b"


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    """The CLI in this process (the model engine is loaded once for every test): exit code, stdout, stderr."""
    monkeypatch.setattr(sys, "argv", ["shopscribe", *args])
    with pytest.raises(SystemExit) as exc:
        cli.main()
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, " ".join(err.split())


def rows_file(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps({"content": "类型#上衣*颜色#白色", "summary": "白色上衣，简约百搭。"}, ensure_ascii=False)


# ---- errors a user can cause: exit 2, one line naming the file, the line and the fix -----------------------------


def test_missing_data_file(home, tmp_path, capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, "eval", "generation", "--data", str(tmp_path / "nope.jsonl"))
    assert code == 2
    assert f"{tmp_path / 'nope.jsonl'} does not exist: give an AdvertiseGen JSONL file" in err
    assert "Traceback" not in err


def test_malformed_json_names_its_line(home, tmp_path, capsys, monkeypatch):
    bad = rows_file(tmp_path / "bad.jsonl", [GOOD, '{"content": "类型#裙", "summary": '])
    code, _, err = run(capsys, monkeypatch, "eval", "generation", "--data", str(bad))
    assert code == 2
    assert f"{bad}, line 2: not valid JSON" in err
    assert 'each line must be one JSON object like {"content": "类型#上衣*颜色#白色", "summary": "…"}' in err


def test_missing_summary_names_the_field(home, tmp_path, capsys, monkeypatch):
    bad = rows_file(tmp_path / "bad.jsonl", ['{"content": "类型#裙"}'])
    code, _, err = run(capsys, monkeypatch, "eval", "generation", "--data", str(bad))
    assert code == 2
    assert f"{bad}, line 1: field 'summary' is missing or empty" in err


def test_attributes_not_in_key_value_form(home, tmp_path, capsys, monkeypatch):
    bad = rows_file(tmp_path / "bad.jsonl", [GOOD, GOOD, '{"content": "类型#裙*白色", "summary": "x"}'])
    code, _, err = run(capsys, monkeypatch, "eval", "generation", "--data", str(bad))
    assert code == 2
    assert f"{bad}, line 3: field 'content' '白色' is not key#value; write attributes as key#value joined by *" in err


def test_dev_split_is_refused_as_a_few_shot_pool(home, capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, "eval", "generation", "--data", str(DEV), "--limit", "1",
                       "--few-shot", "2", "--pool", str(DEV))
    assert code == 2
    assert "is the AdvertiseGen dev split, which is for reporting only and must not be used as a few-shot pool" in err


def test_dev_split_is_refused_for_training(home, capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, "tune", "lora", "--data", str(DEV), "--max-steps", "1")
    assert code == 2
    assert "must not be used for training; use train.jsonl" in err


def test_training_rows_are_checked_before_any_model_loads(home, tmp_path, capsys, monkeypatch):
    bad = rows_file(tmp_path / "rows.jsonl", [GOOD, "not json"])
    code, _, err = run(capsys, monkeypatch, "tune", "lora", "--data", str(bad), "--max-steps", "1")
    assert code == 2
    assert f"{bad}, line 2: not valid JSON" in err


def test_dev_split_is_refused_for_prompt_experiments(home, capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, "eval", "prompts", "--templates", "description.zh", "title.zh",
                       "--data", str(DEV), "--limit", "2")
    assert code == 2
    assert "must not be used for prompt experiments" in err


def test_the_same_template_twice_is_refused(home, tmp_path, capsys, monkeypatch):
    data = rows_file(tmp_path / "rows.jsonl", [GOOD])
    code, _, err = run(capsys, monkeypatch, "eval", "prompts", "--templates", "description.zh", "description.zh",
                       "--data", str(data))
    assert code == 2
    assert "--templates got 'description.zh' twice" in err


def test_missing_adapter(home, tmp_path, capsys, monkeypatch):
    data = rows_file(tmp_path / "rows.jsonl", [GOOD])
    code, _, err = run(capsys, monkeypatch, "eval", "generation", "--data", str(data),
                       "--adapter", str(tmp_path / "none.gguf"))
    assert code == 2
    assert f"LoRA adapter {tmp_path / 'none.gguf'} does not exist; train one with `shopscribe tune lora`" in err


def test_predictions_file_from_other_settings_is_not_mixed_in(home, tmp_path, capsys, monkeypatch):
    data = rows_file(tmp_path / "rows.jsonl", [GOOD])
    preds = rows_file(tmp_path / "preds.jsonl", [json.dumps({"key": "rows:1", "prediction": "x", "spec": "other"})])
    code, _, err = run(capsys, monkeypatch, "eval", "generation", "--data", str(data), "--model", MODEL,
                       "--predictions-out", str(preds))
    assert code == 2
    assert f"{preds}, line 1: written with other settings" in err
    assert "choose another --predictions-out or delete the file" in err


def test_a_predictions_file_that_is_not_one(home, tmp_path):
    preds = rows_file(tmp_path / "preds.jsonl", ['{"key": "a", "prediction": "x", "spec": "s"}', "[1, 2]", "{}"])
    with pytest.raises(UserError, match=r"preds\.jsonl, line 2: not a prediction record"):
        evaluate.read_predictions(preds, "s")


def test_a_torn_last_line_from_a_crash_is_dropped_so_the_run_resumes(tmp_path):
    preds = tmp_path / "preds.jsonl"
    preds.write_text('{"key": "a", "prediction": "x", "spec": "s"}\n{"key": "b", "predic', encoding="utf-8")
    done = evaluate.read_predictions(preds, "s")
    assert list(done) == ["a"]
    assert preds.read_text(encoding="utf-8") == '{"key": "a", "prediction": "x", "spec": "s"}\n'


# ---- real runs with the 0.5B model ------------------------------------------------------------------------------


@pytest.mark.slow
def test_eval_generation_on_three_dev_rows_then_resume(home, tmp_path, capsys, monkeypatch):
    preds = tmp_path / "preds.jsonl"
    args = ["eval", "generation", "--data", str(DEV), "--limit", "3", "--model", MODEL,
            "--predictions-out", str(preds), "--json"]
    code, out, _ = run(capsys, monkeypatch, *args)
    assert code == 0
    r = json.loads(out)
    assert (r["rows"], r["scored"], r["generated"], r["resumed"], r["failed"]) == (3, 3, 3, 0, [])
    assert r["model"] == MODEL and r["few_shot"] == 0 and r["adapter"] is None
    assert r["decoding"] == {"temperature": 0.0, "top_p": 1.0, "seed": 0, "repeat_penalty": 1.1, "max_attempts": 1,
                             "dry": 0.0, "candidates": 1, "pick": "gate", "min_chars": 0}
    m = r["metrics"]
    assert set(m) == {"bleu4", "sacrebleu", "rouge1", "rouge2", "rougeL", "distinct1", "distinct2", "avg_chars",
                      "fact_consistency", "compliance_rate"}
    assert all(0.0 <= m[k] <= 100.0 for k in m if k != "avg_chars") and m["avg_chars"] > 0
    assert r["speed"]["rows"] == 3 and r["speed"]["tokens_per_s"] > 0 and r["speed"]["minutes_per_100_rows"] > 0
    assert r["anchor_chatglm_6b"] == {"bleu4": 8.10, "rouge1": 31.12, "rouge2": 7.11, "rougeL": 24.97}

    # One JSON per line with the input, the reference and the prediction.
    records = [json.loads(line) for line in preds.read_text(encoding="utf-8").splitlines()]
    dev = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()[:3]]
    assert sorted(rec["key"] for rec in records) == ["dev:1", "dev:2", "dev:3"]
    by_key = {rec["key"]: rec for rec in records}
    for i, row in enumerate(dev, start=1):
        rec = by_key[f"dev:{i}"]
        assert (rec["content"], rec["reference"]) == (row["content"], row["summary"])
        assert rec["prediction"].strip() and rec["completion_tokens"] > 0
    # The scores are those of the saved predictions, recomputed here from the file.
    rescored = evaluate.score([by_key[f"dev:{i}"] for i in (1, 2, 3)])
    assert m == {k: round(v, 2) for k, v in rescored.items()}

    # Rerun: every row is already there, nothing is generated, the figures are the same.
    code, out, _ = run(capsys, monkeypatch, *args)
    again = json.loads(out)
    assert (code, again["generated"], again["resumed"], again["metrics"]) == (0, 0, 3, m)
    assert len(preds.read_text(encoding="utf-8").splitlines()) == 3


@pytest.mark.slow
def test_eval_generation_with_retrieved_examples(home, tmp_path, capsys, monkeypatch):
    preds = tmp_path / "preds.jsonl"
    code, out, _ = run(capsys, monkeypatch, "eval", "generation", "--data", str(DEV), "--limit", "2",
                       "--model", MODEL, "--few-shot", "2", "--pool", str(TRAIN), "--predictions-out", str(preds),
                       "--json")
    assert code == 0
    r = json.loads(out)
    assert r["few_shot"] == 2 and r["pool"] == str(TRAIN) and r["scored"] == 2
    records = [json.loads(line) for line in preds.read_text(encoding="utf-8").splitlines()]
    assert [rec["few_shot"] for rec in records] == [2, 2]
    # The same examples as copy alone: the model reads fewer prompt tokens for every row.
    copy_preds = tmp_path / "copy.jsonl"
    code, out, _ = run(capsys, monkeypatch, "eval", "generation", "--data", str(DEV), "--limit", "2",
                       "--model", MODEL, "--few-shot", "2", "--pool", str(TRAIN), "--example-style", "copy",
                       "--predictions-out", str(copy_preds), "--json")
    assert code == 0 and json.loads(out)["example_style"] == "copy"
    copied = [json.loads(line) for line in copy_preds.read_text(encoding="utf-8").splitlines()]
    assert [rec["settings"]["example_style"] for rec in copied] == ["copy", "copy"]
    by_key = {rec["key"]: rec["prompt_tokens"] for rec in records}
    assert all(rec["prompt_tokens"] < by_key[rec["key"]] for rec in copied)


def test_an_unknown_example_style_is_refused_before_the_model_loads(home, capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, "eval", "generation", "--data", str(DEV), "--few-shot", "2",
                       "--pool", str(TRAIN), "--example-style", "inline")
    assert code == 2
    assert "--example-style is one of turns, copy, not 'inline'" in err


@pytest.mark.slow
def test_eval_prompts_reports_differences_with_intervals(home, tmp_path, capsys, monkeypatch):
    data = rows_file(tmp_path / "rows.jsonl", TRAIN.read_text(encoding="utf-8").splitlines()[:2])
    code, out, _ = run(capsys, monkeypatch, "eval", "prompts", "--templates", "description.zh", "title.zh",
                       "--data", str(data), "--model", MODEL, "--predictions-dir", str(tmp_path / "p"), "--json")
    assert code == 0
    r = json.loads(out)
    assert r["rows"] == 2 and r["templates"] == {"a": "description.zh", "b": "title.zh"}
    diffs = {d["metric"]: d for d in r["differences"]}
    assert list(diffs) == ["bleu4", "sacrebleu", "rouge1", "rouge2", "rougeL", "chars", "fact_consistency",
                           "compliance_rate"]
    for d in diffs.values():
        assert d["diff"] == pytest.approx(d["b"] - d["a"], abs=0.011)
        assert d["ci95"][0] <= d["diff"] + 1e-9 and d["diff"] <= d["ci95"][1] + 1e-9 or d["metric"] == "sacrebleu"
    assert diffs["chars"]["a"] == pytest.approx(r["a"]["metrics"]["avg_chars"], abs=0.011)
    assert (tmp_path / "p" / "rows-description.zh.jsonl").is_file() and (tmp_path / "p" / "rows-title.zh.jsonl").is_file()


def test_a_predictions_file_another_run_is_writing_is_refused(home, tmp_path, capsys, monkeypatch):
    import fcntl

    data = rows_file(tmp_path / "rows.jsonl", [GOOD])
    preds = tmp_path / "preds.jsonl"
    with preds.open("a") as other_run:
        fcntl.flock(other_run.fileno(), fcntl.LOCK_EX)
        code, _, err = run(capsys, monkeypatch, "eval", "generation", "--data", str(data), "--model", "no-such-model",
                           "--predictions-out", str(preds))
    assert code == 2
    assert f"{preds} is being written by another evaluation run; wait for it to finish" in err
    assert preds.read_text() == ""


def test_an_edited_template_is_another_spec_so_old_predictions_are_not_mixed_in(tmp_path):
    source = '{% extends "_base.zh.j2" %}{% block task %}任务：写商品描述，{{ limit_hint }}。{% endblock %}'
    (tmp_path / "description.zh.mine.j2").write_text(source, encoding="utf-8")
    spec = evaluate.EvalSpec(model=MODEL, template="description.zh.mine", templates_dir=tmp_path)
    before = spec.fingerprint
    assert evaluate.EvalSpec(model=MODEL, template="description.zh.mine", templates_dir=tmp_path).fingerprint == before
    (tmp_path / "description.zh.mine.j2").write_text(source.replace("写商品描述", "写一段商品描述"), encoding="utf-8")
    assert spec.fingerprint != before


def test_tune_lora_from_drafts_needs_approved_drafts_and_one_source(home, capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, "tune", "lora", "--from-drafts", "description.zh", "--max-steps", "1")
    assert code == 2
    assert "no approved drafts of description.zh to train on; approve some drafts first or give --data" in err
    code, _, err = run(capsys, monkeypatch, "tune", "lora", "--from-drafts", "description.zh", "--data", str(TRAIN))
    assert code == 2
    assert "give either --data FILE.jsonl or --from-drafts KIND.LANG" in err
