"""Advertising-law compliance: flag absolute terms, forbidden endorsements, disease and guarantee claims.

Word lists are data (quality/data/*_{zh,en}.txt, plus a shop's own <home>/rules/*_{zh,en}.txt); terms are
matched on normalised text, and a term inside an allow phrase or repeating the product's own stated fact
is not flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from shopscribe.errors import UserError
from shopscribe.quality.context import GateContext, attributes_of
from shopscribe.quality.normalize import HARD, SOFT, Normalized, fold, is_word, normalize
from shopscribe.quality.report import Flag, outermost

CHECK = "compliance"
DATA = Path(__file__).parent / "data"
_HEADER_KEYS = ("severity", "message", "fix", "skip_category", "unless")
_DEFINE = re.compile(r"define\s+([A-Z][A-Z0-9_]*)\s*=\s*(.+)")
_NAME_REF = re.compile(r"%([A-Z][A-Z0-9_]*)%")
_DEFAULTS = {
    "zh": {"severity": "block", "message": "本店规则：不得使用“{term}”；{fix}", "fix": "删去或改写该说法"},
    "en": {"severity": "block", "message": "Shop rule: \"{term}\" is not allowed; {fix}", "fix": "remove or rephrase it"},
}


class RulesError(UserError):
    """A word-list file a shop can fix: the message names the file, line and what to change."""


@dataclass(frozen=True)
class Term:
    written: str  # as in the word list, used in messages
    fix: str | None
    dense: str = ""  # literal terms: folded form matched on Normalized.dense
    pattern: re.Pattern[str] | None = None  # "re:" terms: matched on Normalized.text


@dataclass
class Family:
    name: str
    severity: str = "block"
    message: str = ""
    fix: str = ""
    skip_category: re.Pattern[str] | None = None
    # A term of the family is lawful when its sentence, or the one before or after it, carries this pattern: a
    # reference price defined or dated ("划线价为活动前7日内最低成交价", "Regular price $79, charged since March"), a
    # figure with its source ("报告编号…", "according to the 2024 survey by…"), a lifetime warranty with its terms.
    unless: re.Pattern[str] | None = None
    terms: list[Term] = field(default_factory=list)
    _literal: re.Pattern[str] | None = None
    _by_dense: dict[str, Term] = field(default_factory=dict)

    def compile(self) -> None:
        self._by_dense = {}
        for t in self.terms:
            if t.pattern is None and t.dense:
                self._by_dense.setdefault(t.dense, t)
        alts = sorted(self._by_dense, key=len, reverse=True)
        # A lookahead finds overlapping occurrences; at one position the longest term wins.
        self._literal = re.compile("(?=(" + "|".join(map(re.escape, alts)) + "))") if alts else None

    def find(self, norm: Normalized) -> list[tuple[int, int, Term]]:
        """(text start, text end, term) for every occurrence, spans in Normalized.text."""
        found: list[tuple[int, int, Term]] = []
        if self._literal is not None:
            for m in self._literal.finditer(norm.dense):
                a, b = m.start(), m.start() + len(m.group(1))
                if norm.crosses_break(a, b):
                    continue
                term = self._by_dense[m.group(1)]
                ta, tb = norm.dense_index[a], norm.dense_index[b - 1] + 1
                # Latin terms need word boundaries: "cure" is not in "secure"
                if is_word(term.dense[0]) and ta > 0 and is_word(norm.text[ta - 1]):
                    continue
                if is_word(term.dense[-1]) and tb < len(norm.text) and is_word(norm.text[tb]):
                    continue
                found.append((ta, tb, term))
        for t in self.terms:
            if t.pattern is None:
                continue
            for m in t.pattern.finditer(norm.text):
                a, b = m.span()
                while a < b and norm.text[a] in (SOFT, HARD):
                    a += 1
                while b > a and norm.text[b - 1] in (SOFT, HARD):
                    b -= 1
                if a < b:
                    found.append((a, b, t))
        return found


@dataclass
class Rules:
    families: list[Family]
    allows: list[re.Pattern[str]]
    defines: dict[str, str] = field(default_factory=dict)  # NAME -> pattern, used as %NAME% in "re:" lines

    def expand(self, pattern: str) -> str:
        return _NAME_REF.sub(lambda m: f"(?:{self.defines[m[1]]})" if m[1] in self.defines else m[0], pattern)


def _compile(pattern: str, where: str, flags: int = 0) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as e:
        raise RulesError(f"{where}: bad regular expression {pattern!r} ({e}); fix the pattern or write the "
                         "phrase without the 're:' prefix") from None


def parse_rules(text: str, source: str, lang: str, rules: Rules | None = None) -> Rules:
    """Read one word-list file into `rules` (new families appended, known ones extended)."""
    rules = rules or Rules([], [])
    by_name = {f.name: f for f in rules.families}
    fam: Family | None = None
    in_allow = False
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        where = f"{source}:{no}"
        # "# " starts a comment; "#1" is a term
        if not line or line == "#" or line.startswith("# "):
            continue
        if line.startswith("[") and line.endswith("]"):
            name = line[1:-1].strip()
            in_allow = name == "allow"
            if not in_allow:
                fam = by_name.get(name)
                if fam is None:
                    fam = Family(name, **_DEFAULTS[lang])
                    by_name[name] = fam
                    rules.families.append(fam)
            continue
        d = _DEFINE.fullmatch(line)
        if d:
            rules.defines[d[1]] = rules.expand(d[2].strip())
            _compile(rules.defines[d[1]], where)
            continue
        key, eq, value = line.partition("=")
        if eq and key.strip() in _HEADER_KEYS and not in_allow:
            if fam is None:
                raise RulesError(f"{where}: '{key.strip()} =' before any [family] line; start the file with "
                                 "a [name] line")
            _set_header(fam, key.strip(), value.strip(), where)
            continue
        if in_allow:
            if line.startswith("re:"):
                rules.allows.append(_compile(rules.expand(line[3:].strip()), where))
            else:
                rules.allows.append(re.compile(re.escape(normalize(line).text)))
            continue
        if fam is None:
            raise RulesError(f"{where}: term {line!r} before any [family] line; add a line such as [shop] above it")
        term, arrow, fix = line.partition(" -> ")
        term = term.strip()
        fix_text = fix.strip() if arrow else None
        if term.startswith("re:"):
            fam.terms.append(Term(term, fix_text, pattern=_compile(rules.expand(term[3:].strip()), where)))
        else:
            dense = fold(term)
            if not dense:
                raise RulesError(f"{where}: term {line!r} has no letters or digits to match; remove the line")
            fam.terms.append(Term(term, fix_text, dense=dense))
    return rules


def _set_header(fam: Family, key: str, value: str, where: str) -> None:
    if key == "severity":
        if value not in ("block", "warn"):
            raise RulesError(f"{where}: severity must be 'block' or 'warn', not {value!r}")
        fam.severity = value
    elif key == "skip_category":
        fam.skip_category = _compile(value, where, re.IGNORECASE) if value else None
    elif key == "unless":
        fam.unless = _compile(value, where, re.IGNORECASE) if value else None
    elif key == "message":
        try:
            value.format(term="", fix="")
        except (KeyError, IndexError, ValueError):
            raise RulesError(f"{where}: message may use only {{term}} and {{fix}} placeholders") from None
        fam.message = value
    else:
        fam.fix = value


@lru_cache(maxsize=16)
def load_rules(lang: str, home: str | None) -> Rules:
    """The packaged word lists for `lang`, then the shop's own from <home>/rules/; cached per (lang, home)."""
    files = sorted(DATA.glob(f"*_{lang}.txt"))
    if home:
        files += sorted((Path(home) / "rules").glob(f"*_{lang}.txt"))
    rules = Rules([], [])
    for path in files:
        try:
            content = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise RulesError(f"{path}: not UTF-8 text; save the file as UTF-8") from None
        parse_rules(content, str(path), lang, rules)
    for fam in rules.families:
        fam.compile()
    return rules


