"""Honest provenance in the data: what a stored copy showed, what was inferred, and by whom."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pandas as pd
import pytest

import kursk_data as kd

SOURCES = kd.load_sources()
CLAIMS = kd.load_claims()
# Files the ledger was compiled from but users do not have: no note may send them there.
UNSHIPPED = re.compile(r"context-claims|context file|source-article|\.csv\b|\.md\b", re.I)
DATED_ID = re.compile(r"-(\d{4}-\d{2}(?:-\d{2})?)(?:-\d)?$")


def test_notes_name_no_file_users_do_not_have():
    for frame, key in ((SOURCES, "source_id"), (CLAIMS, "claim_id")):
        for r in frame.itertuples():
            assert not UNSHIPPED.search(str(r.note)), (getattr(r, key), r.note)


def test_the_unshipped_file_check_would_catch_one():
    assert UNSHIPPED.search("the day is the context file's")
    assert UNSHIPPED.search("see source-article.md")
    assert not UNSHIPPED.search("a compiled list of sourced figures")


LIST = "compiled-figures-list"


@pytest.mark.parametrize("r", list(SOURCES.itertuples()), ids=lambda r: r.source_id)
def test_accessed_only_where_the_address_itself_was_read(r):
    """An access date (and a BibTeX urldate) says the page at the address was read; a copy of
    a text read elsewhere, or a list's report of a page, gives none."""
    note = str(r.note)
    if not pd.isna(r.accessed):
        day = r.accessed.strftime("%Y-%m-%d")
        assert re.search(rf"stored copy of this (page|article) was read on {day}", note), note
        assert pd.isna(r.via), "a page that was read does not rest on another's report of it"
    elif r.role == "article":
        assert "No stored copy of the page itself was found" in note and "no access date" in note
    elif r.kind == "dataset":
        assert pd.isna(r.url) and "no address" in note
    else:
        assert note.startswith("No stored copy of this page was found"), note
        assert pd.isna(r.title)


def test_a_figure_known_only_through_a_report_of_it_says_so():
    """A page nobody read has its figures only from the compiled list: `via` names the list,
    every claim from it says so in its note, and a citation names both."""
    from kursk_data.figures.citation import _source_bib, cited_sources

    unread = SOURCES[SOURCES["accessed"].isna() & (SOURCES["role"] == "context")]
    unread = unread[unread["kind"] != "dataset"]
    assert set(unread["source_id"]) == {"the-korea-herald-2024-11-25", "kyiv-post-2025-03-12"}
    assert (unread["via"] == LIST).all()
    for r in CLAIMS[CLAIMS["source_id"].isin(unread["source_id"])].itertuples():
        assert "only through a compiled list" in r.note, (r.claim_id, r.note)
    herald = CLAIMS[CLAIMS["claim_id"] == "ctx-19"]
    cited = {e["source_id"]: e for e in cited_sources(herald)}
    assert set(cited) == {"the-korea-herald-2024-11-25", LIST}
    assert f"Read via {LIST}" in _source_bib(cited["the-korea-herald-2024-11-25"])


def test_the_kbs_pages_once_missing_were_read():
    by_id = SOURCES.set_index("source_id")
    assert by_id.loc["kbs-news-2025-05-02", "title"] == "4,700 N. Korean casualties in Russia"
    for sid in ("kbs-news-2025-05-02", "kbs-world-2025-04-30", "kbs-world-2024-10"):
        assert by_id.loc[sid, "accessed"] == pd.Timestamp("2026-12-05"), sid


def test_the_article_has_no_access_date_and_no_urldate():
    from kursk_data.figures.citation import _source_bib, cited_sources

    entries = cited_sources(CLAIMS[CLAIMS["claim_id"] == "art-01"])
    assert [e["role"] for e in entries] == ["article"]
    bib = _source_bib(entries[0])
    assert "urldate" not in bib and "No access date recorded" in bib


@pytest.mark.parametrize("r", list(SOURCES.itertuples()), ids=lambda r: r.source_id)
def test_every_page_has_a_title_or_says_why_not(r):
    if pd.isna(r.title):
        assert "no title is recorded" in str(r.note), r.note
    else:
        assert "[...]" not in r.title or "shortened" in str(r.note)


@pytest.mark.parametrize("r", list(SOURCES.itertuples()), ids=lambda r: r.source_id)
def test_a_date_in_an_id_is_the_page_date_or_the_note_says_whose(r):
    m = DATED_ID.search(r.source_id)
    if not m:
        return
    if pd.isna(r.published):
        assert "this source's id" in str(r.note), r.note
    else:
        assert r.published.strftime("%Y-%m-%d").startswith(m.group(1)), r.source_id


