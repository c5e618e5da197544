#!/usr/bin/env python3
"""Faults: lakedev run/build when things go wrong, against dbt-duckdb where it is about parity.

    python tests/dbt/faults_test.py LAKEDEV_BINARY [CASE...]

Each case writes its own small project into a temporary directory (nothing is committed
as a fixture) and runs lakedev there, as run_compare.py does: profiles.yml in the project,
--profiles-dir, no DBT_* variables, an empty HOME, TZ=UTC. Cases:

  dag_failure     a 50-model DAG is built; then one mid-DAG table model gets an SQL error
                  and the DAG is built again: exit 1, the statuses of every node (error,
                  skipped downstream, success elsewhere) as dbt-duckdb reports them for the
                  same project, the failed model's old table kept with its old rows, the
                  skipped ones untouched, the unrelated ones rebuilt.
  failing_test    `build` with a failing (error severity) test: what is downstream of the
                  tested model is skipped, a warn-severity failure skips nothing; statuses,
                  exit code and relations as dbt's.
  kill9           SIGKILL while a slow model runs, then right after each node of a whole
                  build starts (seed, views, tables, an incremental model, tests): the
                  database opens, every relation of the last good build is there with its
                  rows (__dbt_tmp/__dbt_backup leftovers aside), and the next build
                  succeeds and leaves no leftovers.
  locked          another process holds the DuckDB file (read-write, then read-only):
                  `lakedev run` fails fast with exit 2 (as dbt), naming the process (its PID)
                  and saying what to do.
  spill           a model that must spill to disk, with the temp directory unwritable and
                  then full (max_temp_directory_size): a clean error (exit 1, DuckDB's
                  reason), the previous table intact; with a usable temp directory it builds.
  sigint          Ctrl-C (SIGINT) during a slow model: lakedev exits within seconds with a
                  non-zero code, starts nothing after the interrupt, the relations of the
                  last good build are intact, and the next build succeeds. Then Ctrl-C
                  right after each node of a fast build starts: it ends promptly, the
                  relations are intact, and it exits 0 only if the build was complete.

Run with the test venv's python (~/.cache/lakedev/venv/bin/python): it has dbt and the
duckdb package of the version lakedev links.
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb

PROFILE = "faults"
DB_NAME = "faults.duckdb"
LEFTOVER = re.compile(r"__dbt_(tmp|backup)$")
# A model that never finishes in a test's time: 10^10 rows summed (about a minute here).
ENDLESS_SQL = "select sum(x.range * y.range) % 1 + 42 as s from range(100000) x, range(100000) y"


# ---------------------------------------------------------------------------------------
# Projects, processes, databases


def environment(home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DBT_")}
    env.update(DBT_SEND_ANONYMOUS_USAGE_STATS="false", DO_NOT_TRACK="1", HOME=str(home), TZ="UTC")
    return env


def write_project(root, files, threads=1, settings=None, targets=None):
    """A project at root: dbt_project.yml (models are tables unless configured), a profile
    with target dev on faults.duckdb (plus `targets`: name -> settings), and `files`."""
    root = Path(root)
    root.mkdir(parents=True)
    (root / "dbt_project.yml").write_text(
        "name: faults\nversion: \"1.0.0\"\nconfig-version: 2\nprofile: faults\n"
        "models:\n  faults:\n    +materialized: table\n")

    def output(s):
        text = (f"    {{}}:\n      type: duckdb\n      path: {DB_NAME}\n      schema: main\n"
                f"      threads: {threads}\n")
        if s:
            text += "      settings:\n" + "".join(
                f"        {k}: {json.dumps(v)}\n" for k, v in s.items())
        return text

    profile = f"{PROFILE}:\n  target: dev\n  outputs:\n" + output(settings).format("dev")
    for name, s in (targets or {}).items():
        profile += output(s).format(name)
    (root / "profiles.yml").write_text(profile)
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def dbt_program():
    return str(Path(sys.executable).parent / "dbt")


def run(command, project, home, *args, timeout=300):
    """Runs `command` (lakedev's path or dbt's) in the project; target/run_results.json is
    removed first so a stale one is never read."""
    results = project / "target" / "run_results.json"
    if results.exists():
        results.unlink()
    return subprocess.run([command, *args, "--profiles-dir", str(project)], cwd=project,
                          env=environment(home), capture_output=True, text=True,
                          timeout=timeout)


def default_signals():
    # The child gets SIGINT's default disposition even if we were started with it ignored
    # (as a background job of a non-interactive shell is).
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Running:
    """A process started in the background whose output lines are collected as they come,
    each with the time it arrived."""

    def __init__(self, command, project, home, *args):
        results = project / "target" / "run_results.json"
        if results.exists():
            results.unlink()
        self.proc = subprocess.Popen(
            [command, *args, "--profiles-dir", str(project)], cwd=project,
            env=environment(home), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            preexec_fn=default_signals)
        self.lines = []
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append((time.monotonic(), line.rstrip("\n")))
                self.cond.notify_all()

    def wait_for(self, pattern, timeout):
        """True once a line matching `pattern` has come, False if it did not in time or the
        process ended first."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                if any(rx.search(line) for _, line in self.lines):
                    return True
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self.reader.is_alive()):
                    return False
                self.cond.wait(min(left, 0.1))

    def finish(self, timeout):
        """The exit code, or None if the process was still running after `timeout` (then it
        is killed)."""
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            code = None
        self.reader.join(5)
        return code

    def lines_after(self, t):
        with self.cond:
            return [line for at, line in self.lines if at > t]

    def output(self):
        with self.cond:
            return "\n".join(line for _, line in self.lines)


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def relations(db_path):
    """name -> {kind, rows, checksum} of every relation of the main schema (checksum: the
    sum of DuckDB's hash() of the rows, so order-independent)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        out = {}
        rels = con.execute(
            "select table_name, table_type from information_schema.tables "
            "where table_schema = 'main' and table_catalog not in ('system', 'temp') "
            "order by 1").fetchall()
        for name, kind in rels:
            count, checksum = con.execute(
                f"select count(*), coalesce(sum(hash(t)::hugeint), 0) from main.{quote(name)} t"
            ).fetchone()
            out[name] = {"kind": "view" if kind == "VIEW" else "table", "rows": count,
                         "checksum": str(checksum)}
        return out
    finally:
        con.close()


def query(db_path, sql):
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def targets(rels):
    return {k: v for k, v in rels.items() if not LEFTOVER.search(k)}


def statuses(project):
    path = project / "target" / "run_results.json"
    if not path.exists():
        return None
    return {r["unique_id"]: r["status"] for r in json.loads(path.read_text())["results"]}


def diff_relations(before, after):
    """What changed between two relations() maps, in words (empty if nothing)."""
    out = []
    for name in sorted(set(before) | set(after)):
        if name not in after:
            out.append(f"{name} is gone")
        elif name not in before:
            out.append(f"{name} appeared")
        elif before[name] != after[name]:
            out.append(f"{name} changed: {before[name]} -> {after[name]}")
    return out


def tail(text, n=40):
    lines = text.splitlines()
    return "\n".join(("    " + l) for l in lines[-n:])


class Case:
    def __init__(self, name):
        self.name = name
        self.failures = []
        self.notes = []

    def check(self, ok, message):
        if not ok:
            self.failures.append(message)
        return ok

    def note(self, message):
        self.notes.append(message)


# ---------------------------------------------------------------------------------------
# 1. A failing model in a 50-model DAG


DAG_SIZE = 50
DAG_FAILING = 7  # m07: a table with a test; below it models that also have unrelated parents


def dag_parents(i):
    if i < 3:
        return []
    parents = [(i - 3) // 2]
    if i % 5 == 0 and i - 1 not in parents:
        parents.append(i - 1)
    if i % 4 == 1 and i >= 21:  # joins across branches
        parents.append(i - 3)
    return parents


def dag_files(failing=None):
    files = {}
    tested = []
    for i in range(DAG_SIZE):
        name = f"m{i:02d}"
        parents = dag_parents(i)
        config = "{{ config(materialized='view') }}\n" if i % 6 == 0 else ""
        if not parents:
            body = f"select range + {i} as k, {{{{ var('build_no') }}}} as build_no from range(3)"
        else:
            body = "\nunion all\n".join(
                f"select k + {i} as k, {{{{ var('build_no') }}}} as build_no "
                f"from {{{{ ref('m{p:02d}') }}}}" for p in parents)
        if i == failing:
            body += "\nwhere no_such_column = 1"
        files[f"models/{name}.sql"] = config + body + "\n"
        if i % 4 == 3:
            tested.append(name)
    files["models/schema.yml"] = "version: 2\nmodels:\n" + "".join(
        f"  - name: {n}\n    columns:\n      - name: k\n        data_tests: [not_null]\n"
        for n in tested)
    return files


def descendants(i):
    children = {}
    for c in range(DAG_SIZE):
        for p in dag_parents(c):
            children.setdefault(p, []).append(c)
    out, stack = set(), [i]
    while stack:
        for c in children.get(stack.pop(), []):
            if c not in out:
                out.add(c)
                stack.append(c)
    return out


def dag_steps(command, tmp, label):
    """Builds the DAG, breaks m07, builds again; returns what each step left."""
    project = write_project(tmp / label / "dag", dag_files(), threads=2)
    home = tmp / label / "home"
    home.mkdir()
    db = project / DB_NAME
    first = run(command, project, home, "build", "--vars", "{build_no: 1}")
    s1 = (first, statuses(project), relations(db) if db.exists() else {})
    (project / f"models/m{DAG_FAILING:02d}.sql").write_text(
        dag_files(DAG_FAILING)[f"models/m{DAG_FAILING:02d}.sql"])
    second = run(command, project, home, "build", "--vars", "{build_no: 2}")
    build_nos = {}
    for name in s1[2]:
        rows = query(db, f"select distinct build_no from main.{quote(name)}")
        build_nos[name] = sorted(r[0] for r in rows)
    s2 = (second, statuses(project), relations(db), build_nos)
    return s1, s2


def case_dag_failure(binary, tmp):
    case = Case("dag_failure")
    (l1, l1_status, l1_rels), (l2, l2_status, l2_rels, l2_build) = dag_steps(binary, tmp, "lakedev")
    if not case.check(l1.returncode == 0, "first build: exit %d\n%s" % (l1.returncode, tail(l1.stdout + l1.stderr))):
        return case
    models = {f"m{i:02d}" for i in range(DAG_SIZE)}
    case.check(set(targets(l1_rels)) == models,
               "first build: relations %s, expected m00..m49" % sorted(l1_rels))
    case.check(l2.returncode == 1, "second build: exit %d, dbt exits 1\n%s"
               % (l2.returncode, tail(l2.stdout + l2.stderr)))
    if not case.check(l2_status is not None, "second build wrote no run_results.json"):
        return case

    failing = f"m{DAG_FAILING:02d}"
    below = {f"m{i:02d}" for i in descendants(DAG_FAILING)}
    uid = lambda n: "model.faults." + n
    case.check(l2_status.get(uid(failing)) == "error",
               f"{failing}: status {l2_status.get(uid(failing))}, expected error")
    for n in sorted(below):
        case.check(l2_status.get(uid(n)) == "skipped",
                   f"{n} (downstream of {failing}): status {l2_status.get(uid(n))}, expected skipped")
    # The failed model's old table, and the skipped ones, are those of the first build.
    for n in sorted(below | {failing}):
        case.check(l2_rels.get(n) == l1_rels.get(n),
                   f"{n}: changed by the failed build: {l1_rels.get(n)} -> {l2_rels.get(n)}")
        case.check(l2_build.get(n) == [1], f"{n}: build_no {l2_build.get(n)}, expected [1] (kept)")
    for n in sorted(models - below - {failing}):
        case.check(l2_status.get(uid(n)) == "success", f"{n}: status {l2_status.get(uid(n))}, expected success")
        case.check(l2_build.get(n) == [2], f"{n}: build_no {l2_build.get(n)}, expected [2] (rebuilt)")
    case.check(set(l2_rels) == set(l1_rels),
               "relations after the failed build differ: %s" % diff_relations(l1_rels, l2_rels))

    # dbt-duckdb on the same project: the same status for every node (tests included).
    (d1, _, _), (d2, d2_status, d2_rels, _) = dag_steps(dbt_program(), tmp, "dbt")
    case.check(d1.returncode == 0 and d2.returncode == 1,
               "dbt itself: exits %d then %d (expected 0 then 1)" % (d1.returncode, d2.returncode))
    if d2_status is not None:
        lake_skipped = {k for k, v in l2_status.items() if v == "skipped"}
        dbt_skipped = {k for k, v in d2_status.items() if v == "skipped"}
        case.check(lake_skipped == dbt_skipped,
                   "skipped nodes differ from dbt's: only lakedev %s, only dbt %s"
                   % (sorted(lake_skipped - dbt_skipped), sorted(dbt_skipped - lake_skipped)))
        differ = {k: (d2_status.get(k), l2_status.get(k))
                  for k in set(d2_status) | set(l2_status) if d2_status.get(k) != l2_status.get(k)}
        case.check(not differ, "statuses differ from dbt's (dbt, lakedev): %s" % differ)
        case.check(set(d2_rels) == set(l2_rels),
                   "relations differ from dbt's: %s" % diff_relations(d2_rels, l2_rels))
        case.note("%d skipped, as dbt" % len(dbt_skipped))
    return case


# ---------------------------------------------------------------------------------------
# 2. A failing test with downstream nodes in `build`

FAILING_TEST_FILES = {
    "models/src.sql": "select * from (values (1, 'a'), (2, null), (3, 'c')) t(k, label)\n",
    "models/mid.sql": "select k, label from {{ ref('src') }}\n",
    "models/leaf.sql": "{{ config(materialized='view') }}\nselect count(*) as n from {{ ref('mid') }}\n",
    "models/other.sql": "select range as k from range(4)\n",
    "models/other_child.sql": "select k * 2 as k2 from {{ ref('other') }}\n",
    "models/warned.sql": "select * from (values (1), (1)) t(k)\n",
    "models/warned_child.sql": "select k from {{ ref('warned') }}\n",
    "models/schema.yml": """version: 2
