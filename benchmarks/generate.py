"""Write a valid claims file of N rows: an honest worst case for the validator.

Usage: python benchmarks/generate.py N OUT.csv [--seed S] [--no-links] [--broken]
       python benchmarks/generate.py N OUT_DIR --dense [--seed S]  (a dense ledger to chart)

Every column is used and every rule has work to do:

* free text is unique per row (``claimant_detail``, ``wording``, ``note``), with commas,
  quotes, Cyrillic letters and, in one row in 50, a line break inside a quoted note;
* one claimant per 20 claims (50,000 spellings in 1M rows), so the near-duplicate check of
  claimant spellings has a large set of names to compare;
* every qualifier, ranges included, with the bounds the rule implies (so ``low``/``high`` are
  recomputed and compared for every row);
* about 7 % of rows name a total in ``part_of`` (a part never exceeds it), 1 % name another row
  in ``same_statement_as``, 5 % are running totals with ``since``;
* areas carry a square-mile twin that agrees within rounding; optional columns are filled.

Every row is valid and merges with the shipped ledger (ids are new, sources are shipped ones,
no claim is dated after its source was published), so ``kursk-data validate`` must exit 0.
``--no-links`` leaves ``part_of`` and ``same_statement_as`` empty (to time the whole-ledger
rules apart); ``--broken`` pads every cell with a space, so every cell of every row is a
problem (to time a file that is wrong throughout). The file is written in chunks, so
generating 5M rows needs a few hundred MB, not the file.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa

from kursk_data import schema
from kursk_data.qualifiers import implied_bounds
from kursk_data.units import KM2_PER_MI2, pair_agrees

CHUNK = 250_000
WAR_START = np.datetime64("2022-02-24")
DAY0 = np.datetime64("2022-03-01")
LAST_DAY = DAY0 + np.timedelta64(1100 + 60 + 20, "D")  # the latest date a row can carry


def _shipped_sources() -> tuple[list[str], list[str]]:
    """Shipped sources with no publication date, and ones published after every generated
    date: rows citing them never draw the "dated after its source" warning."""
    with schema.data_file("sources.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    undated = [r["source_id"] for r in rows if not r["published"]]
    late = [r["source_id"] for r in rows if r["published"] and r["published"] > str(LAST_DAY)]
    return undated, late


UNDATED, LATE = _shipped_sources()
MEASURES = {
    "territory": ["area_held_by_ukraine", "area_retaken_by_russia", "peak_area_held_by_ukraine"],
    "troops": ["russian_troops_in_kursk", "north_korean_troops_deployed", "troops_redeployed"],
    "losses": ["russian_troops_killed", "russian_troops_wounded", "troops_killed_and_wounded"],
    "prisoners": ["russian_troops_captured", "ukrainian_troops_captured"],
}
_TEXT = (
    "the figure was given by a spokesman on television, later repeated in a briefing; "
    'one outlet wrote "about" where another wrote "nearly" — Курськ Суджа область '
    "estimate count losses troops area held village front statement report"
)
WORDS = np.array(_TEXT.split(" "))
SYLLABLES = np.array([c + v for c in "bdgklmnprstvz" for v in "aeiou"])  # 65 of them


def _pick(rng: np.random.Generator, options, n: int) -> np.ndarray:
    return np.asarray(options, dtype=object)[rng.integers(0, len(options), n)]


def _unique_word(ids: np.ndarray) -> np.ndarray:
    """A pronounceable word per id, different for every id (base 65 over syllables)."""
    out = np.full(len(ids), "", dtype=object)
    rest = ids.copy()
    for _ in range(4):  # 65**4 > 17M distinct words
        out = SYLLABLES[rest % len(SYLLABLES)].astype(object) + out
        rest //= len(SYLLABLES)
    return out


def _text(rng: np.random.Generator, n: int, words: int) -> np.ndarray:
    """Random phrases of about ``words`` words (drawn from 4,096 phrases of 4 words each)."""
    phrases = np.array([" ".join(rng.choice(WORDS, 4)) for _ in range(4096)], dtype=object)
    out = phrases[rng.integers(0, len(phrases), n)]
    for _ in range(words // 4 - 1):
        out = out + " " + phrases[rng.integers(0, len(phrases), n)]
    return out


def _num(x: np.ndarray) -> list[str]:
    """Numbers as the shortest text that reads back as the same float; NaN as empty."""
    arr = pa.array(x, type=pa.float64(), from_pandas=True).cast(pa.string())
    return arr.fill_null("").to_pylist()


def _date(d: np.ndarray) -> list[str]:
    return pa.array(d.astype("datetime64[D]")).cast(pa.string()).fill_null("").to_pylist()


def chunk(
    start: int, n: int, rng: np.random.Generator, n_rows: int, links: bool = True
) -> dict[str, list[str]]:
    """Rows ``start`` .. ``start + n - 1`` of the file, column by column."""
    ids = np.arange(start, start + n)
    topic = _pick(rng, [t for t in schema.TOPIC_UNIT if t != "equipment"], n)  # as before #21
    unit = np.where(topic == "territory", "km2", "personnel").astype(object)
    measure = np.empty(n, dtype=object)
    for t, names in MEASURES.items():
        sel = topic == t
        measure[sel] = _pick(rng, names, int(sel.sum()))
    digits = rng.integers(1, 100, n).astype(float)
    scale = 10.0 ** rng.integers(0, 4, n)
    value = np.where(unit == "km2", np.minimum(digits * scale, 70_000), digits * scale * 10)
    qual = _pick(rng, schema.enum("claims", "qualifier"), n)
    spread = np.floor(value * rng.uniform(0.05, 0.3, n))
    low_in, high_in = value - spread, value + spread

    # One row in 100 reports the same statement as another (another outlet, same figure), and
    # 7 % are parts naming a total elsewhere in the chunk, their figure a share of it.
    is_part = (rng.random(n) < 0.07) & links
    candidates = np.flatnonzero(~is_part)
    same = (~is_part) & (rng.random(n) < 0.01) & links
    target = candidates[rng.integers(0, len(candidates), n)]
    same &= target != np.arange(n)
    same &= ~same[target]  # a row named by another is not itself a copy
    for arr in (topic, unit, measure, value, qual, low_in, high_in):
        arr[same] = arr[target[same]]
    total = candidates[rng.integers(0, len(candidates), n)]
    for arr in (topic, unit, measure):
        arr[is_part] = arr[total[is_part]]
    value[is_part] = np.floor(value[total[is_part]] * 0.3)
    qual[is_part] = "exact"
    low, high = implied_bounds(value, qual, low_in, high_in)

    p_start = DAY0 + rng.integers(0, 1100, n).astype("timedelta64[D]")
    p_end = p_start + rng.integers(0, 60, n).astype("timedelta64[D]")
    running = rng.random(n) < 0.05
    since = np.where(running, WAR_START, np.datetime64("NaT"))
    reported = np.where(rng.random(n) < 0.8, p_end + rng.integers(0, 20, n), np.datetime64("NaT"))
    side = _pick(rng, list(schema.SIDE_STATUS), n)
    status = np.array([schema.SIDE_STATUS[s] for s in side], dtype=object)
    source = np.where(rng.random(n) < 0.5, _pick(rng, UNDATED, n), _pick(rng, LATE, n))

    alt = np.full(n, np.nan)
    twin = (unit == "km2") & (rng.random(n) < 0.5) & (value >= 10)
    mi2 = np.round(value / KM2_PER_MI2)
    agrees, _ = pair_agrees(value, mi2)
    twin &= agrees
    alt[twin] = mi2[twin]

    word = _unique_word(ids)
    who = rng.integers(0, max(n_rows // 20, 1), n)
    claimant = np.array(["Olena", "Ivan", "Mark", "Soo-jin", "Анна"], dtype=object)[who % 5]
    claimant = claimant + " " + _unique_word(who + 10_000_000)
    detail = "Spokesman no. " + _unique_word(ids[::-1] + 7) + ", " + _text(rng, n, 4)
    # The wording opens as its qualifier reads (the validator warns where they disagree).
    opening = {"about": "about", "over": "over", "up_to": "up to", "range": "between"}
    wording = np.array([opening.get(q, "reportedly") for q in qual], dtype=object) + " " + word
    note = _text(rng, n, 8) + ' (row "' + word + '")'
    broken = rng.random(n) < 0.02
    note[broken] = note[broken] + "\nsecond line, kept in the cell"
    gid = np.array([f"gen-{i:07d}" for i in ids], dtype=object)
    part_of = np.where(is_part, gid[total], "")
    same_as = np.where(same, gid[target], "")

    # A day's precision only on one-day periods (the validator warns otherwise).
    wider = [p for p in schema.enum("claims", "period_precision") if p != "day"]
    precision = np.where(p_end == p_start, "day", _pick(rng, wider, n))

    columns = {
        "claim_id": list(gid),
        "topic": list(topic),
        "measure": list(measure),
        "value": _num(value),
        "unit": list(unit),
        "qualifier": list(qual),
        "low": _num(low),
        "high": _num(high),
        "period_start": _date(p_start),
        "period_end": _date(p_end),
        "period_precision": list(precision),
        "claimant": list(claimant),
        "claimant_detail": list(detail),
        "claimant_side": list(side),
        "status": list(status),
        "reported_date": _date(reported),
        "source_id": list(source),
        "wording": list(wording),
        "alt_value": _num(alt),
        "alt_unit": list(np.where(twin, "mi2", "")),
        "part_of": list(part_of),
        "note": list(note),
        "basis": list(_pick(rng, ["", "stated", "stated", "implied"], n)),
        "period_basis": list(_pick(rng, ["", "stated", "inferred"], n)),
        "since": _date(since),
        "same_statement_as": list(same_as),
    }
    # The columns of issue 21 (revises, measure_label) are optional and left out: the files
    # stay those the earlier benchmarks read.
    assert list(columns) == [n for n in schema.table("claims").names if n not in NEW_OPTIONAL]
    return columns


NEW_OPTIONAL = ("revises", "measure_label")


def write(n: int, out: Path, seed: int = 0, links: bool = True, broken: bool = False) -> None:
    rng = np.random.default_rng(seed)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")  # quotes only the cells that need it
        w.writerow([c for c in schema.table("claims").names if c not in NEW_OPTIONAL])
        for start in range(0, n, CHUNK):
            rows = chunk(start, min(CHUNK, n - start), rng, n, links)
            if broken:
                rows = {c: [" " + v if v else v for v in vals] for c, vals in rows.items()}
            w.writerows(zip(*rows.values(), strict=True))


DENSE_SOURCE = "synthetic-dense-table"


def write_dense(n: int, out: Path, seed: int = 0) -> None:
    """A SYNTHETIC dense ledger of ``n`` claims in the folder ``out`` (claims.csv and
    sources.csv, to draw with ``--no-shipped``): daily running totals "about N", as a table of
    an army's daily losses is, one series per 1,700 claims (claimants x two measures), plus
    about 2 % sparse claims of other claimants on the same measures. Made-up claimants, one
    made-up source, seeded numbers."""
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    n_sparse = max(n // 50, 1)
    n_dense = n - n_sparse
    n_series = max(1, -(-n_dense // 1700))
    measures = ["synthetic_personnel_losses", "synthetic_soldiers_captured"]
    rows = []
    per = -(-n_dense // n_series)
    for k in range(n_series):
        days = min(per, n_dense - k * per)
        measure = measures[k % 2]
        who = f"Synthetic daily claimant {k // 2 + 1:02d}"
        start = WAR_START + np.timedelta64(1 + int(rng.integers(0, 30)), "D")
        values = np.round(np.cumsum(rng.uniform(200, 1500, days)) + 1000, -1)
        for i in range(days):
            rows.append(
                (
                    f"den-{k:02d}-{i:05d}",
                    measure,
                    values[i],
                    start + np.timedelta64(i, "D"),
                    who,
                    True,
                )
            )
    for i in range(n_sparse):
        day = WAR_START + np.timedelta64(int(rng.integers(30, 1600)), "D")
        value = float(np.round(10 ** rng.uniform(3, 6), -2))
        who = f"Synthetic sparse claimant {i % 7 + 1:02d}"
        rows.append((f"spa-{i:05d}", measures[i % 2], value, day, who, False))
    values = np.array([r[2] for r in rows], dtype=float)
    lo, hi = implied_bounds(values, np.array(["about"] * len(rows), dtype=object))
    with open(out / "claims.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        names = schema.table("claims").names
        w.writerow(names)
        for (cid, measure, value, day, who, running), a, b in zip(rows, lo, hi, strict=True):
            cells = dict.fromkeys(names, "")
            cells.update(
                claim_id=cid,
                topic="losses" if measure.endswith("losses") else "prisoners",
                measure=measure,
                value=_num(np.array([value]))[0],
                unit="personnel",
                qualifier="about",
                low=_num(np.array([a]))[0],
                high=_num(np.array([b]))[0],
                period_start=str(day),
                period_end=str(day),
                period_precision="day",
                claimant=who,
                claimant_side="independent",
                status="assessed",
                source_id=DENSE_SOURCE,
                note="SYNTHETIC benchmark claim: a made-up figure, not a real report.",
                since=str(WAR_START) if running else "",
            )
            w.writerow(cells.values())
    with open(out / "sources.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(schema.table("sources").names)  # the columns as the schema orders them
        w.writerow(
            [
                DENSE_SOURCE,
                "user",
                "Synthetic dense table (made up)",
                "Synthetic benchmark publisher",
                "",
                "",
                "",
                "dataset",
                "Made up by benchmarks/generate.py; not a real source.",
                "",
            ]
        )


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("n", type=int)
    p.add_argument("out", type=Path)
    p.add_argument(
        "--dense", action="store_true", help="a dense ledger (folder: claims.csv, sources.csv)"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-links", action="store_true", help="no part_of, no same_statement_as")
    p.add_argument("--broken", action="store_true", help="every cell padded: all rows wrong")
    args = p.parse_args(argv)
    if args.dense:
        write_dense(args.n, args.out, args.seed)
        print(f"wrote {args.n:,} dense claims to {args.out}", file=sys.stderr)
        return
    write(args.n, args.out, args.seed, links=not args.no_links, broken=args.broken)
    size = args.out.stat().st_size
    print(f"wrote {args.n:,} rows to {args.out} ({size / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
