"""Tuning and evaluation: AdvertiseGen data, metrics, retrieval few-shot, LoRA fine-tuning, prompt experiments.

Heavy libraries (torch, transformers, peft) load only when a LoRA run starts.
"""

from shopscribe.tune.advertisegen import AdgenRow, is_dev_file, read_rows
from shopscribe.tune.compare import compare_templates, paired_bootstrap
from shopscribe.tune.evaluate import CHATGLM_6B, Decoding, EvalRequest, evaluate_generation
from shopscribe.tune.fewshot import FewShotPool, pool_from_advertisegen, pool_from_drafts, refuse_dev
from shopscribe.tune.lora import LoraSpec, train_lora
from shopscribe.tune.metrics import distinct_n, overlap_scores, rouge, sentence_bleu4

__all__ = [
    "CHATGLM_6B", "AdgenRow", "Decoding", "EvalRequest", "FewShotPool", "LoraSpec", "compare_templates", "distinct_n",
    "evaluate_generation", "is_dev_file", "overlap_scores", "paired_bootstrap", "pool_from_advertisegen",
    "pool_from_drafts", "read_rows", "refuse_dev", "rouge", "sentence_bleu4", "train_lora",
]
