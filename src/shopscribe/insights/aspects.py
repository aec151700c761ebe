"""Aspects: what each review talks about (quality, fit, material, logistics, price, service, packaging, battery …)
and how it feels about each one.

A review is cut into clauses; a clause that names an aspect's word carries that aspect, and the clause's own
sentiment (the same model as the review's) is the aspect's. "Fabric is soft but shipping took weeks" is positive on
material and negative on logistics, whatever the review as a whole says.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from shopscribe.errors import UserError

DATA = Path(__file__).parent / "data" / "aspects.toml"
_CLAUSE = re.compile(r"[，。！？；;!?\n]+|,\s*|\.\s+|\s+(?:but|however|although|though)\s+|但是|不过|可是|就是|只是")


@dataclass(frozen=True)
class Aspect:
    name: str
    words: dict[str, tuple[str, ...]]  # lang → words
    categories: tuple[str, ...] = ()  # empty: every product
    names: tuple[tuple[str, str], ...] = ()  # (lang, display name)

    def label(self, lang: str) -> str:
        return dict(self.names).get(lang) or self.name

    def applies_to(self, category: str | None) -> bool:
        if not self.categories:
            return True
        cat = (category or "").casefold()
        return any(c.casefold() in cat for c in self.categories)


@dataclass(frozen=True)
class Mention:
    aspect: str
    clause: str
    start: int  # where the clause starts in the review


def _read(path: Path) -> dict[str, Aspect]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: not valid TOML ({exc}); fix the aspects file") from None
    out = {}
    for name, spec in data.items():
        if not isinstance(spec, dict):
            raise UserError(f"{path}: [{name}] must be a table with zh/en word lists")
        words = {lang: tuple(str(w) for w in spec.get(lang, [])) for lang in ("zh", "en")}
        shown = spec.get("name") or {}
        out[name] = Aspect(name, words, tuple(str(c) for c in spec.get("categories", [])),
                           tuple((lang, str(shown[lang])) for lang in ("zh", "en") if lang in shown))
    return out


@functools.lru_cache(maxsize=8)
def _aspects(home: str | None, _mtime: float) -> dict[str, Aspect]:
    found = _read(DATA)
    if home:
        own = Path(home) / "rules" / "aspects.toml"
        if own.is_file():
            found.update(_read(own))
    return found


def aspects(home: Path | None = None) -> dict[str, Aspect]:
    """The built-in aspects, extended or replaced by HOME/rules/aspects.toml."""
    own = Path(home) / "rules" / "aspects.toml" if home else None
    mtime = own.stat().st_mtime if own is not None and own.is_file() else 0.0
    return _aspects(str(home) if home else None, mtime)


def _mentions_word(clause: str, word: str) -> bool:
    if re.search(r"[a-z]", word):  # Latin words match whole words only ("fit" is not in "benefit")
        return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", clause.casefold()) is not None
    return word in clause


def mentions(text: str, category: str | None = None, home: Path | None = None) -> list[Mention]:
    """Each clause of `text` with each aspect it names (once per aspect and clause), in reading order."""
    out = []
    table = [a for a in aspects(home).values() if a.applies_to(category)]
    pos = 0
    for piece in _CLAUSE.split(text):
        start = text.find(piece, pos) if piece else pos
        pos = max(pos, start + len(piece))
        clause = piece.strip()
        if not clause:
            continue
        for aspect in table:
            if any(_mentions_word(clause, w) for words in aspect.words.values() for w in words):
                out.append(Mention(aspect.name, clause, start))
    return out