def test_ids_that_named_a_wrong_date_are_gone():
    gone = {"rbc-ukraine-2024-08", "rbc-ukraine-2024-08-05", "rezonans-2024-11-22"}
    assert not gone & set(SOURCES["source_id"])
    assert not gone & set(CLAIMS["source_id"])


@pytest.mark.parametrize("old", ["rbc-ukraine-2024-08", "rezonans-2024-11-22"])
def test_a_users_file_citing_a_renamed_id_is_refused_not_misread(claims_file, old):
    from conftest import GOOD_ROWS

    path = claims_file([GOOD_ROWS[0].replace(",metaworld-2025-06-22,", f",{old},")])
    problems = kd.validate(path)
    assert [(p.column, p.value) for p in problems] == [("source_id", old)]
    assert "unknown source_id" in problems[0].rule


def test_timestamps_in_addresses_give_the_published_day():
    """RBC-Ukraine's addresses end in the page's Unix time. Derived by hand: 1732396167 s is
    20,050 days (1,732,320,000 s, day 20,050 = 23 Nov 2024) plus 76,167 s (21:09:27 UTC)."""
    assert datetime.fromtimestamp(1732396167, UTC).date().isoformat() == "2024-11-23"
    rbc = SOURCES[SOURCES["url"].str.contains(r"rbc\.ua/.*-\d{10}\.html$", regex=True)]
    assert len(rbc) == 3
    for r in rbc.itertuples():
        stamp = int(re.search(r"-(\d{10})\.html$", r.url).group(1))
        day = datetime.fromtimestamp(stamp, UTC).date().isoformat()
        assert r.published.strftime("%Y-%m-%d") == day
        assert r.source_id == f"rbc-ukraine-{day}"


def test_dates_in_addresses_agree_with_published():
    for r in SOURCES.itertuples():
        m = re.search(r"/(20\d\d)/(\d\d)/(\d\d)/", str(r.url))
        if m:
            assert r.published.strftime("%Y/%m/%d") == "/".join(m.groups()), r.source_id


def test_an_implied_figure_is_marked_and_explained():
    implied = CLAIMS[CLAIMS["basis"] == "implied"]
    assert set(implied["claim_id"]) == {"art-03", "ctx-11"}
    assert (implied["value"] == 0).all()
    assert implied["note"].str.contains("implied").all()


READING = re.compile(r"our reading|our judgement|our convention|is inferred|inferred (in|as)")


@pytest.mark.parametrize("r", list(CLAIMS.itertuples()), ids=lambda r: r.claim_id)
def test_every_inferred_period_says_so_and_only_those(r):
    says = bool(READING.search(str(r.note)))
    assert says == (r.period_basis == "inferred"), (r.claim_id, r.period_basis, r.note)


def test_statements_reported_twice_are_linked():
    pairs = CLAIMS.dropna(subset=["same_statement_as"])
    linked = set(zip(pairs["claim_id"], pairs["same_statement_as"], strict=True))
    assert linked == {("art-01", "ctx-13"), ("art-03", "ctx-11"), ("art-04", "ctx-31")}
    by_id = CLAIMS.set_index("claim_id")
    for a, b in linked:
        # one statement: one day, one figure
        assert by_id.loc[a, "period_start"] == by_id.loc[b, "period_start"]
        assert by_id.loc[a, "period_end"] == by_id.loc[b, "period_end"]
        assert by_id.loc[a, "value"] == by_id.loc[b, "value"]
    for r in CLAIMS.itertuples():
        m = re.search(r"Same statement as (\w+-\d+)", str(r.note))
        if m:
            assert (r.claim_id, m.group(1)) in linked or (m.group(1), r.claim_id) in linked


def test_russias_zero_is_dated_as_its_sources_date_it():
    """The article gives no date for Russia's claim; the ledger must not stretch it to June."""
    by_id = CLAIMS.set_index("claim_id")
    art, ctx = by_id.loc["art-03"], by_id.loc["ctx-11"]
    assert art["period_end"] == ctx["period_end"] == pd.Timestamp("2025-04-26")
    assert art["period_basis"] == "inferred" and ctx["period_basis"] == "stated"


def test_article_attribution_is_told_apart():
    """'Reports' is an attribution, however vague; no attribution at all is another thing."""
    detail = CLAIMS.set_index("claim_id")["claimant_detail"]
    assert "only to unnamed reports" in detail["art-05"]
    assert "no attribution at all" in detail["art-06"]


def _readme() -> str:
    from conftest import ROOT

    return " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())


