"""A real daily table of equipment losses, converted to the ledger's format, validates and charts.

The table is Russia's equipment losses as Ukraine's General Staff reports them each day, compiled
by the public dataset github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset (MIT licence):
``data/russia_losses_equipment.json``, a list of {"date", "tank", "field artillery", ...}
running totals. It is not shipped: set KURSK_EQUIPMENT_JSON to its path to run this test.

The conversion follows the data dictionary: the daily series is one source (the claimant's
channel, read through the dataset: ``via``), each day one claim per thing (unit ``count``,
topic ``equipment``, qualifier ``exact``: the totals are stated to the unit), counted ``since``
2022-02-24; a total lower than the day before corrects it (``revises``).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from pathlib import Path

import pytest

import kursk_data as kd
from kursk_data import schema

TABLE = os.environ.get("KURSK_EQUIPMENT_JSON")
pytestmark = pytest.mark.skipif(not TABLE, reason="set KURSK_EQUIPMENT_JSON to the table's path")
THINGS = {"tank": "russian_tanks_lost", "field artillery": "russian_artillery_systems_lost"}
CLAIMANT = "General Staff of the Armed Forces of Ukraine"


def convert(days: list[dict], folder: Path) -> tuple[Path, Path]:
    """The days as a claims file and its two sources, in ``folder``."""
    sources = [
        {
            "source_id": "zsu-general-staff-daily",
            "role": "user",
            "publisher": CLAIMANT,
            "kind": "other",
            "note": "Daily posts of running totals; each claim's reported_date is its post's "
            "date. Read through the dataset named in via.",
            "via": "petroivaniuk-war-dataset",
        },
        {
            "source_id": "petroivaniuk-war-dataset",
            "role": "user",
            "publisher": "Petro Ivaniuk (GitHub)",
            "url": "https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset",
            "accessed": dt.date.today().isoformat(),
            "kind": "dataset",
            "note": "data/russia_losses_equipment.json: the General Staff's daily totals.",
        },
    ]
    claims, last = [], {}
    for day in days:
        for key, measure in THINGS.items():
            if day.get(key) is None:
                continue
            cid = f"gs-{measure.split('_')[1]}-{day['date']}"
            value = int(day[key])
            before = last.get(measure)
            claims.append(
                {
                    "claim_id": cid,
                    "topic": "equipment",
                    "measure": measure,
                    "value": value,
                    "unit": "count",
                    "qualifier": "exact",
                    "period_start": day["date"],
                    "period_end": day["date"],
                    "period_precision": "day",
                    "claimant": CLAIMANT,
                    "claimant_side": "ukraine",
                    "status": "claimed",
                    "reported_date": day["date"],
                    "source_id": "zsu-general-staff-daily",
                    "note": "Running total of the day, as the dataset records it.",
                    "since": "2022-02-24",
                    "revises": before[0] if before and value < before[1] else "",
                }
            )
            last[measure] = (cid, value)
    paths = []
    for name, rows, table in (("claims", claims, "claims"), ("sources", sources, "sources")):
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=schema.table(table).names, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        paths.append(path)
    return paths[0], paths[1]


def test_a_real_equipment_table_validates_and_charts(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    days = json.loads(Path(TABLE).read_text(encoding="utf-8"))
    # Two months around the table's one day that lowers the tank total (a correction).
    days = [d for d in days if "2023-05-01" <= d["date"] <= "2023-06-30"]
    claims, sources = convert(days, tmp_path)
    report = kd.validate(claims, sources=sources, shipped=False)
    assert list(report) == []
    # Bounds are left empty: one warning says the rule filled them, in every row.
    n = sum(1 for _ in claims.open(encoding="utf-8")) - 1
    assert [w.rule.split(" ")[0] for w in report.warnings] == [f"{n:,}"]
    data = kd.load_claims(path=claims, sources_path=sources, shipped=False)
    revised = data[data["revises"].notna()]
    assert len(revised) >= 1  # the corrections file lists tanks -5 on 2023-05-27
    assert kd.cumulative_decreases(data).empty  # a correction is not a contradiction
    without = data.assign(revises=None)
    assert not kd.cumulative_decreases(without).empty
    last = data[data["period_end"] == data["period_end"].max()]
    import matplotlib.pyplot as plt

    plt.figure()  # its own: pyplot's current figure may be another test's drawn figure
    ax = kd.plot_overview(last, footer="Source: Ukraine's General Staff, via a public dataset")
    from matplotlib.text import Text

    texts = [t.get_text() for t in ax.figure.findobj(Text)]
    # One panel per thing counted, named by it once ("Russian tanks lost", not "..., tanks"):
    # never "People".
    heads = [t for t in texts if t.endswith(" lost") or (", " in t and "lost" in t)]
    assert sorted(heads) == ["Russian artillery systems lost", "Russian tanks lost"], texts
    assert "People" not in texts
    # The source's long name is wrapped, so the value axis keeps room to read: it had a tenth
    # of the width and its tick labels ran into each other.
    fig = ax.figure
    fig.draw_without_rendering()
    from kursk_data.plotting.marks import all_axes

    plots = [a for a in all_axes(fig) if a.get_lines()]
    assert plots and all(a.get_window_extent().width >= 0.3 * fig.bbox.width for a in plots)
    ax.figure.savefig(tmp_path / "equipment.png")
