"""The loaders: columns, dtypes, filters, and what the shipped ledger must contain."""

from __future__ import annotations

import re
import sys

import pandas as pd
import pytest
from conftest import ARTICLE

import kursk_data as kd
from kursk_data import schema

EXPECTED_DTYPES = {
    "claim_id": "string",
    "topic": "category",
    "measure": "string",
    "value": "Float64",
    "unit": "category",
    "qualifier": "category",
    "low": "Float64",
    "high": "Float64",
    "period_start": "datetime64[ns]",
    "period_end": "datetime64[ns]",
    "period_precision": "category",
    "claimant": "string",
    "claimant_detail": "string",
    "claimant_side": "category",
    "status": "category",
    "reported_date": "datetime64[ns]",
    "source_id": "string",
    "wording": "string",
    "alt_value": "Float64",
    "alt_unit": "category",
    "part_of": "string",
    "note": "string",
    "basis": "category",
    "period_basis": "category",
    "since": "datetime64[ns]",
    "same_statement_as": "string",
    "ledger": "string",  # added by the loader: which file the claim came from
}


def test_columns_and_dtypes_are_the_documented_ones():
    df = kd.load_claims()
    assert list(df.columns) == list(EXPECTED_DTYPES)
    assert {c: str(t) for c, t in df.dtypes.items()} == EXPECTED_DTYPES
    assert list(df["qualifier"].cat.categories) == [
        "exact",
        "about",
        "over",
        "up_to",
        "range",
        "unknown",
    ]


def test_readme_data_dictionary_lists_every_column():
    readme = schema.data_file("claims.csv").parent.parent.parent / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    for column in EXPECTED_DTYPES:
        assert f"`{column}`" in text, f"README data dictionary misses {column}"


def test_every_claim_has_a_known_source_and_a_claimant():
    claims, sources = kd.load_claims(), kd.load_sources()
    assert claims["claim_id"].is_unique
    assert claims["source_id"].isin(sources["source_id"]).all()
    assert claims["claimant"].notna().all() and (claims["claimant"].str.len() > 0).all()
    assert claims["note"].notna().all()


def test_topic_filter_and_shortcuts():
    for topic, fn in [("territory", kd.territory), ("troops", kd.troops), ("losses", kd.losses)]:
        df = fn()
        assert len(df) > 0 and (df["topic"] == topic).all()
        pd.testing.assert_frame_equal(df, kd.load_claims(topic))
    with pytest.raises(ValueError, match="topic must be one of"):
        kd.load_claims("weather")


def test_source_filter_keeps_the_article_on_its_own():
    art = kd.load_claims(source="article")
    assert len(art) > 0 and art["claim_id"].str.startswith("art-").all()
    with pytest.raises(ValueError, match="source must be one of"):
        kd.load_claims(source="nowhere")


def test_loader_returns_a_fresh_copy():
    a = kd.load_claims()
    a.loc[0, "value"] = -1
    assert kd.load_claims().loc[0, "value"] != -1


# What the article states, read by hand: (figure, unit, qualifier, topic). Every one of these
# must be a claim of the ledger with the article as its source.
ARTICLE_FIGURES = [
    (90, "km2", "about", "territory"),
    (1000, "km2", "over", "territory"),
    (0, "km2", "exact", "territory"),  # Russia's claim of full recapture, implied
    (10000, "personnel", "about", "troops"),
    (70000, "personnel", "up_to", "troops"),
    (11000, "personnel", "about", "troops"),
    (1000, "personnel", "over", "losses"),
]


def test_every_article_figure_is_a_claim_with_its_qualifier():
    art = kd.load_claims(source="article")
    got = sorted(
        zip(
            art["value"].astype(float),
            art["unit"].astype(str),
            art["qualifier"].astype(str),
            art["topic"].astype(str),
            strict=True,
        )
    )
    assert got == sorted((float(v), u, q, t) for v, u, q, t in ARTICLE_FIGURES)


def test_russian_side_claim_is_kept_with_its_judgement_call():
    art = kd.load_claims(source="article")
    ru = art[art["claimant_side"] == "russia"]
    assert len(ru) == 1
    assert "implied" in ru["note"].iloc[0]


@pytest.mark.skipif(not ARTICLE.is_file(), reason="source article not beside the repo")
def test_article_wordings_are_in_the_article():
    text = " ".join(ARTICLE.read_text(encoding="utf-8").split())
    for w in kd.load_claims(source="article")["wording"].dropna():
        assert w in text, w
        assert len(w.split()) <= 10


def test_article_figures_appear_in_the_article_text():
    if not ARTICLE.is_file():
        pytest.skip("source article not beside the repo")
    numbers = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", ARTICLE.read_text())}
    art = kd.load_claims(source="article")
    for v in art["value"].astype(int):
        assert v == 0 or v in numbers


def test_import_does_not_import_matplotlib():
    import subprocess

    code = "import sys, kursk_data; kursk_data.load_claims(); print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_shipped_ledger_is_read_once_but_handed_out_as_copies():
    first = kd.load_claims()
    first.loc[0, "value"] = -1.0
    first.loc[0, "claimant"] = "changed by the caller"
    again = kd.load_claims()
    assert again.loc[0, "value"] != -1.0 and again.loc[0, "claimant"] != "changed by the caller"
    sources = kd.load_sources()
    sources.loc[0, "publisher"] = "changed"
    assert kd.load_sources().loc[0, "publisher"] != "changed"
