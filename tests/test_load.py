"""The loaders: columns, dtypes, filters, and what the shipped ledger must contain."""

from __future__ import annotations

import re
import sys

import pandas as pd
import pytest
from conftest import ARTICLE

import kursk_data as kd
from kursk_data import load, schema

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
    "claimant_side": "string",  # any snake_case side (issue 21), no longer a fixed category
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
    "revises": "string",
    "measure_label": "string",
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
    for topic, fn in [(t, getattr(load, t)) for t in ("territory", "troops", "losses")]:
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


def _typed_the_slow_way(table, tschema):
    # The obvious construction, through Python objects and pandas' own inference (what the
    # loader did before it built columns from Arrow arrays): the reference for the fast one.
    import numpy as np

    from kursk_data.validation import columns as arrays

    out = {}
    for f in tschema.fields:
        text = arrays.as_strings(table.column(f.name))
        present = np.array([len(v) > 0 for v in text.to_pylist()], bool)
        raw = pd.Series(text.to_pylist(), dtype=object)
        if f.enum is not None:
            empty = schema.EMPTY_MEANS.get(f.name)
            out[f.name] = pd.Categorical(raw.where(present, empty), categories=list(f.enum))
        elif f.type == "number":
            values = arrays.numbers(text, present).values
            out[f.name] = pd.array(np.where(present, values, np.nan), dtype="Float64")
        elif f.type == "date":
            out[f.name] = pd.Series(arrays.dates(text, present).days.astype("datetime64[ns]"))
        else:
            out[f.name] = raw.where(present, None).astype("string")
    if "ledger" in table.column_names:
        out["ledger"] = pd.Series(table.column("ledger").to_pylist(), dtype="string")
    return pd.DataFrame(out).reset_index(drop=True)


@pytest.mark.parametrize("case", ["claims", "sources", "empty optional columns", "no rows"])
def test_typed_columns_are_what_pandas_infers_from_the_values(case):
    import pyarrow as pa

    from kursk_data import load

    claims, sources = load._merged(None, None, True)
    table, name = (sources, "sources") if case == "sources" else (claims, "claims")
    if case == "empty optional columns":  # categories from EMPTY_MEANS, <NA> and NaT
        for c in ("basis", "period_basis", "alt_unit", "alt_value", "since", "part_of"):
            empty = pa.array([""] * table.num_rows, pa.string())
            table = table.set_column(table.column_names.index(c), c, empty)
    if case == "no rows":
        table = table.slice(0, 0)
    fast, slow = (
        load._typed(table, schema.table(name)),
        _typed_the_slow_way(table, schema.table(name)),
    )
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    for c in fast.columns:
        a, b = fast[c].array, slow[c].array
        assert type(a) is type(b), c
        if isinstance(a, pd.Categorical):  # the same codes, of the same width
            assert a.codes.dtype == b.codes.dtype and (a.codes == b.codes).all(), c
            assert a.categories.dtype == b.categories.dtype and not a.ordered, c
        if isinstance(a, pd.arrays.ArrowStringArray):  # stored alike (one large_string chunk)
            assert a._pa_array.type == b._pa_array.type, c
            assert a._pa_array.num_chunks == b._pa_array.num_chunks == 1, c
