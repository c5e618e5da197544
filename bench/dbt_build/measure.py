#!/usr/bin/env python3
"""Times `build` with lakedev and with dbt-core + dbt-duckdb on one generated project (see
run), and derives lakedev's overhead per node.

    measure.py PROJECT LAKEDEV DBT REPS [--threads 1,4] [--rebuild] [--label TEXT]

Each tool builds its own copy of PROJECT; before every repetition the database file and
target/ are deleted, so every timed build starts from nothing. The best wall time of REPS
builds is reported. --rebuild also times a second build right after each fresh one, on
the database it left (incremental models then take their incremental path).

DuckDB's share of a build is measured by replaying the SQL a minimal runner must execute
for the same nodes, with the python duckdb module (same DuckDB version) into a fresh
database file, in DAG order, one statement per node: `create view R as (compiled)` for
views, `create table R as (compiled)` for tables and incremental models (their first
build), `select count(*) from (compiled)` for tests. The compiled SQL (ephemeral models'
CTEs included) and the relation names come from lakedev's target/manifest.json. The
replay's time runs from opening the database to closing it (the final checkpoint
included). lakedev's overhead = lakedev's wall time - replay time, divided by the nodes
executed (non-ephemeral models + tests). It includes process start, parse, compile,
dbt's materialization protocol (temporary relation, renames, drops, catalog queries),
scheduling and the artifacts written.

Both builds, and the replay, must leave the same relations (schema, name, kind and row
count of every table and view): checked after the last repetition.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import duckdb

DB = "bench.duckdb"


def clean(d):
    shutil.rmtree(os.path.join(d, "target"), ignore_errors=True)
    shutil.rmtree(os.path.join(d, "logs"), ignore_errors=True)
    for f in (DB, DB + ".wal"):
        if os.path.exists(os.path.join(d, f)):
            os.remove(os.path.join(d, f))


def run_once(argv, cwd):
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", DO_NOT_TRACK="1")
    t0 = time.perf_counter()
    p = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       start_new_session=True)
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit("%s failed in %s:\n%s" % (" ".join(argv), cwd,
                                                   p.stdout.decode()[-3000:]))
    return elapsed


def timed_builds(argv, cwd, reps, rebuild):
    """Best fresh build (and best rebuild) of reps."""
    fresh, again = [], []
    for _ in range(reps):
        clean(cwd)
        fresh.append(run_once(argv, cwd))
        if rebuild:
            again.append(run_once(argv, cwd))
    return min(fresh), (min(again) if again else None)


def inventory(path):
    """{(schema, name): (kind, rows)} of every table and view in the database file."""
    con = duckdb.connect(path, read_only=True)
    try:
        rels = con.execute(
            "select table_schema, table_name, table_type from information_schema.tables "
            "where table_catalog = current_database() order by 1, 2").fetchall()
        out = {}
        for schema, name, kind in rels:
            rows = con.execute('select count(*) from "%s"."%s"' % (schema, name)).fetchone()[0]
            out[(schema, name)] = (kind, rows)
        return out
    finally:
        con.close()


def describe(inv):
    tables = sum(1 for k, _ in inv.values() if k == "BASE TABLE")
    views = sum(1 for k, _ in inv.values() if k == "VIEW")
    return "%d tables, %d views, %d rows" % (tables, views, sum(r for _, r in inv.values()))


def diff(name_a, a, name_b, b):
    lines = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            lines.append("    %s.%s: %s %s, %s %s" % (key[0], key[1], name_a, a.get(key),
                                                     name_b, b.get(key)))
    return lines


def replay_plan(target):
    """Statements of a minimal runner, in DAG order, from lakedev's manifest."""
    with open(os.path.join(target, "manifest.json")) as f:
        nodes = json.load(f)["nodes"]
    order, state = [], {}

    def visit(uid):
        if state.get(uid) == 2:
            return
        state[uid] = 1
        for dep in nodes[uid]["depends_on"]["nodes"]:
            if dep in nodes and state.get(dep) != 2:
                visit(dep)
        state[uid] = 2
        order.append(uid)

    sys.setrecursionlimit(100000)
    for uid in sorted(nodes):
        visit(uid)
    schemas, stmts = set(), []
    for uid in order:
        n = nodes[uid]
        sql = n.get("compiled_code")
        mat = n["config"].get("materialized")
        if n["resource_type"] == "model" and mat != "ephemeral":
            schemas.add('"%s"."%s"' % (n["database"], n["schema"]))
            kind = "view" if mat == "view" else "table"
            stmts.append(("model", "create %s %s as (\n%s\n)" % (kind, n["relation_name"], sql)))
        elif n["resource_type"] == "test":
            stmts.append(("test", "select count(*) from (\n%s\n) as dbt_internal_test" % sql))
    schema_stmts = [("schema", "create schema if not exists %s" % s) for s in sorted(schemas)]
    return schema_stmts + stmts


