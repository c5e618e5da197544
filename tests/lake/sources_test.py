#!/usr/bin/env python3
"""End-to-end test of `lakedev sources register|list` on a directory warehouse that
pyiceberg (the oracle) writes, run by ctest with the test venv's python:

    sources_test.py LAKEDEV_BINARY EXTENSION_DIR

Checks: every registered view returns pyiceberg's rows; a second run is a no-op; a new
snapshot replaces exactly that view; --prune drops a table gone from the warehouse; a
table that cannot be read fails the whole run and changes nothing; dbt-core + dbt-duckdb
read the views from the same database file.
"""
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
from pyiceberg.catalog.sql import SqlCatalog

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "fixtures"))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

LAKEDEV, EXTDIR = sys.argv[1], sys.argv[2]


def lakedev(proj, *args, expect=0):
    return harness.lakedev(LAKEDEV, EXTDIR, proj, *args, expect=expect)


def connect(db):
    return harness.connect(db, EXTDIR)


def registry(db):
    return harness.registry(db, EXTDIR)


same_rows = harness.same_rows


def main():
    work = Path(tempfile.mkdtemp(prefix="lakedev_sources_"))
    try:
        run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    harness.finish()


def run(work):
    subprocess.run([sys.executable, str(HERE / "fixtures" / "make_warehouse.py"), str(work)],
                   check=True, capture_output=True)
    cat = SqlCatalog("fixture", uri=f"sqlite:///{work}/catalog.db",
                     warehouse=f"file://{work}/warehouse")
    proj = work / "proj"
    proj.mkdir()
    db = proj / "local.duckdb"
    (proj / "dbt_project.yml").write_text(
        "name: lake_proj\nversion: '1.0'\nconfig-version: 2\nprofile: lake_proj\n")
    (proj / "profiles.yml").write_text(f"""lake_proj:
  target: dev_local
  outputs:
    dev_local:
      type: duckdb
      path: {db}
      settings:
        extension_directory: {EXTDIR}
        autoinstall_known_extensions: false
      iceberg_sources:
        catalogs:
          wh:
            type: directory
            path: {work}/warehouse
            layers: [raw, staging]
    native:
      type: duckdb
      path: {proj}/native.duckdb
      iceberg_sources:
        reader: native
        catalogs:
          wh: {{type: directory, path: "{work}/warehouse", layers: [raw, staging]}}
""")
    views = {f"wh__{ns}__{name}": f"{ns}.{name}" for ns, name in
             [("raw", "events"), ("raw", "users"), ("raw", "evolved"), ("raw", "order-items"),
              ("staging", "typed")]}

    out = lakedev(proj, "sources", "register", "--all-layers", "--dry-run")
    check(summary(out) == (5, 0, 0, 0), "dry run plans 5 views")
    check(not db.exists() or not registry_exists(db), "dry run creates nothing")

    out = lakedev(proj, "sources", "register", "--all-layers")
    check(summary(out) == (5, 0, 0, 0), "first run adds 5 views")
    with connect(db) as con:
        for view, ident in views.items():
            check(same_rows(con, view, cat.load_table(ident)), f"{view} == pyiceberg {ident}")

    out = lakedev(proj, "sources", "register", "--all-layers", "--target", "native")
    check(summary(out) == (5, 0, 0, 0), "native reader: 5 views")
    with connect(proj / "native.duckdb") as con:
        for view, ident in views.items():
            check(same_rows(con, view, cat.load_table(ident)),
                  f"native reader: {view} == pyiceberg {ident}")
        readers = con.execute("SELECT DISTINCT reader FROM _lakedev.sources").fetchall()

        def scans(sql):
            plan = con.execute("EXPLAIN " + sql).fetchall()[0][1]
            return plan.count("Function:")

        # events is partitioned by identity(cat) into a, b, c: a filter on cat leaves one
        # group of files to open; typed by day(at_local) into 3 days.
        check(scans("SELECT * FROM wh__raw__events") == 3 and
              scans("SELECT * FROM wh__raw__events WHERE cat = 'b'") == 1,
              "native: a partition filter prunes the other partitions' files")
        check(scans("SELECT * FROM wh__staging__typed WHERE at_local >= '2024-03-03'") == 1,
              "native: a range on a day-partitioned timestamp prunes too")
    check(readers == [("native",)], "the registry records the reader")

    time_travel(proj, cat)

    out = lakedev(proj, "sources", "register", "--all-layers")
    check(summary(out) == (0, 0, 0, 5), "second run changes nothing")
    before = registry(db)

    users = cat.load_table("raw.users")
    users.append(pa.Table.from_pylist([{"user_id": 1000, "email": "new@x.org", "active": True,
                                        "signup": None}], schema=users.schema().as_arrow()))
    out = lakedev(proj, "sources", "register", "--database", "raw")
    check(summary(out) == (0, 1, 0, 3), "a new snapshot replaces exactly one view")
    after = registry(db)
    check(after["wh__raw__users"] != before["wh__raw__users"] and
          all(after[v] == before[v] for v in views if v != "wh__raw__users"),
          "only the users registration moved")
    with connect(db) as con:
        check(same_rows(con, "wh__raw__users", cat.load_table("raw.users")),
              "replaced view reads the new snapshot")

    out = lakedev(proj, "sources", "list")
    check(out.count("current") == 5 and "5 sources" in out, "list: all current")

    # An unreadable table fails the run as a whole: the users change is not applied either.
    users = cat.load_table("raw.users")
    users.append(pa.Table.from_pylist([{"user_id": 1001, "email": None, "active": False,
                                        "signup": None}], schema=users.schema().as_arrow()))
    broken = work / "warehouse" / "raw" / "broken" / "metadata"
    broken.mkdir(parents=True)
    (broken / "00001-x.metadata.json").write_text("{not json")
    out = lakedev(proj, "sources", "register", "--database", "raw", expect=2)
    check("wh:raw.broken" in out and "nothing was changed" in out, "error names the table")
    check(registry(db) == after, "failed run left the registry as it was")
    out = lakedev(proj, "sources", "list")
    check("stale: catalog has" in out, "list: users is stale")
    out = lakedev(proj, "sources", "register", "--database", "raw", "--exclude", "broken")
    check(summary(out) == (0, 1, 0, 3), "--exclude skips the broken table")
    shutil.rmtree(broken.parent)

    shutil.rmtree(work / "warehouse" / "raw" / "evolved")
    out = lakedev(proj, "sources", "list")
    check("gone from the catalog" in out, "list: evolved is gone")
    out = lakedev(proj, "sources", "register", "--database", "raw")
    check(summary(out) == (0, 0, 0, 3), "without --prune a gone table stays")
    out = lakedev(proj, "sources", "register", "--database", "raw", "--prune")
    check(summary(out) == (0, 0, 1, 3), "--prune drops it")
    with connect(db) as con:
        names = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema='main'"
        ).fetchall()}
    check("wh__raw__evolved" not in names and "wh__raw__users" in names, "its view is gone")

    index = proj / "local.duckdb.lakedev" / "index" / "wh" / "raw" / "users"
    check(index.is_dir(), "reader auto keeps its index beside the database")
    shutil.rmtree(index)
    out = lakedev(proj, "sources", "list")
    check("broken:" in out and "--force --database raw --table users" in out,
          "list: a view whose index is gone is broken, with the command that repairs it")
    lakedev(proj, "sources", "register", "--force", "--database", "raw", "--table", "users")
    out = lakedev(proj, "sources", "list")
    check("broken" not in out, "--force rebuilds the index")

    deletes_read(proj, cat)
    dbt_reads_views(proj, cat)
    lakedev_builds_over_sources(proj, cat)


