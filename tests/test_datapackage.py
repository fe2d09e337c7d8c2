"""The shipped data package is valid Frictionless, and frictionless agrees with our validator."""

from __future__ import annotations

import shutil

import pytest

from kursk_data import schema

# frictionless is imported by each test, not here: under `make test` both workers import every
# test module to collect it, and only one of them runs these (0.4 s each import).


def test_descriptor_is_a_valid_data_package():
    import frictionless

    report = frictionless.validate(str(schema.data_file("datapackage.json")))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize(
    ("column", "value", "error"),
    [
        ("topic", "weather", "constraint-error"),
        ("value", "abc", "type-error"),
        ("source_id", "nowhere", "foreign-key"),
    ],
)
def test_frictionless_and_kursk_data_flag_the_same_cell(tmp_path, column, value, error):
    import csv

    import frictionless

    import kursk_data as kd

    for name in ("datapackage.json", "sources.csv", "sides.csv"):
        (tmp_path / name).write_bytes(schema.data_file(name).read_bytes())
    rows = list(csv.DictReader(schema.data_file("claims.csv").open(encoding="utf-8")))
    rows[3][column] = value
    with (tmp_path / "claims.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=rows[0].keys(), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    errors = report.flatten(["rowNumber", "fieldName", "type"])
    # frictionless names no field for a foreign-key error
    assert [5, None if error == "foreign-key" else column, error] in errors, errors
    ours = kd.validate(tmp_path / "claims.csv", sources=tmp_path / "sources.csv")
    assert any(p.row == 5 and p.column == column for p in ours)
    shutil.rmtree(tmp_path)
