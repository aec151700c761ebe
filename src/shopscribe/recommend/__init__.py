"""Recommendations from shopper events: implicit-feedback models, purchase propensity and segments."""

from shopscribe.recommend.interactions import WEIGHTS, Interactions, Touch, build, load_touches
from shopscribe.recommend.metrics import ranking_metrics, stratified_split
from shopscribe.recommend.service import (
    Recommendation,
    RecommendRequest,
    RecommendResult,
    SimilarResult,
    TrainRequest,
    TrainResult,
    also_bought,
    load_served,
    recommend_for,
    similar,
    train,
)

__all__ = [
    "WEIGHTS", "Interactions", "Recommendation", "RecommendRequest", "RecommendResult", "SimilarResult", "Touch",
    "TrainRequest", "TrainResult", "also_bought", "build", "load_served", "load_touches", "ranking_metrics", "recommend_for",
    "similar", "stratified_split", "train",
]
