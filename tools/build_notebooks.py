"""Write the notebooks in notebooks/ from the cell lists below, then execute them in place.

Run with `make notebooks` after changing the data, the package or a story here; nbval then
checks that the saved outputs still match what the code produces. Cells only call kursk_data:
every number quoted is computed by a cell, never typed into the prose.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NB_DIR = ROOT / "notebooks"
KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}


def md(text: str):
    return nbformat.v4.new_markdown_cell(text.strip())


def code(text: str):
    return nbformat.v4.new_code_cell(text.strip())


SETUP = code("""
import kursk_data as kd

kd.__version__
""")

NOTEBOOKS: dict[str, list] = {
    "01-territory.ipynb": [
        md("""
# Territory: how much of Kursk region did Ukraine hold?

The source article (June 2025) gives three figures about ground in Kursk region: what Ukraine
took at first, what its commander-in-chief said it still held in June 2025, and Russia's claim
to have taken everything back. This notebook loads those claims from the `kursk_data` ledger,
draws them, and works out what they imply together, without averaging anything away.
"""),
        SETUP,
        md("""
## The claims

Each row is one figure as somebody stated it. *Qualifier means* is how we read the wording,
*interval* is the range that reading allows (one rule for the whole ledger, see the README), and
*period* is the time the figure is about, which is not always the day it was reported.
"""),
        code("""
area = kd.territory(source="article")
kd.summary_table(area)
"""),
        md("""
Three things to notice:

* The first figure is a **lower bound** ("over"): the area taken in August 2024 may have been
  larger, and the article does not name who measured it.
* The June 2025 figure is **approximate** ("about"): the band comes from the precision of the
  number itself.
* Russia's figure is a **zero the claim implies**, not a number anyone stated; the row's note
  says so, and where its date comes from.
"""),
        code("""
kd.show_figure("territory-article")
"""),
        md("""
## What share of the first gains was still held?

Dividing one claim by another is only honest as an interval: the smallest share is the
smallest possible numerator over the largest possible denominator, and so on. Because the
first figure is open above, the share has no lower bound above zero; its upper bound follows
from the top of the "about" band over the bottom of the "over" figure.
"""),
        code("""
low, high = kd.ratio_interval("art-01", "art-02")
print("Share of the first gains still held in June 2025:", kd.ratio_text(low, high))
"""),
        md("""
## Contested

Ukraine's June 2025 figure and Russia's claim of full recapture cannot both be true. The ledger
keeps them side by side; `kd.contested()` finds such disagreements for every measure.
"""),
        code("""
kd.contested("territory", data=area)[
    ["dispute", "measure", "claimant", "claimant_side", "low", "high", "spread", "ratio"]
]
"""),
    ],
    "02-troops.ipynb": [
        md("""
# Troops: who was sent to the Kursk fighting?

The article gives three troop figures. They count **different things**: Russian troops pressing
the ground Ukraine still held in June 2025, Russian troops in the region over recent months, and
North Korean troops sent in autumn 2024. They are drawn on one chart, but each keeps its own
measure and should only be compared with figures of the same measure.
"""),
        SETUP,
        code("""
troops = kd.troops(source="article")
kd.summary_table(troops)
"""),
        md("""
Two of the three figures are **unattributed**: the article cites only "reports". The "up to"
figure is an **upper bound**, drawn with a downward arrow: the true number could be anything
below it. The autumn figure covers a **season**, so it is drawn as a bar across September to
November 2024 rather than as a point on an invented day.
"""),
        code("""
kd.show_figure("troops-article")
"""),
        md("""
## How far apart are the Russian figures?

The two Russian figures differ by a factor that the cell below computes from their intervals.
They are not in contradiction: one counts the force around a small foothold on one day, the
other a whole region over months, and an "up to" figure allows anything lower.
"""),
        code("""
low, high = kd.ratio_interval("art-05", "art-04")
print("Regional figure over foothold figure:", kd.ratio_text(low, high, percent=False))
"""),
    ],
    "03-losses.ipynb": [
        md("""
# Losses: North Korean soldiers killed

The article's one loss figure is a lower bound on North Korean soldiers killed within three
months, attributed to nobody in particular. It does not say which three months; the ledger's
note explains the period we drew and why.
"""),
        SETUP,
        code("""
losses = kd.losses(source="article")
kd.summary_table(losses)
"""),
        code("""
kd.show_figure("losses-article")
"""),
        md("""
## Reading the bound

An "over" figure fixes only a floor. Set against the North Korean deployment the article
reports for autumn 2024, it gives the smallest share of that force the figure implies was
killed; the largest share is not bounded by the article at all.
"""),
        code("""
low, high = kd.ratio_interval("art-07", "art-06")
print("Killed as a share of the deployment:", kd.ratio_text(low, high))
"""),
    ],
    "00-overview.ipynb": [
        md("""
# The ledger at a glance

Every figure in the source article as a claim: who made it, what the qualifier allows, the
period it covers and where it was read. Then the two checks every figure gets: figures stated
in two units must agree, and claims that contradict each other are listed, not merged.
"""),
        SETUP,
        code("""
claims = kd.load_claims(source="article")
kd.summary_table(claims)
"""),
        md("""
## Sources

The outlet that published a figure is kept apart from the person or body that claimed it.
"""),
        code("""