def _product_facts(product: dict[str, Any] | None) -> list[str]:
    """Dense forms of the brand and attribute values: what the shop states as fact about this product.
    Title and description are left out: they are marketing text and may hold the very claims we check."""
    if not product:
        return []
    values: list[str] = [str(product.get("brand") or "")]
    attrs = attributes_of(product)

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)
        elif v not in (None, ""):
            values.append(str(v))

    walk(attrs)
    return [d for d in (fold(v) for v in values) if d]


def _stated_by_product(norm: Normalized, ta: int, tb: int, facts: list[str]) -> bool:
    """The occurrence repeats an attribute: the same term with at least one neighbouring character (CJK)
    or three letters (Latin) of the same wording, or a whole attribute value."""
    if not facts:
        return False
    a, b = norm.text_to_dense[ta], norm.text_to_dense[tb]
    dense = norm.dense
    occ = dense[a:b]
    if not occ:
        return False
    need = 3 if is_word(occ[0]) and is_word(occ[-1]) else 1
    for fact in facts:
        start = fact.find(occ)
        while start >= 0:
            end = start + len(occ)
            if start == 0 and end == len(fact):
                return True
            left = 0
            while start - left > 0 and a - left > 0 and fact[start - left - 1] == dense[a - left - 1]:
                left += 1
            right = 0
            while end + right < len(fact) and b + right < len(dense) and fact[end + right] == dense[b + right]:
                right += 1
            if left + right >= need:
                return True
            start = fact.find(occ, start + 1)
    return False


