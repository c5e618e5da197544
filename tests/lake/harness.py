"""Shared pieces of the lake integration tests (sources_test.py, glue_test.py)."""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import duckdb

FAILURES = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        FAILURES.append(what)


def finish():
    if FAILURES:
        sys.exit(f"{len(FAILURES)} check(s) failed")


def lakedev(binary, extdir, proj, *args, expect=0, env=None):
    full_env = {**os.environ, "NO_COLOR": "1", "LAKEDEV_EXTENSION_DIR": extdir, **(env or {})}
    full_env = {k: v for k, v in full_env.items() if v is not None}
    r = subprocess.run([binary, *args], cwd=proj, capture_output=True, text=True, env=full_env)
    if r.returncode != expect:
        print(r.stdout, r.stderr)
    check(r.returncode == expect, f"lakedev {' '.join(args)} exits {expect}")
    return r.stdout + r.stderr


def summary(out):
    m = re.search(r"(\d+) added, (\d+) replaced, (\d+) dropped, (\d+) unchanged", out)
    return tuple(map(int, m.groups())) if m else None


def connect(db, extdir, read_only=True):
    return duckdb.connect(str(db), read_only=read_only,
                          config={"extension_directory": extdir,
                                  "autoinstall_known_extensions": "false"})


def _row_key(row):
    return repr(next(iter(row.values())))


def pyiceberg_rows(table):
    return table.scan().to_arrow().to_pylist()


def same_rows(con, view, table):
    """The view's rows equal pyiceberg's scan of `table` (a pyiceberg Table, or its rows
    read before) regardless of order."""
    rows = table if isinstance(table, list) else pyiceberg_rows(table)
    want = sorted(rows, key=_row_key)
    got = sorted(con.execute(f'SELECT * FROM "{view}"').fetch_arrow_table().to_pylist(),
                 key=_row_key)
    if want != got:
        print("  pyiceberg:", want[:3], "\n  duckdb:   ", got[:3])
    return want == got and len(want) > 0


def registry(db, extdir):
    with connect(db, extdir) as con:
        return dict(con.execute(
            "SELECT view_name, metadata_location FROM _lakedev.sources").fetchall())


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MotoServer:
    """moto's server (Glue, S3, STS) on a free 127.0.0.1 port, stopped on exit."""

    def __init__(self, log=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        bindir = os.path.dirname(sys.executable)
        self.proc = subprocess.Popen([os.path.join(bindir, "moto_server"), "-H", "127.0.0.1",
                                      "-p", str(self.port)],
                                     stdout=subprocess.DEVNULL,
                                     # moto logs every request; an unread pipe would fill
                                     # up and stall it, so to a file or nowhere.
                                     stderr=open(log, "w") if log else subprocess.DEVNULL)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/moto-api/", timeout=1)
                return
            except Exception:
                time.sleep(0.1)
        self.proc.kill()
        raise RuntimeError("moto_server did not start")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def glue_catalog(moto, key="testing", secret="testing-secret"):
    """pyiceberg's GlueCatalog on moto (Glue and S3), warehouse s3://lake/wh; creates the
    bucket. Uses pyiceberg's fsspec FileIO: its pyarrow S3 client stalls on moto under
    parallel reads."""
    import boto3
    from pyiceberg.catalog.glue import GlueCatalog
    boto3.client("s3", endpoint_url=moto.url, region_name="us-east-1", aws_access_key_id=key,
                 aws_secret_access_key=secret).create_bucket(Bucket="lake")
    return GlueCatalog("glue", **{
        "glue.endpoint": moto.url, "glue.region": "us-east-1", "glue.access-key-id": key,
        "glue.secret-access-key": secret, "s3.endpoint": moto.url, "s3.region": "us-east-1",
        "s3.access-key-id": key, "s3.secret-access-key": secret, "warehouse": "s3://lake/wh",
        "py-io-impl": "pyiceberg.io.fsspec.FsspecFileIO"})
