"""The registration benchmark (see run). Prints best-of-3 times and ratios."""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3
import duckdb

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "lake"))
sys.path.insert(0, str(ROOT / "tests" / "lake" / "fixtures"))
import harness  # noqa: E402
import make_warehouse  # noqa: E402

LAKEDEV, EXTDIR, TABLES = sys.argv[1], sys.argv[2], int(sys.argv[3])
DATABASES = ["bench_a", "bench_b", "bench_c"]
REPEAT = 3


def setup(moto):
    boto = dict(endpoint_url=moto.url, region_name="us-east-1", aws_access_key_id="k",
                aws_secret_access_key="s")
    s3 = boto3.client("s3", **boto)
    cat = harness.glue_catalog(moto, "k", "s")
    cat.create_namespace("raw")
    source = make_warehouse.users(cat)
    bucket, key = source.metadata_location.removeprefix("s3://").split("/", 1)
    body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    glue = boto3.client("glue", **boto)
    for d, db in enumerate(DATABASES):
        glue.create_database(DatabaseInput={"Name": db})
        for i in range(d, TABLES, len(DATABASES)):
            # Its own metadata file per table (same content: the data files are shared).
            k = f"wh/{db}/t{i:05d}/metadata/00001-{i:08d}.metadata.json"
            s3.put_object(Bucket="lake", Key=k, Body=body)
            glue.create_table(DatabaseName=db, TableInput={
                "Name": f"t{i:05d}", "TableType": "EXTERNAL_TABLE",
                "Parameters": {"table_type": "ICEBERG", "metadata_location": f"s3://lake/{k}"}})


def lakedev_run(proj, env, workers, reader="auto"):
    db = proj / "local.duckdb"
    best = 1e9
    for _ in range(REPEAT):
        for f in (db, Path(str(db) + ".wal")):
            f.unlink(missing_ok=True)
        t = time.perf_counter()
        r = subprocess.run([LAKEDEV, "sources", "register", "--all-layers", "--workers",
                            str(workers), "--reader", reader], cwd=proj, env=env,
                           capture_output=True, text=True)
        best = min(best, time.perf_counter() - t)
        assert r.returncode == 0 and f"{TABLES} added" in r.stdout, r.stdout + r.stderr
    t = time.perf_counter()
    r = subprocess.run([LAKEDEV, "sources", "register", "--all-layers", "--reader", reader],
                       cwd=proj, env=env, capture_output=True, text=True)
    again = time.perf_counter() - t
    assert f"{TABLES} unchanged" in r.stdout, r.stdout
    return best, again


def seed_script_run(work, moto):
    """What the seed's bin/register-glue-sources.py does: list with boto3, then create
    one view per table in a single DuckDB connection."""
    best = 1e9
    for _ in range(REPEAT):
        path = work / "seed.duckdb"
        for f in (path, Path(str(path) + ".wal")):
            f.unlink(missing_ok=True)
        t = time.perf_counter()
        glue = boto3.client("glue", endpoint_url=moto.url, region_name="us-east-1",
                            aws_access_key_id="k", aws_secret_access_key="s")
        con = duckdb.connect(str(path), config={"extension_directory": EXTDIR,
                                                "autoinstall_known_extensions": "false"})
        con.execute("LOAD httpfs; LOAD iceberg")
        host = moto.url.removeprefix("http://")
        con.execute(f"CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 's', ENDPOINT '{host}', "
                    "URL_STYLE 'path', USE_SSL false, REGION 'us-east-1')")
        n = 0
        for db in DATABASES:
            for page in glue.get_paginator("get_tables").paginate(DatabaseName=db):
                for tbl in page["TableList"]:
                    loc = tbl["Parameters"]["metadata_location"]
                    con.execute(f'CREATE OR REPLACE VIEW "glue__{db}__{tbl["Name"]}" AS '
                                f"SELECT * FROM iceberg_scan('{loc}')")
                    n += 1
        con.close()
        best = min(best, time.perf_counter() - t)
        assert n == TABLES
    return best


def main():
    work = Path(tempfile.mkdtemp(prefix="lakedev_bench_reg_"))
    try:
        with harness.MotoServer() as moto:
            setup(moto)
            proj = work / "proj"
            proj.mkdir()
            (proj / "dbt_project.yml").write_text("name: b\nversion: '1.0'\nprofile: b\n")
            (proj / "profiles.yml").write_text(f"""b:
  target: dev_local
  outputs:
    dev_local:
      type: duckdb
      path: {proj}/local.duckdb
      iceberg_sources:
        view_name: "glue__{{database}}__{{table}}"
        catalogs:
          glue: {{type: glue, region: us-east-1, layers: [{", ".join(DATABASES)}]}}
""")
            env = {**os.environ, "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s",
                   "AWS_ENDPOINT_URL": moto.url, "LAKEDEV_EXTENSION_DIR": EXTDIR}
            w1, again = lakedev_run(proj, env, 1)
            w10, _ = lakedev_run(proj, env, 10)
            scan10, _ = lakedev_run(proj, env, 10, "iceberg_scan")
            indexed10, _ = lakedev_run(proj, env, 10, "indexed")
            seed = seed_script_run(work, moto)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"register_sources: {TABLES} Glue tables in {len(DATABASES)} databases (moto)")
    print(f"  lakedev --workers 1            {w1:.2f}s   (reader auto = indexed: metadata, manifest list, manifests)")
    print(f"  lakedev --workers 10           {w10:.2f}s   ({w1 / w10:.1f}x workers 1)")
    print(f"  lakedev --workers 10 --reader iceberg_scan  {scan10:.2f}s   (1 GET per table)")
    print(f"  lakedev --workers 10 --reader indexed       {indexed10:.2f}s   (what auto does)")
    print(f"  lakedev re-run (no-op)         {again:.2f}s")
    print(f"  seed script (Python)           {seed:.2f}s   ({seed / w10:.1f}x lakedev auto, "
          f"{seed / scan10:.1f}x lakedev iceberg_scan)")


if __name__ == "__main__":
    main()
