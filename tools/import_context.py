"""Bring ../shared/reference/context-claims.csv into the ledger as claims ctx-01 ... ctx-67.

Run from the repository root: `python tools/import_context.py [PATH]`. It rewrites the ctx-*
rows of kursk_data/data/claims.csv and the context rows of sources.csv; the article's rows are
kept as they are. The structured fields below (measure, one spelling per claimant, periods,
part_of, notes in our own words) were filled by reading each row; the context file's free-text
columns are not copied.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kursk_data.qualifiers import implied_bounds  # noqa: E402

DATA = ROOT / "kursk_data" / "data"
DEFAULT = ROOT.parent / "shared" / "reference" / "context-claims.csv"
ACCESSED = "2026-11-25"

# One spelling per claimant: (claimant, detail); side and status follow from the context row.
CLAIMANTS = {
    "Ukrainian General Staff source (anonymous, via Reuters)": (
        "Ukrainian General Staff (anonymous source)",
        "An unnamed General Staff source quoted by Reuters",
    ),
    "Russian Ministry of Defence": ("Russian Ministry of Defence", None),
    "Oleksandr Syrskyi (Ukrainian C-in-C)": (
        "Oleksandr Syrskyi",
        "Commander-in-chief of Ukraine's armed forces",
    ),
    "Oleksandr Syrskyi (Washington Post interview)": (
        "Oleksandr Syrskyi",
        "Commander-in-chief of Ukraine's armed forces, in a Washington Post interview",
    ),
    "DeepState": ("DeepState", "Ukrainian open-source mapping project"),
    "DeepState (as cited by online.ua)": (
        "DeepState",
        "Ukrainian open-source mapping project, map as cited by online.ua",
    ),
    "Russian General Staff (Valery Gerasimov)": (
        "Valery Gerasimov",
        "Chief of Russia's General Staff",
    ),
    "Lt Gen Oleksandr Pavliuk (Ukrainian Ground Forces commander)": (
        "Oleksandr Pavliuk",
        "Commander of Ukraine's Ground Forces",
    ),
    "Vadym Mysnyk (spokesman, OTG Siversk)": (
        "Vadym Mysnyk",
        "Spokesman of a Ukrainian operational-tactical group",
    ),
    "Volodymyr Zelensky (as reported by Censor.NET)": (
        "Volodymyr Zelensky",
        "President of Ukraine, as reported by Censor.NET",
    ),
    "Volodymyr Zelensky": ("Volodymyr Zelensky", "President of Ukraine"),
    "Volodymyr Zelensky (RaiNews24 interview)": (
        "Volodymyr Zelensky",
        "President of Ukraine, in a RaiNews24 interview",
    ),
    "South Korea NIS": ("South Korea's National Intelligence Service", None),
    "South Korea NIS (via MP Lee Seong-kweun)": (
        "South Korea's National Intelligence Service",
        "Briefing relayed by a member of parliament",
    ),
    "South Korea NIS (via MPs Lee Seong-kweun, Kim Byung-kee)": (
        "South Korea's National Intelligence Service",
        "Briefing relayed by members of parliament",
    ),
    "South Korea NIS (via lawmakers Lee Seong-kweun, Park Sun-won)": (
        "South Korea's National Intelligence Service",
        "Briefing relayed by members of parliament",
    ),
    "Ukrainian military intelligence (HUR)": ("Ukraine's military intelligence (HUR)", None),
    "US and Ukrainian officials (via New York Times)": (
        "US and Ukrainian officials (unnamed)",
        "Officials quoted by the New York Times",
    ),
    "Forbes (as cited by Kyiv Post)": ("Forbes", "Magazine analysis, as cited by the Kyiv Post"),
    "Vladimir Putin": ("Vladimir Putin", "President of Russia"),
    "Ukrainian General Staff": ("Ukrainian General Staff", None),
    "Ukrainian military (General Staff statement)": ("Ukrainian General Staff", None),
}

# Per row (1-based, as in the context file): measure, part_of, notes in our words, and any
# period that differs from the row's as_of.
M = {
    "held": "area_held_by_ukraine",
    "peak": "peak_area_held_by_ukraine",
    "ru": "russian_troops_in_kursk",
    "redeployed": "russian_troops_redeployed_to_kursk",
    "planned": "russian_troops_planned_for_kursk",
    "ru_nk": "russian_and_north_korean_troops_in_kursk",
    "foothold": "russian_troops_against_ukrainian_foothold",
    "ua": "ukrainian_troops_in_kursk",
    "nk": "north_korean_troops_deployed",
    "nk_more": "north_korean_troops_planned_additional",
    "ua_kw": "ukrainian_troops_killed_and_wounded",
    "ru_k": "russian_troops_killed",
    "ru_w": "russian_troops_wounded",
    "ru_kw": "russian_troops_killed_and_wounded",
    "nk_k": "north_korean_troops_killed",
    "nk_w": "north_korean_troops_wounded",
    "nk_kw": "north_korean_troops_killed_and_wounded",
    "pow": "russian_troops_captured",
}
ROWS: dict[int, dict] = {
    1: dict(
        m="peak",
        alt=531,
        note="Largest area Ukraine ever held in the region, from an unnamed source; the day of the peak is not given, so the period is August 2024.",
    ),
    2: dict(
        m="peak",
        note="Russia's figure for the most ground Ukraine took; lower than the Ukrainian peak figure (ctx-01). Month of the peak is our reading.",
    ),
    3: dict(m="held", note="First area figure Syrskyi gave, about a week into the operation."),
    4: dict(
        m="held",
        note="Syrskyi's figure two weeks in. The page date is not shown; the day is the context file's.",
    ),
    5: dict(m="held", note="Syrskyi's figure three weeks in, given at a public forum."),
    6: dict(
        m="held",
        note="Mapping estimate of ground held; the project counts a further grey zone separately, one reason it sits below official figures. Page date not shown.",
    ),
    7: dict(
        m="held",
        note="Unnamed source: roughly 40 % of the captured area had been lost. Page date not shown; day as in the context file.",
    ),
    8: dict(
        m="held",
        alt=165,
        note="Mapping estimate during a Ukrainian push near Sudzha; the page also gives the area in square miles.",
    ),
    9: dict(
        m="held",
        start="2025-02-10",
        end="2025-02-16",
        prec="week",
        note="Reported on 20 February 2025 as said 'last week': the period is that week, our reading of the report.",
    ),
    10: dict(
        m="held",
        alt=54,
        note="Mapping estimate on the day Russia said it had retaken Sudzha; the page also gives square miles.",
    ),
    11: dict(
        m="held",
        note="Value 0 is implied by the claim that the region was fully retaken, not stated as a number.",
    ),
    12: dict(
        m="held",
        note="Mapping estimate cited to dispute Russia's claim of full recapture on the same day.",
    ),
    13: dict(
        m="held",
        note="Same statement as art-01, read in an agency copy; it places the ground in Glushkovo district.",
    ),
    14: dict(
        m="ru",
        start="2024-08-05",
        end="2024-08-05",
        prec="approximate",
        note="Force in place before the incursion began on 6 August 2024; about half were conscripts. Dated the day before: our reading of 'before'.",
    ),
    15: dict(
        m="ru",
        note="Russian force in the area when the operation began, per a Ukrainian spokesman.",
    ),
    16: dict(
        m="redeployed",
        note="Troops Russia had moved to the region from elsewhere, a number Syrskyi said was rising.",
    ),
    17: dict(
        m="ru",
        note="Stated range from 'various estimates' relayed by a Ukrainian spokesman in mid-September 2024.",
    ),
    18: dict(
        m="planned", note="What Russia aimed to bring to the region, not a count of troops there."
    ),
    19: dict(
        m="nk",
        note="Troops North Korea was due to send, as the intelligence service said in October 2024 (recalled in a November page).",
    ),
    20: dict(
        m="redeployed",
        note="Troops moved to the region from other fronts, per Syrskyi in a documentary aired on 10 October 2024.",
    ),
    21: dict(
        m="nk",
        note="North Korean troops sent to Russia, officers and generals included. Page date not shown.",
    ),
    22: dict(
        m="ru",
        note="Russian troops concentrated in the region in November 2024. Page date not shown.",
    ),
    23: dict(
        m="ru_nk",
        note="Combined Russian and North Korean force assembled for a counter-offensive: a different measure from Russian troops alone.",
    ),
    24: dict(
        m="ru",
        note="Russian troops held down in the region, from an evening address. Page date not shown.",
    ),
    25: dict(
        m="ru",
        note="Mostly marines and airborne units, with more being moved in. Day taken from the page address's timestamp.",
    ),
    26: dict(
        m="nk",
        note="North Korean soldiers who came to fight, per Zelensky in January 2025 (exact day not given).",
    ),
    27: dict(
        m="ru", note="Russian soldiers in the region, many said to be drawn from the Kharkiv axis."
    ),
    28: dict(
        m="ua",
        note="Size of the Ukrainian grouping based at Sudzha before its supply lines were cut, from a magazine analysis cited by another outlet.",
    ),
    29: dict(
        m="ru",
        note="Russian force Syrskyi said was meant to leave for other fronts in April 2025 but stayed.",
    ),
    30: dict(
        m="nk",
        note="North Korean troops sent to Russia in two rounds, per the intelligence service's briefing.",
    ),
    31: dict(m="foothold", note="Same statement as art-04, read in an agency copy."),
    32: dict(
        m="nk", note="North Korean units that may now be in the region, per Syrskyi in July 2025."
    ),
    33: dict(
        m="nk_more", note="A third North Korean deployment being planned, engineers included."
    ),
    34: dict(
        m="ua_kw",
        note="Russia's claim of Ukrainian killed and wounded in the operation; disputed by Ukraine.",
    ),
    35: dict(
        m="ru_k", note="Killed part of Syrskyi's tally since 8 August 2024. Page date not shown."
    ),
    36: dict(m="ru_w", note="Wounded part of the same tally as ctx-35. Page date not shown."),
    37: dict(
        m="ru_k",
        note="Killed part of Syrskyi's three-month tally; the month is the context file's.",
    ),
    38: dict(m="ru_w", note="Wounded part of the same three-month tally as ctx-37."),
    39: dict(
        m="nk_k",
        note="First estimate of North Korean dead after a closed briefing; described as conservative.",
    ),
    40: dict(
        m="nk_w",
        note="Wounded in the same briefing as ctx-39; the figure was said to be approaching 1,000.",
    ),
    41: dict(
        m="ru_kw",
        note="Range Zelensky gave to Polish media; whether it means killed or all casualties is unclear, and it includes North Koreans. Early January 2025 is the context file's inference.",
    ),
    42: dict(
        m="nk_kw",
        note="Zelensky said 'killed', but other outlets report the figure as killed and wounded; following the context file's rule that a loss figure includes wounded unless it says killed.",
    ),
    43: dict(m="ru_kw", note="Syrskyi's total of Russian killed and wounded since 6 August 2024."),
    44: dict(
        m="ru_k",
        note="Irrecoverable losses (killed) within a total of over 38,000, per Zelensky's address at the five-month mark.",
    ),
    45: dict(
        m="nk_k", note="Intelligence estimate to parliament, over three times the December figure."
    ),
    46: dict(
        m="nk_w",
        note="Wounded in the same briefing as ctx-45; total North Korean casualties were put near 3,000.",
    ),
    47: dict(m="ru_kw", note="General Staff total ('almost 40,000') as recalled in a later recap."),
    48: dict(m="ru_k", part="ctx-47", note="Killed part of the total in ctx-47."),
    49: dict(
        m="ru_kw",
        note="Syrskyi's total after seven and a half months; its stated parts (ctx-50 and 31,800 wounded) add to 54,000, below the total. Day from the page address's timestamp.",
    ),
    50: dict(
        m="ru_k",
        part="ctx-49",
        note="Irretrievable (killed or missing) part of the total in ctx-49.",
    ),
    51: dict(
        m="ua_kw",
        note="Russia's claim of Ukrainian losses in Gerasimov's report; unverified and disputed.",
    ),
    52: dict(
        m="nk_k",
        part="ctx-54",
        note="Dead in the war against Ukraine, mostly in Kursk region, per the intelligence briefing. Page date not shown.",
    ),
    53: dict(
        m="nk_w", part="ctx-54", note="Wounded in the same briefing as ctx-52. Page date not shown."
    ),
    54: dict(
        m="nk_kw", note="Total North Korean casualties from the same briefing, dead included."
    ),
    55: dict(
        m="ru_kw",
        note="General Staff total given while rejecting Russia's claim that fighting was over.",
    ),
    56: dict(m="ru_k", part="ctx-55", note="Killed part of the total in ctx-55."),
    57: dict(
        m="ru_kw",
        note="Syrskyi's total in a Washington Post interview; higher than his figure two weeks later (ctx-58).",
    ),
    58: dict(
        m="ru_kw",
        note="Syrskyi's total on the operation's anniversary: lower than the ctx-57 figure he gave two weeks earlier.",
    ),
    59: dict(
        m="nk_k",
        note="Raised intelligence estimate of North Korean dead, up from about 600 in April.",
    ),
    60: dict(m="pow", note="First official Ukrainian count of prisoners taken in the operation."),
    61: dict(
        m="pow", note="Captured part of Syrskyi's 25 October 2024 tally. Page date not shown."
    ),
    62: dict(
        m="pow",
        note="Captured part of Syrskyi's three-month tally; one outlet mislabels the tally's total (context file). Page date not shown.",
    ),
    63: dict(
        m="pow",
        note="Stated as over 700, below the 717 Syrskyi gave for November; as a lower bound it does not contradict it.",
    ),
    64: dict(m="pow", note="General Staff tally cited in an interview report."),
    65: dict(m="pow", note="Six-month count of Russians captured, used for prisoner exchanges."),
    66: dict(
        m="pow",
        note="Part of Syrskyi's late-March 2025 statement. Day from the page address's timestamp.",
    ),
    67: dict(m="pow", note="Given in the same statement as ctx-55."),
}


def slug(text: str) -> str:
    text = re.sub(r"\(.*?\)", "", text).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def period(as_of: str) -> tuple[str, str, str]:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of):
        return as_of, as_of, "day"
    year, month = map(int, as_of.split("-"))
    last = (np.datetime64(f"{year}-{month:02d}") + np.timedelta64(1, "M")).astype(
        "datetime64[D]"
    ) - np.timedelta64(1, "D")
    return f"{as_of}-01", str(last), "month"


def fmt(x) -> str:
    if x is None or x == "" or (isinstance(x, float) and np.isnan(x)):
        return ""
    x = round(float(x), 6)
    return str(int(x)) if x.is_integer() else repr(x)


def main(path: Path) -> None:
    ctx = list(csv.DictReader(path.open(encoding="utf-8")))
    with (DATA / "claims.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames
        claims = [r for r in reader if not r["claim_id"].startswith("ctx-")]
    with (DATA / "sources.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        sfields = reader.fieldnames
        sources = [r for r in reader if r["role"] != "context"]

    source_ids: dict[str, str] = {}
    for r in ctx:
        if r["url"] in source_ids:
            continue
        base = f"{slug(r['outlet'])}-{r['page_date'] or r['as_of']}"
        sid, n = base, 2
        while sid in source_ids.values():
            sid, n = f"{base}-{n}", n + 1
        source_ids[r["url"]] = sid
        sources.append(
            {
                "source_id": sid,
                "role": "context",
                "title": "",
                "publisher": r["outlet"],
                "url": r["url"],
                "published": r["page_date"],
                "accessed": ACCESSED,
                "kind": "news_report",
                "note": "Figure taken from context-claims.csv, which records this page; the "
                "project did not open the page itself. Title not recorded."
                + ("" if r["page_date"] else " The page shows no date."),
            }
        )

    for i, r in enumerate(ctx, 1):
        spec = ROWS[i]
        start, end, prec = period(r["as_of"])
        start, end, prec = spec.get("start", start), spec.get("end", end), spec.get("prec", prec)
        claimant, detail = CLAIMANTS[r["claimant"]]
        side = r["claimant_side"]
        status = {"ukraine": "claimed", "russia": "claimed", "north_korea": "claimed"}.get(
            side, "assessed"
        )
        value = float(r["value"])
        lo, hi = implied_bounds(
            np.array([value]),
            np.array([r["qualifier"]], dtype=object),
            np.array([float(r["low"] or "nan")]),
            np.array([float(r["high"] or "nan")]),
        )
        claims.append(
            {
                "claim_id": f"ctx-{i:02d}",
                "topic": r["topic"],
                "measure": M[spec["m"]],
                "value": fmt(value),
                "unit": r["unit"],
                "qualifier": r["qualifier"],
                "low": fmt(lo[0]),
                "high": fmt(hi[0]),
                "period_start": start,
                "period_end": end,
                "period_precision": prec,
                "claimant": claimant,
                "claimant_detail": detail or "",
                "claimant_side": side,
                "status": status,
                "reported_date": r["page_date"],
                "source_id": source_ids[r["url"]],
                "wording": "",
                "alt_value": fmt(spec.get("alt")),
                "alt_unit": "mi2" if spec.get("alt") else "",
                "part_of": spec.get("part", ""),
                "note": spec["note"],
            }
        )

    with (DATA / "claims.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(claims)
    with (DATA / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=sfields, lineterminator="\n")
        w.writeheader()
        w.writerows(sources)
    print(f"{len(ctx)} context claims, {len(source_ids)} context sources written")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
