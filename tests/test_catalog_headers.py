"""Files from different shops read the same: Chinese, English and Shopify headers; UTF-8, BOM and GB18030/GBK."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from catalog_files import stored_products, write_csv, write_jsonl, write_xlsx
from shopscribe.catalog import import_file
from shopscribe.store import Product, session_scope

ZH_HEADER = ["商品编码", "商品名称", "品牌", "类目", "价格", "币种", "商品描述", "商品属性", "产地"]
# ￥ (full-width) is the yen sign GBK can encode; Chinese spreadsheets write it.
ZH_ROW = ["TEA-9", "西湖龙井 250g", "山间茶舍", "茶叶", "￥598", "人民币", "明前采摘，豆香明显。", '{"净含量": "250g"}', "浙江杭州"]
ZH_PRODUCT = {
    "sku": "TEA-9", "title": "西湖龙井 250g", "brand": "山间茶舍", "category": "茶叶", "price": "598.00", "currency": "CNY",
    "description": "明前采摘，豆香明显。", "attributes": {"净含量": "250g", "产地": "浙江杭州"},
}


def test_chinese_headers_map_to_catalog_fields(home, tmp_path):
    import_file(write_csv(tmp_path / "商品.csv", [ZH_HEADER, ZH_ROW]), "products")
    assert stored_products() == {"TEA-9": ZH_PRODUCT}


@pytest.mark.parametrize("encoding, detected", [
    ("utf-8", "utf-8-sig"),
    ("utf-8-sig", "utf-8-sig"),
    ("gb18030", "gb18030"),
    ("gbk", "gb18030"),
])
def test_encoding_is_detected_and_text_survives(home, tmp_path, encoding, detected):
    report = import_file(write_csv(tmp_path / "商品.csv", [ZH_HEADER, ZH_ROW], encoding=encoding), "products")
    assert (report.encoding, report.inserted, report.rejected) == (detected, 1, [])
    assert stored_products() == {"TEA-9": ZH_PRODUCT}


def test_bom_does_not_stick_to_the_first_header(home, tmp_path):
    # With a BOM read as text, the first header would be "\ufeffsku" and the SKU column would be missing.
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffsku,title\nB-1,Bowl\n".encode("utf-8"))
    report = import_file(path, "products")
    assert (report.inserted, list(stored_products())) == (1, ["B-1"])


def test_english_headers_and_extra_columns_become_attributes(home, tmp_path):
    rows = [
        ["SKU", "Product Name", "Vendor", "Product Type", "Price", "Currency", "Description", "Material", "Weight"],
        ["MUG-1", "Stoneware Mug", "Hearthstone", "Kitchen", "14.00", "USD", "Holds 350 ml.", "stoneware", "400 g"],
    ]
    import_file(write_csv(tmp_path / "products.csv", rows), "products")
    assert stored_products() == {"MUG-1": {
        "sku": "MUG-1", "title": "Stoneware Mug", "brand": "Hearthstone", "category": "Kitchen", "price": "14.00",
        "currency": "USD", "description": "Holds 350 ml.", "attributes": {"Material": "stoneware", "Weight": "400 g"},
    }}


def test_headers_are_matched_ignoring_case_width_spacing_and_required_marks(home, tmp_path):
    rows = [["*ＳＫＵ", " Product_Name ", "PRICE："], ["W-1", "Wok", "88"]]
    import_file(write_csv(tmp_path / "products.csv", rows), "products")
    product = stored_products()["W-1"]
    assert (product["title"], product["price"], product["attributes"]) == ("Wok", "88.00", {})


SHOPIFY_HEADER = [
    "Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Published", "Option1 Name", "Option1 Value",
    "Variant SKU", "Variant Price", "Variant Inventory Qty", "Image Src",
]
SHOPIFY_ROWS = [
    ["linen-shirt", "Linen Shirt", "<p>Cool <b>linen</b> for summer.</p>", "Northfold", "Shirts", "summer", "TRUE",
     "Size", "M", "LS-M", "59.00", "12", "https://cdn.example/shirt-1.jpg"],
    ["linen-shirt", "", "", "", "", "", "", "", "L", "LS-L", "61.00", "3", "https://cdn.example/shirt-2.jpg"],
    ["linen-shirt", "", "", "", "", "", "", "", "", "", "", "", "https://cdn.example/shirt-3.jpg"],
    ["tote-bag", "Canvas Tote", "Sturdy canvas.", "Northfold", "Bags", "", "TRUE", "Title", "Default Title",
     "", "25.00", "40", ""],
]


def test_shopify_rows_of_one_handle_are_one_product_keyed_by_the_handle(home, tmp_path):
    report = import_file(write_csv(tmp_path / "products_export.csv", [SHOPIFY_HEADER, *SHOPIFY_ROWS]), "products")
    assert (report.inserted, report.merged, report.skipped, report.rejected) == (2, 2, 0, [])
    assert stored_products()["linen-shirt"] == {
        "sku": "linen-shirt", "title": "Linen Shirt", "brand": "Northfold", "category": "Shirts", "price": "59.00",
        "currency": None, "description": "Cool linen for summer.",
        "attributes": {"Size": ["M", "L"], "Tags": "summer"},
    }


def test_shopify_variant_rows_keep_their_own_sku_price_and_the_first_rows_option_name(home, tmp_path):
    import_file(write_csv(tmp_path / "products_export.csv", [SHOPIFY_HEADER, *SHOPIFY_ROWS]), "products")
    with session_scope() as s:
        variants = {p.sku: [(v.sku, v.options, str(v.price)) for v in p.variants] for p in s.scalars(select(Product))}
    assert variants == {"linen-shirt": [("LS-M", {"Size": "M"}, "59.00"), ("LS-L", {"Size": "L"}, "61.00")],
                        "tote-bag": [(None, {}, "25.00")]}


def test_a_shopify_product_without_options_has_no_option_attribute(home, tmp_path):
    import_file(write_csv(tmp_path / "products_export.csv", [SHOPIFY_HEADER, *SHOPIFY_ROWS]), "products")
    tote = stored_products()["tote-bag"]
    assert (tote["title"], tote["price"], tote["attributes"]) == ("Canvas Tote", "25.00", {})


def test_jsonl_keys_map_like_headers_and_attributes_may_be_an_object(home, tmp_path):
    path = write_jsonl(tmp_path / "products.jsonl", [
        {"商品编码": "J-1", "商品名称": "乌龙茶", "价格": 88, "币种": "CNY", "商品属性": {"净含量": "100g", "产地": "福建"}},
        {"sku": "J-2", "title": "Green tea", "price": "12.50", "currency": "usd", "attributes": '{"weight": "50 g"}'},
    ])
    report = import_file(path, "products")
    assert (report.format, report.inserted, report.rejected) == ("jsonl", 2, [])
    products = stored_products()
    assert (products["J-1"]["title"], products["J-1"]["price"], products["J-1"]["attributes"]) == (
        "乌龙茶", "88.00", {"净含量": "100g", "产地": "福建"})
    assert (products["J-2"]["currency"], products["J-2"]["attributes"]) == ("USD", {"weight": "50 g"})


def test_xlsx_cells_read_as_catalog_text_and_numbers(home, tmp_path):
    path = write_xlsx(tmp_path / "商品.xlsx", [
        ["商品编码", "商品名称", "价格", "币种", "重量", "容量"],
        [10001, "保温杯", 129, "CNY", "280g", 500],
        ["KT-2", "咖啡壶", 168.5, "CNY", None, 600],
    ])
    report = import_file(path, "products")
    assert (report.format, report.inserted, report.rejected) == ("xlsx", 2, [])
    products = stored_products()
    # A numeric SKU cell is the code 10001, not the float 10001.0.
    assert (products["10001"]["price"], products["10001"]["attributes"]) == ("129.00", {"重量": "280g", "容量": "500"})
    assert (products["KT-2"]["price"], products["KT-2"]["attributes"]) == ("168.50", {"容量": "600"})


def test_semicolon_separated_file_is_read_by_its_delimiter(home, tmp_path):
    path = tmp_path / "products.csv"
    path.write_text("sku;title;price\nS-1;Teapot, small;12.50\n", encoding="utf-8")
    report = import_file(path, "products")
    assert (report.inserted, stored_products()["S-1"]["title"], stored_products()["S-1"]["price"]) == (1, "Teapot, small", "12.50")


def test_tab_separated_file_with_tsv_suffix(home, tmp_path):
    path = tmp_path / "products.tsv"
    path.write_text("商品编码\t商品名称\t售价\nT-1\t茶杯\t¥35\n", encoding="utf-8")
    import_file(path, "products")
    assert (stored_products()["T-1"]["title"], stored_products()["T-1"]["price"]) == ("茶杯", "35.00")
