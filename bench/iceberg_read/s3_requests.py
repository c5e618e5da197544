"""Requests each reader sends to S3 per query: a FILES-file table (10 manifests, 100
identity partitions) written by pyiceberg into moto's S3, registered through moto's Glue
three times (readers iceberg_scan, indexed, native); three count(*) queries per view,
and the requests moto logged for them, by method.
    s3_requests.py LAKEDEV EXTDIR [FILES]      (run by bench/iceberg_read/run --s3)
"""
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "lake"))
import harness  # noqa: E402
from pyiceberg.partitioning import PartitionField, PartitionSpec  # noqa: E402
from pyiceberg.schema import Schema  # noqa: E402
from pyiceberg.transforms import IdentityTransform  # noqa: E402
from pyiceberg.types import DoubleType, LongType, NestedField, StringType  # noqa: E402

LAKEDEV, EXTDIR = sys.argv[1], sys.argv[2]
FILES = int(sys.argv[3]) if len(sys.argv) > 3 else 1000


def main():
    work = Path(tempfile.mkdtemp(prefix="lakedev_bench_s3_"))
    log = work / "moto.log"
    try:
        with harness.MotoServer(log=str(log)) as moto:
            run(work, moto, log)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work, moto, log):
    cat = harness.glue_catalog(moto, "k", "s")
    cat.create_namespace("raw")
    schema = Schema(NestedField(1, "id", LongType(), required=False),
                    NestedField(2, "cat", StringType(), required=False),
                    NestedField(3, "v", DoubleType(), required=False))
    t = cat.create_table("raw.wide", schema=schema,
                         partition_spec=PartitionSpec(PartitionField(2, 1000, IdentityTransform(), "cat")))
    n = 0
    for _ in range(FILES // 100):
        rows = [{"id": n + i, "cat": f"p{i % 100:03d}", "v": 1.0} for i in range(1000)]
        n += 1000
        t.append(pa.Table.from_pylist(rows, schema=t.schema().as_arrow()))
    proj = work / "proj"
    proj.mkdir()
    (proj / "dbt_project.yml").write_text("name: b\nversion: '1.0'\nprofile: b\n")
    readers = ("iceberg_scan", "indexed", "native")
    (proj / "profiles.yml").write_text("b:\n  target: iceberg_scan\n  outputs:\n" + "".join(
        f"    {r}:\n      type: duckdb\n      path: {proj}/{r}.duckdb\n      iceberg_sources:\n"
        f"        reader: {r}\n        catalogs: {{glue: {{type: glue, region: us-east-1, layers: [raw]}}}}\n"
        for r in readers))
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s",
           "AWS_ENDPOINT_URL": moto.url, "LAKEDEV_EXTENSION_DIR": EXTDIR}
    print(f"s3_requests: {FILES} data files in moto S3; requests for 3 x count(*) per view")
    host = moto.url.removeprefix("http://")
    for r in readers:
        out = subprocess.run([LAKEDEV, "sources", "register", "--all-layers", "--target", r],
                             cwd=proj, env=env, capture_output=True, text=True)
        assert out.returncode == 0, out.stdout + out.stderr
        con = duckdb.connect(str(proj / f"{r}.duckdb"), config={
            "extension_directory": EXTDIR, "autoinstall_known_extensions": "false"})
        con.execute(f"CREATE SECRET m (TYPE s3, KEY_ID 'k', SECRET 's', ENDPOINT '{host}', "
                    "URL_STYLE 'path', USE_SSL false, REGION 'us-east-1')")
        before = len(log.read_text().splitlines())
        counts = [con.execute("SELECT count(*) FROM glue__raw__wide").fetchone()[0] for _ in range(3)]
        con.close()
        lines = log.read_text().splitlines()[before:]
        methods = collections.Counter(m.group(1) for m in
                                      (re.search(r'"(GET|HEAD|POST|PUT) ', x) for x in lines) if m)
        print(f"  {r:13s} rows {counts[0]:7d}   " +
              "  ".join(f"{k} {v}" for k, v in sorted(methods.items())))


if __name__ == "__main__":
    main()
