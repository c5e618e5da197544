"""The Iceberg read benchmark (see run)."""
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.transforms import IdentityTransform
from pyiceberg.types import DoubleType, LongType, NestedField, StringType

LAKEDEV, EXTDIR, FILES = sys.argv[1], sys.argv[2], int(sys.argv[3])
PARTITIONS, MANIFESTS, ROWS_PER_FILE = 100, 100, 50
REPEAT = 5


def make_table(root):
    cat = SqlCatalog("bench", uri=f"sqlite:///{root}/catalog.db",
                     warehouse=f"file://{root}/warehouse")
    cat.create_namespace("raw")
    schema = Schema(NestedField(1, "id", LongType(), required=False),
                    NestedField(2, "cat", StringType(), required=False),
                    NestedField(3, "v", DoubleType(), required=False))
    spec = PartitionSpec(PartitionField(2, 1000, IdentityTransform(), "cat"))
    t = cat.create_table("raw.wide", schema=schema, partition_spec=spec)
    per_append = FILES // MANIFESTS  # one file per partition touched by each append
    next_id = 0
    for m in range(MANIFESTS):
        rows = []
        for p in range(per_append):
            part = f"p{(m * per_append + p) % PARTITIONS:03d}"
            for _ in range(ROWS_PER_FILE):
                rows.append({"id": next_id, "cat": part, "v": next_id * 0.5})
                next_id += 1
        t.append(pa.Table.from_pylist(rows, schema=t.schema().as_arrow()))
    return next_id


def register(proj, target):
    r = subprocess.run([LAKEDEV, "sources", "register", "--all-layers", "--target", target],
                       cwd=proj, capture_output=True, text=True,
                       env={"LAKEDEV_EXTENSION_DIR": EXTDIR, "PATH": "/usr/bin:/bin",
                            "HOME": str(proj)})
    assert r.returncode == 0, r.stdout + r.stderr


def best(con, sql):
    result, times = None, []
    for _ in range(REPEAT):
        t = time.perf_counter()
        result = con.execute(sql).fetchall()
        times.append(time.perf_counter() - t)
    return min(times), result


def main():
    root = Path(tempfile.mkdtemp(prefix="lakedev_bench_read_"))
    try:
        t0 = time.perf_counter()
        rows = make_table(root)
        made = time.perf_counter() - t0
        proj = root / "proj"
        proj.mkdir()
        (proj / "dbt_project.yml").write_text("name: b\nversion: '1.0'\nprofile: b\n")
        (proj / "profiles.yml").write_text(f"""b:
  target: scan
  outputs:
    scan:
      type: duckdb
      path: {proj}/scan.duckdb
      iceberg_sources: {{reader: iceberg_scan, catalogs: {{wh: {{type: directory, path: "{root}/warehouse", layers: [raw]}}}}}}
    native:
      type: duckdb
      path: {proj}/native.duckdb
      iceberg_sources: {{reader: native, catalogs: {{wh: {{type: directory, path: "{root}/warehouse", layers: [raw]}}}}}}
    indexed:
      type: duckdb
      path: {proj}/indexed.duckdb
      iceberg_sources: {{reader: indexed, catalogs: {{wh: {{type: directory, path: "{root}/warehouse", layers: [raw]}}}}}}
""")
        took = {}
        for target in ("scan", "native", "indexed"):
            t0 = time.perf_counter()
            register(proj, target)
            took[target] = time.perf_counter() - t0
        results = {}
        for name in ("scan", "native", "indexed"):
            con = duckdb.connect(str(proj / f"{name}.duckdb"), read_only=True,
                                 config={"extension_directory": EXTDIR,
                                         "autoinstall_known_extensions": "false"})
            con.execute("LOAD iceberg")
            results[name] = {
                "selective": best(con, "SELECT count(*), sum(v) FROM wh__raw__wide "
                                       "WHERE cat = 'p042'"),
                "full": best(con, "SELECT count(*), sum(v) FROM wh__raw__wide"),
            }
            con.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for q in ("selective", "full"):
        assert results["scan"][q][1] == results["native"][q][1] == results["indexed"][q][1], \
            (q, results)
    print(f"iceberg_read: {FILES} data files, {MANIFESTS} manifests, {PARTITIONS} partitions, "
          f"{rows} rows (table written in {made:.0f}s)")
    print("  registration: " + ", ".join(f"{t} {took[t]:.2f}s" for t in took))
    s = results["scan"]
    for q, what in (("selective", "one partition (1% of files)"), ("full", "full scan")):
        line = f"  {what:28s} iceberg_scan {s[q][0] * 1000:7.1f} ms"
        for other in ("native", "indexed"):
            o = results[other][q][0]
            line += f"   {other} {o * 1000:7.1f} ms ({s[q][0] / o:.1f}x)"
        print(line)


if __name__ == "__main__":
    main()
