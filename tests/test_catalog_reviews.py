"""Review files from Chinese and English shops: header mapping, rating formats, dates, and what is rejected."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from catalog_files import write_csv, write_xlsx
from shopscribe.catalog import import_file
from shopscribe.store import CustomerReview, session_scope


@pytest.fixture
def catalog(home, tmp_path):
    import_file(write_csv(tmp_path / "products.csv", [["sku", "title"], ["A-1", "保温杯"]]), "products")
    return home


def _stored():
    with session_scope() as s:
        return s.execute(select(CustomerReview.rating, CustomerReview.text, CustomerReview.review_date).order_by(CustomerReview.id)).all()


@pytest.mark.parametrize("cell, rating", [("5", 5), ("4星", 4), ("3分", 3), ("★★☆☆☆", 2), ("1 star", 1), ("5/5", 5), ("4.0", 4)])
def test_rating_formats_read_as_one_to_five(catalog, tmp_path, cell, rating):
    import_file(write_csv(tmp_path / "r.csv", [["商品编码", "评分", "评价内容"], ["A-1", cell, "好"]]), "reviews")
    assert _stored()[0].rating == rating


@pytest.mark.parametrize("cell, reason", [
    ("6", "rating 6 is outside 1-5: use 1, 2, 3, 4 or 5"),
    ("good", "rating 'good' is not a number: use 1, 2, 3, 4 or 5"),
    ("4.5", "rating '4.5' is not a number: use 1, 2, 3, 4 or 5"),
])
def test_bad_rating_is_rejected_with_its_line(catalog, tmp_path, cell, reason):
    report = import_file(write_csv(tmp_path / "r.csv", [["sku", "rating", "text"], ["A-1", "5", "ok"], ["A-1", cell, "meh"]]), "reviews")
    assert [r.model_dump() for r in report.rejected] == [{"line": 3, "sku": "A-1", "reason": reason}]


def test_review_without_text_or_rating_is_rejected(catalog, tmp_path):
    report = import_file(write_csv(tmp_path / "r.csv", [["sku", "rating", "text"], ["A-1", "", "  "]]), "reviews")
    assert [r.reason for r in report.rejected] == ["review has neither text nor rating: fill the text or rating column"]


@pytest.mark.parametrize("cell", ["2026-05-01 14:30:00", "2026/05/01 14:30", "2026年5月1日 14:30", "2026-05-01T22:30:00+08:00"])
def test_review_dates_in_common_forms_are_stored_as_utc(catalog, tmp_path, cell):
    import_file(write_csv(tmp_path / "r.csv", [["sku", "text", "评价时间"], ["A-1", "好", cell]]), "reviews")
    assert _stored()[0].review_date == dt.datetime(2026, 5, 1, 14, 30)


def test_html_in_review_text_is_stripped(catalog, tmp_path):
    import_file(write_csv(tmp_path / "r.csv", [["sku", "text"], ["A-1", "<b>很好</b><script>x()</script>"]]), "reviews")
    assert _stored()[0].text == "很好"


def test_reviews_import_from_xlsx_with_date_cells(catalog, tmp_path):
    path = write_xlsx(tmp_path / "评价.xlsx", [["商品编码", "星级", "评价", "日期"], ["A-1", 5, "保温效果好", dt.datetime(2026, 6, 1, 9, 0)]])
    report = import_file(path, "reviews")
    assert (report.inserted, report.rejected) == (1, [])
    assert _stored() == [(5, "保温效果好", dt.datetime(2026, 6, 1, 9, 0))]


def test_personal_data_and_the_authors_name_are_gone_from_stored_review_text_and_reimport_is_unchanged(catalog, tmp_path):
    rows = [["sku", "author", "rating", "text"],
            ["A-1", "王小明", "5", "王小明本人很满意，有问题发邮箱xm.wang@example.com或加微信zhangmei_1990，"
                                   "寄到北京市朝阳区建国路88号3栋502室就行"]]
    path = write_csv(tmp_path / "reviews.csv", rows)
    first = import_file(path, "reviews")
    stored = "[姓名]本人很满意，有问题发邮箱[邮箱]或加微信[微信]，寄到[地址]就行"
    assert (first.inserted, first.rejected) == (1, [])
    assert [r.text for r in _stored()] == [stored]
    again = import_file(path, "reviews")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1)
    assert [r.text for r in _stored()] == [stored]