def _allowed_spans(rules: Rules, norm: Normalized) -> list[tuple[int, int]]:
    spans = []
    for p in rules.allows:
        for m in p.finditer(norm.text):
            if m.end() > m.start():
                spans.append(m.span())
    return spans


def _qualified(fam: Family, text: str, at: int, lang: str) -> bool:
    """The family's `unless` pattern in the sentence at `at` or a neighbouring one."""
    if fam.unless is None:
        return False
    from shopscribe.quality.meaning import sentences

    spans = sentences(text, lang) or [(0, len(text))]
    i = next((n for n, (a, b) in enumerate(spans) if a <= at < b), None)
    if i is None:
        return False
    near = text[spans[max(0, i - 1)][0]:spans[min(len(spans) - 1, i + 1)][1]]
    return fam.unless.search(near) is not None


def check(text: str, ctx: GateContext) -> list[Flag]:
    """Compliance flags for `text` in ctx.lang, spans offsets into `text`: the rules, then (ctx.learned) the learned
    stage on cue sentences no rule blocked."""
    excused: list[tuple[int, int]] = []
    found = rule_flags(text, ctx, excused)
    if not ctx.learned:
        return found
    found = _second_opinion(text, ctx, found)
    # A sentence a rule blocked, or one whose rule term is allowed or stated by the product, is decided already.
    skip = [(f.start, f.end) for f in found if f.severity == "block"] + excused
    # A learned warning over a sentence whose term a rule already warned about says less than the rule: keep the rule's.
    learned = [f for f in learned_flags(text, ctx, skip=skip)
               if f.severity == "block" or not any(f.start <= g.start and g.end <= f.end for g in found)]
    return outermost(found + learned)


# A sentence that puts the listed word in its lawful form, by a scope of the seller's own (日用级里口径最大的一款, 共24色，
# 其中最大装为钛白, 我们家最轻的一把伞, 全店唯一一款带保温的杯子, 'the largest we make'), a warranty's terms
# (终身保修：限首位购买者…须提供购买凭证, 'original purchaser') or a source that ranks something else ('NOAA ranks 2023 as the warmest year'): there the rule's block stands only when the learned
# stage, reading the whole sentence, finds a claim too; otherwise it is shown as a warning.
_LAWFUL_FORM = re.compile(r"自家(?:标准|分级|分的)|[级档](?:里|中)|系列(?:里|中)|其中最|(?:本店|店里|我们店)(?:里|内)?最[\u4e00-\u9fff]{1,2}的(?:是|为)|(?:我们家|我家|全店|店内|本店)[^。！？，]{0,6}?(?:最|唯一)|\b(?:that\s+)?we\s+(?:make|sell|carry|stock)\b|"
                          r"\bin\s+our\s+(?:range|line|lineup|shop|store)\b|"
                          r"限[\u4e00-\u9fff]{0,6}(?:购买者|购买人|本人)|购买凭证|人为损坏除外|\boriginal\s+(?:purchaser|owner)\b|"
                          r"\bproof\s+of\s+purchase\b|\bexcludes?\b|"
                          r"\b(?:according\s+to|ranks?|ranked|rated)\b[^.!?\n]{0,40}\b(?:as|the)\b|据[\u4e00-\u9fff]{2,12}(?:统计|数据|报告|公报)|"
                          r"报告编号", re.IGNORECASE)


def _second_opinion(text: str, ctx: GateContext, found: list[Flag]) -> list[Flag]:
    from shopscribe.quality import meaning

    lang = ctx.lang if ctx.lang in _DEFAULTS else "zh"
    sents = meaning.sentences(text, lang) if any(f.severity == "block" for f in found) else []
    claimed: dict[tuple[int, int], bool] = {}  # per sentence: does the learned stage find a claim in it
    out = []
    for f in found:
        sent = next(((a, b) for a, b in sents if a <= f.start < b), None)
        if f.severity == "block" and sent and _LAWFUL_FORM.search(text[sent[0]:sent[1]]) and meaning.available():
            if sent not in claimed:
                claimed[sent] = bool(learned_flags(text[sent[0]:sent[1]], ctx))
            if not claimed[sent]:
                f = Flag(f.check, "warn", f.start, f.end, f.text, f.message)
        out.append(f)
    return out


# The learned stage's claim families and the word lists' families whose `unless` qualifies the same claim: a figure
# whose source the next sentence names ("…69%没有接单收入。数据来源：学员回访问卷"), an income disclosure, a warranty's
# terms excuse a paraphrase as they excuse a listed term.
_QUALIFIED_BY = {"statistics": ("study", "proof"), "earnings": ("earnings", "study"), "guarantee": ("lifetime", "guarantee")}