def time_travel(proj, cat):
    """--snapshot ID and --as-of TIME pin a view to an older snapshot (both readers, the
    rows pyiceberg reads for that snapshot); --snapshot current follows the metadata again."""
    import datetime
    events = cat.load_table("raw.events")
    first = events.history()[1]  # [0] is the empty table, [1] the first append
    ts = datetime.datetime.fromtimestamp(first.timestamp_ms / 1000, datetime.timezone.utc)
    when = ts.strftime("%Y-%m-%d %H:%M:%S.") + f"{first.timestamp_ms % 1000:03d}"
    want = events.scan(snapshot_id=first.snapshot_id).to_arrow().to_pylist()
    for flags in (["--snapshot", str(first.snapshot_id)], ["--as-of", when]):
        for target, db in (("dev_local", "local.duckdb"), ("native", "native.duckdb")):
            out = lakedev(proj, "sources", "register", "--database", "raw", "--table", "events",
                          "--target", target, *flags)
            check(summary(out) == (0, 1, 0, 0), f"{target} {flags[0]}: one view replaced")
            with connect(proj / db) as con:
                check(same_rows(con, "wh__raw__events", want),
                      f"{target} {flags[0]}: the rows of snapshot {first.snapshot_id}")
    out = lakedev(proj, "sources", "list")
    check(f"snapshot as-of:{when}" in out, "list shows the pinned snapshot")
    out = lakedev(proj, "sources", "register", "--database", "raw", "--table", "events")
    check(summary(out) == (0, 0, 0, 1), "a run without --snapshot keeps the selection")
    for target in ("dev_local", "native"):
        lakedev(proj, "sources", "register", "--database", "raw", "--table", "events",
                "--target", target, "--snapshot", "current")
    with connect(proj / "local.duckdb") as con:
        check(same_rows(con, "wh__raw__events", events), "--snapshot current: back to current")
    out = lakedev(proj, "sources", "register", "--database", "raw", "--table", "events",
                  "--target", "native", "--snapshot", "12345", expect=2)
    check("has no snapshot id:12345" in out, "an unknown snapshot id is named")