kd.load_sources().query("role == 'article'")[["source_id", "publisher", "url", "accessed", "note"]]
"""),
        code("""
kd.show_figure("overview-article")
"""),
        md("""
## Unit pairs

Where the article gives an area in both square kilometres and square miles, the two must agree
within the rounding of the stated numbers (1 sq mi = 2.589988110336 km² exactly).
"""),
        code("""
kd.check_pairs(claims)
"""),
        md("""
## What is contested

Claims on the same measure whose periods are close but whose intervals share no value.
"""),
        code("""
cols = ["dispute", "measure", "claimant", "claimant_side", "value", "low", "high"]
kd.contested(data=claims)[cols]
"""),
    ],
    "04-contested.ipynb": [
        md("""
# Contested claims, side by side

The article's figures sit inside a longer story told by many claimants: Ukrainian officials,
Russia's military, South Korea's intelligence service, the DeepState mapping project and
others. The ledger adds their figures from other reports (the `context` sources). Here we look
for the places where they disagree, and keep every side's figure instead of merging them.
"""),
        SETUP,
        code("""
kd.counts_by_status(kd.load_claims())
"""),
        md("""
*claimed* figures come from a party to the war, *assessed* ones from an observer, *reported*
ones from a source that names nobody.

## Territory over time, every claimant

Each claimant's own figures are joined by a line; figures from different claimants never are.
"""),
        code("""
kd.show_figure("territory-timeline")
"""),
        md("""
## The disputes

`kd.contested()` compares claims on the same measure made within two weeks of each other (a
chain of such claims forms one group) and reports a dispute when no single number fits every
claimant's interval. *ratio* is the largest figure over the smallest.
"""),
        code("""
disputes = kd.contested()
cols = ["dispute", "measure", "window_start", "window_end", "claimant", "value", "low", "high"]
disputes[[*cols, "ratio"]]
"""),
        code("""
kd.show_figure("contested")
"""),
        md("""
Reading the table above, dispute by dispute:

* **Peak area.** Russia's defence ministry put Ukraine's largest gain below the figure an
  unnamed Ukrainian General Staff source gave; neither is a verified measurement.
* **The autumn and winter gap.** In November 2024 and again in February 2025 the DeepState map
  showed less ground in Ukrainian hands than Ukrainian officials claimed. Part of the gap is
  method: the map counts contested grey zones apart.
* **Was any ground held after April 2025?** Russia's claim of full recapture is a zero; DeepState
  and Syrskyi both put the area above zero on or after that day.
* **North Korean deployments and deaths.** The intelligence service's estimate of deaths stays
  well below the article's unattributed lower bound for the same months, and the deployment
  figures of different claimants do not overlap once their precision is taken into account.
* **Russian losses, January 2025.** Zelensky's range sits below the lower bound Syrskyi gave in
  the same weeks.

## Consistency checks

A part can never exceed its total (the validator rejects that), and a running total should not
fall. Falls are listed, not fixed: the earlier and the later claim both stay in the ledger.
"""),
        code("""
kd.cumulative_decreases()
"""),
        code("""
kd.parts_and_totals()
"""),
    ],
    "05-checking-a-report.ipynb": [
        md("""
# Checking a report

`kd.find_figures()` reads the figures a text states: the number as news writes it, the unit
after it and the qualifier before it. A figure given in two units is checked against the exact
conversion. The sample below is a paragraph we wrote ourselves for this notebook; it contains
one deliberate unit error.
"""),
        SETUP,
        code("""
sample = (
    "Officials in Kyiv said their troops still held roughly 90 sq km (35 sq miles) of the "
    "region, down from more than 1,000 square kilometres (386 sq miles) a year earlier. "
    "A later briefing put the remaining pocket at about 140 sq km (84 sq miles). "
    "Moscow was said to have as many as 70 000 soldiers in the area, and some 11k North "
    "Korean troops had arrived in the autumn."
)
figures = kd.find_figures(sample)
figures[["phrase", "value", "unit", "qualifier", "alt_value", "pair_ok", "expected_alt"]]
"""),
        md("""
The pair marked `False` is the planted error: 140 km² is about 54 square miles, not 84. The
`expected_alt` column says what the second figure should have read at the precision it was
given in. The same check runs from the command line, `kursk-data check FILE --ledger`, which
also says which figures match a claim in the ledger and exits with status 1 when any pair
disagrees.
"""),
        code("""
report, bad = kd.extract.check_text(sample, ledger=True)
print(f"inconsistent pairs: {bad}")
report[["line", "phrase", "check", "ledger"]]
"""),
    ],
}


def build(names: list[str] | None = None) -> None:
    for name, cells in NOTEBOOKS.items():
        if names and name not in names:
            continue
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = KERNEL
        nb.metadata["language_info"] = {"name": "python"}
        nb.cells = cells
        # nbformat gives cells random ids; fixed ids keep the saved files stable.
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"{Path(name).stem}-{i:02d}"
        NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NB_DIR)}}
        ).execute()
        nb.metadata.pop("widgets", None)
        nb.metadata["language_info"] = {"name": "python"}
        for cell in nb.cells:
            cell.get("metadata", {}).pop("execution", None)
        nbformat.write(nb, NB_DIR / name)
        print(f"wrote notebooks/{name}")


if __name__ == "__main__":
    build(sys.argv[1:] or None)
