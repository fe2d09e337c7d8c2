"""Score the figure checker on the hand-labelled corpus (``checker.csv``, notation in README.md).

Used by ``tests/test_extract_corpus.py`` (which fails below the targets) and by
``benchmarks/bench_checker.py`` (which prints the scores).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

CORPUS = Path(__file__).resolve().parent / "checker.csv"
KM2_PER_MI2 = 1.609344**2  # written out here so the scorer does not lean on the package


@dataclass
class Label:
    value: float
    unit: str  # km2, mi2 (stated in miles only) or personnel
    qualifier: str
    low: float | None = None
    high: float | None = None
    alt: float | None = None
    pair_ok: bool | None = None
    measure: str | None = None  # None: the sentence does not say what it counts


def parse_figures(cell: str) -> list[Label]:
    """``90 km2 about pair=35:ok @area_held_by_ukraine; 45000 personnel range 30000-45000 @?``"""
    out = []
    for part in filter(None, (p.strip() for p in cell.split(";"))):
        words = part.split()
        label = Label(float(words[0]), words[1], words[2])
        for w in words[3:]:
            if w.startswith("pair="):
                alt, verdict = w[5:].split(":")
                label.alt, label.pair_ok = float(alt), verdict == "ok"
            elif w.startswith("@"):
                label.measure = None if w == "@?" else w[1:]
            else:
                lo, hi = w.split("-")
                label.low, label.high = float(lo), float(hi)
        if label.qualifier == "range" and label.low is None:
            raise ValueError(f"range without bounds: {part!r}")
        out.append(label)
    return out


def load_corpus(path: Path = CORPUS) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r["labels"] = parse_figures(r["figures"])
    return rows


def _close(a, b) -> bool:
    return a is not None and b is not None and not pd.isna(a) and math.isclose(a, b, rel_tol=1e-6)


def _matches(label: Label, row) -> bool:
    if label.unit == "mi2":
        return row.unit == "km2" and row.first_unit == "mi2" and _close(row.alt_value, label.value)
    return row.unit == label.unit and _close(row.value, label.value)


@dataclass
class Scores:
    labelled: int = 0
    found: int = 0
    matched: int = 0
    qualifier_ok: int = 0
    pairs: int = 0
    pairs_ok: int = 0
    measure_ok: int = 0
    # Verdicts: a figure with a measure gets a ledger verdict; it is right when the figure
    # matches a label of that measure with the right qualifier. An abstention is a labelled
    # measure the checker left empty (no verdict, the row says why).
    verdicts: int = 0
    verdicts_ok: int = 0
    abstained: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.labelled

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def qualifier_accuracy(self) -> float:
        return self.qualifier_ok / self.matched

    @property
    def pair_accuracy(self) -> float:
        return self.pairs_ok / self.pairs

    @property
    def measure_accuracy(self) -> float:
        return self.measure_ok / self.matched

    @property
    def verdict_precision(self) -> float:
        return self.verdicts_ok / self.verdicts if self.verdicts else 1.0

    def summary(self) -> str:
        """The scores on one line, as the README's table reports them."""
        return (
            f"recall {self.recall:.3f} ({self.matched}/{self.labelled}), precision "
            f"{self.precision:.3f}, qualifier {self.qualifier_accuracy:.3f}, pairs "
            f"{self.pair_accuracy if self.pairs else 1.0:.3f} ({self.pairs}), measure "
            f"{self.measure_accuracy:.3f}, verdicts {self.verdict_precision:.3f} "
            f"({self.verdicts_ok}/{self.verdicts}), abstained {self.abstained}"
        )


def score(find: Callable[[str], pd.DataFrame], corpus: list[dict] | None = None) -> Scores:
    """Compare ``find(text)`` with the labels, sentence by sentence."""
    s = Scores()
    for item in corpus or load_corpus():
        got = list(find(item["text"]).itertuples(index=False))
        s.labelled += len(item["labels"])
        s.found += len(got)
        used: set[int] = set()
        for label in item["labels"]:
            hit = next((n for n, r in enumerate(got) if n not in used and _matches(label, r)), None)
            has_pair = label.alt is not None
            if has_pair:
                s.pairs += 1
            if hit is None:
                s.errors.append(f"{item['id']}: missed {label}")
                continue
            used.add(hit)
            r = got[hit]
            s.matched += 1
            q_ok = r.qualifier == label.qualifier
            if label.qualifier == "range":
                factor = KM2_PER_MI2 if label.unit == "mi2" else 1.0
                q_ok = (
                    q_ok
                    and _close(r.low, label.low * factor)
                    and _close(r.high, label.high * factor)
                )
            s.qualifier_ok += q_ok
            if not q_ok:
                s.errors.append(
                    f"{item['id']}: qualifier {r.qualifier} ({r.low}-{r.high}), want {label}"
                )
            got_pair = not pd.isna(r.pair_ok)
            if has_pair:
                ok = (
                    got_pair and _close(r.alt_value, label.alt) and bool(r.pair_ok) == label.pair_ok
                )
                s.pairs_ok += ok
                if not ok:
                    s.errors.append(f"{item['id']}: pair {r.alt_value} {r.pair_ok}, want {label}")
            elif got_pair:
                s.pairs += 1  # a pair read where the text gives none
                s.errors.append(f"{item['id']}: spurious pair {r.phrase!r}")
            measure = r.measure if isinstance(r.measure, str) else None
            s.measure_ok += measure == label.measure
            if measure is not None:
                s.verdicts += 1
                s.verdicts_ok += measure == label.measure and q_ok
                if not (measure == label.measure and q_ok):
                    s.errors.append(f"{item['id']}: WRONG VERDICT {measure} for {label}")
            elif label.measure is not None:
                s.abstained += 1
            if measure != label.measure:
                s.errors.append(f"{item['id']}: measure {measure}, want {label.measure}")
        for n, r in enumerate(got):
            if n not in used:
                s.errors.append(f"{item['id']}: extra {r.phrase!r} = {r.value} {r.unit}")
                if isinstance(r.measure, str):
                    s.verdicts += 1  # a verdict on a figure the text does not state
                if not pd.isna(r.pair_ok):
                    s.pairs += 1
    return s
