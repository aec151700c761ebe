"""`recommend propensity` and `recommend segments`: who is likely to buy soon, and which segments shoppers form.

Shoppers appear only as the pseudonyms the import gave them. Segments are saved to HOME/recommend/segments.json,
where `generate --segment NAME` finds the profile it writes for.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopscribe.errors import UserError
from shopscribe.prompts.audience import Audience
from shopscribe.recommend import propensity as prop
from shopscribe.recommend import segments as seg
from shopscribe.recommend.interactions import load_touches
from shopscribe.store import Product, use_session

# Features are taken strictly before a time; scoring "now" includes the latest event itself.
_EPSILON = dt.timedelta(seconds=1)


class PropensityRequest(BaseModel):
    horizon_days: int = Field(7, ge=1, le=365)
    seed: int = 0


class ShopperScore(BaseModel):
    user: str  # pseudonym
    probability: float


class PropensityResult(BaseModel):
    model: str  # lightgbm | logistic
    horizon_days: int
    trained_on: dict[str, int | str]  # shoppers, positives, feature cut-off
    shoppers: list[ShopperScore]  # most likely first


class SegmentsRequest(BaseModel):
    home: Path
    horizon_days: int = Field(7, ge=1, le=365)


class Segment(BaseModel):
    audience: Audience
    members: list[str]  # pseudonyms


class SegmentsResult(BaseModel):
    segments: list[Segment]
    path: str


def products_info(session: Session | None = None) -> dict[str, prop.ProductInfo]:
    with use_session(session) as s:
        return {p.sku: prop.ProductInfo(p.category or "", float(p.price) if p.price is not None else None)
                for p in s.scalars(select(Product))}


def propensity(req: PropensityRequest, session: Session | None = None) -> PropensityResult:
    """Fit on the past, score every shopper as of their latest events."""
    touches = load_touches(session)
    products = products_info(session)
    model = prop.fit(touches, products, req.horizon_days, req.seed)
    now = max(t.at for t in touches)
    rows = prop.features(touches, now + _EPSILON, products)
    scores = model.predict(rows)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return PropensityResult(model=model.kind, horizon_days=req.horizon_days,
                            trained_on={"shoppers": model.shoppers, "positives": model.positives,
                                        "features_as_of": model.trained_at.isoformat(timespec="seconds")},
                            shoppers=[ShopperScore(user=u, probability=p) for u, p in ranked])


def segments(req: SegmentsRequest, session: Session | None = None) -> SegmentsResult:
    """Draw the segments as of now (propensity included when there is enough data for it) and save them."""
    touches = load_touches(session)
    if not touches:
        raise UserError("no shopper events to segment: import some first (shopscribe import events FILE)")
    products = products_info(session)
    now = max(t.at for t in touches)
    rows = prop.features(touches, now + _EPSILON, products)
    try:
        scores = prop.fit(touches, products, req.horizon_days).predict(rows)
    except UserError:
        scores = {}  # too little history for propensity: the behaviour rules still hold
    drawn = [Segment(audience=a, members=m) for a, m in seg.assign(touches, rows, products, scores)]
    path = segments_path(req.home)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([s.model_dump(mode="json") for s in drawn], ensure_ascii=False, indent=1),
                    encoding="utf-8")
    return SegmentsResult(segments=drawn, path=str(path))


def audience(home: Path, name: str) -> Audience:
    """The saved profile of one segment, for `generate --segment NAME`."""
    path = segments_path(home)
    try:
        saved = [Segment.model_validate(s) for s in json.loads(path.read_text(encoding="utf-8"))]
    except OSError:
        raise UserError("no segments yet: run `shopscribe recommend segments` first") from None
    for s in saved:
        if s.audience.name == name:
            return s.audience
    raise UserError(f"no segment '{name}'; segments: {', '.join(s.audience.name for s in saved) or 'none'}")


def segments_path(home: Path) -> Path:
    return Path(home) / "recommend" / "segments.json"
