"""Importing is idempotent by SKU: a second import changes nothing, a changed row updates, the later duplicate wins."""

from __future__ import annotations

from sqlalchemy import func, select

from catalog_files import stored_products, write_csv, write_jsonl
from shopscribe.catalog import import_file
from shopscribe.store import AuditLog, Event, CustomerReview, session_scope

HEADER = ["sku", "title", "price", "currency", "attributes"]
ROWS = [
    ["A-1", "Kettle", "199", "CNY", '{"容量": "1.5L"}'],
    ["B-1", "Teapot", "89.00", "CNY", ""],
    ["C-1", "Cup", "¥19", "", ""],
]


def _counts(report):
    return report.inserted, report.updated, report.unchanged, len(report.rejected)


def test_first_import_inserts_every_row(home, tmp_path):
    assert _counts(import_file(write_csv(tmp_path / "p.csv", [HEADER, *ROWS]), "products")) == (3, 0, 0, 0)


def test_second_import_of_the_same_file_is_all_unchanged(home, tmp_path):
    path = write_csv(tmp_path / "p.csv", [HEADER, *ROWS])
    import_file(path, "products")
    assert _counts(import_file(path, "products")) == (0, 0, 3, 0)


def test_same_values_written_differently_are_unchanged(home, tmp_path):
    import_file(write_csv(tmp_path / "p.csv", [HEADER, *ROWS]), "products")
    # Same prices and text, other spelling: 199.00 for 199, extra spaces, a CNY column for ¥.
    again = [["A-1", " Kettle ", "199.00", "CNY", '{"容量":"1.5L"}'], ["B-1", "Teapot", "89", "CNY", ""], ["C-1", "Cup", "19", "CNY", ""]]
    assert _counts(import_file(write_csv(tmp_path / "p2.csv", [HEADER, *again]), "products")) == (0, 0, 3, 0)


def test_a_changed_row_counts_as_updated_and_is_stored(home, tmp_path):
    import_file(write_csv(tmp_path / "p.csv", [HEADER, *ROWS]), "products")
    changed = [ROWS[0], ["B-1", "Teapot", "79.00", "CNY", ""], ROWS[2]]
    assert _counts(import_file(write_csv(tmp_path / "p2.csv", [HEADER, *changed]), "products")) == (0, 1, 2, 0)
    assert stored_products()["B-1"]["price"] == "79.00"


def test_a_changed_attribute_counts_as_updated(home, tmp_path):
    import_file(write_csv(tmp_path / "p.csv", [HEADER, *ROWS]), "products")
    changed = [["A-1", "Kettle", "199", "CNY", '{"容量": "1.7L"}'], *ROWS[1:]]
    assert _counts(import_file(write_csv(tmp_path / "p2.csv", [HEADER, *changed]), "products")) == (0, 1, 2, 0)
    assert stored_products()["A-1"]["attributes"] == {"容量": "1.7L"}


def test_later_duplicate_sku_in_the_same_file_wins(home, tmp_path):
    rows = [HEADER, ["D-1", "Old title", "10", "CNY", ""], ["E-1", "Other", "5", "CNY", ""], ["D-1", "New title", "12", "CNY", ""]]
    report = import_file(write_csv(tmp_path / "p.csv", rows), "products")
    assert _counts(report) == (2, 1, 0, 0)
    assert (stored_products()["D-1"]["title"], stored_products()["D-1"]["price"]) == ("New title", "12.00")


def test_later_duplicate_wins_across_batches(home, tmp_path):
    rows = [HEADER, ["D-1", "Old title", "10", "CNY", ""], *[[f"F-{i}", "x", "1", "CNY", ""] for i in range(5)],
            ["D-1", "New title", "12", "CNY", ""]]
    report = import_file(write_csv(tmp_path / "p.csv", rows), "products", batch_size=2)
    assert _counts(report) == (6, 1, 0, 0)
    assert stored_products()["D-1"]["title"] == "New title"


def test_identical_duplicate_sku_counts_as_unchanged(home, tmp_path):
    rows = [HEADER, ["D-1", "Same", "10", "CNY", ""], ["D-1", "Same", "10", "CNY", ""]]
    assert _counts(import_file(write_csv(tmp_path / "p.csv", rows), "products")) == (1, 0, 1, 0)


def test_reimporting_reviews_and_events_adds_no_rows(home, tmp_path):
    import_file(write_csv(tmp_path / "p.csv", [HEADER, *ROWS]), "products")
    reviews = write_jsonl(tmp_path / "r.jsonl", [{"sku": "A-1", "rating": 5, "text": "好用", "author": "u1", "date": "2026-05-01"},
                                                 {"sku": "B-1", "rating": 2, "text": "slow", "author": "u2", "date": "2026-05-02"}])
    events = write_csv(tmp_path / "e.csv", [["user_id", "sku", "event", "time"], ["u1", "A-1", "view", "2026-06-01 10:00:00"],
                                             ["u1", "A-1", "purchase", "2026-06-01 10:05:00"]])
    first = (import_file(reviews, "reviews"), import_file(events, "events"))
    second = (import_file(reviews, "reviews"), import_file(events, "events"))
    assert [_counts(r) for r in first] == [(2, 0, 0, 0), (2, 0, 0, 0)]
    assert [_counts(r) for r in second] == [(0, 0, 2, 0), (0, 0, 2, 0)]
    with session_scope() as s:
        assert (s.scalar(select(func.count(CustomerReview.id))), s.scalar(select(func.count(Event.id)))) == (2, 2)


def test_review_with_an_id_is_updated_in_place_when_its_text_changes(home, tmp_path):
    import_file(write_csv(tmp_path / "p.csv", [HEADER, *ROWS]), "products")
    import_file(write_jsonl(tmp_path / "r.jsonl", [{"review_id": "R1", "sku": "A-1", "rating": 3, "text": "ok"}]), "reviews")
    report = import_file(write_jsonl(tmp_path / "r2.jsonl", [{"review_id": "R1", "sku": "A-1", "rating": 4, "text": "better"}]), "reviews")
    assert _counts(report) == (0, 1, 0, 0)
    with session_scope() as s:
        assert s.execute(select(CustomerReview.rating, CustomerReview.text)).all() == [(4, "better")]


def test_review_of_an_unknown_sku_is_rejected_with_its_line(home, tmp_path):
    import_file(write_csv(tmp_path / "p.csv", [HEADER, *ROWS]), "products")
    path = write_jsonl(tmp_path / "r.jsonl", [{"sku": "A-1", "rating": 5, "text": "ok"}, {"sku": "NOPE", "rating": 1, "text": "?"}])
    report = import_file(path, "reviews")
    assert [r.model_dump() for r in report.rejected] == [
        {"line": 2, "sku": "NOPE", "reason": "sku 'NOPE' is not in the catalog: import products first"}]


def test_each_import_is_written_to_the_audit_log(home, tmp_path):
    import_file(write_csv(tmp_path / "p.csv", [HEADER, *ROWS, ["", "no sku", "1", "CNY", ""]]), "products", actor="cli")
    with session_scope() as s:
        entry = s.scalars(select(AuditLog)).one()
        assert (entry.actor, entry.action, entry.entity, entry.entity_id) == ("cli", "catalog.import", "products", "p.csv")
        assert (entry.detail["inserted"], entry.detail["rejected"]) == (3, 1)
