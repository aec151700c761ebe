"""Rows that cannot be stored are rejected with their line and a reason; every other row of the file is stored."""

from __future__ import annotations

import pytest

from catalog_files import stored_products, write_jsonl, write_text, write_xlsx
from shopscribe.catalog import import_file
from shopscribe.errors import UserError

HEADER = "sku,title,price,currency,attributes\n"
GOOD_BEFORE = "A-1,Kettle,10,CNY,\n"
GOOD_AFTER = "Z-1,Teapot,20,CNY,\n"

CASES = {
    "row without SKU": (
        ',No SKU,10,CNY,\n',
        None,
        "sku is empty: every product needs a SKU (column sku / variant sku / 商品编码 / 商品编号 / 货号 / 商品货号)",
    ),
    "unparsable price": (
        "B-1,Bad price,abc,CNY,\n",
        "B-1",
        "price 'abc' is not a number: write it like 399, ¥1,299.00, 19.99 元 or USD 19.99",
    ),
    "negative price": (
        "C-1,Negative,-5,CNY,\n",
        "C-1",
        "price '-5' is negative: a price must be 0 or more",
    ),
    "decimal comma price": (
        'C-2,Comma,"19,99",EUR,\n',
        "C-2",
        "price '19,99' uses a comma for decimals: write 19.99, not 19,99",
    ),
    "malformed attributes JSON": (
        'D-1,Bad json,5,CNY,"{""颜色"": 黑}"\n',
        "D-1",
        'attributes is not valid JSON (Expecting value at character 8): write an object like {"颜色": "黑色", "尺码": "M"} '
        "or use one column per attribute",
    ),
    "attributes JSON that is not an object": (
        'D-2,List json,5,CNY,"[""黑色""]"\n',
        "D-2",
        'attributes must be a JSON object like {"颜色": "黑色"}, not a list',
    ),
    "too many columns": (
        "E-1,Too many,5,CNY,,extra\n",
        "E-1",
        "row has 6 columns but the header has 5 (line 3): quote values that contain the delimiter and close every quote",
    ),
    "too few columns": (
        "E-2,Too few\n",
        "E-2",
        "row has 2 columns but the header has 5 (line 3): quote values that contain the delimiter and close every quote",
    ),
    "unknown currency": (
        "F-1,Odd currency,5,dollars,\n",
        "F-1",
        "currency 'dollars' is not a currency: use a 3-letter code like CNY or USD",
    ),
}


@pytest.mark.parametrize("bad_row, sku, reason", list(CASES.values()), ids=list(CASES))
def test_bad_row_is_rejected_with_line_and_reason(home, tmp_path, bad_row, sku, reason):
    path = write_text(tmp_path / "products.csv", HEADER + GOOD_BEFORE + bad_row + GOOD_AFTER)
    report = import_file(path, "products")
    assert [r.model_dump() for r in report.rejected] == [{"line": 3, "sku": sku, "reason": reason}]


@pytest.mark.parametrize("bad_row", [case[0] for case in CASES.values()], ids=list(CASES))
def test_rows_around_a_bad_row_are_stored(home, tmp_path, bad_row):
    path = write_text(tmp_path / "products.csv", HEADER + GOOD_BEFORE + bad_row + GOOD_AFTER)
    report = import_file(path, "products")
    assert report.inserted == 2
    assert sorted(stored_products()) == ["A-1", "Z-1"]


def test_every_bad_row_of_one_file_is_reported_in_line_order(home, tmp_path):
    path = write_text(tmp_path / "products.csv", HEADER + "".join(case[0] for case in CASES.values()) + GOOD_AFTER)
    report = import_file(path, "products")
    assert [r.line for r in report.rejected] == list(range(2, 2 + len(CASES)))
    assert list(stored_products()) == ["Z-1"]


def test_line_numbers_count_physical_lines_after_a_multiline_record(home, tmp_path):
    # A quoted description spanning three lines starts on line 2; the bad row after it is on line 5.
    text = HEADER + 'M-1,"Mug\nwith a\nlid",12,CNY,\n' + "B-1,Bad price,abc,CNY,\n"
    report = import_file(write_text(tmp_path / "products.csv", text), "products")
    assert [(r.line, r.sku) for r in report.rejected] == [(5, "B-1")]
    assert stored_products()["M-1"]["title"] == "Mug with a lid"


