"""The ground the rooms stand on: the error contract on every escape, one gate for `check` and the pipeline, draft
states as a type, and sales channels as one concept. CLI calls run in-process (CliRunner)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from cli import shopscribe
from shopscribe import content, quality
from shopscribe.channels import CHANNELS, channels_for, get_channel
from shopscribe.content import KINDS, CheckRequest, gate_context
from shopscribe.errors import UserError
from shopscribe.store import MOVES, Draft, DraftStatus, IllegalMove, Product, session_scope

REPO = Path(__file__).resolve().parents[1]
LABELLED = sorted((REPO / "benchmarks" / "data" / "quality").glob("*.jsonl"))
NO_MODEL = ["--model", "no-such-model"]  # an error must come before any model would load


def one_error_line(result, message: str) -> None:
    """Exit 2 and the message as one line on stderr, nothing on stdout."""
    assert (result.exit_code, result.stdout) == (2, ""), result.stdout
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr, result.stderr


def one_error_object(result, message: str) -> None:
    """Exit 2 and {"error": ..., "code": 2} as the only output, on stdout."""
    assert (result.exit_code, result.stderr) == (2, ""), result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {"error", "code"} and out["code"] == 2 and message in out["error"], out


def both_ways(args: list[str], message: str, stdin: str | None = None) -> None:
    one_error_line(shopscribe(*args, stdin=stdin), message)
    one_error_object(shopscribe(*args, "--json", stdin=stdin), message)


def add_tee() -> None:
    with session_scope() as s:
        s.add(Product(sku="TEE-1", title="山禾纯棉圆领T恤", price=Decimal("89"), currency="CNY",
                      description="夏季薄款。", attributes={"材质": "100%棉", "颜色": "白色"}))


# ---- the error contract --------------------------------------------------------------------------------------


def test_a_broken_rules_file_is_exit_2_naming_file_and_line(home):
    (home / "rules").mkdir()
    bad = home / "rules" / "mine_zh.txt"
    bad.write_text("[shop]\n好词\nre: (未闭合\n", encoding="utf-8")
    both_ways(["check", "-"], f"{bad}:3: bad regular expression", stdin="纯棉T恤，柔软透气。")


def test_a_template_with_a_syntax_error_is_exit_2_before_generation(home):
    add_tee()
    (home / "prompts").mkdir()
    broken = home / "prompts" / "description.zh.j2"
    broken.write_text('{% extends "_base.zh.j2" %}\n{% block task %}写文案{% if %}{% endblock %}\n', encoding="utf-8")
    args = ["generate", "--kind", "description", "--sku", "TEE-1", "--lang", "zh", *NO_MODEL]
    both_ways(args, f"{broken}:2: prompt template syntax error")


def test_a_template_with_a_syntax_error_is_exit_2_in_eval(home, tmp_path):
    (home / "prompts").mkdir()
    broken = home / "prompts" / "mine.zh.j2"
    broken.write_text('{% extends "_base.zh.j2" %}\n{% block task %}{{ oops( }}{% endblock %}\n', encoding="utf-8")
    data = tmp_path / "rows.jsonl"
    data.write_text(json.dumps({"content": "类型#上衣*颜色#白色", "summary": "白色上衣。"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    args = ["eval", "generation", "--data", str(data), "--template", "mine.zh", "--predictions-out",
            str(tmp_path / "p.jsonl"), *NO_MODEL]
    both_ways(args, f"{broken}:2: prompt template syntax error")


@pytest.mark.parametrize("args, message", [
    (["generate", "--kind", "poem", "--all", *NO_MODEL], "unknown kind 'poem'; choose one of: description, title,"),
    (["generate", "--kind", "title", "--all", "--lang", "zh", "--channel", "weibo", *NO_MODEL],
     "kind 'title' has no channel 'weibo'; choose one of: taobao, jd, shopify, amazon"),
    (["generate", "--kind", "title", "--all", "--channel", "tiktok", *NO_MODEL], "kind 'title' has no channel 'tiktok'"),
    (["check", "--kind", "poem", "-"], "unknown kind 'poem'"),
    (["check", "--kind", "ad", "--channel", "taobao", "-"], "kind 'ad' has no channel 'taobao'; choose one of: search, feed"),
    (["check", "--channel", "taobao", "-"], "--channel sets the limits of a kind of copy: give --kind as well"),
    (["drafts", "--status", "live"], "unknown draft status 'live'; choose one of: draft, approved, rejected, published, retired"),
    (["drafts", "--kind", "poem"], "unknown kind 'poem'"),
])
def test_unknown_kind_channel_or_status_is_exit_2_plain_and_json(home, args, message):
    both_ways(args, message, stdin="纯棉T恤，柔软透气。")


def test_a_usage_error_under_json_is_a_json_object_too(home):
    one_error_object(shopscribe("import", "orders", "x.csv", "--json"), "No such command 'orders'")
    plain = shopscribe("import", "orders", "x.csv")
    assert plain.exit_code == 2 and "No such command 'orders'" in plain.stderr and "Traceback" not in plain.stderr


# ---- one gate ------------------------------------------------------------------------------------------------


def labelled_rows() -> list[dict]:
    return [json.loads(line) for path in LABELLED for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_check_and_the_pipeline_agree_on_every_labelled_row():
    rows = labelled_rows()
    assert len(rows) >= 1000
    for kind_name in ("description", "title"):
        kind = KINDS[kind_name]
        for row in rows:
            lang = row["lang"]
            # What the pipeline stores for a model reply of exactly this text, with its report...
            ctx = gate_context(kind_name, lang, product=row["product"])
            stored = content.evaluate(row["text"], kind, ctx)
            # ... is what `shopscribe check` says of the stored text.
            checked = content.check(CheckRequest(text=stored.text, product=row["product"], kind=kind_name, lang=lang))
            assert checked.flags == [f.to_dict() for f in stored.report.flags], (kind_name, row["id"])
            assert checked.passed == stored.passed and checked.score == stored.report.score


def test_structured_copy_is_checked_per_field_and_for_its_shape():
    ok = content.check(CheckRequest(text="• 纯棉面料柔软\n• 圆领不勒脖\n• 白色百搭", kind="bullets", lang="zh"))
    assert ok.passed and ok.channel == "taobao"
    numbered = "1. 3.5寸大屏看得清\n2、续航12小时\n3) 机身重150g"
    assert KINDS["bullets"].read(numbered) == {"bullets": ["3.5寸大屏看得清", "续航12小时", "机身重150g"]}
    long_point = "采用新疆长绒棉精梳纱线织造，面料柔软亲肤，透气吸汗，夏天长时间穿着也不会闷热，洗后不变形"
    over = content.check(CheckRequest(text=f"• {long_point}\n• 圆领不勒脖\n• 白色百搭", kind="bullets", lang="zh"))
    assert [(f["check"], f["text"], f["message"]) for f in over.flags if f["check"] == "length"] == [
        ("length", long_point[:40], f"bullets is {len(long_point)} characters long; taobao allows at most 40")]
    assert len(long_point) > 40 and not over.passed
    flat = content.check(CheckRequest(text="纯棉面料柔软，圆领不勒脖，白色百搭。", kind="bullets", lang="zh"))
    assert [(f["check"], f["message"]) for f in flat.flags] == [
        ("format", "not usable as bullets: bullets: List should have at least 3 items after validation, not 1")]
    body = ("A glazed stoneware mug in sage green that holds 350 ml of coffee or tea, "
            "and it is safe in the dishwasher and the microwave.")
    ad = content.check(CheckRequest(text=f"Sage green stoneware mug\n{body}", kind="ad", lang="en"))
    assert [(f["check"], f["message"]) for f in ad.flags] == [
        ("length", f"body is {len(body)} characters long; search allows at most 90")]


def test_check_applies_the_shop_profile_and_the_language():
    from shopscribe.prompts import ShopProfile

    req = CheckRequest(text="这款爆款T恤采用纯棉面料。", lang="zh", voice=ShopProfile(banned_words=["爆款"]))
    assert [f["check"] for f in content.check(req).flags] == ["voice"]
    wrong = content.check(CheckRequest(text="Soft cotton tee.", lang="zh", kind="description"))
    assert [(f["check"], f["message"]) for f in wrong.flags] == [("language", "written in en, the draft must be in zh")]


# ---- draft states --------------------------------------------------------------------------------------------


def test_draft_states_allow_the_review_workflow_and_refuse_the_rest(home):
    add_tee()
    with session_scope() as s:
        pid = s.query(Product.id).scalar()
        d = Draft(product_id=pid, kind="title", lang="zh", text="纯棉T恤")
        s.add(d)
        s.flush()
        assert d.status is DraftStatus.draft
        for step in (DraftStatus.approved, DraftStatus.published, DraftStatus.retired):
            d.status = step
        with pytest.raises(IllegalMove, match="a retired draft cannot become approved; from retired it can become: nothing"):
            d.status = DraftStatus.approved
        rejected = Draft(product_id=pid, kind="title", lang="zh", text="另一条", status="rejected", variant=1)
        with pytest.raises(IllegalMove, match="a rejected draft cannot become published"):
            rejected.status = "published"
        draft_id = d.id
    with session_scope() as s:
        assert s.get(Draft, draft_id).status is DraftStatus.retired  # read back as the type, not a string
        assert s.query(Draft).filter(Draft.status == DraftStatus.retired).count() == 1
    assert all(isinstance(m, tuple) for m in MOVES.values()) and set(MOVES) == set(DraftStatus)
    with pytest.raises(UserError, match="unknown draft status 'live'"):
        DraftStatus.parse("live")


# ---- sales channels ------------------------------------------------------------------------------------------


def test_every_kind_default_channel_takes_it_and_every_channel_takes_some_kind():
    for kind in KINDS.values():
        assert kind.channels == channels_for(kind.name)
        for lang in ("zh", "en"):
            assert kind.default_channel[lang] in kind.channels
            assert set(kind.limits(kind.channel_for(lang, None))) >= {kind.hint_field}
    assert all(any(c.serves(k) for k in KINDS) for c in CHANNELS.values())
    assert get_channel("taobao").label("zh") == "淘宝"
    with pytest.raises(UserError, match="unknown channel 'tiktok'; choose one of: taobao, jd,"):
        get_channel("tiktok")


@pytest.mark.parametrize("kind", [k for k in KINDS if KINDS[k].schema is not None])
def test_structured_copy_reads_back_into_the_fields_it_was_rendered_from(kind):
    fields = {"bullets": {"bullets": ["纯棉面料", "圆领设计", "白色百搭"]},
              "ad": {"headline": "山禾纯棉T恤", "body": "柔软透气，夏天穿刚好。"},
              "email": {"subject": "夏季新品上架", "body": "亲爱的顾客：\n山禾纯棉T恤到了。"},
              "social": {"text": "夏天就穿纯棉。\n白色百搭。", "hashtags": ["纯棉T恤", "夏日穿搭"]}}[kind]
    k = KINDS[kind]
    for channel in k.channels:
        assert k.read(k.render(fields, channel)) == fields, channel


def test_the_gate_context_is_built_from_the_kind_and_channel():
    ctx = gate_context("title", "zh", channel="jd")
    assert (ctx.kind, ctx.channel, ctx.limits["text"].max, ctx.limits["text"].unit) == ("title", "jd", 90, "width")
    plain = gate_context(None, "en")
    assert (plain.kind, plain.channel, plain.limits) == (None, None, {})
    assert quality.check_copy("Soft cotton tee.", plain).passed
