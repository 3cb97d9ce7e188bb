"""`flatten` turns any interchange dict into a row, odd shapes included (the fuzzed CSV tests
build their files with it): a nested field that is not a mapping, a list that is not a list."""

from __future__ import annotations

from store.records.csv_rows import flatten, unflatten


def test_a_cost_that_is_not_a_mapping_lands_in_its_first_column() -> None:
    row = flatten({"cost_absorbed": " ", "structure": 3})
    assert row["cost_absorbed.amount"] == " "
    assert row["structure.acknowledged"] == "3"
    assert row["cost_absorbed.currency"] == ""


def test_list_fields_that_are_not_lists_are_kept_as_one_cell() -> None:
    row = flatten({"tags": "urgent", "participants": 7, "practices_used": ["a", None]})
    assert (row["tags"], row["participants"], row["practices_used"]) == ("urgent", "7", "a; ")
    assert unflatten(row)["tags"] == ["urgent"]
