#!/usr/bin/env python3
"""`lakedev sources register` against an Iceberg REST catalog: fixtures/rest_server.py
(ours, backed by pyiceberg's SqlCatalog) serving the pyiceberg-written fixture warehouse,
with OAuth2 client credentials and paged listings. Run by ctest with the venv's python:

    rest_test.py LAKEDEV_BINARY EXTENSION_DIR
"""
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pyiceberg.catalog.sql import SqlCatalog

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "fixtures"))
import harness  # noqa: E402
import make_warehouse  # noqa: E402
from harness import check, summary  # noqa: E402

LAKEDEV, EXTDIR = sys.argv[1], sys.argv[2]


def run(work, port):
    cat = SqlCatalog("fixture", uri=f"sqlite:///{work}/catalog.db",
                     warehouse=f"file://{work}/warehouse")
    proj = work / "proj"
    proj.mkdir()

    def profile(credential):
        (proj / "profiles.yml").write_text(f"""rest_proj:
  target: dev_local
  outputs:
    dev_local:
      type: duckdb
      path: {proj}/local.duckdb
      iceberg_sources:
        catalogs:
          lake:
            type: rest
            uri: http://127.0.0.1:{port}/
            warehouse: fixture
            credential: "{credential}"
            layers: [raw, staging]
    native:
      type: duckdb
      path: {proj}/native.duckdb
      iceberg_sources:
        reader: native
        catalogs:
          lake: {{type: rest, uri: "http://127.0.0.1:{port}", credential: "{credential}",
                  layers: [raw, staging]}}
""")

    def lakedev(*args, expect=0):
        return harness.lakedev(LAKEDEV, EXTDIR, proj, *args, expect=expect)

    (proj / "dbt_project.yml").write_text(
        "name: rest_proj\nversion: '1.0'\nconfig-version: 2\nprofile: rest_proj\n")
    profile("lakedev:s3cret")
    for target, db in (("dev_local", "local.duckdb"), ("native", "native.duckdb")):
        out = lakedev("sources", "register", "--all-layers", "--target", target)
        check(summary(out) == (5, 0, 0, 0), f"{target}: 5 tables over paged REST listings")
        with harness.connect(proj / db, EXTDIR) as con:
            for ident in make_warehouse.TABLES:
                ns, name = ident.split(".")
                check(harness.same_rows(con, f"lake__{ns}__{name}", cat.load_table(ident)),
                      f"{target}: lake__{ns}__{name} == pyiceberg {ident}")
    out = lakedev("sources", "list")
    check(out.count("current") == 5, "list: all current through the REST catalog")

    out = lakedev("sources", "register", "--database", "nope", expect=2)
    check("HTTP 404" in out and "Namespace does not exist: nope" in out,
          "unknown namespace: the catalog's message")
    before = harness.registry(proj / "local.duckdb", EXTDIR)
    profile("lakedev:wrong")
    out = lakedev("sources", "register", "--all-layers", "--force", expect=2)
    check("refused the credential (HTTP 401" in out and "wrong" not in out,
          "bad credential: clear, and the secret is not shown")
    check(harness.registry(proj / "local.duckdb", EXTDIR) == before, "a failed run changes nothing")


def main():
    work = Path(tempfile.mkdtemp(prefix="lakedev_rest_"))
    server = None
    try:
        subprocess.run([sys.executable, str(HERE / "fixtures" / "make_warehouse.py"), str(work)],
                       check=True, capture_output=True)
        port_file = work / "port"
        server = subprocess.Popen([sys.executable, str(HERE / "fixtures" / "rest_server.py"),
                                   str(work / "catalog.db"), str(work / "warehouse"),
                                   str(port_file)])
        deadline = time.time() + 20
        while not (port_file.exists() and port_file.read_text()) and time.time() < deadline:
            time.sleep(0.05)
        run(work, int(port_file.read_text()))
    finally:
        if server:
            server.kill()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)
    harness.finish()


if __name__ == "__main__":
    main()
