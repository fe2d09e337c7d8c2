"""The context claims: loaded beside the article's, related to each other, and checked."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from conftest import SHARED, run_cli

import kursk_data as kd

CONTEXT = SHARED / "context-claims.csv"


def test_article_claims_stay_loadable_on_their_own():
    art, ctx = kd.load_claims(source="article"), kd.load_claims(source="context")
    assert art["claim_id"].str.startswith("art-").all()
    assert ctx["claim_id"].str.startswith("ctx-").all()
    assert len(art) + len(ctx) == len(kd.load_claims())
    assert set(kd.load_sources().query("role == 'context'")["source_id"]) >= set(ctx["source_id"])


def test_prisoners_topic_exists():
    assert len(kd.load_claims("prisoners")) > 0
    assert (kd.load_claims("prisoners")["unit"] == "personnel").all()


@pytest.mark.skipif(not CONTEXT.is_file(), reason="shared context file not beside the repo")
def test_every_context_row_is_a_claim_with_its_figure_and_source():
    rows = list(csv.DictReader(CONTEXT.open(encoding="utf-8")))
    ctx = kd.load_claims(source="context").set_index("claim_id")
    sources = kd.load_sources().set_index("source_id")
    # ctx-01..ctx-67 are the list's figures, in its order; later rows are figures the project
    # read on pages it found itself, so each has an access date.
    assert len(rows) == 67 and len(ctx) >= 67
    later = ctx.loc[[f"ctx-{i:02d}" for i in range(68, len(ctx) + 1)], "source_id"]
    assert sources.loc[later, "accessed"].notna().all()
    for i, r in enumerate(rows, 1):
        c = ctx.loc[f"ctx-{i:02d}"]
        assert float(c["value"]) == float(r["value"])
        assert (c["unit"], c["qualifier"], c["topic"]) == (r["unit"], r["qualifier"], r["topic"])
        assert c["claimant_side"] == r["claimant_side"]
        assert sources.loc[c["source_id"], "url"] == r["url"]
        assert c["period_start"].strftime("%Y-%m") <= r["as_of"][:7] <= c["period_end"].strftime(
            "%Y-%m"
        ) or c["period_precision"] in ("week", "approximate")
        if r["qualifier"] == "range":
            assert (float(c["low"]), float(c["high"])) == (float(r["low"]), float(r["high"]))
        # notes are our own words, not the context file's paraphrase
        assert c["note"] != r["context"]


def test_status_follows_side():
    df = kd.load_claims()
    party = df["claimant_side"].isin(["ukraine", "russia", "north_korea"])
    assert (df.loc[party, "status"] == "claimed").all()
    assert (
        df.loc[df["claimant_side"].isin(["independent", "third_party"]), "status"] == "assessed"
    ).all()


def test_one_spelling_per_claimant():
    names = set(kd.load_claims()["claimant"])
    assert "Oleksandr Syrskyi" in names
    assert not [n for n in names if "Syrskyi" in n and n != "Oleksandr Syrskyi"]


def test_parts_fit_their_totals_and_a_bad_part_is_caught(claims_file):
    links = kd.parts_and_totals()
    assert len(links) >= 4 and links["fits"].all()
    # A user's killed figure larger than the shipped total it says it belongs to.
    from conftest import GOOD_ROWS

    row = (
        GOOD_ROWS[1]
        .replace(",usr-03,", ",ctx-55,")
        .replace(",500,personnel,over,500,", ",70000,personnel,over,70000,")
    )
    problems = kd.validate(claims_file([GOOD_ROWS[0], row, GOOD_ROWS[2]]))
    assert any(p.column == "part_of" and "part exceeds its total" in p.rule for p in problems)


def test_cumulative_decrease_is_reported_not_dropped():
    dec = kd.cumulative_decreases()
    pair = dec[(dec["earlier"] == "ctx-57") & (dec["later"] == "ctx-58")]
    assert len(pair) == 1 and pair["claimant"].iloc[0] == "Oleksandr Syrskyi"
    # both claims are still in the ledger
    assert {"ctx-57", "ctx-58"} <= set(kd.load_claims()["claim_id"])


def test_cumulative_decrease_severity_on_a_made_up_series():
    a = kd.load_claims(source="context").query("claim_id == 'ctx-56'")
    b = a.assign(
        claim_id="usr-x",
        value=100.0,
        low=100.0,
        high=100.0,
        period_end=a["period_end"] + pd.Timedelta(days=5),
    )
    out = kd.cumulative_decreases(pd.concat([a, b]))
    assert out["severity"].tolist() == ["contradiction"]


def test_contested_finds_the_main_disputes():
    c = kd.contested()
    by_measure = c.groupby("dispute").agg(
        measure=("measure", "first"),
        who=("claimant", lambda s: set(s)),
        as_of=("as_of", "first"),
    )
    found = {(r.measure, frozenset(r.who)) for r in by_measure.itertuples()}
    assert (
        "peak_area_held_by_ukraine",
        frozenset({"Russian Ministry of Defence", "Ukrainian General Staff (anonymous source)"}),
    ) in found
    nk = by_measure[by_measure["measure"] == "north_korean_troops_killed"]
    assert len(nk) == 1 and "unattributed" in nk["who"].iloc[0]
    area = by_measure[by_measure["measure"] == "area_held_by_ukraine"]
    # Russia's zero (ctx-11, 26 April 2025; art-03 reports the same statement) against
    # DeepState's 30 km² of that day. Syrskyi's 90 km² of 22 June is 57 days later: beyond
    # the 14 days within which two statements on the area held are compared.
    after_april = area[area["as_of"] >= "2025-04-01"]
    assert list(after_april["who"]) == [{"Valery Gerasimov", "DeepState"}]
    gaps = area[area["as_of"] < "2025-04-01"]
    assert len(gaps) == 2 and all("DeepState" in w for w in gaps["who"])
    # the ratio is between extremes, never an average
    zero = c[c["dispute"] == after_april.index[0]]
    assert (zero["ratio"] == float("inf")).all()


def test_contested_window_is_a_parameter():
    assert len(kd.contested(window="0D")["dispute"].unique()) < len(
        kd.contested()["dispute"].unique()
    )


def test_no_dispute_when_intervals_overlap():
    df = kd.load_claims(source="context")
    pair = df[df["claim_id"].isin(["ctx-06", "ctx-07"])].copy()
    pair.loc[pair["claim_id"] == "ctx-07", ["value", "low", "high"]] = [560.0, 548.8, 571.2]
    assert kd.contested(data=pair).empty


def test_cli_claims_by_source():
    out = run_cli("claims", "--source", "context", "--format", "csv")
    assert out.returncode == 0
    assert out.stdout.count("\nctx-") == len(kd.load_claims(source="context"))


def test_cumulative_decreases_never_mix_ledgers_or_start_dates():
    shipped = kd.load_claims(source="context").query("claim_id == 'ctx-56'")
    # The same claimant and measure, a lower figure five days later: a fall within one series...
    later = shipped.assign(
        claim_id="usr-x",
        value=100.0,
        low=100.0,
        high=100.0,
        period_end=shipped["period_end"] + pd.Timedelta(days=5),
    )
    assert len(kd.cumulative_decreases(pd.concat([shipped, later]))) == 1
    # ...but not when it comes from another file, or counts from another date.
    other_file = later.assign(ledger="my-claims.csv")
    assert kd.cumulative_decreases(pd.concat([shipped, other_file])).empty
    whole_war = later.assign(since=pd.Timestamp("2022-02-24"))
    assert kd.cumulative_decreases(pd.concat([shipped, whole_war])).empty
