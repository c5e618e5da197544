#!/usr/bin/env python3
"""Differential test of running projects: lakedev against dbt-core + dbt-duckdb.

A project under tests/dbt/run_projects/<name>/ has a steps.json: the commands to run in
order on one copy of the project (and so on one database file), e.g.

    [{"args": ["build"]},
     {"args": ["run", "--vars", "{batch: 2}"]},
     {"args": ["seed"], "write": {"seeds/x.csv": "id\\n1\\n"}, "delete": ["models/y.sql"]}]

("write"/"delete" change the project copy before the step runs). steps.json may instead
be {"steps": [...], "volatile": {"main.snap": ["dbt_valid_from", ...]}}: columns whose
values are the time of the run (a check snapshot's dbt_valid_from), left out of the
checksum; how many of their values are null is recorded instead. After each step the
harness records: the exit code; per node of target/run_results.json its status, and for
nodes that did not error, its message and failures; and every relation of the database:
its kind, columns with their DuckDB types, row count and an order-independent checksum of
the rows (sum of DuckDB's hash() of each row). Both databases are read by the same DuckDB
(the venv's python package, the version lakedev links), so equal checksums mean equal rows.

    python run_compare.py record NAME...        # dbt -> tests/dbt/expected_run/NAME.json
    python run_compare.py check LAKEDEV NAME    # lakedev against that golden (CI)
    python run_compare.py live LAKEDEV NAME     # lakedev against dbt run now (CI sample)

Run with the test venv's python (~/.cache/lakedev/venv/bin/python): it has dbt and
duckdb. The environment is fixed as in record.py (no DBT_* variables, empty HOME, TZ=UTC).
"""
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
PROJECTS = HERE / "run_projects"
EXPECTED = HERE / "expected_run"


def environment(home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DBT_")}
    env.update(DBT_SEND_ANONYMOUS_USAGE_STATS="false", DO_NOT_TRACK="1", HOME=home, TZ="UTC")
    return env


def database_file(project):
    """The DuckDB file of the project's profile (path: relative to the project)."""
    import yaml
    profiles = yaml.safe_load((project / "profiles.yml").read_text())
    profile = next(iter(profiles.values()))
    output = profile["outputs"][profile["target"]]
    return project / output["path"]


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def snapshot(db_path, volatile):
    if not db_path.exists():
        return {}
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        out = {}
        rels = con.execute(
            "select table_catalog, table_schema, table_name, table_type "
            "from information_schema.tables where table_catalog not in ('system', 'temp') "
            "order by 1, 2, 3").fetchall()
        for catalog, schema, name, kind in rels:
            cols = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_catalog = ? and table_schema = ? and table_name = ? "
                "order by ordinal_position", [catalog, schema, name]).fetchall()
            rel = ".".join(quote(p) for p in (catalog, schema, name))
            skip = set(volatile.get(f"{schema}.{name}", []))
            args = ", ".join(quote(c) for c, _ in cols if c not in skip) or "1"
            count, checksum = con.execute(
                f"select count(*), coalesce(sum(hash({args})::hugeint), 0) from {rel}").fetchone()
            out[f"{schema}.{name}"] = {
                "kind": "view" if kind == "VIEW" else "table",
                "columns": [f"{c} {t}" for c, t in cols],
                "rows": count,
                "checksum": str(checksum),
            }
            entry = out[f"{schema}.{name}"]
            # Comments (persist_docs) and constraints (contracts), when there are any.
            comment = con.execute(
                "select comment from duckdb_tables() where database_name = ? and schema_name = ? "
                "and table_name = ? union all select comment from duckdb_views() where "
                "database_name = ? and schema_name = ? and view_name = ?",
                [catalog, schema, name] * 2).fetchone()
            if comment and comment[0]:
                entry["comment"] = comment[0]
            column_comments = con.execute(
                "select column_name, comment from duckdb_columns() where database_name = ? and "
                "schema_name = ? and table_name = ? and comment is not null order by column_index",
                [catalog, schema, name]).fetchall()
            if column_comments:
                entry["column comments"] = [f"{c}: {t}" for c, t in column_comments]
            constraints = con.execute(
                "select constraint_type, constraint_text from duckdb_constraints() where "
                "database_name = ? and schema_name = ? and table_name = ? order by all",
                [catalog, schema, name]).fetchall()
            if constraints:
                entry["constraints"] = [f"{k}: {t}" for k, t in constraints]
            for c in sorted(skip & {c for c, _ in cols}):
                nulls = con.execute(f"select count(*) - count({quote(c)}) from {rel}").fetchone()[0]
                out[f"{schema}.{name}"][f"nulls in {c}"] = nulls
        return out
    finally:
        con.close()


