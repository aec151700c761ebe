"""Imported text is clean: no markup or script survives, widths and spaces are normalised, prices are numbers."""

from __future__ import annotations

import pytest

from catalog_files import stored_products, write_csv
from shopscribe.catalog import html_to_text, import_file, normalize_text, parse_price

HEADER = ["sku", "title", "price", "currency", "description"]


def _import_one(tmp_path, title="Mug", price="10", currency="", description=""):
    report = import_file(write_csv(tmp_path / "products.csv", [HEADER, ["S-1", title, price, currency, description]]), "products")
    assert report.rejected == []
    return stored_products()["S-1"]


def test_html_description_is_stored_as_text_one_line_per_block(home, tmp_path):
    html = "<h2>Details</h2><p>Holds <b>350&nbsp;ml</b> &amp; keeps tea hot.</p><ul><li>Stoneware</li><li>Dishwasher safe</li></ul>"
    assert _import_one(tmp_path, description=html)["description"] == "Details\nHolds 350 ml & keeps tea hot.\nStoneware\nDishwasher safe"


def test_script_style_and_iframe_content_does_not_survive(home, tmp_path):
    html = ('<p>Safe text</p><script>alert("x")</script><style>p{color:red}</style>'
            '<iframe src="https://evil.example"></iframe><img src=x onerror="steal()">')
    assert _import_one(tmp_path, description=html)["description"] == "Safe text"


def test_unterminated_script_swallows_the_rest_rather_than_leak_it(home, tmp_path):
    assert _import_one(tmp_path, description="<p>Before</p><script>document.write('after')")["description"] == "Before"


def test_html_in_a_title_is_stripped_to_one_line(home, tmp_path):
    assert _import_one(tmp_path, title="<b>Tea</b><br>Pot &lt;1L&gt;")["title"] == "Tea Pot <1L>"


def test_text_that_only_looks_like_comparison_is_kept(home, tmp_path):
    assert _import_one(tmp_path, description="fits cups < 9 cm & lids > 7 cm")["description"] == "fits cups < 9 cm & lids > 7 cm"


def test_full_width_letters_digits_and_ideographic_spaces_become_ascii(home, tmp_path):
    assert _import_one(tmp_path, title="ＵＳＢ－Ｃ　充电线　２ｍ")["title"] == "USB-C 充电线 2m"


def test_chinese_punctuation_stays_next_to_chinese_text(home, tmp_path):
    assert _import_one(tmp_path, description="好用，推荐！（回购）")["description"] == "好用，推荐！（回购）"


def test_full_width_punctuation_in_english_text_becomes_ascii(home, tmp_path):
    assert _import_one(tmp_path, description="Great！ Really（really）good？")["description"] == "Great! Really(really)good?"


def test_runs_of_spaces_tabs_and_zero_width_characters_collapse(home, tmp_path):
    assert _import_one(tmp_path, title="  Tea\t\tPot \u200b  Set\u00a0 ")["title"] == "Tea Pot Set"


def test_line_breaks_in_plain_descriptions_are_kept_and_trimmed(home, tmp_path):
    text = "Line one   \r\n\r\n\r\n\r\n  Line two\r\n"
    assert _import_one(tmp_path, description=text)["description"] == "Line one\n\nLine two"


@pytest.mark.parametrize("raw, currency_cell, price, currency", [
    ("¥399", "", "399.00", "CNY"),
    ("￥399", "", "399.00", "CNY"),
    ("89.00", "USD", "89.00", "USD"),
    ("1,299", "CNY", "1299.00", "CNY"),
    ("¥1,299.50", "", "1299.50", "CNY"),
    ("$19.99", "", "19.99", "USD"),
    ("19.99 元", "", "19.99", "CNY"),
    ("USD 19.99", "", "19.99", "USD"),
    ("€5", "", "5.00", "EUR"),
    ("$25", "CAD", "25.00", "CAD"),
    ("0", "CNY", "0.00", "CNY"),
    ("12.345", "", "12.35", None),
    ("", "CNY", None, "CNY"),
])
def test_price_formats_parse_and_the_currency_is_kept(home, tmp_path, raw, currency_cell, price, currency):
    product = _import_one(tmp_path, price=raw, currency=currency_cell)
    assert (product["price"], product["currency"]) == (price, currency)


@pytest.mark.parametrize("raw, reason", [
    ("¥-399", "price '¥-399' is negative: a price must be 0 or more"),
    ("$5 €", "price '$5 €' names two currencies: keep one"),
    ("about 5", "price 'about 5' has unknown text 'about': write it like 399, ¥1,299.00, 19.99 元 or USD 19.99"),
    ("ask us", "price 'ask us' is not a number: write it like 399, ¥1,299.00, 19.99 元 or USD 19.99"),
    ("5 bucks", "price '5 bucks' has unknown text 'bucks': write it like 399, ¥1,299.00, 19.99 元 or USD 19.99"),
])
def test_price_parser_names_what_is_wrong(raw, reason):
    with pytest.raises(ValueError) as err:
        parse_price(raw)
    assert str(err.value) == reason


def test_html_to_text_and_normalize_text_are_safe_to_apply_twice():
    once = html_to_text("<p>Ｔｅａ　ｐｏｔ</p><p>好用，推荐！</p>")
    assert (html_to_text(once), normalize_text(once)) == (once, once)
