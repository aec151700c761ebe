"""Retrieval few-shot: BM25 over key#value attributes, deterministic ranking, and the dev split kept out of pools."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from shopscribe.errors import UserError
from shopscribe.prompts import Example
from shopscribe.catalog import advertisegen
from shopscribe.prompts.fewshot import FewShotPool, PoolItem, pool_from_advertisegen, pool_from_drafts, terms


def product(content: str) -> dict:
    return advertisegen.product_from_pairs(advertisegen.parse_content(content))


def item(key: str, content: str, text: str) -> PoolItem:
    return PoolItem(key, product(content), text)


def write_rows(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.write_text("".join(json.dumps({"content": c, "summary": s}, ensure_ascii=False) + "\n" for c, s in rows),
                    encoding="utf-8")
    return path


def test_terms_are_key_value_pairs_with_repeated_keys_split():
    # product_from_pairs joins 风格#复古 and 风格#文艺 into 风格 = 复古、文艺; retrieval splits them again.
    assert terms(product("类型#裙*风格#复古*风格#文艺")) == ["类型#裙", "风格#复古", "风格#文艺"]


def test_list_valued_catalog_attributes_give_one_term_per_value():
    assert terms({"attributes": {"颜色": ["白", "黑"], "材质": "棉"}}) == ["颜色#白", "颜色#黑", "材质#棉"]


def test_terms_fall_back_to_the_category_for_the_type():
    assert terms({"category": "上衣", "attributes": {"颜色": "白色"}}) == ["颜色#白色", "类型#上衣"]


def test_bm25_scores_match_the_hand_computation():
    # Pool: d1 = {类型#上衣, 颜色#白色} (2 terms), d2 = {类型#裙, 颜色#白色, 材质#棉} (3 terms); avg length 2.5, N = 2.
    # idf(t) = ln(1 + (N − df + 0.5)/(df + 0.5)): 类型#上衣 (df 1) → ln 2 = 0.693147; 颜色#白色 (df 2) → ln 1.2 = 0.182322.
    # A term's weight = idf · tf·(k1+1) / (tf + k1·(1 − b + b·len/avg)), k1 = 1.2, b = 0.75, tf = 1:
    #   d1: 2.2 / (1 + 1.2·(0.25 + 0.75·2/2.5)) = 2.2/2.02 = 1.089109 → 0.693147·1.089109 + 0.182322·1.089109 = 0.953481
    #   d2: 2.2 / (1 + 1.2·(0.25 + 0.75·3/2.5)) = 2.2/2.38 = 0.924370 → 0.182322·0.924370 = 0.168533
    pool = FewShotPool([item("d1", "类型#上衣*颜色#白色", "白色上衣"), item("d2", "类型#裙*颜色#白色*材质#棉", "白色棉裙")])
    s1, s2 = pool.scores(product("类型#上衣*颜色#白色"))
    assert s1 == pytest.approx(0.953481, abs=1e-6)
    assert s2 == pytest.approx(0.168533, abs=1e-6)
    assert s1 == pytest.approx((math.log(2) + math.log(1.2)) * 2.2 / 2.02)


POOL = [
    item("p1", "类型#裤*颜色#黑色", "黑色长裤"),
    item("p2", "类型#上衣*颜色#白色*材质#棉", "白色棉上衣"),
    item("p3", "类型#上衣*颜色#黑色", "黑色上衣"),
    item("p4", "类型#上衣*颜色#白色", "白色上衣"),
    item("p5", "类型#裙*颜色#红色", "红裙"),
]


def test_nearest_ranks_by_overlap_and_stops_at_k():
    got = FewShotPool(POOL).nearest(product("类型#上衣*颜色#白色*材质#棉"), 2)
    # p2 shares all three terms, p4 two; p3 only 类型#上衣.
    assert [i.key for i in got] == ["p2", "p4"]


def test_nearest_leaves_out_items_without_any_shared_attribute():
    got = FewShotPool(POOL).nearest(product("类型#裙*颜色#红色"), 3)
    assert [i.key for i in got] == ["p5"]


def test_ties_keep_pool_order():
    pool = FewShotPool([item("a", "类型#上衣", "一"), item("b", "类型#上衣", "二"), item("c", "类型#上衣", "三")])
    assert [i.key for i in pool.nearest(product("类型#上衣"), 2)] == ["a", "b"]


def test_excluded_texts_and_duplicate_copy_are_skipped():
    pool = FewShotPool([item("a", "类型#上衣*颜色#白色", "同一段文案"), item("b", "类型#上衣*颜色#白色", "同一段文案"),
                        item("c", "类型#上衣", "白色上衣文案"), item("d", "类型#上衣", "别的文案")])
    got = pool.nearest(product("类型#上衣*颜色#白色"), 3, exclude_texts=["白色上衣文案"])
    assert [i.key for i in got] == ["a", "d"]


def test_examples_put_the_closest_last_before_the_product():
    examples = FewShotPool(POOL).examples(product("类型#上衣*颜色#白色*材质#棉"), 2)
    assert examples == [Example(POOL[3].product, "白色上衣"), Example(POOL[1].product, "白色棉上衣")]


def test_zero_examples_asked_gives_none():
    assert FewShotPool(POOL).nearest(product("类型#上衣"), 0) == []


def test_pool_from_advertisegen_file(tmp_path, monkeypatch):
    monkeypatch.setenv(advertisegen.DATA_DIR_ENV, str(tmp_path / "nowhere"))
    path = write_rows(tmp_path / "train.jsonl", [("类型#上衣*颜色#白色", "白色上衣文案"), ("类型#裤*颜色#黑色", "黑裤文案")])
    pool = pool_from_advertisegen(path)
    assert len(pool) == 2
    assert [i.text for i in pool.nearest(product("类型#裤"), 1)] == ["黑裤文案"]


def test_dev_file_is_refused_as_a_pool(tmp_path):
    dev = write_rows(tmp_path / "dev.jsonl", [("类型#上衣", "参考文案")])
    with pytest.raises(UserError, match=r"dev\.jsonl is the AdvertiseGen dev split.*use train\.jsonl"):
        pool_from_advertisegen(dev)


def test_a_renamed_slice_of_dev_is_refused_too(tmp_path, monkeypatch):
    data = tmp_path / "adgen"
    data.mkdir()
    monkeypatch.setenv(advertisegen.DATA_DIR_ENV, str(data))
    write_rows(data / "dev.jsonl", [("类型#上衣", "开发集文案一"), ("类型#裙", "开发集文案二")])
    sneaky = write_rows(tmp_path / "examples.jsonl", [("类型#裤", "训练文案"), ("类型#裙", "开发集文案二")])
    with pytest.raises(UserError, match="dev split"):
        pool_from_advertisegen(sneaky)
    clean = write_rows(tmp_path / "clean.jsonl", [("类型#裤", "训练文案")])
    assert len(pool_from_advertisegen(clean)) == 1


def test_the_real_dev_split_is_recognised_and_train_is_not():
    data = advertisegen.default_data_dir()
    assert advertisegen.is_dev_file(data / "dev.jsonl")
    assert not advertisegen.is_dev_file(data / "train.jsonl")


def test_pool_from_approved_drafts(home):
    from shopscribe.store import Draft, Product, session_scope

    with session_scope() as s:
        tee = Product(sku="T1", title="纯棉T恤", category="T恤", attributes={"材质": "棉", "颜色": "白色"})
        mug = Product(sku="M1", title="陶瓷杯", category="杯子", attributes={"材质": "陶瓷"})
        s.add_all([tee, mug])
        s.flush()
        s.add_all([Draft(product_id=tee.id, kind="description", lang="zh", text="白色纯棉T恤文案", status="approved"),
                   Draft(product_id=mug.id, kind="description", lang="zh", text="陶瓷杯文案", status="draft"),
                   Draft(product_id=mug.id, kind="title", lang="zh", text="陶瓷杯", status="approved")])
    pool = pool_from_drafts("description", "zh")
    assert [(i.text, i.product["attributes"]) for i in pool.items] == [("白色纯棉T恤文案", {"材质": "棉", "颜色": "白色"})]


def test_no_approved_drafts_is_a_user_error(home):
    with pytest.raises(UserError, match="no approved description drafts in zh"):
        pool_from_drafts("description", "zh")


def test_copy_style_quotes_the_examples_copy_before_the_facts_in_one_user_turn():
    from shopscribe.prompts import build_prompt

    shots = FewShotPool(POOL).examples(product("类型#上衣*颜色#白色*材质#棉"), 2)
    # A line break inside an example's copy must not start a line of its own in the prompt.
    shots[0] = Example(shots[0].product, "白色上衣\n写这件商品的描述。")
    turns = build_prompt("description", "zh", product("类型#上衣*颜色#白色"), examples=shots)
    copy = build_prompt("description", "zh", product("类型#上衣*颜色#白色"), examples=shots, example_style="copy")
    assert [m["role"] for m in turns.messages] == ["system", "user", "assistant", "user", "assistant", "user"]
    assert [m["role"] for m in copy.messages] == ["system", "user"]
    assert copy.messages[0] == turns.messages[0]
    lead, first, second, blank, *facts = copy.messages[1]["content"].split("\n")
    assert lead == "同类商品的参考文案（只学写法，内容以下面的商品信息为准）："
    assert (first, second, blank) == ("1. 白色上衣 写这件商品的描述。", "2. 白色棉上衣", "")
    assert "\n".join(facts) == turns.messages[-1]["content"]
    with pytest.raises(ValueError, match="example_style"):
        build_prompt("description", "zh", product("类型#上衣"), examples=shots, example_style="inline")


def test_copy_style_is_part_of_an_evals_fingerprint_and_the_default_keeps_older_ones():
    from shopscribe.tune.evaluate import EvalSpec

    turns = EvalSpec(model="m", few_shot=3, pool="train.jsonl")
    assert "example_style" not in turns.to_dict()
    assert EvalSpec(model="m", few_shot=3, pool="train.jsonl", example_style="copy").fingerprint != turns.fingerprint


def test_a_generation_job_with_copy_style_examples_is_another_job_and_older_job_ids_stay():
    from shopscribe.content.jobs import JobSpec, job_id_for

    turns = JobSpec(kind="description", few_shot=1, pool="starters")
    # The id this request had before example styles existed (commit e2137b5): the same request resumes that job.
    assert job_id_for(turns, "qwen2.5-coder-0.5b") == "job-4e457b91b36baec5"
    copy = JobSpec(kind="description", few_shot=1, pool="starters", example_style="copy")
    assert job_id_for(copy, "qwen2.5-coder-0.5b") != job_id_for(turns, "qwen2.5-coder-0.5b")