def test_readme_lists_exactly_the_required_columns():
    from kursk_data import schema

    text = _readme()
    claims = re.search(r"Required in every row: (.*?)\. The last", text, re.S).group(1)
    sources = re.search(r"Required: (`source_id`.*?); a source", text).group(1)
    for table, listed in (("claims", claims), ("sources", sources)):
        named = set(re.findall(r"`(\w+)`", listed))
        required = {f.name for f in schema.table(table).fields if f.required}
        assert named == required, (table, named ^ required)
    assert "note" in claims


def test_make_test_browser_installs_debian_chromium_only_as_root():
    from conftest import ROOT

    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "test-browser: $(STAMP) chromium" in make and "test-site: $(SITE_STAMP) chromium" in make
    recipe = make[make.index("\nchromium:") :]
    recipe = recipe[: recipe.index("\n\n")] if "\n\n" in recipe else recipe
    assert '"$$(id -u)" = 0' in recipe and "apt-get install -y -qq chromium" in recipe
    assert "Debian's `chromium`" in _readme() and "you are root" in _readme()


def test_reported_date_is_the_statements_day_never_a_later_pages():
    """The rule of the data dictionary: the day the claimant made the figure public; a page
    recalling an earlier statement leaves it at that day, or empty when no day is given."""
    published = SOURCES.set_index("source_id")["published"]
    page = CLAIMS["source_id"].map(published)
    dated = CLAIMS["reported_date"].notna() & page.notna()
    assert (CLAIMS.loc[dated, "reported_date"] <= page[dated]).all()
    by_id = CLAIMS.set_index("claim_id")
    # the rows the audit found carrying a later page's date
    assert by_id.loc["ctx-13", "reported_date"] == by_id.loc["art-01", "reported_date"]
    assert by_id.loc["ctx-58", "reported_date"] == pd.Timestamp("2025-08-06")
    assert by_id.loc[["ctx-19", "ctx-47", "ctx-48"], "reported_date"].isna().all()
    # one statement, one day
    for r in CLAIMS.dropna(subset=["same_statement_as"]).itertuples():
        assert r.reported_date == by_id.loc[r.same_statement_as, "reported_date"], r.claim_id
    # a page that only recalls the statement cannot give its day
    for r in CLAIMS.itertuples():
        if re.search(r"\brecalled\b|\brecap\b|said it earlier|'last week'", str(r.note)):
            assert pd.isna(r.reported_date) or r.reported_date != page[r.Index], r.claim_id


def test_a_running_total_with_its_own_start_carries_it():
    for r in CLAIMS.itertuples():
        m = re.search(r"since (\d{1,2} August 2024)", str(r.note))
        if m and "tally" in str(r.note):
            assert r.since == pd.Timestamp(m.group(1)), r.claim_id


def test_notes_hold_no_ledger_history():
    """How the ledger changed is in CHANGELOG.md, not in the data a reader cites."""
    history = re.compile(r"\buntil 20\d\d-\d\d-\d\d\b|\bthe ledger placed\b|\bwas renamed\b", re.I)
    for frame, key in ((SOURCES, "source_id"), (CLAIMS, "claim_id")):
        for r in frame.itertuples():
            assert not history.search(str(r.note)), (getattr(r, key), r.note)
    assert history.search("Until 2026-11-25 the ledger placed them")


def test_the_pair_a_page_gives_is_recorded():
    pairs = kd.check_pairs().set_index("claim_id")
    assert pairs.loc["ctx-02", ["alt_value", "agrees"]].tolist() == [490.0, True]


def test_uncredited_article_figures_are_named_alike():
    by_id = CLAIMS.set_index("claim_id")
    uncredited = {
        c for c in by_id.index if "no attribution at all" in str(by_id.loc[c, "claimant_detail"])
    }
    assert uncredited == {"art-02", "art-06"}
    assert "art-02" in by_id.loc["art-06", "note"] and "alone" not in by_id.loc["art-06", "note"]


def test_the_link_of_russias_claim_is_marked_as_our_reading():
    from kursk_data.figures import FIGURES

    note = CLAIMS.set_index("claim_id").loc["art-03", "note"]
    assert re.search(r"that it is the claim .* \(ctx-11.*\) is our reading", note), note
    for fid in ("contested", "territory-timeline"):
        spec = FIGURES[fid]
        assert "is the ledger's reading" in spec.resolve(spec.data(CLAIMS)).caption, fid


