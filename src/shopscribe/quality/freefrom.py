"""What a food or cosmetic is said to be free of, against its own ingredient list: 一点糖都没加 of a cheese stick whose
配料 names 白砂糖, 'no preservatives' of a loaf with calcium propionate, and 'single-ingredient' or 配料就一样生牛乳 of a
list of five, or 'no erythritol' of a sweetener that lists it.

Decision: only an ingredient attribute (配料, 原料, 成分, Ingredients) decides, and only for the families below, each
named by the words shops use for it and by the ingredients that belong to it. Sugar alcohols and sweeteners (赤藓糖醇,
甜菊糖苷, stevia) are not sugar, so 无蔗糖 of a sweetened-with-erythritol drink passes; a family the list does not
name passes, since a shorter list cannot prove the product holds it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from shopscribe.quality.align import contradicts, flag
from shopscribe.quality.report import Flag

_INGREDIENT_KEY = re.compile(r"配料|原料|成分|ingredients?", re.IGNORECASE)


class Family(NamedTuple):
    zh: str  # what copy calls the family in Chinese (the X of 无X, 不加X, 0X)
    en: str  # and in English (X-free, no added X)
    listed: str  # ingredients that belong to it, as an ingredient list names them
    not_it: str = r"(?!)"  # names that look like it and are not: 赤藓糖醇 is no sugar


_FAMILIES = (
    Family(r"糖|蔗糖|白砂糖|添加糖", r"sugars?|added\s+sugars?|cane\s+sugar",
           r"白砂糖|砂糖|蔗糖|冰糖|红糖|绵白糖|糖浆|麦芽糖(?!醇)|葡萄糖(?!酸)|果糖|蜂蜜|(?<![a-z])sugar|syrup|dextrose|honey|"
           r"molasses|fructose",
           r"糖醇|糖苷|代糖|sugar\s+alcohol|erythritol|xylitol|stevia|monk\s*fruit"),
    Family(r"防腐剂", r"preservatives?", r"山梨酸|苯甲酸|脱氢乙酸|丙酸钙|丙酸钠|尼泊金|羟苯|sorbate|benzoate|propionate|paraben"),
    Family(r"香精|人工香料", r"artificial\s+flavou?rs?|flavou?rings?", r"香精|artificial\s+flavou?r"),
    Family(r"色素", r"artificial\s+colou?rs?|colou?rings?|dyes?",
           r"色素|焦糖色|胭脂红|柠檬黄|日落黄|诱惑红|亮蓝|caramel\s+colou?r|red\s+(?:no\.?\s*)?40|yellow\s+(?:no\.?\s*)?[56]|"
           r"blue\s+(?:no\.?\s*)?1|fd&c"),
    Family(r"味精", r"msg|monosodium\s+glutamate", r"味精|谷氨酸钠|monosodium\s+glutamate|\bmsg\b"),
    Family(r"麸质|小麦", r"gluten|wheat", r"小麦|大麦|黑麦|面粉|麸质|wheat|barley|(?<![a-z])rye|gluten"),
    # 无乳糖 milk still holds milk, and 'no milk needed' is how to make it: only dairy itself is ruled out
    Family(r"乳制品", r"dairy", r"生牛乳|牛乳|牛奶|奶粉|乳粉|稀奶油|奶油|黄油|乳清|干酪|酪蛋白|"
           r"(?<![a-z])milk|whey|casein|butter|cream|cheese", r"椰奶|椰乳|杏仁奶|燕麦奶|豆奶|coconut\s+milk|almond\s+milk|oat\s+milk"),
)
# 零添加, 'nothing artificial': no preservatives, flavouring or colouring (not no sugar: 零添加 yoghurt has it)
_ADDITIVES = (1, 2, 3)
_NO_ADDITIVES = re.compile(r"零添加|0添加|无添加(?![\u4e00-\u9fff])|不含任何添加|\bnothing\s+artificial\b|\bno\s+additives\b|"
                           r"\badditive[- ]free\b", re.IGNORECASE)


def _free_of(zh: str, en: str) -> re.Pattern[str]:
    """The ways copy says a product has none of a family: 无X, 不加X, 没加X, 零X, 0X, X都没加, 一点X都没加; 'X-free', 'no
    (added) X', 'free of X', 'without X', 'zero X', 'contains no X'."""
    return re.compile(
        # 不加糖也好喝 is how to drink it, not what is in it
        rf"(?:无|不加|不添加|未添加|没加|没有加|没有添加|零|(?<!\d)0|不含|拒绝)(?:任何|额外|一点|一丁点)?(?:添加)?(?:{zh})"
        rf"(?![\u4e00-\u9fff]?也|的话)"
        rf"|(?:一点|一丁点|半点|一粒)?(?:{zh})(?:都|也)?(?:没|没有|不|未)(?:加|放|添加)"
        rf"|\b(?:{en})[- ]free\b|\b(?:no|zero|without(?:\s+any)?|free\s+(?:of|from)|contains?\s+no)\s+(?:added\s+)?(?:{en})\b",
        re.IGNORECASE)