models:
  - name: src
    columns:
      - name: label
        data_tests: [not_null]
      - name: k
        data_tests: [unique]
  - name: mid
    columns:
      - name: k
        data_tests: [not_null]
  - name: other
    columns:
      - name: k
        data_tests: [unique]
  - name: warned
    columns:
      - name: k
        data_tests:
          - unique:
              config:
                severity: warn
""",
}


def failing_test_build(command, tmp, label):
    project = write_project(tmp / label / "ft", FAILING_TEST_FILES)
    home = tmp / label / "home"
    home.mkdir()
    p = run(command, project, home, "build")
    db = project / DB_NAME
    return p, statuses(project), relations(db) if db.exists() else {}


def case_failing_test(binary, tmp):
    case = Case("failing_test")
    l, l_status, l_rels = failing_test_build(binary, tmp, "lakedev")
    d, d_status, d_rels = failing_test_build(dbt_program(), tmp, "dbt")
    case.check(d.returncode == 1, "dbt itself exits %d, expected 1" % d.returncode)
    case.check(l.returncode == d.returncode, "exit %d, dbt exits %d\n%s"
               % (l.returncode, d.returncode, tail(l.stdout + l.stderr)))
    if not case.check(l_status is not None, "lakedev wrote no run_results.json"):
        return case
    for n in ("mid", "leaf"):
        case.check(l_status.get("model.faults." + n) == "skipped",
                   f"{n} (downstream of a failing test on src): status "
                   f"{l_status.get('model.faults.' + n)}, expected skipped")
    case.check(l_status.get("model.faults.warned_child") == "success",
               "warned_child (downstream of a test that only warns): status %s, expected success"
               % l_status.get("model.faults.warned_child"))
    differ = {k: (d_status.get(k), l_status.get(k))
              for k in set(d_status or {}) | set(l_status) if (d_status or {}).get(k) != l_status.get(k)}
    case.check(not differ, "statuses differ from dbt's (dbt, lakedev): %s" % differ)
    case.check(set(l_rels) == set(d_rels), "relations differ from dbt's: %s" % diff_relations(d_rels, l_rels))
    case.note("skipped (as dbt): %s" % sorted(k for k, v in l_status.items() if v == "skipped"))
    return case


# ---------------------------------------------------------------------------------------
# 3. kill -9 mid-build


def interrupt_files():
    """A project for kill -9 and Ctrl-C: a seed, views, tables, an incremental model, and
    `slow`, which never finishes with --vars '{slow: true}' and runs after the others
    (it depends on t2); after it t3, not downstream of it, and two models that are."""
    return {
        "seeds/raw.csv": "k,v\n" + "".join(f"{i},{i * 7 % 11}\n" for i in range(1, 21)),
        "models/stg.sql": "{{ config(materialized='view') }}\nselect k, v from {{ ref('raw') }}\n",
        "models/t1.sql": "select k, v * 2 as v2 from {{ ref('stg') }}\n",
        "models/t2.sql": "select v2, count(*) as n from {{ ref('t1') }} group by v2\n",
        # Ready with slow (after t2), but after it in the order: in the queue when slow runs.
        "models/t3.sql": "select count(*) as n from {{ ref('t2') }}\n",
        "models/inc.sql": "{{ config(materialized='incremental', unique_key='k') }}\n"
                          "select k, v + 1 as w from {{ ref('stg') }}\n",
        "models/slow.sql": "{% if var('slow', false) %}\n" + ENDLESS_SQL + "\n{% else %}\n"
                           "select 42 as s\n{% endif %}\n"
                           "-- after {{ ref('t2') }}\n",
        "models/after_slow.sql": "select s + 1 as s1 from {{ ref('slow') }}\n",
        "models/after_view.sql": "{{ config(materialized='view') }}\nselect s1 * 2 as s2 from {{ ref('after_slow') }}\n",
        "models/zz_unrelated.sql": "select 'z' as z\n",
        "models/schema.yml": "version: 2\nmodels:\n  - name: t1\n    columns:\n"
                             "      - name: k\n        data_tests: [unique, not_null]\n",
    }


SLOW_START = r"START sql table model main\.slow\b"


def node_count(output):
    """M of the "N of M START" lines of a run's output."""
    return int(re.search(r"\b\d+ of (\d+) START\b", output).group(1))