def test_unclosed_quote_swallowing_lines_is_a_column_count_rejection(home, tmp_path):
    text = HEADER + GOOD_BEFORE + 'Q-1,"Open quote,5,CNY,\nZ-1,Teapot,20,CNY,\n'
    report = import_file(write_text(tmp_path / "products.csv", text), "products")
    assert [(r.line, r.sku) for r in report.rejected] == [(3, "Q-1")]
    assert report.rejected[0].reason.startswith("row has 2 columns but the header has 5 (lines 3-4)")


def test_blank_lines_are_neither_stored_nor_rejected(home, tmp_path):
    report = import_file(write_text(tmp_path / "products.csv", HEADER + "\n" + GOOD_BEFORE + ",,,,\n\n" + GOOD_AFTER), "products")
    assert (report.inserted, report.rejected) == (2, [])


def test_file_without_a_sku_column_is_a_usage_error_naming_the_accepted_headers(home, tmp_path):
    path = write_text(tmp_path / "products.csv", "title,price\nKettle,10\n")
    with pytest.raises(UserError) as err:
        import_file(path, "products")
    assert str(err.value) == (
        f"{path}: no column for sku (sku / variant sku / 商品编码 / 商品编号 / 货号 / 商品货号); "
        "rename the column header and import again"
    )


def test_empty_file_is_a_usage_error(home, tmp_path):
    path = write_text(tmp_path / "products.csv", "\n\n")
    with pytest.raises(UserError, match="the file is empty; the first line must name the columns"):
        import_file(path, "products")


def test_jsonl_lines_that_are_not_objects_are_rejected_with_their_line(home, tmp_path):
    path = tmp_path / "products.jsonl"
    path.write_text(
        '{"sku": "J-1", "title": "Tea", "price": 12.5}\n'
        "\n"
        '{"sku": "J-2", "title": \n'
        "[1, 2]\n"
        '{"sku": "J-3", "title": "Cup", "price": -1}\n'
        '{"sku": "J-4", "title": "Pot", "price": 30}\n',
        encoding="utf-8",
    )
    report = import_file(path, "products")
    assert [r.model_dump() for r in report.rejected] == [
        {"line": 3, "sku": None, "reason": "not valid JSON (Expecting value at column 1): write one JSON object per line"},
        {"line": 4, "sku": None, "reason": "line holds a JSON list, not an object: write one {...} object per line"},
        {"line": 5, "sku": "J-3", "reason": "price '-1' is negative: a price must be 0 or more"},
    ]
    assert sorted(stored_products()) == ["J-1", "J-4"]


def test_jsonl_attributes_that_are_a_string_of_bad_json_are_rejected(home, tmp_path):
    path = write_jsonl(tmp_path / "products.jsonl", [{"sku": "J-1", "attributes": "{颜色: 黑}"}])
    report = import_file(path, "products")
    assert [(r.line, r.sku) for r in report.rejected] == [(1, "J-1")]
    assert report.rejected[0].reason.startswith("attributes is not valid JSON (Expecting property name enclosed in double quotes")


def test_xlsx_rows_are_rejected_with_their_sheet_row_number(home, tmp_path):
    path = write_xlsx(tmp_path / "products.xlsx", [
        ["SKU", "Title", "Price"],
        ["X-1", "Mug", 9],
        [None, "No SKU", 9],
        ["X-3", "Bowl", "abc"],
        ["X-4", "Plate", 5, "stray value"],
        ["X-5", "Cup", 4],
    ])
    report = import_file(path, "products")
    assert [(r.line, r.sku) for r in report.rejected] == [(3, None), (4, "X-3"), (5, "X-4")]
    assert report.rejected[2].reason == "row has values beyond the last named column (3): give every column a header"
    assert sorted(stored_products()) == ["X-1", "X-5"]