def replay(plan, reps):
    """Best time of executing the plan into a fresh database, and that database's path."""
    best = None
    for _ in range(reps):
        d = tempfile.mkdtemp(prefix="dbt_build_replay_")
        path = os.path.join(d, DB)
        t0 = time.perf_counter()
        con = duckdb.connect(path)
        for kind, sql in plan:
            if kind == "test":
                con.execute(sql).fetchall()
            else:
                con.execute(sql)
        con.close()
        t = time.perf_counter() - t0
        if best is None or t < best[0]:
            if best:
                shutil.rmtree(os.path.dirname(best[1]))
            best = (t, path)
        else:
            shutil.rmtree(d)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("lakedev")
    ap.add_argument("dbt")
    ap.add_argument("reps", type=int)
    ap.add_argument("--threads", default="1")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--label", default="")
    a = ap.parse_args()
    ours_dir, dbt_dir = a.project + "_lakedev", a.project + "_dbt"
    for d in (ours_dir, dbt_dir):
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(a.project, d)
        clean(d)
    prof = ["--profiles-dir", "."]
    threads = [int(t) for t in a.threads.split(",")]

    # Nodes executed, the replay plan and the parse time, from lakedev's own artifacts.
    t_parse = min(run_once([a.lakedev, "parse"] + prof, ours_dir) for _ in range(a.reps))
    rows, checks, plan, executed = [], [], None, 0
    for t in threads:
        th = ["--threads", str(t)]
        ours, ours_again = timed_builds([a.lakedev, "build"] + prof + th, ours_dir, a.reps,
                                        a.rebuild)
        if plan is None:
            with open(os.path.join(ours_dir, "target", "run_results.json")) as f:
                executed = len(json.load(f)["results"])
            plan = replay_plan(os.path.join(ours_dir, "target"))
        theirs, theirs_again = timed_builds([a.dbt, "build"] + prof + th, dbt_dir, a.reps,
                                            a.rebuild)
        rows.append(("build, threads %d" % t, ours, theirs))
        if a.rebuild:
            rows.append(("rebuild, threads %d" % t, ours_again, theirs_again))
        # The last repetition's databases (after the rebuild with --rebuild).
        inv_ours, inv_dbt = inventory(os.path.join(ours_dir, DB)), inventory(
            os.path.join(dbt_dir, DB))
        checks.append(("threads %d" % t, inv_ours, inv_dbt))

    t_replay, replay_db = replay(plan, a.reps)
    inv_replay = inventory(replay_db)
    shutil.rmtree(os.path.dirname(replay_db))

    print("dbt_build: %s, %d nodes executed (models + tests), best of %d"
          % (a.label or a.project, executed, a.reps))
    print("  %-22s %10s %10s %8s" % ("", "lakedev", "dbt-duckdb", "ratio"))
    for what, t1, t2 in rows:
        print("  %-22s %9.3fs %9.3fs %7.1fx" % (what, t1, t2, t2 / t1))
    ours1 = dict((w, t1) for w, t1, _ in rows).get("build, threads 1")
    theirs1 = dict((w, t2) for w, _, t2 in rows).get("build, threads 1")
    print("  %-22s %9.3fs" % ("lakedev parse", t_parse))
    print("  %-22s %9.3fs   (%d statements, python duckdb %s)"
          % ("DuckDB replay", t_replay, len(plan), duckdb.__version__))
    if ours1 is not None:
        print("  overhead per node (threads 1, wall - replay): lakedev %.2f ms, dbt-duckdb %.2f ms"
              % ((ours1 - t_replay) * 1e3 / executed, (theirs1 - t_replay) * 1e3 / executed))
    ok = True
    for what, inv_ours, inv_dbt in checks:
        d = diff("lakedev", inv_ours, "dbt", inv_dbt)
        print("  relations, %s: lakedev %s; dbt-duckdb %s: %s"
              % (what, describe(inv_ours), describe(inv_dbt), "same" if not d else "DIFFERENT"))
        for line in d[:20]:
            print(line)
        ok = ok and not d
    # The replay leaves what a fresh build leaves; with --rebuild, incremental tables may
    # hold other rows, so compare names and kinds only then.
    strip = (lambda inv: {k: v[0] for k, v in inv.items()}) if a.rebuild else (lambda inv: inv)
    d = diff("lakedev", strip(checks[-1][1]), "replay", strip(inv_replay))
    print("  relations, replay: %s: %s" % (describe(inv_replay), "same" if not d else "DIFFERENT"))
    for line in d[:20]:
        print(line)
    if not ok or d:
        sys.exit(1)


if __name__ == "__main__":
    main()
