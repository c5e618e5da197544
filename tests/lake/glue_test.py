#!/usr/bin/env python3
"""`lakedev sources register|list` against AWS Glue + S3 emulated by moto, with tables
written by pyiceberg's GlueCatalog into moto's S3 (the oracle reads them back the same
way). Run by ctest with the test venv's python:

    glue_test.py LAKEDEV_BINARY EXTENSION_DIR

moto verifies no signature (sigv4_test covers signing) and ignores MaxResults (the Glue
client's paging is tested against a paging server in glue_client_test.cpp).
"""
import os
import shutil
import sys
import tempfile
from pathlib import Path

import boto3
import pyarrow as pa

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "fixtures"))
import harness  # noqa: E402
import make_warehouse  # noqa: E402
from harness import check, summary  # noqa: E402

LAKEDEV, EXTDIR = sys.argv[1], sys.argv[2]
KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing-secret"}


def run(work, moto):
    env = {**KEYS, "AWS_ENDPOINT_URL": moto.url, "AWS_REGION": None, "AWS_DEFAULT_REGION": None,
           "AWS_PROFILE": None, "AWS_CONFIG_FILE": str(work / "aws_config"),
           "AWS_SHARED_CREDENTIALS_FILE": str(work / "aws_credentials"), "HOME": str(work)}

    def lakedev(*args, expect=0, extra=None):
        return harness.lakedev(LAKEDEV, EXTDIR, proj, *args, expect=expect,
                               env={**env, **(extra or {})})

    boto = dict(endpoint_url=moto.url, region_name="us-east-1",
                aws_access_key_id="testing", aws_secret_access_key="testing-secret")
    cat = harness.glue_catalog(moto)
    make_warehouse.build(cat)
    glue = boto3.client("glue", **boto)
    # A plain Hive table in the same database: not Iceberg, so never registered.
    glue.create_table(DatabaseName="raw", TableInput={
        "Name": "hive_csv", "TableType": "EXTERNAL_TABLE",
        "StorageDescriptor": {"Location": "s3://lake/csv/"}})

    proj = work / "proj"
    proj.mkdir()
    db = proj / "local.duckdb"
    (proj / "dbt_project.yml").write_text(
        "name: glue_proj\nversion: '1.0'\nconfig-version: 2\nprofile: glue_proj\n")
    (proj / "profiles.yml").write_text(f"""glue_proj:
  target: dev_local
  outputs:
    dev_local:
      type: duckdb
      path: {db}
      iceberg_sources:
        view_name: "glue__{{database}}__{{table}}"
        catalogs:
          glue:
            type: glue
            region: us-east-1
            layers: [raw, staging]
    native:
      type: duckdb
      path: {proj}/native.duckdb
      iceberg_sources:
        view_name: "glue__{{database}}__{{table}}"
        reader: native
        catalogs:
          glue: {{type: glue, region: us-east-1, layers: [raw, staging]}}
""")

    out = lakedev("sources", "register", "--all-layers", "--workers", "2")
    check(summary(out) == (5, 0, 0, 0), "registers the 5 Iceberg tables, not the Hive one")
    check("hive_csv" not in out, "the Hive table is left out")
    # pyiceberg reads first: its S3 client stalls on moto while DuckDB holds connections.
    want = {ident: harness.pyiceberg_rows(cat.load_table(ident))
            for ident in make_warehouse.TABLES}
    with harness.connect(db, EXTDIR, read_only=False) as con:
        con.execute(harness_secret(moto))
        for ident in make_warehouse.TABLES:
            ns, name = ident.split(".")
            check(harness.same_rows(con, f"glue__{ns}__{name}", want[ident]),
                  f"glue__{ns}__{name} over moto S3 == pyiceberg {ident}")

    out = lakedev("sources", "register", "--all-layers", "--target", "native")
    check(summary(out) == (5, 0, 0, 0), "native reader over S3: 5 views")
    with harness.connect(proj / "native.duckdb", EXTDIR, read_only=False) as con:
        con.execute(harness_secret(moto))
        for ident in make_warehouse.TABLES:
            ns, name = ident.split(".")
            check(harness.same_rows(con, f"glue__{ns}__{name}", want[ident]),
                  f"native reader: glue__{ns}__{name} over moto S3 == pyiceberg {ident}")

    out = lakedev("sources", "register", "--all-layers")
    check(summary(out) == (0, 0, 0, 5), "second run changes nothing")
    before = harness.registry(db, EXTDIR)

    events = cat.load_table("raw.events")
    events.append(pa.Table.from_pylist([{"id": 5000, "cat": "z", "amount": 1.0}],
                                       schema=events.schema().as_arrow()))
    out = lakedev("sources", "list")
    check("stale: catalog has s3://lake/wh/raw.db/events/metadata/" in out,
          "list: events is stale")
    out = lakedev("sources", "register", "--all-layers")
    check(summary(out) == (0, 1, 0, 4), "a changed metadata_location replaces that view only")
    after = harness.registry(db, EXTDIR)
    check([v for v in after if after[v] != before[v]] == ["glue__raw__events"],
          "only events moved")

    # Credentials from a profile that assumes a role through (moto's) STS.
    (work / "aws_credentials").write_text(
        "[base]\naws_access_key_id = testing\naws_secret_access_key = testing-secret\n")
    (work / "aws_config").write_text(
        "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/analyst\n"
        "source_profile = base\nregion = us-east-1\n")
    no_keys = {"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None, "AWS_PROFILE": "dev"}
    out = lakedev("sources", "register", "--all-layers", "--force", extra=no_keys)
    check(summary(out) == (0, 5, 0, 0), "AssumeRole profile: registers with the role's keys")

    out = lakedev("sources", "register", "--all-layers", expect=2,
                  extra={**no_keys, "AWS_PROFILE": "nobody"})
    check("AWS profile 'nobody': not found" in out, "unknown profile named")

    out = lakedev("sources", "register", "--database", "nope", expect=2)
    check("EntityNotFoundException" in out and "Glue GetTables database nope" in out,
          "missing database: Glue's error, the operation and the fix")

    killed_mid_run(work, proj, db, glue, env, after)

    settled = harness.registry(db, EXTDIR)
    dead = f"http://127.0.0.1:{harness.free_port()}"
    out = lakedev("sources", "register", "--all-layers", "--force", expect=2,
                  extra={"AWS_ENDPOINT_URL": dead})
    check("no response from 127.0.0.1" in out and "attempts" in out, "unreachable endpoint")
    check(harness.registry(db, EXTDIR) == settled, "a failed run changes nothing")
    check("testing-secret" not in out, "no secret printed")


def consistent(db):
    """Registry rows and the registered views agree: each row has its view, each
    glue__ view has its row, and no staged view is visible under a registered name."""
    with harness.connect(db, EXTDIR) as con:
        rows = {r[0] for r in con.execute("SELECT view_name FROM _lakedev.sources").fetchall()}
        views = {r[0] for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal "
            "AND schema_name = 'main'").fetchall()}
    registered_views = {v for v in views if v.startswith("glue__")}
    staged = {v for v in views if v.startswith("__lakedev_stage_")}
    return rows == registered_views, rows, staged


