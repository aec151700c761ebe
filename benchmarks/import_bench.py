"""Catalog import benchmark: rows/s and peak memory importing a generated 100k-row CSV into SQLite and PostgreSQL.

Baselines measured in the same run on the same file: plain `csv.reader` (the floor any CSV import pays) and
shopscribe's own reading + cleaning without a database (what the store adds on top). Each stage runs in its own
process so its peak RSS (ru_maxrss from wait4) is its own. PostgreSQL comes from SHOPSCRIBE_TEST_PG_URL (an admin
URL; `make benchmarks` starts a throwaway server); a fresh database is created and dropped for the run.

    python benchmarks/import_bench.py [--rows 100000] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BAD_EVERY = 1000  # one row in a thousand has an unreadable price: the rejection path is part of the cost

_TITLES_ZH = ["纯棉圆领T恤", "304不锈钢保温杯", "陶瓷不粘炒锅", "亚麻抱枕套", "氨基酸洁面乳", "氮化镓充电器", "西湖龙井", "每日坚果"]
_TITLES_EN = ["Merino Sweater", "Cast Iron Skillet", "Soy Wax Candle", "Hand Cream", "USB-C Cable", "Wireless Mouse", "Dark Chocolate"]
_CATEGORIES = ["服装", "厨房", "家居", "个护", "数码配件", "茶叶", "Clothing", "Kitchen", "Home", "Electronics accessories"]
_COLOURS = ["黑色", "白色", "燕麦色", "雾蓝", "charcoal", "navy", "olive"]


def generate_catalog(path: Path, rows: int, seed: int = 0) -> None:
    """A products CSV shaped like a real shop export: zh/en text, HTML descriptions, mixed price formats, attributes JSON."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["sku", "title", "brand", "category", "price", "currency", "description", "attributes"])
        for i in range(rows):
            zh = rng.random() < 0.6
            title = f"{rng.choice(_TITLES_ZH if zh else _TITLES_EN)} {rng.randint(1, 999)}"
            amount = rng.randint(5, 3000) + rng.choice([0, 0.5, 0.99])
            price = rng.choice([f"¥{amount:g}", f"{amount:.2f}", f"{amount:,.0f}", f"{amount:g} 元"]) if zh else f"{amount:.2f}"
            if i % BAD_EVERY == BAD_EVERY - 1:
                price = "call us"
            description = (
                f"<p>{title}，精选材质，做工细致。</p><ul><li>尺寸 {rng.randint(10, 60)}cm</li><li>重量 {rng.randint(50, 900)}g</li></ul>"
                if zh else f"<p>{title}: well made and built to last.</p><p>Weight {rng.randint(50, 900)} g.</p>"
            )
            attributes = {"颜色" if zh else "colour": rng.choice(_COLOURS), "重量" if zh else "weight": f"{rng.randint(50, 900)}g",
                          "尺寸" if zh else "size": f"{rng.randint(10, 60)}×{rng.randint(10, 60)}cm", "材质" if zh else "material": "棉" if zh else "cotton"}
            w.writerow([f"BENCH-{i:06d}", title, rng.choice(["棉语", "暖居", "Northfold", "Voltline"]), rng.choice(_CATEGORIES),
                        price, "CNY" if zh else "USD", description, json.dumps(attributes, ensure_ascii=False)])


# ---- stages, each run in a child process --------------------------------------------------------


def stage_csv_reader(path: str) -> dict:
    t0 = time.perf_counter()
    with open(path, encoding="utf-8", newline="") as f:
        rows = sum(1 for _ in csv.reader(f)) - 1
    return {"rows": rows, "seconds": time.perf_counter() - t0}


def stage_clean(path: str) -> dict:
    """shopscribe's reading, header mapping and cleaning of every row, without a database."""
    from shopscribe.catalog.cleaning import CleaningError
    from shopscribe.catalog.columns import map_columns
    from shopscribe.catalog.readers import Source
    from shopscribe.catalog.rows import RowContext, build_product

    t0 = time.perf_counter()
    ctx, cmap, rows, rejected = RowContext(source=path, key="bench"), None, 0, 0
    with Source(Path(path)) as source:
        for row in source.rows():
            cmap = cmap or map_columns("products", row.headers)
            rows += 1
            try:
                build_product(cmap, row.values, ctx, row.line)
            except CleaningError:
                rejected += 1
    return {"rows": rows, "rejected": rejected, "seconds": time.perf_counter() - t0}