def deletes_read(proj, cat):
    """Tables with delete files (fixtures/delete_files.py): position deletes through both
    readers equal pyiceberg; equality deletes (pyiceberg cannot read them) through the
    native reader equal the rows derived in delete_files.equality_deletes' docstring."""
    import delete_files
    pos = delete_files.position_deletes(cat)
    delete_files.equality_deletes(cat)
    # pyiceberg's list<long> equality_ids: DuckDB 1.4.4's iceberg_scan dies on them with an
    # INTERNAL error that invalidates the database; auto must read the table natively.
    delete_files.equality_deletes(cat, "raw.eq_long_ids", spec_typed=False)
    for target in ("dev_local", "native"):
        out = lakedev(proj, "sources", "register", "--database", "raw", "--table",
                      "pos_deleted", "--table", "eq_deleted", "--target", target)
        check(summary(out) == (2, 0, 0, 0), f"{target}: registers the two delete tables")
    want = sorted(set(range(30)) - {0, 3} | {100})
    with connect(proj / "local.duckdb") as con:
        check(same_rows(con, "wh__raw__pos_deleted", pos), "auto (iceberg_scan): position deletes")
        ids = [r[0] for r in con.execute(
            "SELECT id FROM wh__raw__eq_deleted ORDER BY id").fetchall()]
        # DuckDB 1.4.4's iceberg_scan applies equality deletes across partitions (it would
        # drop id 4 here), so auto reads tables with equality deletes natively.
        check(ids == want, "auto: equality deletes read right" + ("" if ids == want else f" (got {ids})"))
    out = lakedev(proj, "sources", "register", "--database", "raw", "--table", "eq_long_ids")
    check(summary(out) == (1, 0, 0, 0), "auto: registers the list<long> equality-delete table")
    with connect(proj / "local.duckdb") as con:
        ids = [r[0] for r in con.execute(
            "SELECT id FROM wh__raw__eq_long_ids ORDER BY id").fetchall()]
        check(ids == want and con.execute("SELECT 1").fetchone() == (1,),
              "auto: list<long> equality ids read natively, the database stays usable")
    with connect(proj / "native.duckdb") as con:
        check(same_rows(con, "wh__raw__pos_deleted", pos), "native: position deletes")
        ids = [r[0] for r in con.execute(
            "SELECT id FROM wh__raw__eq_deleted ORDER BY id").fetchall()]
    check(ids == want, "native: equality deletes scoped by partition and sequence number"
          + ("" if ids == want else f" (got {ids})"))


