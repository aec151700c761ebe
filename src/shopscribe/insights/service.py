"""`shopscribe insights run` / `insights show`: every stored review's sentiment and aspects, and per product the
strengths, complaints and keywords its reviews add up to.

Runs are idempotent: a review analysed by the current model is not analysed again (unless `fresh`), and a product's
insights are rebuilt from its reviews' each time. The generation prompts read the strengths as data (selling points
reviewers confirm), review replies read the review's sentiment and aspects, and the workspace shows both.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopscribe.errors import UserError
from shopscribe.insights import aspects as aspect_words
from shopscribe.insights import keywords as keyword_lists
from shopscribe.insights import sentiment
from shopscribe.insights.summary import ReviewAspects, points, summarise
from shopscribe.quality import detect_lang
from shopscribe.store import CustomerReview, Product, ProductInsight, ReviewInsight, use_session


CLAUSE_CONFIDENCE = 0.4  # below this a clause takes its review's sentiment


class RunRequest(BaseModel):
    home: Path
    skus: list[str] = Field(default_factory=list)  # empty: every product with reviews
    judge: bool = False  # ask the embedded model about the reviews the text model is unsure of
    summarize: bool = False  # one-line summaries of strengths and complaints by the embedded model
    fresh: bool = False  # analyse every review again, even those the current model has seen


class RunResult(BaseModel):
    model: str
    reviews: int  # analysed in this run
    skipped: int  # already analysed by this model
    judged: int
    products: int
    summary_model: str | None = None


def run(req: RunRequest, generator: Any = None, session: Session | None = None,
        on_progress: Callable[[int, int], None] | None = None) -> RunResult:
    """Analyse the reviews of the products asked for and rebuild those products' insights."""
    model = sentiment.current(req.home)
    if (req.judge or req.summarize) and generator is None:
        raise UserError("--judge and --summarize use the embedded model: give the run a generator")
    judge = sentiment.Judge(generator) if req.judge else None
    with use_session(session) as s:
        query = select(Product).join(CustomerReview, CustomerReview.product_id == Product.id).distinct()
        if req.skus:
            query = query.where(Product.sku.in_(req.skus))
        products = list(s.scalars(query.order_by(Product.sku)))
        missing = set(req.skus) - {p.sku for p in products}
        if missing:
            raise UserError(f"no reviews for {', '.join(sorted(missing))}: import them with `shopscribe import "
                            "reviews` (or check the SKU)")
        done = {r.review_id: r for r in s.scalars(select(ReviewInsight).join(
            CustomerReview, CustomerReview.id == ReviewInsight.review_id).where(
            CustomerReview.product_id.in_([p.id for p in products])))}
        analysed = skipped = 0
        for n, product in enumerate(products, 1):
            reviews = sorted(product.customer_reviews, key=lambda r: r.id)
            todo = [r for r in reviews if req.fresh or r.id not in done or done[r.id].model != model.version]
            skipped += len(reviews) - len(todo)
            for r, insight in zip(todo, _analyse(todo, product.category, model, judge, req.home)):
                s.merge(insight)
                done[r.id] = insight
            analysed += len(todo)
            s.flush()
            _rebuild(s, product, reviews, done, generator if req.summarize else None)
            if on_progress:
                on_progress(n, len(products))
    return RunResult(model=model.version, reviews=analysed, skipped=skipped, judged=judge.asked if judge else 0,
                     products=len(products), summary_model=getattr(generator, "model", None) if req.summarize else None)


def _analyse(reviews: list[CustomerReview], category: str | None, model: sentiment.SentimentModel,
             judge: sentiment.Judge | None, home: Path) -> list[ReviewInsight]:
    texts = [r.text or "" for r in reviews]
    langs = [detect_lang(t) for t in texts]
    overall = model.predict(texts, langs, judge=judge)
    found = [aspect_words.mentions(t, category, home) for t in texts]
    table = aspect_words.aspects(home)
    clauses = [m.clause for ms in found for m in ms]
    clause_langs = [lg for ms, lg in zip(found, langs) for _ in ms]
    # Clauses are short: the text model alone reads them (the judge is for whole reviews it is unsure of).
    clause_sentiments = iter(model.predict(clauses, clause_langs)) if clauses else iter(())
    out = []
    for r, verdict, ms, lang in zip(reviews, overall, found, langs):
        verdict = sentiment.with_rating(verdict, r.rating)
        aspects_of = []
        for m in ms:
            said = next(clause_sentiments)
            # A clause the text model is unsure of ("洗了三次没变形") leans on the review as a whole.
            label = said.label if said.confidence >= CLAUSE_CONFIDENCE else verdict.label
            aspects_of.append({"aspect": m.aspect, "label": table[m.aspect].label(lang), "sentiment": label,
                               "text": m.clause})
        out.append(ReviewInsight(review_id=r.id, sentiment=verdict.label, confidence=verdict.confidence,
                                 aspects=aspects_of, model=model.version))
    return out


def _rebuild(s: Session, product: Product, reviews: list[CustomerReview], done: dict[int, ReviewInsight],
             generator: Any) -> None:
    analysed = [ReviewAspects(r.id, [(a["aspect"], a["sentiment"], a["text"]) for a in done[r.id].aspects])
                for r in reviews if r.id in done]
    strengths, complaints = points(analysed)
    texts = [r.text or "" for r in reviews]
    langs = [detect_lang(t) for t in texts]
    lang = Counter(langs).most_common(1)[0][0] if langs else "zh"
    if generator is not None:
        clauses: dict[tuple[str, str], list[str]] = defaultdict(list)
        for ra in analysed:
            for aspect, label, clause in ra.mentions:
                clauses[(aspect, label)].append(clause)
        table = aspect_words.aspects()
        for p in strengths + complaints:
            name = table[p.aspect].label(lang) if p.aspect in table else p.aspect
            p.summary = summarise(p, clauses[(p.aspect, p.sentiment)], lang, name, generator)
    counts = Counter(done[r.id].sentiment for r in reviews if r.id in done)
    s.merge(ProductInsight(product_id=product.id, reviews=len(reviews),
                           sentiment={k: counts.get(k, 0) for k in ("positive", "neutral", "negative")},
                           strengths=[p.to_dict() for p in strengths], complaints=[p.to_dict() for p in complaints],
                           keywords=keyword_lists.keywords(texts, langs),
                           summary_model=getattr(generator, "model", None) if generator is not None else None))


def show(sku: str, session: Session | None = None) -> dict[str, Any]:
    """One product's insights and its reviews' (JSON shape of `insights show --json`)."""
    with use_session(session) as s:
        product = s.scalar(select(Product).where(Product.sku == sku))
        if product is None:
            raise UserError(f"unknown SKU {sku!r}")
        insight = s.get(ProductInsight, product.id)
        if insight is None:
            raise UserError(f"no insights for {sku} yet: run `shopscribe insights run --sku {sku}`")
        reviews = []
        for r in sorted(product.customer_reviews, key=lambda r: r.id):
            ri = s.get(ReviewInsight, r.id)
            reviews.append({"id": r.id, "rating": r.rating, "text": r.text,
                            "sentiment": ri.sentiment if ri else None, "confidence": ri.confidence if ri else None,
                            "aspects": ri.aspects if ri else []})
        return {"sku": sku, "title": product.title, "reviews": insight.reviews, "sentiment": insight.sentiment,
                "strengths": insight.strengths, "complaints": insight.complaints, "keywords": insight.keywords,
                "summary_model": insight.summary_model, "updated_at": insight.updated_at.isoformat(),
                "review_insights": reviews}