_SAID_FREE = [_free_of(f.zh, f.en) for f in _FAMILIES]
# 配料就一样生牛乳, 配料只有生牛乳, 'single-ingredient', 'just one ingredient', 'the only ingredient is'
_ONE_INGREDIENT = re.compile(r"配料(?:表)?(?:里|上)?(?:就|只|仅)(?:有|用了?|是)?(?:一样|一种|一味)|(?:就|只)(?:一样|一种)配料|单一配料|"
                             # 配料表只有海参和水两样 names two: only a single thing named alone claims one
                             r"配料(?:表)?(?:只有|仅有|就只有)(?:(?![和与及、两三几])[\u4e00-\u9fff]){2,6}(?=[，。；！？,.;!?]|$)|"
                             r"\bsingle[- ]ingredient\b|\b(?:just|only)\s+one\s+ingredient\b|\bthe\s+only\s+ingredient\b|"
                             r"\bone[- ]ingredient\b", re.IGNORECASE)
# The ingredient's name ends the phrase ('no erythritol, no sugar'), so 'no erythritol aftertaste' is about a taste
_NAME_ENDS = re.compile(r"\s*(?:[，。；！？、,.;:!?)）]|$|哦|呢|啊|成分|\b(?:and|or|added|at\s+all|whatsoever|in\s+(?:it|here|this))\b)",
                        re.IGNORECASE)
_ITEMS = re.compile(r"[、,，;；]|\band\b")
_NEGATED_BEFORE = re.compile(r"(?:并非|不是|not|isn'?t|never\s+claims?)\s*$", re.IGNORECASE)


def _ingredients(attrs: dict[str, str]) -> tuple[str, str] | None:
    return next(((k, v) for k, v in attrs.items() if _INGREDIENT_KEY.search(k) and len(v.strip()) >= 2), None)


def _holds(value: str, family: Family) -> bool:
    # a look-alike (赤藓糖醇, 'erythritol') is cut out first, so what is left names the family itself or nothing
    return bool(re.search(family.listed, re.sub(family.not_it, " ", value, flags=re.IGNORECASE), re.IGNORECASE))


def check(text: str, attrs: dict[str, str], lang: str) -> list[Flag]:
    found = _ingredients(attrs)
    if not found:
        return []
    key, value = found
    flags = []
    for family, said in zip(_FAMILIES, _SAID_FREE):
        for m in said.finditer(text):
            if _holds(value, family) and not _NEGATED_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
                flags.append(flag(m.start(), m.end(), text, contradicts(lang, m.group(), key, value)))
                break
    for m in _NO_ADDITIVES.finditer(text):
        if any(_holds(value, _FAMILIES[i]) for i in _ADDITIVES):
            flags.append(flag(m.start(), m.end(), text, contradicts(lang, m.group(), key, value)))
    items = [x for x in _ITEMS.split(re.sub(r"[（(][^）)]*[）)]", "", value)) if x.strip()]
    for item in items:  # 'no erythritol' of a sweetener whose list opens with it: the listed ingredient itself
        name = re.sub(r"\s*\d+(?:\.\d+)?\s*%|^\s*(?:and|or)\s+|\s+$|^\s+", "", item)
        if (len(name) >= 2 if re.search(r"[\u4e00-\u9fff]", name) else len(name) >= 4) and not flags:
            m = _free_of(re.escape(name), re.escape(name)).search(text)
            if m and not _NEGATED_BEFORE.search(text[max(0, m.start() - 12):m.start()]) and _NAME_ENDS.match(text, m.end()):
                flags.append(flag(m.start(), m.end(), text, contradicts(lang, m.group(), key, value)))
    for m in _ONE_INGREDIENT.finditer(text) if len(items) > 1 else ():
        flags.append(flag(m.start(), m.end(), text, contradicts(lang, m.group(), key, value)))
    return flags