def test_the_claims_table_shows_an_implied_zero_and_an_inferred_period():
    from conftest import run_cli

    out = run_cli("claims", "--topic", "territory")
    assert out.returncode == 0
    header, *rows = out.stdout.splitlines()
    assert "basis" in header.split() and "period_basis" in header.split()
    art03 = next(r.split() for r in rows if r.split()[0] == "art-03")
    assert "implied" in art03 and "inferred" in art03


def _texts(fig) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def test_inferred_periods_are_marked_where_charts_show_periods():
    import matplotlib.pyplot as plt

    from kursk_data.labels import period_label
    from kursk_data.plotting import plot_contested

    fig = kd.figures.draw_figure("overview-article", kd.load_claims(), kd.load_sources())
    try:
        fig.draw_without_rendering()
        # the figure-level overview: a panel per unit, every claim of the article a row
        panels = [c for a in fig.axes for c in a.child_axes]
        names = [t.get_text() for a in panels for t in a.get_yticklabels() if t.get_text()]
        footer = [t.get_text().replace("\n", " ") for t in fig.texts if t.get_gid() == "footer"]
    finally:
        plt.close(fig)
    # every period of the article is the ledger's reading: the footer says so once, and no
    # row carries a mark that would be on every row (rating 9: a star on every row said
    # nothing; #24 round 3 and rating 6: the note is the footer's, not the header's)
    article = CLAIMS[CLAIMS["claim_id"].str.startswith("art-")]
    assert (article["period_basis"] == "inferred").all()
    assert len(names) == 7 and not any(n.endswith("*") for n in names), names
    assert len(footer) == 1 and footer[0].count("All periods inferred.") == 1, footer

    fig, ax = plt.subplots(figsize=(8, 30))
    try:
        plot_contested(kd.load_claims(), ax=ax)
        texts = _texts(fig)
        notes = [
            lg.get_title().get_text()
            for a in fig.axes
            for lg in a.artists
            if getattr(lg, "get_gid", lambda: "")() == "note:left-out"
        ]
    finally:
        plt.close(fig)
    by_id = CLAIMS.set_index("claim_id")
    # Each dispute's row is named by its window, marked once where a period compared is the
    # ledger's reading; the footer says what the mark means (#24 round 4, rating 9).
    # The peak row under its own header (rating 4), named by its window.
    assert "Peak area held by Ukraine" in texts and "Aug 2024*" in texts
    # Russia's claim counts by ctx-11, dated by its page: that window is not the ledger's reading
    assert "26 Apr 2025" in texts
    # A long label sets on two lines, the claimant on the first (rating 4).
    syrskyi = [
        t.replace(",\n", ", ") for t in texts if t.startswith("Oleksandr Syrskyi,") and "km²" in t
    ]
    assert syrskyi == [f"Oleksandr Syrskyi, {period_label(by_id.loc['ctx-09'])}*: about 500 km²"]
    assert not any("(period inferred)" in t for t in texts), texts
    # Rating 9: said once, under the chart with the sources, not in the note above the plot.
    assert not any("*" in t for t in notes), notes
    assert (
        sum(
            "*\u00a0Period inferred: not stated by the source" in t.replace("\n", " ")
            for t in texts
        )
        == 1
    ), texts


def test_the_dispute_table_says_which_periods_are_inferred():
    table = kd.dispute_table(kd.contested())
    syrskyi = table[table["claims"] == "ctx-09"].iloc[0]
    assert syrskyi["period"].endswith("(period inferred)")
    assert syrskyi["window"].endswith("(period inferred)")
    april = table[table["claims"].str.contains("ctx-11")].iloc[0]
    assert "inferred" not in april["window"] and "inferred" not in april["period"]


def test_no_output_sets_russias_april_claim_against_june():
    """One reading everywhere: Russia's claim is of 26 April 2025, not stretched to June."""
    from kursk_data.figures import FIGURES

    claims = kd.load_claims()
    for fid in ("territory-article", "territory-timeline"):
        spec = FIGURES[fid]
        words = spec.resolve(spec.data(claims))
        text = f"{words.title} {words.caption}"
        assert "shaded" not in text and "since April" not in text and "says none" not in text
    article = FIGURES["territory-article"].resolve(FIGURES["territory-article"].data(claims))
    assert "period inferred" in article.caption and "not set against" in article.caption
    april = kd.contested()
    april = april[april["claim_ids"].str.contains("ctx-11")]
    assert "art-01" not in ",".join(april["claim_ids"])


def test_a_share_is_never_more_than_the_whole():
    low, high = kd.ratio_interval("art-07", "art-06", share=True)
    assert 0 < low < high == 1.0
    assert kd.ratio_interval("art-07", "art-06")[1] == float("inf")
    assert "no upper bound" not in kd.ratio_text(low, high)