def killed_mid_run(work, proj, db, glue, env, before):
    """kill -9 during a registration: the registry and views are as before or as after,
    never half; the next run finishes the job and clears what the killed one staged."""
    import signal
    import subprocess
    import time
    loc = before["glue__raw__users"]
    glue.create_database(DatabaseInput={"Name": "many"})
    for i in range(400):
        glue.create_table(DatabaseName="many", TableInput={
            "Name": f"t{i:03d}", "TableType": "EXTERNAL_TABLE",
            "Parameters": {"table_type": "ICEBERG", "metadata_location": loc}})
    full_env = {**os.environ, **env, "LAKEDEV_EXTENSION_DIR": EXTDIR}
    full_env = {k: v for k, v in full_env.items() if v is not None}
    proc = subprocess.Popen([LAKEDEV, "sources", "register", "--database", "many",
                             "--workers", "1"], cwd=proj, env=full_env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.6)
    finished = proc.poll() is not None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    ok, rows, staged = consistent(db)
    many = {r for r in rows if r.startswith("glue__many__")}
    check(ok and len(many) in (0, 400),
          f"kill -9 {'after the run ended' if finished else 'mid-run'}: registry consistent "
          f"({len(many)} of 400 registered, {len(staged)} staged views left)")
    out = harness.lakedev(LAKEDEV, EXTDIR, proj, "sources", "register", "--database", "many",
                          env=env)
    ok, rows, staged = consistent(db)
    check(ok and len([r for r in rows if r.startswith("glue__many__")]) == 400 and not staged,
          "the next run registers all 400 and drops the staged leftovers")


def harness_secret(moto):
    host = moto.url.removeprefix("http://")
    return ("CREATE SECRET moto (TYPE s3, KEY_ID 'testing', SECRET 'testing-secret', "
            f"ENDPOINT '{host}', URL_STYLE 'path', USE_SSL false, REGION 'us-east-1')")


def main():
    work = Path(tempfile.mkdtemp(prefix="lakedev_glue_"))
    try:
        with harness.MotoServer() as moto:
            run(work, moto)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    harness.finish()


if __name__ == "__main__":
    main()