def learned_flags(text: str, ctx: GateContext, skip: list[tuple[int, int]] | None = None) -> list[Flag]:
    """The learned stage alone (quality/meaning.py); none when its heads are not trained."""
    from shopscribe.quality import meaning  # numpy and the encoder load only when the stage runs

    lang = ctx.lang if ctx.lang in _DEFAULTS else "zh"
    rules = load_rules(lang, str(Path(ctx.home).resolve()) if ctx.home else None)

    def qualified(family: str, at: int) -> bool:
        return any(_qualified(f, text, at, lang) for f in rules.families if f.name in _QUALIFIED_BY.get(family, ()))

    return meaning.flags(text, ctx, skip, qualified)


def _speaks_for_sentence(span: tuple[int, int]) -> bool:
    """An allowed phrase longer than a two-character time word (最近, 最后) vouches for its sentence's wording."""
    return span[1] - span[0] > 2


def rule_flags(text: str, ctx: GateContext, excused: list[tuple[int, int]] | None = None) -> list[Flag]:
    """The word lists alone; nothing inside a disclaimer that denies a medical effect. `excused` collects the spans
    of terms found but excused (an allow phrase, the product's own fact, a disclaimer) and of every allow phrase."""
    from shopscribe.quality.meaning import disclaimer_spans, inside

    lang = ctx.lang if ctx.lang in _DEFAULTS else "zh"
    rules = load_rules(lang, str(Path(ctx.home).resolve()) if ctx.home else None)
    norm = normalize(text)
    if not norm.dense:
        return []
    category = str((ctx.product or {}).get("category") or "")
    found = [(fam, ta, tb, term) for fam in rules.families
             if not (fam.skip_category is not None and category and fam.skip_category.search(category))
             for ta, tb, term in fam.find(norm)]
    allows = _allowed_spans(rules, norm)
    if excused is not None:
        # An allow phrase says its wording is lawful ("self-healing", "our strongest formula yet"): the learned stage
        # does not overrule it, whether or not a term of the lists stands inside it. A two-character time word (最近,
        # 最后) is allowed only to spare it the list's 最; it says nothing for the rest of its sentence (主任问我最近吃的啥，
        # 让我接着喝; 最后50单…马上调回门店价), which the learned stage still reads.
        excused += [sp for sp in (norm.span(x, y) for x, y in allows) if _speaks_for_sentence(sp)]
    if not found:
        return _hashtag_flags(text, ctx)
    facts = _product_facts(ctx.product)
    disclaim = disclaimer_spans(text, lang)
    flags: list[Flag] = []
    for fam, ta, tb, term in found:
        start, end = norm.span(ta, tb)
        allowed = [norm.span(x, y) for x, y in allows if x <= ta and tb <= y]
        # a term inside a phrase that vouches for its sentence is excused outright; one inside a short time word only
        # when the product, a disclaimer or the family's terms excuse it too
        other = any(_speaks_for_sentence(sp) for sp in allowed) or _stated_by_product(norm, ta, tb, facts) \
            or inside(disclaim, start, end) or _qualified(fam, text, start, lang)
        if allowed or other:
            if excused is not None and other:
                excused.append((start, end))
            continue
        shown = term.written if term.pattern is None else norm.text[ta:tb].replace(HARD, " ")
        message = fam.message.format(term=shown, fix=term.fix or fam.fix)
        flags.append(Flag(CHECK, fam.severity, start, end, text[start:end], message))
    return outermost(flags + _hashtag_flags(text, ctx))


# An English hashtag runs its words together (#neverbreaks, #noonecancopyus, #was199nowjust49): the word lists read it
# split into words, and a flag covers the whole tag.
_RUN_TOGETHER = re.compile(r"#([A-Za-z0-9]{6,})(?![A-Za-z0-9])")


def _hashtag_flags(text: str, ctx: GateContext) -> list[Flag]:
    tags = [m for m in _RUN_TOGETHER.finditer(text) if re.search(r"[A-Za-z]{4,}", m.group(1))]
    if not tags or ctx.lang == "zh":
        return []
    import wordsegment  # loaded only for copy with such a tag (its word counts take half a second)

    if not wordsegment.UNIGRAMS:
        wordsegment.load()
    flags = []
    for m in tags:
        runs = re.findall(r"\d+|[A-Za-z]+", m.group(1))
        words = " ".join(r if r.isdigit() else " ".join(wordsegment.segment(r)) for r in runs)
        said = re.sub(r"(\d+) percent\b", r"\1%", words) + "."
        for f in rule_flags(said, ctx):
            flags.append(Flag(CHECK, f.severity, m.start(), m.end(), m.group(), f.message))
    return flags


