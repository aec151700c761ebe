"""Text normalised for term matching (NFKC, case-folded, filler dropped) with a map back to original offsets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import accumulate

# Sentence and clause ends: a term may not run across one, and context windows stop at one.
_CJK_BREAKS = frozenset("，。！？；：、…\n\r\u2028\u2029\uff61\uff64")
_ASCII_BREAKS = frozenset(".,;:!?")
_KEPT_SYMBOLS = frozenset("%#")  # they change meaning: "100%有效", "#1"
_APOSTROPHES = frozenset("'\u2019\u2018")
# NFKC spells these out as letters ("™" -> "TM"), which would glue them onto the word before.
_SPELLED_SYMBOLS = frozenset("™℠®©")

SOFT, HARD = " ", "\n"
# Plain ASCII letters/digits and common Han characters: most of any text, taken a run at a time.
_PLAIN_RUN = re.compile(r"[A-Za-z0-9\u4e00-\u9fff]+")
_NOT_DENSE = frozenset((SOFT, HARD, "'", "."))


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FA1F
            or 0x3040 <= o <= 0x30FF or 0xAC00 <= o <= 0xD7AF)


def is_word(ch: str) -> bool:
    """A letter or digit of a space-separated script (Latin, digits): words there need boundaries."""
    return (ch.isalnum() or ch == "%") and not is_cjk(ch)


@dataclass(frozen=True)
class Normalized:
    """`text`: NFKC, case-folded; filler between characters dropped; one space between Latin words; "\\n" at
    sentence breaks. `dense`: `text` with every separator removed, where spaced-out or emoji-split terms
    are found. Both map each character back to an offset in `original`."""

    original: str
    text: str
    offsets: tuple[int, ...]  # text index -> original index
    dense: str
    dense_index: tuple[int, ...]  # dense index -> text index
    text_to_dense: tuple[int, ...]  # text index -> count of dense characters before it (len(text)+1 entries)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of text[start:end]."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def dense_span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of dense[start:end]."""
        return self.span(self.dense_index[start], self.dense_index[end - 1] + 1)

    def crosses_break(self, dstart: int, dend: int) -> bool:
        return HARD in self.text[self.dense_index[dstart]:self.dense_index[dend - 1]]


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, chars, original index): kind "r" a plain run (one original character per char), "c" a kept
    character (NFKC may expand it), "'" apostrophe, "." kept dot, SOFT or HARD separator."""
    out: list[tuple[str, str, int]] = []
    n = len(text)
    i = 0
    while i < n:
        m = _PLAIN_RUN.match(text, i)
        if m:
            out.append(("r", m.group().lower(), i))
            i = m.end()
            continue
        _one(text, i, out)
        i += 1
    return out


def _one(text: str, i: int, out: list[tuple[str, str, int]]) -> None:
    """Token for the one character at i that is not part of a plain run."""
    ch = text[i]
    if ch in _CJK_BREAKS:
        out.append((HARD, "", i))
        return
    if unicodedata.category(ch) in ("Cf", "Mn", "Me", "Cs", "Co", "Cn"):
        return  # zero-width joiners/spaces, variation selectors, keycap marks: invisible filler
    nf = unicodedata.normalize("NFKC", ch)
    if nf in _ASCII_BREAKS:
        nxt = text[i + 1:i + 2]
        rest = text[i + 1:i + 3].lstrip()[:1]
        prev = out[-1] if out else None
        after_word = prev is not None and prev[0] in ("r", "c") and is_word(prev[1][-1])
        if nf == "." and after_word and rest.isdigit():
            out.append((".", ".", i))  # 99.9, No.1, No. 1
        elif nf == "," and after_word and rest and is_word(rest):
            out.append((SOFT, "", i))  # a comma inside an English sentence ("prevents colds, flu and ...")
        elif not nxt or nxt.isspace() or is_cjk(nxt):
            out.append((HARD, "", i))
        else:
            out.append((SOFT, "", i))  # 最.佳, c.u.r.e: punctuation used as filler
    elif ch in _APOSTROPHES:
        out.append(("'", "'", i))
    elif nf in _KEPT_SYMBOLS:
        out.append(("c", nf, i))
    elif ch not in _SPELLED_SYMBOLS and nf and all(c.isalnum() for c in nf):
        out.append(("c", nf.casefold(), i))
    else:
        out.append((SOFT, "", i))  # spaces (U+3000 too), emoji, symbols, other punctuation


def normalize(text: str) -> Normalized:
    """Both matching views of `text`, each with its map back to original offsets."""
    toks = _tokens(text)
    chars: list[str] = []
    offs: list[int] = []
    pending: str | None = None
    pending_at = 0
    kept = [k in ("r", "c") for k, _, _ in toks]
    for j, (kind, s, i) in enumerate(toks):
        if kind in (SOFT, HARD):
            if pending != HARD:
                pending, pending_at = kind, i
            continue
        if kind in ("'", "."):
            prev_ok = bool(chars) and chars[-1].isalnum() and pending is None
            nxt = next((toks[k] for k in range(j + 1, len(toks)) if kept[k] or toks[k][0] == HARD), None)
            nxt_ok = nxt is not None and nxt[0] in ("r", "c") and (nxt[1][0].isdigit() if kind == "." else nxt[1][0].isalpha())
            if not (prev_ok and nxt_ok):
                if pending != HARD:
                    pending, pending_at = SOFT, i
                continue
            if kind == ".":
                # "No. 1": the space after the dot is not a word gap
                chars.append(".")
                offs.append(i)
                pending = None
                continue
        if pending is not None and chars:
            if pending == HARD:
                chars.append(HARD)
                offs.append(pending_at)
            elif is_word(chars[-1]) and is_word(s[0]):
                chars.append(SOFT)
                offs.append(pending_at)
        pending = None
        chars.extend(s)
        offs.extend(range(i, i + len(s)) if kind == "r" else [i] * len(s))
    norm = "".join(chars)
    dense_index = [v for v, c in enumerate(norm) if c not in _NOT_DENSE]
    to_dense = [0, *accumulate(c not in _NOT_DENSE for c in norm)]
    dense = "".join(norm[v] for v in dense_index)
    return Normalized(text, norm, tuple(offs), dense, tuple(dense_index), tuple(to_dense))


def fold(term: str) -> str:
    """The dense form of a term as written in a word list: what `Normalized.dense` holds where it occurs."""
    return normalize(term).dense
