#!/usr/bin/env python3
"""Times `build` with lakedev and with dbt-core + dbt-duckdb on one generated project (see
run), and derives lakedev's overhead per node.

    measure.py PROJECT LAKEDEV DBT REPS [--threads 1,4] [--rebuild] [--label TEXT]
               [--duckdb-calls duckdb_calls.so]

Each tool builds its own copy of PROJECT; before every repetition the database file and
target/ are deleted, so every timed build starts from nothing. The best wall time of REPS
builds is reported; the repetitions of lakedev, dbt and the replay below are interleaved
so that each sees the same (shared, noisy) machine. --rebuild also times a second build
right after each fresh one, on the database it left (incremental models then take their
incremental path).

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

The replay, and the overheads, use the first --threads value (1 in run). With
--duckdb-calls (the LD_PRELOAD shim built from duckdb_calls.c), lakedev's build also runs
once more per repetition under the shim, which times every call lakedev makes into
DuckDB's C API: wall time minus that total is the time lakedev spends outside DuckDB, the
most direct measure of its own overhead (its extra statements, which dbt-duckdb runs too,
count as DuckDB time there).

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


def run_once(argv, cwd, extra_env=None):
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", DO_NOT_TRACK="1")
    env.update(extra_env or {})
    t0 = time.perf_counter()
    p = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       start_new_session=True)
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit("%s failed in %s:\n%s" % (" ".join(argv), cwd,
                                                   p.stdout.decode()[-3000:]))
    return elapsed


def shim_run(argv, cwd, shim):
    """A fresh build under the shim: (wall, {kind: (calls, seconds)})."""
    out = os.path.abspath(cwd) + "_duckdb_calls.txt"
    clean(cwd)
    if os.path.exists(out):
        os.remove(out)
    wall = run_once(argv, cwd, {"LD_PRELOAD": os.path.abspath(shim), "DUCKDB_CALLS_OUT": out})
    kinds = {}
    with open(out) as f:
        for line in f:
            kind, calls, seconds = line.rstrip("\n").split("\t")
            kinds[kind] = (int(calls), float(seconds))
    return wall, kinds


def outside(run):
    wall, kinds = run
    return wall - sum(s for _, s in kinds.values())


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


def replay(plan, path):
    """Seconds to execute the plan into a new database file at path."""
    t0 = time.perf_counter()
    con = duckdb.connect(path)
    for kind, sql in plan:
        if kind == "test":
            con.execute(sql).fetchall()
        else:
            con.execute(sql)
    con.close()
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("lakedev")
    ap.add_argument("dbt")
    ap.add_argument("reps", type=int)
    ap.add_argument("--threads", default="1")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--label", default="")
    ap.add_argument("--duckdb-calls", metavar="SHIM")
    a = ap.parse_args()
    ours_dir, dbt_dir = a.project + "_lakedev", a.project + "_dbt"
    for d in (ours_dir, dbt_dir):
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(a.project, d)
        clean(d)
    prof = ["--profiles-dir", "."]
    threads = [int(t) for t in a.threads.split(",")]

    t_parse = min(run_once([a.lakedev, "parse"] + prof, ours_dir) for _ in range(a.reps))
    rows, checks, plan, executed = [], [], None, 0
    replays, shim_runs = [], []
    replay_dir = tempfile.mkdtemp(prefix="replay_", dir=os.path.dirname(os.path.abspath(ours_dir)))
    for t in threads:
        th = ["--threads", str(t)]
        tools = [("lakedev", [a.lakedev, "build"] + prof + th, ours_dir),
                 ("dbt", [a.dbt, "build"] + prof + th, dbt_dir)]
        fresh = {name: [] for name, _, _ in tools}
        again = {name: [] for name, _, _ in tools}
        for rep in range(a.reps):
            for name, argv, d in tools:
                clean(d)
                fresh[name].append(run_once(argv, d))
                if name == "lakedev" and plan is None:
                    # From lakedev's first fresh build: nodes executed, the replay plan.
                    with open(os.path.join(d, "target", "run_results.json")) as f:
                        executed = len(json.load(f)["results"])
                    plan = replay_plan(os.path.join(d, "target"))
                if a.rebuild:
                    again[name].append(run_once(argv, d))
            if rep == a.reps - 1:
                # The last repetition's databases (after the rebuild with --rebuild).
                checks.append(("threads %d" % t, inventory(os.path.join(ours_dir, DB)),
                               inventory(os.path.join(dbt_dir, DB))))
            if t == threads[0]:
                path = os.path.join(replay_dir, "%d" % rep, DB)
                os.makedirs(os.path.dirname(path))
                replays.append(replay(plan, path))
                if a.duckdb_calls:
                    shim_runs.append(shim_run([a.lakedev, "build"] + prof + th, ours_dir,
                                              a.duckdb_calls))
        rows.append(("build, threads %d" % t, min(fresh["lakedev"]), min(fresh["dbt"])))
        if a.rebuild:
            rows.append(("rebuild, threads %d" % t, min(again["lakedev"]), min(again["dbt"])))
    t_replay = min(replays)
    inv_replay = inventory(os.path.join(replay_dir, "0", DB))
    shutil.rmtree(replay_dir)
    calls = min(shim_runs, key=outside) if shim_runs else None

    print("dbt_build: %s, %d nodes executed (models + tests), best of %d"
          % (a.label or a.project, executed, a.reps))
    print("  %-22s %10s %10s %8s" % ("", "lakedev", "dbt-duckdb", "ratio"))
    for what, t1, t2 in rows:
        print("  %-22s %9.3fs %9.3fs %7.1fx" % (what, t1, t2, t2 / t1))
    ours1, theirs1 = rows[0][1], rows[0][2]
    print("  %-22s %9.3fs" % ("lakedev parse", t_parse))
    print("  %-22s %9.3fs   (%d statements, python duckdb %s)"
          % ("DuckDB replay", t_replay, len(plan), duckdb.__version__))
    print("  overhead per node (threads %d, wall - replay): lakedev %.2f ms, dbt-duckdb %.2f ms"
          % (threads[0], (ours1 - t_replay) * 1e3 / executed,
             (theirs1 - t_replay) * 1e3 / executed))
    if calls:
        wall, kinds = calls
        inside = sum(s for _, s in kinds.values())
        print("  lakedev under the shim (threads %d): wall %.3fs, inside DuckDB %.3fs, "
              "outside %.3fs = %.2f ms per node" % (threads[0], wall, inside, wall - inside,
                                                   (wall - inside) * 1e3 / executed))
        top = sorted(kinds.items(), key=lambda kv: -kv[1][1])
        print("    DuckDB calls: " + ", ".join("%s %d %.3fs" % (k, c, s) for k, (c, s) in top
                                             if s >= 0.001))
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
