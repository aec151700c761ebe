"""The catalog: import products, reviews and events from CSV/JSONL/XLSX, clean them, keep personal data out."""

from shopscribe.catalog.changes import FactChange, ProductChange, fact_changes
from shopscribe.catalog.cleaning import CleaningError, format_price, html_to_text, normalize_text, parse_price
from shopscribe.catalog.exporter import export_products, iter_products, list_products, product_record, variant_record
from shopscribe.catalog.importer import KINDS, ImportReport, Rejection, import_file
from shopscribe.catalog.privacy import pseudonym, redact_pii

__all__ = [
    "KINDS", "CleaningError", "FactChange", "ImportReport", "ProductChange", "fact_changes", "Rejection", "export_products", "format_price", "html_to_text",
    "import_file", "iter_products", "list_products", "normalize_text", "parse_price", "product_record", "pseudonym",
    "redact_pii", "variant_record",
]
