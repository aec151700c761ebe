"""A shop's own Shopify export in and out: the rows of one Handle are one product with variants, the shop's copy is
the published version we start from, and the shopify-csv channel writes the shop's file back with only the copy
cells we publish changed (every other byte as it was)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from catalog_files import stored_products
from cli import shopscribe
from shopscribe.catalog import import_file
from shopscribe.config import get_settings
from shopscribe.publish import PublishRequest, RollbackRequest, publish, rollback
from shopscribe.review import ApproveRequest, approve
from shopscribe.store import Draft, DraftStatus, Event, Product, ProductVariant, Publication, session_scope

GOOGLE = ["Google Shopping / Google Product Category", "Google Shopping / Gender", "Google Shopping / Age Group",
          "Google Shopping / MPN", "Google Shopping / AdWords Grouping", "Google Shopping / AdWords Labels",
          "Google Shopping / Condition", "Google Shopping / Custom Product"]
HEADER = ["Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published", "Option1 Name",
          "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value", "Variant SKU",
          "Variant Grams", "Variant Inventory Tracker", "Variant Inventory Qty", "Variant Inventory Policy",
          "Variant Fulfillment Service", "Variant Price", "Variant Compare At Price", "Variant Requires Shipping",
          "Variant Taxable", "Variant Barcode", "Image Src", "Image Position", "Image Alt Text", "Gift Card",
          "SEO Title", "SEO Description", *GOOGLE, "Variant Image", "Variant Weight Unit", "Variant Tax Code",
          "Cost per item", "Status"]
# Shopify's classic product template, written as Shopify writes it: minimal quoting, a shirt in three sizes and a
# second image on a row of its own.
TEMPLATE = (
    ",".join(HEADER) + "\n"
    'linen-shirt,Linen Shirt,"<p>Breathable <strong>linen</strong>, cut for summer.</p>",Northfold,'
    "Apparel & Accessories > Clothing > Shirts,Shirts,\"summer, linen\",TRUE,Size,S,,,,,LS-S,200,shopify,10,deny,"
    "manual,59.00,69.00,TRUE,TRUE,4006381333931,https://cdn.example/ls-1.jpg,1,Linen shirt front,FALSE,"
    "Linen Shirt | Northfold,Breathable linen shirt for hot days.,,,,,,,,,,kg,,21.00,active\n"
    "linen-shirt,,,,,,,,,M,,,,,LS-M,210,shopify,4,deny,manual,59.00,69.00,TRUE,TRUE,4006381333948,,,,,,,,,,,,,,,"
    ",kg,,21.00,\n"
    "linen-shirt,,,,,,,,,L,,,,,LS-L,220,shopify,0,deny,manual,61.00,,TRUE,TRUE,4006381333955,,,,,,,,,,,,,,,"
    ",kg,,22.00,\n"
    "linen-shirt,,,,,,,,,,,,,,,,,,,,,,,,,https://cdn.example/ls-2.jpg,2,Linen shirt back,,,,,,,,,,,,,,,,\n"
)
assert all(len(r) == len(HEADER) for r in csv.reader(io.StringIO(TEMPLATE)))


def write(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def shop_drafts(kind: str | None = None) -> list[tuple[str, str, str]]:
    with session_scope() as s:
        query = select(Draft).where(Draft.model == "shop").order_by(Draft.id)
        if kind:
            query = query.where(Draft.kind == kind)
        return [(d.kind, d.text, d.status.value) for d in s.scalars(query)]


def export_all(out: Path):
    return publish(PublishRequest(channel="shopify-csv", output=out, all_products=True), get_settings())


def approve_new(sku: str, kind: str, text: str) -> int:
    with session_scope() as s:
        product = s.scalar(select(Product).where(Product.sku == sku))
        draft = Draft(product_id=product.id, kind=kind, lang="en", text=text, fields={"text": text}, model="m",
                      check_report={"passed": True, "score": 1.0, "flags": []}, score=Decimal("0.9"))
        s.add(draft)
        s.flush()
        draft_id = draft.id
    assert approve(ApproveRequest(draft_ids=[draft_id], reviewer="ana")).changed == [draft_id]
    return draft_id


def test_rows_that_share_a_handle_are_one_product_with_its_variants(home, tmp_path):
    report = import_file(write(tmp_path / "products_export.csv", TEMPLATE), "products")
    assert (report.inserted, report.merged, report.skipped, report.rejected) == (1, 3, 0, [])
    assert stored_products() == {"linen-shirt": {
        "sku": "linen-shirt", "title": "Linen Shirt", "brand": "Northfold", "category": "Shirts", "price": "59.00",
        "currency": None, "description": "Breathable linen, cut for summer.",
        "attributes": {"Product Category": "Apparel & Accessories > Clothing > Shirts", "Tags": "summer, linen",
                       "Size": ["S", "M", "L"]},
    }}
    with session_scope() as s:
        variants = [(v.position, v.sku, v.options, v.price, v.compare_at_price, v.grams, v.barcode)
                    for v in s.scalars(select(ProductVariant).order_by(ProductVariant.position))]
    assert variants == [
        (1, "LS-S", {"Size": "S"}, Decimal("59.00"), Decimal("69.00"), 200, "4006381333931"),
        (2, "LS-M", {"Size": "M"}, Decimal("59.00"), Decimal("69.00"), 210, "4006381333948"),
        (3, "LS-L", {"Size": "L"}, Decimal("61.00"), None, 220, "4006381333955"),
    ]


def test_a_product_is_complete_when_its_rows_straddle_a_batch(home, tmp_path):
    two = TEMPLATE + TEMPLATE.split("\n", 1)[1].replace("linen-shirt", "linen-shirt-2").replace("LS-", "LS2-")
    report = import_file(write(tmp_path / "products_export.csv", two), "products", batch_size=1)
    assert (report.inserted, report.merged, report.rejected) == (2, 6, [])
    with session_scope() as s:
        counts = {p.sku: len(p.variants) for p in s.scalars(select(Product))}
    assert counts == {"linen-shirt": 3, "linen-shirt-2": 3}


def test_the_shops_own_copy_is_the_published_version_we_start_from(home, tmp_path):
    import_file(write(tmp_path / "products_export.csv", TEMPLATE), "products")
    assert shop_drafts() == [("description", "Breathable linen, cut for summer.", "published"),
                             ("title", "Linen Shirt", "published")]
    with session_scope() as s:
        product = s.scalar(select(Product))
        assert product.shop_copy == {
            "seo_title": "Linen Shirt | Northfold", "seo_description": "Breathable linen shirt for hot days.",
            "images": [{"src": "https://cdn.example/ls-1.jpg", "alt": "Linen shirt front"},
                       {"src": "https://cdn.example/ls-2.jpg", "alt": "Linen shirt back"}]}
        draft = s.scalar(select(Draft).where(Draft.kind == "description"))
        assert (draft.template, draft.lang, DraftStatus.parse(draft.status).reviewed_good) == ("shop's own copy", "en", True)
        live = [(p.channel, p.field, p.state, p.draft_id) for p in s.scalars(select(Publication).order_by(Publication.id))]
    assert live[0] == ("shopify-csv", "description", "delivered", draft.id) and len(live) == 2


def test_reimporting_the_same_file_changes_nothing(home, tmp_path):
    path = write(tmp_path / "products_export.csv", TEMPLATE)
    import_file(path, "products")
    again = import_file(path, "products")
    assert (again.inserted, again.updated, again.unchanged, again.merged) == (0, 0, 1, 3)
    assert len(shop_drafts()) == 2
    with session_scope() as s:
        assert len(s.scalars(select(ProductVariant)).all()) == 3


def test_a_changed_shop_copy_is_published_anew_and_the_old_one_retires(home, tmp_path):
    import_file(write(tmp_path / "products_export.csv", TEMPLATE), "products")
    import_file(write(tmp_path / "later.csv", TEMPLATE.replace("cut for summer", "cut for long summers")), "products")
    assert shop_drafts("description") == [("description", "Breathable linen, cut for summer.", "retired"),
                                          ("description", "Breathable linen, cut for long summers.", "published")]
    assert shop_drafts("title") == [("title", "Linen Shirt", "published")]


def test_with_nothing_approved_the_export_is_the_shops_file_byte_for_byte(home, tmp_path):
    source = write(tmp_path / "products_export.csv", TEMPLATE)
    import_file(source, "products")
    out = tmp_path / "out.csv"
    result = export_all(out)
    assert (result.published, result.skipped_already_published, result.failed) == (0, 0, [])
    assert out.read_bytes() == source.read_bytes()


def test_publishing_approved_copy_changes_only_that_body_cell(home, tmp_path):
    source = write(tmp_path / "products_export.csv", TEMPLATE)
    import_file(source, "products")
    draft = approve_new("linen-shirt", "description", "Airy linen shirt.\nWash cold & hang dry.")
    out = tmp_path / "out.csv"
    result = export_all(out)
    assert (result.published, result.failed) == (1, [])
    before, after = list(csv.reader(io.StringIO(TEMPLATE))), list(csv.reader(io.StringIO(out.read_text("utf-8"))))
    body = HEADER.index("Body (HTML)")
    assert after[1][body] == "<p>Airy linen shirt.</p><p>Wash cold &amp; hang dry.</p>"
    after[1][body] = before[1][body]
    assert after == before
    assert out.read_bytes().split(b"\n")[2:] == source.read_bytes().split(b"\n")[2:]
    assert shop_drafts("description")[0][2] == "retired"
    with session_scope() as s:
        assert s.get(Draft, draft).status == DraftStatus.published
    # Published once: the next export skips it and still writes it into the shop's row.
    again = export_all(tmp_path / "again.csv")
    assert (again.published, again.skipped_already_published) == (0, 1)
    assert (tmp_path / "again.csv").read_bytes() == out.read_bytes()


def test_rolling_back_restores_the_shops_own_cell(home, tmp_path):
    source = write(tmp_path / "products_export.csv", TEMPLATE)
    import_file(source, "products")
    approve_new("linen-shirt", "description", "Airy linen shirt.")
    export_all(tmp_path / "out.csv")
    back = rollback(RollbackRequest(channel="shopify-csv", sku="linen-shirt", kind="description",
                                    output=tmp_path / "back.csv"), get_settings())
    assert back.published == 1
    assert (tmp_path / "back.csv").read_bytes() == source.read_bytes()


def test_without_all_products_only_the_published_products_rows_are_written(home, tmp_path):
    other = TEMPLATE.split("\n", 1)[1].replace("linen-shirt", "wool-sock").replace("LS-", "WS-")
    import_file(write(tmp_path / "products_export.csv", TEMPLATE + other), "products")
    approve_new("wool-sock", "title", "Wool Sock")
    out = tmp_path / "out.csv"
    assert publish(PublishRequest(channel="shopify-csv", output=out, kind="title"), get_settings()).published == 1
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8"))))
    assert rows[0] == HEADER and [r[0] for r in rows[1:]] == ["wool-sock"] * 4
    assert rows[1][1] == "Wool Sock" and rows[1][2] == "<p>Breathable <strong>linen</strong>, cut for summer.</p>"


def test_events_naming_a_variant_sku_attach_to_the_product(home, tmp_path):
    import_file(write(tmp_path / "products_export.csv", TEMPLATE), "products")
    events = write(tmp_path / "events.csv", "user,sku,type,time\nu1,LS-M,purchase,2026-05-01 10:00\n"
                                            "u2,linen-shirt,view,2026-05-01 11:00\n")
    report = import_file(events, "events")
    assert (report.inserted, report.rejected) == (2, [])
    with session_scope() as s:
        shirt = s.scalar(select(Product.id))
        assert s.scalars(select(Event.product_id)).all() == [shirt, shirt]


def larger_file() -> str:
    """40 products, some with variants and image rows, cells with commas, quotes, line breaks and Chinese text;
    CRLF line ends, as Excel on Windows saves them."""
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(HEADER)
    blank = dict.fromkeys(HEADER, "")
    for n in range(40):
        handle = f"item-{n:02d}"
        sizes = ["S", "M", "L"][: 1 + n % 3]
        for i, size in enumerate(sizes):
            row = dict(blank, **{"Handle": handle, "Option1 Value": size, "Variant SKU": f"IT{n:02d}-{size}",
                                 "Variant Grams": str(100 + n), "Variant Price": f"{10 + n}.50",
                                 "Variant Inventory Qty": str(n), "Variant Weight Unit": "g"})
            if i == 0:
                row.update({
                    "Title": f"纯棉T恤 {n}号, \"经典\"款" if n % 2 else f'Tee {n}, the "classic"',
                    "Body (HTML)": f"<p>第{n}款：柔软、透气。</p>\r\n<p>Line two, with \"quotes\".</p>",
                    "Vendor": "山间, Northfold", "Type": "T恤", "Tags": "a, b", "Published": "TRUE",
                    "Option1 Name": "Size", "SEO Title": f"SEO {n}", "SEO Description": "多行\n描述",
                    "Image Src": f"https://cdn.example/{n}.jpg", "Image Alt Text": f"图 {n}", "Status": "active"})
            w.writerow([row[h] for h in HEADER])
        if n % 4 == 0:
            w.writerow([{"Handle": handle, "Image Src": f"https://cdn.example/{n}-b.jpg", "Image Position": "2"}
                        .get(h, "") for h in HEADER])
    return out.getvalue()


def test_a_larger_file_with_quotes_line_breaks_and_chinese_round_trips_byte_for_byte(home, tmp_path):
    source = write(tmp_path / "products_export.csv", larger_file(), bom=True)
    report = import_file(source, "products")
    assert (report.inserted, report.rejected) == (40, [])
    with session_scope() as s:
        assert len(s.scalars(select(ProductVariant)).all()) == 14 * 1 + 13 * 2 + 13 * 3
    out = tmp_path / "out.csv"
    export_all(out)
    assert out.read_bytes() == source.read_bytes()
    approve_new("item-07", "description", "New copy, \"quoted\".")
    export_all(out)
    before = source.read_bytes().decode("utf-8-sig")
    after = out.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    old_rows, new_rows = list(csv.reader(io.StringIO(before, newline=""))), list(
        csv.reader(io.StringIO(after.decode("utf-8-sig"), newline="")))
    changed = [(i, j) for i, (a, b) in enumerate(zip(old_rows, new_rows)) for j, (x, y) in enumerate(zip(a, b)) if x != y]
    first_row_of_item_07 = next(i for i, r in enumerate(old_rows) if r[0] == "item-07")
    assert changed == [(first_row_of_item_07, HEADER.index("Body (HTML)"))]
    assert len(old_rows) == len(new_rows)
    assert new_rows[first_row_of_item_07][2] == "<p>New copy, &quot;quoted&quot;.</p>"


def test_all_products_on_the_cli(home, tmp_path):
    source = write(tmp_path / "products_export.csv", TEMPLATE)
    assert shopscribe("import", "products", str(source)).returncode == 0
    out = tmp_path / "out.csv"
    ran = shopscribe("publish", "--channel", "shopify-csv", "--all-products", "-o", str(out), "--json")
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout) == {"published": 0, "skipped_already_published": 0, "scheduled": 0, "failed": [],
                                      "publications": []}
    assert out.read_bytes() == source.read_bytes()
    wrong = shopscribe("publish", "--channel", "file", "--all-products", "-o", str(tmp_path / "x.jsonl"))
    assert wrong.returncode == 2
    assert "--all-products writes the shop's whole Shopify export: use it with --channel shopify-csv" in wrong.stderr


def test_copy_is_planned_per_product_and_per_variant_only_when_asked(home, tmp_path):
    from shopscribe.catalog import product_record, variant_record
    from shopscribe.content import JobSpec, plan_job

    import_file(write(tmp_path / "products_export.csv", TEMPLATE), "products")
    plain = plan_job(JobSpec(kind="description"), "m")
    assert [(i.sku, i.target) for i in plain.todo] == [("linen-shirt", "")]  # one shirt, one description
    per_variant = plan_job(JobSpec(kind="description", per_variant=True), "m")
    assert [(i.sku, i.target) for i in per_variant.todo] == [
        ("linen-shirt", "variant:LS-S"), ("linen-shirt", "variant:LS-M"), ("linen-shirt", "variant:LS-L")]
    with session_scope() as s:
        shirt = s.scalar(select(Product).where(Product.sku == "linen-shirt"))
        large = variant_record(product_record(shirt), shirt.variants[2])
    assert (large["sku"], large["price"], large["attributes"]["Size"]) == ("LS-L", "61.00", "L")
