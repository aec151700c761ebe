"""Tuning and evaluation: metrics, LoRA fine-tuning, prompt experiments (AdvertiseGen rows are read by catalog,
few-shot retrieval lives in prompts).

Heavy libraries (torch, transformers, peft) load only when a LoRA run starts.
"""

from shopscribe.tune.compare import compare_templates, paired_bootstrap
from shopscribe.tune.evaluate import CHATGLM_6B, Decoding, EvalRequest, evaluate_generation
from shopscribe.tune.lora import LoraSpec, train_lora
from shopscribe.tune.metrics import distinct_n, overlap_scores, rouge, sentence_bleu4

__all__ = [
    "CHATGLM_6B", "Decoding", "EvalRequest", "LoraSpec", "compare_templates", "distinct_n", "evaluate_generation",
    "overlap_scores", "paired_bootstrap", "rouge", "sentence_bleu4", "train_lora",
]
