"""The figure checker: time on 1 MB of hostile and of news-like text, and its measured accuracy.

Each time is paired with a floor over the same text: ``re.finditer`` of digit runs (the least
any reader of numbers must do). Hostile texts are the issue's: long runs of digit groups,
commas and spaces, which made the old checker quadratic (64 KB took 56 s). Other shapes that
stress the scan (a number every few characters, every number a figure) are timed too, with
linearity shown by the time for 256 KB beside 1 MB. Accuracy comes from the hand-labelled
corpus (tests/corpus/): recall, precision, qualifier accuracy, unit-pair accuracy, measure
accuracy and verdict precision, for the main and real-copy corpora (targets >= 0.95) and
the held-out ones; and `compare` on 5,000 figures each against `check` of both texts.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable

from harness import ROOT, paired, report

from kursk_data.extract import find_figures

MB = 1 << 20
DIGITS = re.compile(r"[0-9]+")


def fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def timed(fn: Callable[[], object]) -> Callable[[], float]:
    def run() -> float:
        t = time.perf_counter()
        fn()
        return time.perf_counter() - t

    return run


def news_like(size: int) -> str:
    """The corpus sentences, repeated: news-like density of figures (~1 per 100 characters)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from corpus.scoring import load_corpus

    text = " ".join(r["text"] for r in load_corpus())
    return fill(text + " ", size)


def time_text(name: str, text: str, *, runs: int, goal: str, limit: float | None) -> float:
    ours, floor, *_ = paired(
        timed(lambda: find_figures(text)),
        timed(lambda: list(DIGITS.finditer(text))),
        runs=runs,
        warmup=False,
    )
    report(
        name,
        ours,
        floor=floor,
        floor_name="re.finditer digits",
        goal=goal,
        met=None if limit is None else ours < limit,
        runs=runs,
    )
    return ours


def main() -> None:
    for label, unit in (
        ("digit groups '123 123 ...'", "123 "),
        ("commas '1,1,1,...'", "1,"),
        ("mixed '12,345 678 9,1 ...'", "12,345 678 9,1 "),
    ):
        time_text(f"check 1 MB {label}", fill(unit, MB), runs=5, goal="< 1 s", limit=1.0)
    time_text("check 1 MB news-like text", news_like(MB), runs=3, goal="< 1 s", limit=1.0)
    for label, unit in (
        ("'1 a 1 a ...' (no figure)", "1 a "),
        ("'troops 1 troops 1 ...' (all figures)", "troops 1 "),
    ):
        text_s, text_l = fill(unit, MB // 4), fill(unit, MB)
        ours_s, floor_s, *_ = paired(
            timed(lambda t=text_s: find_figures(t)),
            timed(lambda t=text_s: list(DIGITS.finditer(t))),
            runs=3,
            warmup=False,
        )
        ours_l, floor_l, *_ = paired(
            timed(lambda t=text_l: find_figures(t)),
            timed(lambda t=text_l: list(DIGITS.finditer(t))),
            runs=3,
            warmup=False,
        )
        report(
            f"check 256 KB {label}", ours_s, floor=floor_s, floor_name="re.finditer digits", runs=3
        )
        report(
            f"check 1 MB {label}", ours_l, floor=floor_l, floor_name="re.finditer digits", runs=3
        )
        # 4x the text: linear is 4x. A busy machine bends both alike, so the floor's own ratio
        # is printed as the control.
        ratio, floor_ratio = ours_l / ours_s, floor_l / floor_s
        report(
            "  1 MB / 256 KB (linear = 4)",
            ratio,
            floor=floor_ratio,
            floor_name="the floor's own 1 MB / 256 KB",
            unit="x",
            goal="<= 6, or <= 1.5x the floor's ratio",
            met=ratio <= max(6.0, 1.5 * floor_ratio),
        )

    # compare: 5,000 figures in each text, against checking both (issue #26: at most 3x).
    import random

    from kursk_data.extract import check_text, compare_texts

    def five_thousand(qualifier: str) -> str:
        rng = random.Random(1)
        return "\n\n".join(
            f"Kyiv said {qualifier} {rng.randint(1, 90000):,} Russian soldiers were in Kursk."
            for _ in range(5000)
        )

    a, b = five_thousand("about"), five_thousand("up to")
    ours, floor, *_ = paired(
        timed(lambda: compare_texts(a, b)),
        timed(lambda: (check_text(a), check_text(b))),
        runs=3,
        warmup=False,
    )
    report(
        "compare 5,000 figures each",
        ours,
        floor=floor,
        floor_name="check of both texts",
        goal="<= 3x the check",
        met=ours <= 3 * floor,
        runs=3,
    )

    from corpus.scoring import CORPUS, load_corpus, score

    for name, path, target in (
        ("corpus", CORPUS, 0.95),
        ("held-out corpus", CORPUS.parent / "holdout.csv", None),
        ("real-copy corpus", CORPUS.parent / "realcopy.csv", 0.95),
        ("real-copy held-out third", CORPUS.parent / "realcopy_holdout.csv", None),
    ):
        s = score(find_figures, load_corpus(path))
        print(f"{name}: {s.labelled} labelled figures, {s.found} found, {s.pairs} unit pairs")
        for metric, value in (
            ("recall", s.recall),
            ("precision", s.precision),
            ("qualifier accuracy", s.qualifier_accuracy),
            ("unit-pair accuracy", s.pair_accuracy),
            ("measure accuracy", s.measure_accuracy),
            ("verdict precision", s.verdict_precision),
        ):
            goal = f">= {target}" if target and metric != "measure accuracy" else "-"
            met = value >= target if goal != "-" else None
            report(f"  {name} {metric}", value, unit="", goal=goal, met=met)
        print(f"  {name}: {s.abstained} labelled measure(s) left unmatched (abstained)")
