"""Relations between claims, ratios in words, and implied figures in every table and label."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

import kursk_data as kd
from kursk_data import relations
from kursk_data.labels import claim_label, figure_text, ratio_text, summary_table
from kursk_data.qualifiers import describe

CLAIMS = kd.load_claims()


def test_north_korean_deployment_figures_by_hand():
    """Intervals derived by hand from the 'about' rule (half a unit of the last non-zero
    digit, kept between 2 % and 10 %):
    10,900 (NIS): half of 100 = 50 < 2 % (218), so ±218 -> [10,682, 11,118];
    12,000 (HUR): half of 1,000 = 500 -> [11,500, 12,500];
    11,000 (unattributed): 500 -> [10,500, 11,500], which touches HUR's 11,500."""
    assert relations.relation("ctx-19", "ctx-21") == "below"
    assert relations.relation("ctx-21", "ctx-19") == "above"
    assert relations.overlaps("art-06", "ctx-19")
    assert relations.overlaps("art-06", "ctx-21")  # one shared value, 11,500, is enough


def test_relation_is_symmetric_over_the_whole_ledger():
    ids = list(CLAIMS["claim_id"])
    flip = {"below": "above", "above": "below", "overlap": "overlap"}
    for a, b in zip(ids, ids[1:] + ids[:1], strict=True):
        assert relations.relation(b, a) == flip[relations.relation(a, b)]


def test_open_bounds_and_a_bad_id():
    # over 1,000 km² (art-02) has no top; about 90 km² (art-01) lies wholly below it
    assert relations.relation("art-01", "art-02") == "below"
    # up to 70,000 (art-05) reaches down to 0: it overlaps about 10,000 (art-04)
    assert relations.overlaps("art-05", "art-04")
    with pytest.raises(KeyError, match="no claim"):
        relations.relation("art-01", "art-99")


def test_relation_table_flags_the_ledgers_own_readings():
    table = kd.relation_table([("art-03", "art-01"), ("ctx-12", "ctx-11")])
    first, second = table.iloc[0], table.iloc[1]
    # 26 April to 22 June 2025: 57 days (4 left in April + 31 in May + 22 in June)
    assert (first["relation"], first["periods"], first["days_apart"]) == ("below", "apart", 57)
    assert first["inferred"] == "art-03,art-01"
    assert "implies 0 km²" in first["sentence"] and "57 days apart" in first["sentence"]
    assert (second["relation"], second["periods"], second["inferred"]) == ("above", "same", "")


@pytest.mark.parametrize(
    ("num", "den", "expected"),
    [
        # about 90 [85, 95] over over 1,000 [1,000, open): 85/open = 0, 95/1,000 = 0.095
        ((85, 95), (1000, math.inf), (0.0, 0.095)),
        # over 1,000 over about 11,000 [10,500, 11,500]: 1,000/11,500, open above
        ((1000, math.inf), (10500, 11500), (1000 / 11500, math.inf)),
        # anything over exactly zero: no finite ratio at all
        ((85, 95), (0, 0), (math.inf, math.inf)),
        # up to 4,000 [0, 4,000] as denominator: may be zero, so no top
        ((10500, 11500), (0, 4000), (10500 / 4000, math.inf)),
    ],
)
def test_ratio_interval_by_hand(num, den, expected):
    assert kd.ratio_interval(num, den) == pytest.approx(expected)


VALUES = [0.0, 0.004, 0.0871, 1.0, 1.428571, 7.8, 1e6, math.inf]


@pytest.mark.parametrize("percent", [True, False])
def test_ratio_text_is_always_readable(percent):
    for low in VALUES:
        for high in VALUES:
            if high < low:
                continue
            text = ratio_text(low, high, percent=percent)
            assert "inf" not in text and "nan" not in text, (low, high, text)
            assert "1.428571" not in text
    assert ratio_text(7.8, 9.5, percent=False) == "between 7.8× and 9.5×"
    assert ratio_text(3.0, math.inf, percent=False) == "at least 3.0×, with no upper bound"
    assert ratio_text(math.inf, math.inf) == "no finite ratio: the divisor is zero"
    with pytest.raises(ValueError):
        ratio_text(np.nan, 1.0)


