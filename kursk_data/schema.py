"""The ledger's Table Schema (``data/datapackage.json``): the one place column rules live."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

DATA_PACKAGE = "datapackage.json"


@dataclass(frozen=True)
class Field:
    """One column of a table, as its Table Schema describes it."""

    name: str
    type: str
    description: str
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Table:
    """A resource of the data package: its file name and fields in order."""

    name: str
    path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def optional(self) -> tuple[str, ...]:
        """Columns a file may leave out of its header (read as empty): see OPTIONAL_COLUMNS."""
        return OPTIONAL_COLUMNS.get(self.name, ())

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def data_file(name: str):
    """A ``Traversable`` for a file shipped in ``kursk_data/data`` (works from a wheel too)."""
    return resources.files("kursk_data").joinpath("data", name)


@cache
def descriptor() -> dict[str, Any]:
    """The parsed ``datapackage.json`` descriptor."""
    return json.loads(data_file(DATA_PACKAGE).read_text(encoding="utf-8"))


@cache
def table(name: str) -> Table:
    """The schema of resource ``name`` (``"claims"``, ``"sources"`` or ``"sides"``)."""
    res = next(r for r in descriptor()["resources"] if r["name"] == name)
    fields = []
    for f in res["schema"]["fields"]:
        c = f.get("constraints", {})
        fields.append(
            Field(
                name=f["name"],
                type=f["type"],
                description=f.get("description", ""),
                required=bool(c.get("required", False)),
                unique=bool(c.get("unique", False)),
                enum=tuple(c["enum"]) if "enum" in c else None,
                pattern=c.get("pattern"),
                max_length=c.get("maxLength"),
                minimum=c.get("minimum"),
                maximum=c.get("maximum"),
                raw=f,
            )
        )
    return Table(name, res["path"], tuple(fields), tuple(res["schema"].get("primaryKey", ())))


def enum(table_name: str, column: str) -> tuple[str, ...]:
    """Allowed values of an enum column, in their documented order."""
    values = table(table_name).field(column).enum
    if values is None:
        raise KeyError(f"{table_name}.{column} is not an enum column")
    return values


# Rules that Table Schema cannot express, kept beside it so the README documents both.
TOPIC_UNIT = {
    "territory": "km2",
    "troops": "personnel",
    "losses": "personnel",
    "prisoners": "personnel",
    "equipment": "count",
}
# A side's role decides the status of its claimants' figures.
ROLE_STATUS = {"party": "claimed", "observer": "assessed", "none": "reported"}
# Colour families (sides.csv ``colour``): each is the family of one known side.
COLOUR_FAMILIES = {
    "blue": "ukraine",
    "red": "russia",
    "green": "third_party",
    "yellow": "independent",
    "purple": "north_korea",
    "grey": "unattributed",
}


@dataclass(frozen=True)
class Side:
    """A side claimants speak for (a row of sides.csv)."""

    side: str
    name: str
    colour: str
    role: str

    @property
    def status(self) -> str:
        return ROLE_STATUS[self.role]

    @property
    def family(self) -> str:
        """The known side whose colours its claimants take."""
        return COLOUR_FAMILIES[self.colour]


@cache
def known_sides() -> dict[str, Side]:
    """The six sides every ledger knows, from the shipped ``sides.csv``."""
    import csv

    with data_file("sides.csv").open(encoding="utf-8", newline="") as fh:
        return {
            r["side"]: Side(r["side"], r["name"], r["colour"], r["role"])
            for r in csv.DictReader(fh)
        }


# What a loaded ledger says of itself: its sides (sides.csv) and its measures' labels. Set by
# the loaders, read by tables and charts; the six known sides are always there.
LEDGER_SIDES: dict[str, Side] = {}
MEASURE_LABELS: dict[str, str] = {}


def use_sides(path: str | os.PathLike) -> None:
    """Name and colour a ledger's own sides as its (validated) sides file says."""
    import csv

    with open(path, encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            side = {k.strip(): (v or "").strip() for k, v in r.items() if k}
            LEDGER_SIDES[side["side"]] = Side(
                side["side"], side["name"], side["colour"], side["role"]
            )


def use_measure_labels(claims) -> None:
    """Take the labels a ledger gives its measures (column ``measure_label``)."""
    if "measure_label" in claims:
        given = claims.dropna(subset=["measure_label"])
        pairs = zip(given["measure"].astype(str), given["measure_label"].astype(str), strict=True)
        MEASURE_LABELS.update(pairs)


SIDE_STATUS = {
    "ukraine": "claimed",
    "russia": "claimed",
    "north_korea": "claimed",
    "third_party": "assessed",
    "independent": "assessed",
    "unattributed": "reported",
}
# Columns added after the first release: files written before them stay valid without them, and
# read them as empty. An empty cell of the enum columns below reads as the value given here.
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "claims": ("basis", "period_basis", "since", "same_statement_as", "revises", "measure_label"),
    "sources": ("via",),
    "sides": ("note",),
}
EMPTY_MEANS = {"basis": "stated", "period_basis": "stated"}
# Plausibility caps: a figure above these is a typo (an extra zero, a unit slip), not a claim.
MAX_PLAUSIBLE = {"km2": 100_000.0, "personnel": 5_000_000.0, "count": 10_000_000.0}