def registry_exists(db):
    with connect(db) as con:
        return con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name='_lakedev'"
                           ).fetchone()[0] > 0


def dbt_reads_views(proj, cat):
    """The registered views are plain DuckDB views: dbt-core + dbt-duckdb use them too."""
    (proj / "models").mkdir()
    (proj / "models" / "sources.yml").write_text("""version: 2
sources:
  - name: raw
    schema: main
    tables:
      - name: users
        identifier: wh__raw__users
      - name: order_items
        identifier: wh__raw__order-items
""")
    (proj / "models" / "user_stats.sql").write_text(
        "select count(*) as n, sum(user_id) as s from {{ source('raw', 'users') }}\n")
    (proj / "models" / "orders.sql").write_text(
        "select sum(\"Amount USD\") as total from {{ source('raw', 'order_items') }}\n")
    dbt = Path(sys.executable).parent / "dbt"
    r = subprocess.run([str(dbt), "run", "--profiles-dir", str(proj)], cwd=proj,
                       capture_output=True, text=True)
    check(r.returncode == 0, "dbt run (dbt-duckdb) over the registered views")
    if r.returncode:
        print(r.stdout[-3000:])
        return
    users = cat.load_table("raw.users").scan().to_arrow()
    want = (users.num_rows, sum(users.column("user_id").to_pylist()))
    with connect(proj / "local.duckdb") as con:
        got = con.execute("SELECT n, s FROM main.user_stats").fetchone()
        total = con.execute("SELECT total FROM main.orders").fetchone()[0]
    check(got == want, f"dbt model over a source view: {got} == pyiceberg {want}")
    items = cat.load_table("raw.order-items").scan().to_arrow()
    check(total == sum(items.column("Amount USD").to_pylist()), "quoted names read by dbt")


def lakedev_builds_over_sources(proj, cat):
    """`lakedev build` of models over sources declared as in the Trino project (schema = the
    catalog's database, the table's own name): source() reads the registered views, on
    both readers (auto on dev_local, native on the native target), rows as pyiceberg's."""
    (proj / "models" / "lake_sources.yml").write_text("""version: 2
sources:
  - name: lake_raw
    schema: raw
    tables:
      - name: users
        columns:
          - name: user_id
            data_tests: [not_null]
      - name: order_items
        identifier: order-items
""")
    (proj / "models" / "lake_user_stats.sql").write_text(
        "{{ config(materialized='table') }}\n"
        "select count(*) as n, sum(user_id) as s from {{ source('lake_raw', 'users') }}\n")
    (proj / "models" / "lake_orders.sql").write_text(
        "select sum(\"Amount USD\") as total from {{ source('lake_raw', 'order_items') }}\n")
    users = cat.load_table("raw.users").scan().to_arrow()
    want = (users.num_rows, sum(users.column("user_id").to_pylist()))
    items = cat.load_table("raw.order-items").scan().to_arrow()
    want_total = sum(items.column("Amount USD").to_pylist())
    for target, db in [("dev_local", "local.duckdb"), ("native", "native.duckdb")]:
        out = lakedev(proj, "build", "--select", "lake_user_stats lake_orders", "--target", target)
        check("Completed successfully" in out, f"lakedev build over registered sources ({target})")
        compiled = (proj / "target" / "compiled" / "lake_proj" / "models" / "lake_user_stats.sql").read_text()
        check("wh__raw__users" in compiled, f"source() reads the registered view ({target})")
        with connect(proj / db) as con:
            got = con.execute("SELECT n, s FROM main.lake_user_stats").fetchone()
            total = con.execute("SELECT total FROM main.lake_orders").fetchone()[0]
            # The native target's views were registered earlier (an older snapshot): the
            # model must read what its view reads; dev_local's reads pyiceberg's current.
            view = con.execute("SELECT count(*), sum(user_id) FROM wh__raw__users").fetchone()
        check(got == view, f"lakedev build over a source ({target}): {got} == the view {view}")
        if target == "dev_local":
            check(got == want, f"lakedev build over a source: {got} == pyiceberg {want}")
        check(total == want_total, f"lakedev build over a hyphenated table ({target})")


if __name__ == "__main__":
    main()
