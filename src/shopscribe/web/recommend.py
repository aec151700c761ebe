"""GET /api/v1/recommendations and /api/v1/recommendations/similar/{sku}: the recommend room over HTTP."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from shopscribe.recommend import RecommendRequest, SimilarResult, also_bought, recommend_for, similar

router = APIRouter(tags=["recommendations"])


class ForYou(BaseModel):
    user: str
    items: list[str]
    cold_start: bool
    basis: str
    model: str


@router.get("/recommendations", response_model=ForYou)
def for_you(request: Request, user: str = Query(..., min_length=1, description="Shopper id as in the imported events"),
            k: int = Query(10, ge=1, le=100)) -> ForYou:
    """Products for one shopper, purchases left out; an unknown shopper gets the cold-start list."""
    settings = request.app.state.settings
    result = recommend_for(RecommendRequest(home=settings.home, users=[user], k=k,
                                            pseudonym_key=settings.pseudonym_key.get_secret_value()))
    row = result.results[0]
    return ForYou(**row.model_dump(), model=result.model)


@router.get("/recommendations/similar/{sku}", response_model=SimilarResult)
def similar_items(request: Request, sku: str, k: int = Query(10, ge=1, le=100)) -> SimilarResult:
    """Products shoppers touch together with this one (by product text for one nobody has touched yet)."""
    return similar(request.app.state.settings.home, sku, k)


@router.get("/recommendations/also-bought/{sku}", response_model=SimilarResult)
def bought_together(request: Request, sku: str, k: int = Query(10, ge=1, le=100)) -> SimilarResult:
    """Products bought by the shoppers who bought this one (similar items until someone has)."""
    return also_bought(request.app.state.settings.home, sku, k)
