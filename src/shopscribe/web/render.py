"""Copy as the reviewer sees it: flags marked at their spans (with the reason on hover), an edit against the
model's text, and the dashboard's plot. Everything from products, reviews and models is escaped here."""

from __future__ import annotations

import difflib
import io
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape


def highlighted(text: str, flags: Sequence[dict[str, Any]]) -> Markup:
    """The text with each flag's span in a <mark>: where spans overlap, blocking flags first, then the narrower one
    (a flag on the whole text, such as "too short", must not hide the word that breaks the law; it is still listed)."""
    spans = sorted((f for f in flags if 0 <= f["start"] < f["end"] <= len(text)),
                   key=lambda f: (f["start"], f["severity"] != "block", f["end"]))
    out, pos = [], 0
    for f in spans:
        if f["start"] < pos:
            continue  # overlaps a span already marked
        out.append(escape(text[pos:f["start"]]))
        title = f"{f['check']}: {f['message']}"
        out.append(Markup('<mark class="flag {sev}" data-check="{check}" title="{title}">{span}</mark>').format(
            sev=f["severity"], check=f["check"], title=title, span=text[f["start"]:f["end"]]))
        pos = f["end"]
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def diff(before: str, after: str) -> Markup:
    """Character-level difference: removed text in <del>, added in <ins>."""
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(before[a1:a2]))
            continue
        if a2 > a1:
            out.append(Markup("<del>{}</del>").format(before[a1:a2]))
        if b2 > b1:
            out.append(Markup("<ins>{}</ins>").format(after[b1:b2]))
    return Markup("").join(out)


def _pyplot():  # type: ignore[no-untyped-def]
    """pyplot without a display, with a CJK font when the machine has one (Debian's fonts-wqy-microhei), so
    Chinese labels are not boxes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    for name in ("WenQuanYi Micro Hei", "Noto Sans CJK SC"):
        if any(f.name == name for f in font_manager.fontManager.ttflist):
            plt.rcParams["font.family"] = [name, "DejaVu Sans"]
            break
    return plt


def _png(fig) -> bytes:  # type: ignore[no-untyped-def]
    from matplotlib import pyplot as plt

    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def dashboard_png(by_status: dict[str, int], by_check: dict[str, int], titles: tuple[str, str]) -> bytes:
    """Two bar charts side by side, rendered on the server (no JavaScript, also saved as a file by tests)."""
    plt = _pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.2), dpi=100)
    from matplotlib.ticker import MaxNLocator

    for ax, data, title, colour in ((axes[0], by_status, titles[0], "#4878a8"), (axes[1], by_check, titles[1], "#c8553d")):
        ax.set_title(title)
        ax.spines[["top", "right"]].set_visible(False)
        if not any(data.values()):
            ax.text(0.5, 0.5, "0", ha="center", va="center", fontsize=20, color="#999", transform=ax.transAxes)
            ax.set_xticks([])
            ax.set_yticks([])
            continue
        ax.bar(list(data), list(data.values()), color=colour)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of drafts and flags
        ax.tick_params(axis="x", labelrotation=30)
    return _png(fig)


def experiment_png(days: list[str], rate: dict[int, list[float]], share: dict[int, list[float]], title: str,
                   labels: tuple[str, str, str] = ("conversion", "impression share", "draft {id}")) -> bytes:
    """Cumulative conversion rate and the day's share of impressions per variant, day by day; `labels` are the
    two axes' names and a variant's, in the reader's language."""
    plt = _pyplot()
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 5), dpi=100, sharex=True)
    for draft_id in rate:
        top.plot(days, rate[draft_id], marker="o", label=labels[2].format(id=draft_id))
        bottom.plot(days, share[draft_id], marker=".", label=labels[2].format(id=draft_id))
    top.set_title(title)
    top.set_ylabel(labels[0])
    bottom.set_ylabel(labels[1])
    bottom.set_ylim(0, 1)
    top.legend(loc="best", fontsize=8)
    for ax in (top, bottom):
        ax.spines[["top", "right"]].set_visible(False)
    bottom.tick_params(axis="x", labelrotation=30)
    return _png(fig)