def case_kill9(binary, tmp):
    case = Case("kill9")
    project = write_project(tmp / "k9", interrupt_files())
    home = tmp / "home"
    home.mkdir()
    db = project / DB_NAME
    first = run(binary, project, home, "build")
    if not case.check(first.returncode == 0, "first build: exit %d\n%s"
                      % (first.returncode, tail(first.stdout + first.stderr))):
        return case
    good = relations(db)
    expected = {"raw", "stg", "t1", "t2", "t3", "inc", "slow", "after_slow", "after_view", "zz_unrelated"}
    case.check(set(good) == expected, "first build left %s, expected %s" % (sorted(good), sorted(expected)))

    def intact(when):
        try:
            now = relations(db)
        except Exception as e:  # noqa: BLE001 - any failure to open is the finding
            case.check(False, f"{when}: the database does not open: {e}")
            return False
        changed = diff_relations(good, targets(now))
        return case.check(not changed, f"{when}: relations of the last good build changed: {changed}")

    # While the slow model runs, with the others rebuilt before it in this build.
    r = Running(binary, project, home, "build", "--vars", "{slow: true}")
    started = r.wait_for(SLOW_START, 60)
    if case.check(started, "the second build never started the slow model:\n" + tail(r.output())):
        time.sleep(1.0)
        case.check(r.proc.poll() is None, "the slow build ended before it was killed:\n" + tail(r.output()))
        r.proc.send_signal(signal.SIGKILL)
    r.finish(30)
    intact("after SIGKILL during the slow model")
    case.note("leftovers after SIGKILL: %s" % sorted(set(relations(db)) - set(good)))

    # At points spread over a whole (fast) build: right after each node starts (seed,
    # views, tables, incremental, tests), and a few milliseconds later.
    plain = run(binary, project, home, "build")
    case.check(plain.returncode == 0, "a build after the kill: exit %d\n%s"
               % (plain.returncode, tail(plain.stdout + plain.stderr)))
    intact("after a plain build")
    total = node_count(plain.stdout)
    mid_build = 0
    for k in range(1, total + 1):
        for offset in (0.0, 0.004):
            r = Running(binary, project, home, "build")
            r.wait_for(rf"\b{k} of {total} START\b", 30)
            time.sleep(offset)
            mid_build += r.proc.poll() is None
            r.proc.send_signal(signal.SIGKILL)
            r.finish(10)
            if not intact(f"after SIGKILL {offset * 1000:.0f}ms after node {k} of {total} started"):
                break
    case.note(f"killed {2 * total} builds after each node started, {mid_build} of them mid-build; "
              f"leftovers: {sorted(set(relations(db)) - set(good))}")

    last = run(binary, project, home, "build")
    case.check(last.returncode == 0, "the build after the kills: exit %d\n%s"
               % (last.returncode, tail(last.stdout + last.stderr)))
    now = relations(db)
    case.check(now == good, "after the build that follows the kills: %s" % diff_relations(good, now))
    return case


