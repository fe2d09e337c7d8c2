"""Small helpers of the dumbbells (:mod:`kursk_data.plotting.dumbbell`), split from it to keep
each module short: the key's note lines, whether an open claim's label needs more axis, a
row's name from the date its claims share and a note under a row."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from kursk_data.plotting import frame
from kursk_data.plotting.style import LABEL_SIZE, SMALL_SIZE


def crowded_over(rows: pd.DataFrame) -> bool:
    """Whether a dispute's highest claim is "over" and the next one's top lies within a
    quarter of it (a label running left from the open claim would sit under the other)."""
    order = rows.sort_values(["value", "claim_id"])
    if len(order) < 2 or str(order.iloc[-1]["qualifier"]) != "over":
        return False
    top = float(order.iloc[-1]["value"])
    below = order.iloc[-2]
    high = float(below["high"]) if pd.notna(below.get("high")) else float(below["value"])
    return high >= 0.75 * top


def note_lines(ax: Axes, notes: list[str]) -> str:
    """``notes`` joined on one line where it fits the figure's width, else on two broken
    between two notes, as evenly as they go."""
    fig = ax.figure
    room = frame._room(ax) * 0.97  # as legends_above wraps its note

    def fits(text: str) -> bool:
        return "\n" not in frame.wrap(text, room, fig, SMALL_SIZE)

    one = "; ".join(notes)
    if fits(one) or len(notes) < 2:
        return one
    splits = [("; ".join(notes[:i]) + ";", "; ".join(notes[i:])) for i in range(1, len(notes))]
    splits = [s for s in splits if fits(s[0]) and fits(s[1])]
    if not splits:
        return one
    return "\n".join(min(splits, key=lambda s: max(len(s[0]), len(s[1]))))


def period_footer(notes: list[str]) -> str:
    """The period marks' notes as one footer sentence: "* Period inferred: not stated by the
    source; c. = approximate period." (the mark never left alone at a line's end)."""
    if not notes:
        return ""
    text = "; ".join(notes)
    text = text[:1] + "\u00a0" + text[2:3].upper() + text[3:] if text[1:2] == " " else text
    return text.replace("c. = ", "c.\u00a0=\u00a0") + "."


def with_aside(wordings: list[str], aside: str) -> list[str]:
    """A claim's label wordings (fewest lines first) with its caveat ``aside`` as their last
    line, or broken over two lines at the space that makes them most even, so a label with a
    long caveat still fits beside its mark (rating 9: Zelensky's label went over the row);
    fewest lines first, as :func:`~kursk_data.plotting.dumbbell_parts.wordings` gives them."""
    if not aside:
        return wordings
    asides = [aside]
    spaces = [i for i, ch in enumerate(aside) if ch == " "]
    if "\n" not in aside and spaces:
        cut = min(spaces, key=lambda i: max(i, len(aside) - i - 1))
        asides.append(aside[:cut] + "\n" + aside[cut + 1 :])
    out = [f"{w}\n{a}" for w in wordings for a in asides]
    return sorted(dict.fromkeys(out), key=lambda t: t.count("\n"))


def common_date(rows: pd.DataFrame) -> str | None:
    """ "mid-Jan 2025": the date a dispute's claims are all about, where one claim is of a day
    and the others' periods run months to about that day (rating 10: the row was named by
    one claim's hedged period, "c. Oct 2024–Jan 2025*", not by the day both speak of). None
    unless every claim's period ends in the same third of one month and one is a day's."""

    def part(day: int) -> str:  # as the titles say it (dispute_titles._month_part)
        return "early " if day <= 10 else "mid-" if day <= 20 else "late "

    ends = pd.to_datetime(rows["period_end"])
    starts = pd.to_datetime(rows["period_start"])
    if not (ends == starts).any() or ((ends - starts).dt.days <= 31).all():
        return None
    parts = {(e.year, e.month, part(e.day)) for e in ends}
    if len(parts) != 1:
        return None
    e = ends.iloc[0]
    return f"{part(e.day)}{e:%b %Y}"


# Lines a note under a row takes (a line of text and a little air above it).
NOTE_LINES = 0.9
NOTE_COLOR = "#595959"  # grey, 7:1 on white: read as a note, not a claimant's label


def row_note(panel: Axes, text: str, y: float) -> None:
    """``text`` in grey italic on its own line under a row, from the plot's left edge."""
    from matplotlib.transforms import blended_transform_factory

    panel.text(
        0.0,
        y,
        text,
        transform=blended_transform_factory(panel.transAxes, panel.transData),
        ha="left",
        va="center",
        fontsize=LABEL_SIZE,
        fontstyle="italic",
        color=NOTE_COLOR,
        gid="row-note",
        clip_on=False,
    )