_SCHEMA = None


def schema_errors(document):
    """Errors of run_results.json against dbt's published schema (run-results v6), which
    dbt-core generates from its artifact classes (the file at schemas.getdbt.com is that)."""
    global _SCHEMA
    import jsonschema
    if _SCHEMA is None:
        from dbt.artifacts.schemas.run import RunResultsArtifact
        _SCHEMA = RunResultsArtifact.json_schema()
    validator = jsonschema.Draft202012Validator(_SCHEMA)
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(document))


def results(project):
    path = project / "target" / "run_results.json"
    if not path.exists():
        return None
    document = json.loads(path.read_text())
    out = {}
    errors = schema_errors(document)
    if errors:
        out["<run_results.json does not validate against dbt's schema>"] = errors[:5]
    for r in document["results"]:
        entry = {"status": r["status"]}
        if r["status"] not in ("error",):
            entry["message"] = r["message"]
            entry["failures"] = r["failures"]
            # A failing unit test's message is a rendering of the row diff (dbt's is daff's,
            # in colors); only that it failed is compared.
            if r["unique_id"].startswith("unit_test.") and r["status"] == "fail":
                entry["message"] = "<the rows differ>"
        out[r["unique_id"]] = entry
    return out


def run_steps(name, command):
    """Runs the project's steps with `command` (a list: the program to run)."""
    source = PROJECTS / name
    spec = json.loads((source / "steps.json").read_text())
    steps = spec["steps"] if isinstance(spec, dict) else spec
    volatile = spec.get("volatile", {}) if isinstance(spec, dict) else {}
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / name
        shutil.copytree(source, project, ignore=shutil.ignore_patterns("target", "logs", "*.duckdb"))
        home = Path(tmp) / "home"
        home.mkdir()
        recorded = []
        for step in steps:
            for rel, text in step.get("write", {}).items():
                (project / rel).parent.mkdir(parents=True, exist_ok=True)
                (project / rel).write_text(text)
            for rel in step.get("delete", []):
                (project / rel).unlink()
            run_results = project / "target" / "run_results.json"
            if run_results.exists():
                run_results.unlink()
            args = command + step["args"] + ["--profiles-dir", str(project)]
            proc = subprocess.run(args, cwd=project, env=environment(str(home)),
                                  capture_output=True, text=True)
            recorded.append({
                "args": step["args"],
                "exit_code": proc.returncode,
                "results": results(project),
                "relations": snapshot(database_file(project), volatile),
                "output": proc.stdout + proc.stderr,
            })
        return recorded


def strip_output(steps):
    return [{k: v for k, v in s.items() if k != "output"} for s in steps]


def compare(expected, actual, label):
    a = json.dumps(strip_output(expected), indent=1, sort_keys=True).splitlines()
    b = json.dumps(strip_output(actual), indent=1, sort_keys=True).splitlines()
    if a == b:
        print(f"{label}: same results and relations as dbt in every step")
        return 0
    print(f"{label}: differs from dbt (- dbt, + lakedev):")
    for line in difflib.unified_diff(a, b, "dbt", "lakedev", lineterm="", n=2):
        print(line)
    for i, step in enumerate(actual):
        print(f"--- lakedev output, step {i + 1}: {' '.join(step['args'])}")
        print(step["output"])
    return 1


def dbt_command():
    return [str(Path(sys.executable).parent / "dbt")]


def main(argv):
    mode = argv[1]
    if mode == "record":
        for name in argv[2:]:
            steps = strip_output(run_steps(name, dbt_command()))
            EXPECTED.mkdir(exist_ok=True)
            (EXPECTED / f"{name}.json").write_text(json.dumps(steps, indent=1, sort_keys=True) + "\n")
            print(f"recorded {name}")
        return 0
    binary = str(Path(argv[2]).resolve())
    name = argv[3]
    actual = run_steps(name, [binary])
    if mode == "check":
        expected = json.loads((EXPECTED / f"{name}.json").read_text())
    else:
        expected = run_steps(name, dbt_command())
    return compare(expected, actual, name)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