def test_dispute_table_reads_without_inf_or_long_decimals():
    disputes = kd.contested()
    table = kd.dispute_table(disputes)
    assert len(table) == len(disputes)
    text = table.to_string()
    # "inf" as a word: "period inferred" is the table's words, not a bare infinity
    assert not re.search(r"\binf\b", text) and "1.428571" not in text
    assert "nan" not in text.lower()
    first = table.groupby("dispute").head(1)
    assert (first["ratio"] != "").all()
    assert (table.drop(first.index)["ratio"] == "").all()
    zero = table[table["claims"].str.contains("ctx-11")]
    assert zero["figure"].str.contains("implied").all()


def test_implied_figures_never_read_as_stated():
    table = summary_table(CLAIMS)
    implied = table[table["claim"].isin(["art-03", "ctx-11"])]
    assert len(implied) == 2
    for _, row in implied.iterrows():
        assert "stated" not in row["reading"].replace("not stated", "")
        assert "impl" in row["figure as worded"] and "impl" in row["reading"]
    by_id = CLAIMS.set_index("claim_id", drop=False)
    assert "implies 0 km²" in claim_label(by_id.loc["art-03"])
    assert figure_text(by_id.loc["ctx-11"]) == "0 km² (implied)"
    assert describe("exact", "implied") == "implied by a claim, not stated as a number"
    assert describe("exact") == "stated as an exact figure"


def test_inferred_periods_are_marked_in_the_summary_table():
    table = summary_table(CLAIMS).set_index("claim")
    inferred = set(CLAIMS.loc[CLAIMS["period_basis"] == "inferred", "claim_id"])
    for claim, period in table["period"].items():
        assert ("inferred" in period) == (claim in inferred), (claim, period)
    assert table.loc["art-05", "period"] == "Mar–Jun 2025 (approx.; inferred)"


def test_a_users_frame_without_the_optional_columns_still_reads():
    frame = CLAIMS.drop(columns=["basis", "period_basis"]).head(3)
    assert not summary_table(frame)["period"].str.contains("inferred").any()
    assert isinstance(figure_text(pd.Series(frame.iloc[0])), str)


def test_ratio_interval_over_a_claim_that_must_be_zero_is_no_finite_ratio():
    """An exact zero below (a claim of full recapture) has no finite ratio; it once raised
    ZeroDivisionError when given by claim id."""
    claims = kd.load_claims()
    zero = claims[(claims["high"] == 0) & (claims["low"] == 0)]
    assert not zero.empty, "the ledger holds a claim of exactly zero"
    some = claims[claims["low"] > 0].iloc[0]
    assert kd.ratio_interval(some["claim_id"], zero.iloc[0]["claim_id"]) == (math.inf, math.inf)
    assert ratio_text(*kd.ratio_interval((85, 95), (0, 0)))  # words, not an error


def test_removed_names_say_what_replaced_them():
    for name, replacement in [
        ("interval_ratio", "ratio_interval"),
        ("territory", 'load_claims("territory")'),
        ("FIGURES", "kursk_data.figures.FIGURES"),
    ]:
        with pytest.raises(AttributeError, match=re.escape(replacement)):
            getattr(kd, name)
    with pytest.raises(AttributeError, match="ratio_interval"):
        relations.interval_ratio  # noqa: B018
    from kursk_data import figures

    with pytest.raises(AttributeError, match=r"FIGURES\.values\(\)"):
        figures.REGISTRY  # noqa: B018
    with pytest.raises(AttributeError, match="IMAGE_FORMATS"):
        figures.FORMATS  # noqa: B018


def test_the_public_names_are_few_and_all_load():
    assert 20 <= len(kd.__all__) <= 28
    for name in kd.__all__:
        assert getattr(kd, name) is not None
