"""The learned critic: trained on reviewers' approved vs rejected drafts, it reranks passing candidates."""

from __future__ import annotations

import json
from decimal import Decimal

from cli import shopscribe
from shopscribe import quality
from shopscribe.content import CheckRequest, check
from shopscribe.quality import critic
from shopscribe.store import Draft, Product, session_scope

ITEMS = [("纯棉T恤", "100%棉", "白色"), ("亚麻衬衫", "亚麻", "米色"), ("羊毛围巾", "羊毛", "灰色"), ("陶瓷马克杯", "陶瓷", "白色"),
         ("竹纤维毛巾", "竹纤维", "米白"), ("不锈钢保温杯", "304不锈钢", "黑色"), ("真丝枕套", "桑蚕丝", "香槟色"),
         ("硅胶锅铲", "食品级硅胶", "红色"), ("玻璃水杯", "高硼硅玻璃", "透明"), ("帆布托特包", "帆布", "卡其色"),
         ("羊绒毛衣", "羊绒", "驼色"), ("涤纶运动裤", "涤纶", "藏青"), ("铝合金支架", "铝合金", "银色"),
         ("皮质钱包", "牛皮", "棕色"), ("棉麻桌布", "棉麻", "浅灰"), ("木质砧板", "橡木", "原木色"),
         ("羽绒背心", "白鸭绒", "黑色"), ("针织开衫", "腈纶", "燕麦色"), ("丝绒抱枕", "丝绒", "墨绿"), ("藤编收纳筐", "藤", "原色"),
         ("牛仔外套", "牛仔布", "浅蓝"), ("法兰绒睡衣", "法兰绒", "粉色")]
# What this shop's reviewers approve: plain facts and a use. What they reject: breathless filler.
APPROVED = [f"{name}，{material}材质，{colour}。日常使用方便，清洗简单。" for name, material, colour in ITEMS]
REJECTED = [f"哇！！{name}真的太太太好看了，闭眼入不后悔，姐妹们冲冲冲，{colour}绝绝子！！" for name, material, colour in ITEMS]


def store_reviewed(approved: list[str], rejected: list[str]) -> None:
    with session_scope() as s:
        p = Product(sku=f"P-{s.query(Product).count() + 1}", title="t", price=Decimal("1"), currency="CNY", attributes={})
        s.add(p)
        s.flush()
        for i, (text, status) in enumerate([(t, "approved") for t in approved] + [(t, "rejected") for t in rejected]):
            s.add(Draft(product_id=p.id, kind="description", lang="zh", variant=i, text=text, status=status))


def test_critic_learns_the_reviewers_preference_on_unseen_texts():
    model = critic.train(APPROVED[:18], REJECTED[:18])
    for text in APPROVED[18:]:
        assert model.probability(text) > 0.5, text
    for text in REJECTED[18:]:
        assert model.probability(text) < 0.5, text


def test_too_few_reviewed_drafts_train_nothing(home):
    store_reviewed(APPROVED[:5], REJECTED[:3])
    result = critic.train_from_store(critic.CriticRequest(home=home))
    assert (result.trained, result.approved, result.rejected) == (False, 5, 3)
    assert result.reason == "need at least 20 approved and 20 rejected drafts; have 5 and 3"
    assert not critic.critic_path(home).exists()


def test_a_trained_critic_reranks_passing_candidates_but_never_lifts_a_blocked_one(home):
    plain, hype = "帆布托特包，帆布材质，卡其色。通勤装电脑和水杯都放得下。", "哇！！帆布托特包真的太好看了，卡其色好出片！！"
    def gate(text: str) -> quality.CheckReport:  # the shop's gate, as `shopscribe check` and generation run it
        result = check(CheckRequest(text=text, lang="zh", home=home))
        return quality.CheckReport([quality.Flag.from_dict(f) for f in result.flags], critic=None), result.score

    before = [gate(t) for t in (hype, plain)]
    assert before[0][0].passed and before[1][0].passed and before[0][1] == before[1][1] == 1.0
    store_reviewed(APPROVED, REJECTED)
    result = critic.train_from_store(critic.CriticRequest(home=home))
    assert result.trained and result.holdout_accuracy >= 0.8
    after = [gate(t) for t in (hype, plain)]
    assert after[1][1] > after[0][1] > 0.5  # both pass; the plain one now ranks first
    blocked = gate("帆布托特包，全网最低价，最佳选择。")
    assert not blocked[0].passed and blocked[1] < min(score for _, score in after)


def test_critic_train_cli_reports_counts_and_exit_codes(home):
    store_reviewed(APPROVED[:2], REJECTED[:2])
    cmd = ["critic", "train", "--json"]
    short = shopscribe(*cmd)
    assert short.returncode == 1 and json.loads(short.stdout)["trained"] is False
    store_reviewed(APPROVED, REJECTED)
    full = shopscribe(*cmd)
    out = json.loads(full.stdout)
    assert full.returncode == 0 and out["trained"] is True
    assert (out["approved"], out["rejected"]) == (len(APPROVED) + 2, len(REJECTED) + 2)