# ---------------------------------------------------------------------------------------
# 4. A locked database file

HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "ro")
print("holding", flush=True)
time.sleep(300)
"""


def case_locked(binary, tmp):
    case = Case("locked")
    project = write_project(tmp / "lock", {"models/a.sql": "select 1 as a\n"})
    home = tmp / "home"
    home.mkdir()
    db = project / DB_NAME
    first = run(binary, project, home, "run")
    if not case.check(first.returncode == 0, "first run: exit %d\n%s" % (first.returncode, tail(first.stdout + first.stderr))):
        return case
    good = relations(db)
    for mode in ("rw", "ro"):
        holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), mode],
                                  stdout=subprocess.PIPE, text=True)
        try:
            if not case.check(holder.stdout.readline().strip() == "holding",
                              f"{mode}: the holder process did not open the database"):
                continue
            t = time.monotonic()
            try:
                p = run(binary, project, home, "run", timeout=20)
            except subprocess.TimeoutExpired:
                case.check(False, f"held {mode} by PID {holder.pid}: lakedev run still waiting after 20s (hangs)")
                continue
            took = time.monotonic() - t
            out = p.stdout + p.stderr
            # dbt-duckdb exits 2 here too: an error outside any node.
            case.check(p.returncode == 2, f"held {mode}: exit {p.returncode}, dbt exits 2\n{tail(out)}")
            case.check(str(holder.pid) in out,
                       f"held {mode}: the message does not name the holder (PID {holder.pid}):\n{tail(out)}")
            case.check(re.search(r"\b(close|stop|quit)\b", out, re.I) is not None,
                       f"held {mode}: the message does not say what to do:\n{tail(out)}")
            case.note(f"held {mode} by PID {holder.pid}: exit {p.returncode} in {took:.2f}s: "
                      + " | ".join(l.strip() for l in out.strip().splitlines()))
        finally:
            holder.kill()
            holder.wait()
    after = relations(db)
    case.check(after == good, "relations changed: %s" % diff_relations(good, after))
    return case


# ---------------------------------------------------------------------------------------
# 5. Spilling with an unwritable, then a full, temp directory

SPILL_FILES = {
    # Sorting 5M rows in 64MB must spill (DuckDB 1.4: ~1s with a temp directory, an error
    # without); without the var the model is tiny.
    "models/big.sql": "{% if var('big', false) %}\n"
                      "select range as k, hash(range) as h from range(5000000) order by h\n"
                      "{% else %}\nselect range as k, hash(range) as h from range(10)\n{% endif %}\n",
    "models/small.sql": "select 1 as one\n",
}


def case_spill(binary, tmp):
    case = Case("spill")
    blocker = tmp / "not_a_dir"
    blocker.write_text("a file: no directory can be created under it, even by root\n")
    spill_dir = tmp / "spill"
    spill_dir.mkdir()
    base = {"memory_limit": "64MB", "threads": 2}
    project = write_project(
        tmp / "sp", SPILL_FILES, settings=dict(base, temp_directory=str(blocker / "tmp")),
        targets={"full": dict(base, temp_directory=str(spill_dir), max_temp_directory_size="1MB"),
                 "roomy": dict(base, temp_directory=str(spill_dir))})
    home = tmp / "home"
    home.mkdir()
    db = project / DB_NAME
    first = run(binary, project, home, "run")
    if not case.check(first.returncode == 0, "first run: exit %d\n%s" % (first.returncode, tail(first.stdout + first.stderr))):
        return case
    good = relations(db)
    for target, what, reason in (("dev", "unwritable temp directory", r"temp|directory"),
                                 ("full", "full temp directory", r"max_temp_directory_size|offload")):
        p = run(binary, project, home, "run", "--target", target, "--vars", "{big: true}", timeout=120)
        out = p.stdout + p.stderr
        case.check(p.returncode == 1, f"{what}: exit {p.returncode}, expected 1\n{tail(out)}")
        st = statuses(project) or {}
        case.check(st.get("model.faults.big") == "error",
                   f"{what}: big has status {st.get('model.faults.big')}, expected error")
        case.check(st.get("model.faults.small") == "success",
                   f"{what}: small has status {st.get('model.faults.small')}, expected success")
        case.check(re.search(reason, out, re.I) is not None,
                   f"{what}: the message does not give DuckDB's reason ({reason}):\n{tail(out)}")
        now = relations(db)
        case.check(now == good, f"{what}: relations changed: {diff_relations(good, now)}")
        errors = [l.strip() for l in out.splitlines() if "Error" in l]
        case.note(f"{what}: exit {p.returncode}: " + " | ".join(errors[:3]))
    # The control: with room to spill, the same model builds.
    p = run(binary, project, home, "run", "--target", "roomy", "--vars", "{big: true}", timeout=300)
    case.check(p.returncode == 0, "with a usable temp directory the big model fails (so the case "
               "tests nothing): exit %d\n%s" % (p.returncode, tail(p.stdout + p.stderr)))
    if p.returncode == 0:
        rows = relations(db).get("big", {}).get("rows")
        case.check(rows == 5000000, f"big has {rows} rows after the roomy run, expected 5000000")
    return case


# ---------------------------------------------------------------------------------------
# 6. Ctrl-C


def case_sigint(binary, tmp):
    case = Case("sigint")
    project = write_project(tmp / "int", interrupt_files())
    home = tmp / "home"
    home.mkdir()
    db = project / DB_NAME
    first = run(binary, project, home, "build")
    if not case.check(first.returncode == 0, "first build: exit %d\n%s" % (first.returncode, tail(first.stdout + first.stderr))):
        return case
    good = relations(db)

    r = Running(binary, project, home, "build", "--vars", "{slow: true}")
    if not case.check(r.wait_for(SLOW_START, 60), "the build never started the slow model:\n" + tail(r.output())):
        r.finish(0)
        return case
    time.sleep(1.0)
    case.check(r.proc.poll() is None, "the slow build ended before the interrupt:\n" + tail(r.output()))
    sent = time.monotonic()
    r.proc.send_signal(signal.SIGINT)
    code = r.finish(10)
    took = time.monotonic() - sent
    out = r.output()
    if not case.check(code is not None, "still running 10s after SIGINT (killed):\n" + tail(out)):
        return case
    case.check(code == 2, f"exit {code} after SIGINT (dbt exits 2):\n" + tail(out))
    started_after = [l for l in r.lines_after(sent) if re.search(r"\bSTART\b", l)]
    case.check(not started_after, "nodes started after the interrupt: %s" % started_after)
    case.note(f"exit {code} {took:.2f}s after SIGINT; output after it:\n" + tail("\n".join(r.lines_after(sent)), 30))
    now = relations(db)
    case.check(targets(now) == good, "relations changed: %s" % diff_relations(good, targets(now)))
    again = run(binary, project, home, "build")
    case.check(again.returncode == 0, "the build after the interrupt: exit %d\n%s"
               % (again.returncode, tail(again.stdout + again.stderr)))
    now = relations(db)
    case.check(now == good, "after the build that follows the interrupt: %s" % diff_relations(good, now))

    # Ctrl-C right after each node of a fast build starts: lakedev ends promptly, and
    # exits 0 only if the build was in fact complete.
    total = node_count(again.stdout)
    cut_short = []  # (k, the nodes not done) of builds that exited 0 all the same
    example = None
    for k in range(1, total + 1):
        r = Running(binary, project, home, "build")
        r.wait_for(rf"\b{k} of {total} START\b", 30)
        r.proc.send_signal(signal.SIGINT)
        code = r.finish(10)
        when = f"SIGINT after node {k} of {total} started"
        if not case.check(code is not None, f"{when}: still running 10s later (killed):\n{tail(r.output())}"):
            continue
        st = statuses(project) or {}
        undone = sorted(u.split(".")[2] for u, v in st.items() if v not in ("success", "pass"))
        if code == 0 and (undone or len(st) != total):
            cut_short.append((k, undone))
            example = example or r.output()
        now = relations(db)
        if not case.check(targets(now) == good, f"{when}: relations changed: {diff_relations(good, targets(now))}"):
            break
    case.check(not cut_short,
               "exit 0 after SIGINT although the build was cut short (SIGINT after node k "
               "started: nodes not done): %s\n  the first of those runs:\n%s"
               % ("; ".join(f"{k}: {' '.join(u)}" for k, u in cut_short), tail(example or "", 22)))
    return case


CASES = {
    "dag_failure": case_dag_failure,
    "failing_test": case_failing_test,
    "kill9": case_kill9,
    "locked": case_locked,
    "spill": case_spill,
    "sigint": case_sigint,
}


def main(argv):
    binary = os.path.abspath(argv[1])
    names = argv[2:] or list(CASES)
    failed = 0
    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.monotonic()
            try:
                case = CASES[name](binary, Path(tmp))
            except Exception as e:  # noqa: BLE001 - a case that crashes is a failed case
                case = Case(name)
                case.failures.append("the case crashed: %r" % e)
            seconds = time.monotonic() - started
        verdict = "FAIL" if case.failures else "ok"
        print(f"{name}: {verdict} ({seconds:.1f}s)")
        for n in case.notes:
            print("  note: " + n.replace("\n", "\n  "))
        for f in case.failures:
            print("  FAIL: " + f.replace("\n", "\n  "))
        failed += bool(case.failures)
        sys.stdout.flush()
    print("%d of %d cases failed" % (failed, len(names)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