def stage_import(path: str, url: str) -> dict:
    """A full import (as `shopscribe import products`) into a migrated, empty database; then the same file again."""
    from shopscribe.catalog import import_file
    from shopscribe.store import migrate

    migrate(url)
    out = {}
    for run in ("first", "again"):
        t0 = time.perf_counter()
        report = import_file(path, "products", database_url=url)
        out[run] = {"seconds": time.perf_counter() - t0, "inserted": report.inserted, "updated": report.updated,
                    "unchanged": report.unchanged, "rejected": len(report.rejected)}
    return out


STAGES = {"csv_reader": stage_csv_reader, "clean": stage_clean, "import": stage_import}


def run_stage(name: str, *args: str, env: dict | None = None) -> tuple[dict, float]:
    """Run a stage in a child process; (its JSON result, its peak RSS in MiB)."""
    proc = subprocess.Popen([sys.executable, __file__, "--stage", name, *args], stdout=subprocess.PIPE, env=env)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.exit(f"stage {name} failed with exit code {proc.returncode}")
    return json.loads(out), usage.ru_maxrss / 1024  # Linux reports KiB


# ---- the run ------------------------------------------------------------------------------------


def _pg_database(admin_url: str) -> tuple[str, callable]:
    from sqlalchemy import create_engine, text

    name = f"bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return admin_url.rsplit("/", 1)[0] + "/" + name, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="print the results as one JSON document")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.stage:
        print(json.dumps(STAGES[args.stage](*rest)))
        return

    pg_admin = os.environ.get("SHOPSCRIBE_TEST_PG_URL")
    if not pg_admin:
        sys.exit("SHOPSCRIBE_TEST_PG_URL is not set: run `make benchmarks`, which starts a PostgreSQL server")
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="shopscribe-bench-") as tmp:
        path = Path(tmp) / "catalog.csv"
        generate_catalog(path, args.rows)
        size_mib = path.stat().st_size / 2**20
        env = os.environ | {"SHOPSCRIBE_HOME": str(Path(tmp) / "home")}

        def add(stage: str, seconds: float, rss: float, **extra) -> None:
            results.append({"stage": stage, "rows": args.rows, "seconds": round(seconds, 2),
                            "rows_per_s": round(args.rows / seconds), "peak_rss_mib": round(rss, 1), **extra})

        base, rss = run_stage("csv_reader", str(path), env=env)
        add("csv.reader only (baseline)", base["seconds"], rss)
        clean, rss = run_stage("clean", str(path), env=env)
        add("read + clean, no database", clean["seconds"], rss, rejected=clean["rejected"])
        sqlite_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        pg_url, drop = _pg_database(pg_admin)
        try:
            for label, url in (("SQLite", sqlite_url), ("PostgreSQL", pg_url)):
                out, rss = run_stage("import", str(path), url, env=env)
                for run, what in (("first", "import into empty"), ("again", "re-import, all unchanged")):
                    r = out[run]
                    add(f"{label}: {what}", r["seconds"], rss,
                        **{k: r[k] for k in ("inserted", "updated", "unchanged", "rejected")})
        finally:
            drop()
    baseline = results[0]["rows_per_s"]
    for r in results:
        r["vs_csv_reader"] = round(r["rows_per_s"] / baseline, 3)
    info = {"rows": args.rows, "file_mib": round(size_mib, 1), "python": platform.python_version(),
            "cpus": os.cpu_count(), "results": results}
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=1))
        return
    print(f"catalog import: {args.rows:,} rows, {size_mib:.1f} MiB CSV, Python {info['python']}, {info['cpus']} CPUs")
    print(f"{'stage':38} {'seconds':>8} {'rows/s':>9} {'× csv.reader':>12} {'peak RSS MiB':>13}  counts")
    for r in results:
        counts = ", ".join(f"{k} {r[k]}" for k in ("inserted", "updated", "unchanged", "rejected") if k in r)
        print(f"{r['stage']:38} {r['seconds']:8.2f} {r['rows_per_s']:9,} {r['vs_csv_reader']:12.3f} {r['peak_rss_mib']:13.1f}  {counts}")


if __name__ == "__main__":
    main()
