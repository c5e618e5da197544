#!/usr/bin/env python3
"""Records what dbt-core (the oracle) does on the projects under tests/dbt/projects/.

Run with the test venv's python (scripts/bootstrap --test installs dbt-core 1.11 and
dbt-duckdb there); the dbt used is the `dbt` script next to that python:

    ~/.cache/lakedev/venv/bin/python tests/dbt/record.py                # re-record all
    ~/.cache/lakedev/venv/bin/python tests/dbt/record.py tests/dbt/projects/shop
    ~/.cache/lakedev/venv/bin/python tests/dbt/record.py --check        # compare only
    ~/.cache/lakedev/venv/bin/python tests/dbt/record.py --check --sample 8   # CI

Without project arguments every directory of tests/dbt/projects/ is recorded. Each
project is copied to a temporary directory first (dbt writes target/, logs/ and a
database file), so the source tree stays clean: one copy for `parse` and then the ls
cases (which reuse its partial-parse state, as a developer's ls would), a fresh copy
for `compile`, and for a bad_* project a fresh copy per command. Packages are local
(dbt_packages/ is part of the project), so `dbt deps` is never run. Goldens go to
tests/dbt/expected/<project>/ (the whole directory is replaced):

  A project not named bad_*:
    manifest_subset.json   `dbt parse`, then manifest_subset.py on target/manifest.json
    ls/NN.args             one argument a line: what follows `dbt` on the command line
                           (the recorder adds `--profiles-dir <project copy>` at the end)
    ls/NN.out              dbt's stdout, exactly (every case uses --quiet, so only the
                           results are printed)
    ls/NN.exit_code        dbt's exit code
    compiled/<package>/... every file of target/compiled/ after `dbt compile`
    compile/out, compile/exit_code   the log of that compile, normalized as below

  A project named bad_* (an input dbt must refuse, or a mistake it finds only later):
    parse/{args,out,exit_code}, compile/{args,out,exit_code}
                           `dbt parse` and `dbt compile`, stdout then stderr (stderr is
                           normally empty; if not it follows a `--- stderr ---` line)

Normalization of logged output (out files; ls .out files are never rewritten):
  * ANSI colour escapes are removed (dbt emits them even when stdout is not a tty);
  * the `HH:MM:SS  ` timestamp at the start of a log line is removed;
  * the temporary project directory is written as $PROJECT;
  * a Python traceback (dbt prints one for a ref cycle) keeps its first and last line,
    the frames in between (paths into the venv) become `  <frames elided>`;
  * "in N.NNs"/"in N.NN seconds" durations become "in <t>s"/"in <t> seconds".

The environment is controlled so that runs are reproducible: every DBT_* and SHOP_*
variable is removed, then DBT_SEND_ANONYMOUS_USAGE_STATS=false, HOME=an empty temporary
directory, TZ=UTC. Running the recorder twice gives identical files.

--check records into a temporary directory instead and compares with the committed
goldens, listing every file that differs, is missing or is extra; exit code 1 if any.
--sample N keeps N of the ls cases (a fixed, evenly spaced choice), for CI's time budget.
"""
import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECTS = os.path.join(HERE, "projects")
EXPECTED = os.path.join(HERE, "expected")
DBT = os.path.join(os.path.dirname(sys.executable), "dbt")

sys.path.insert(0, HERE)
import manifest_subset  # noqa: E402

# The ls battery for the shop project. Each entry is the argument list after `dbt`.
# Keep the order: the case number is the position (01, 02, ...). Append new cases at the
# end so that existing numbers keep their meaning.
LS = ["ls", "--quiet"]
SHOP_LS_CASES = [
    LS,
    LS + ["--resource-type", "model"],
    LS + ["--resource-type", "test"],
    LS + ["--resource-type", "seed"],
    LS + ["--resource-type", "source"],
    LS + ["--resource-type", "snapshot"],
    LS + ["--resource-type", "analysis"],
    LS + ["--resource-type", "exposure"],
    LS + ["--output", "path"],
    LS + ["--output", "name", "--resource-type", "model"],
    LS + ["--output", "selector", "--resource-type", "model"],
    LS + ["--output", "json", "--output-keys", "unique_id name resource_type",
          "--select", "tag:orders"],
    LS + ["--output", "json", "--select", "fct_orders", "--resource-type", "model"],
    LS + ["--output", "json", "--output-keys", "unique_id,name,resource_type",
          "--select", "stg_orders"],
    LS + ["--output", "json", "--output-keys", "name", "--output-keys", "original_file_path",
          "--select", "source:stripe"],
    LS + ["--select", "stg_orders"],
    LS + ["--select", "+fct_orders"],
    LS + ["-s", "stg_orders+"],
    LS + ["-s", "2+fct_revenue"],
    LS + ["-s", "stg_payments+1"],
    LS + ["-s", "1+int_order_totals+1", "--resource-type", "model"],
    LS + ["-s", "@stg_customers"],
    LS + ["-s", "tag:finance"],
    LS + ["-s", "tag:orders,tag:marts"],
    LS + ["-s", "stg_orders stg_payments"],
    LS + ["-s", "stg_orders", "stg_customers", "--resource-type", "model"],
    LS + ["-s", "path:models/staging"],
    LS + ["-s", "path:models/staging/stg_orders.sql"],
    LS + ["-s", "models/marts/finance"],
    LS + ["-s", "file:stg_orders.sql"],
    LS + ["-s", "fqn:shop.staging.*"],
    LS + ["-s", "intermediate"],
    LS + ["-s", "package:shop_utils"],
    LS + ["-s", "source:raw"],
    LS + ["-s", "source:raw.orders+"],
    LS + ["-s", "resource_type:test", "--exclude", "package:shop"],
    LS + ["-s", "test_type:generic", "--exclude", "tag:staging"],
    LS + ["-s", "test_type:singular"],
    LS + ["-s", "test_name:not_null"],
    LS + ["-s", "test_name:accepted_values", "--output", "path"],
    LS + ["-s", "config.materialized:incremental"],
    LS + ["-s", "config.schema:finance"],
    LS + ["-s", "config.meta.owner:finance-team"],
    LS + ["-s", "stg_*"],
    LS + ["-s", "tag:staging", "--exclude", "stg_orders"],
    LS + ["-s", "+fct_revenue", "--exclude", "tag:staging", "resource_type:test"],
    LS + ["-s", "+exposure:weekly_revenue_dashboard"],
    LS + ["-s", "dim_customers", "--resource-type", "model"],
    LS + ["-s", "dim_customers.v1+"],
    LS + ["-s", "version:latest"],
    LS + ["--selector", "nightly_finance"],
    LS + ["--selector", "staging_and_tests"],
    LS + ["-s", "stg_customers"],
    LS + ["-s", "stg_customers", "--indirect-selection", "cautious"],
    LS + ["-s", "stg_customers", "--indirect-selection", "buildable"],
    LS + ["-s", "stg_customers", "--indirect-selection", "empty"],
    LS + ["-s", "stg_customers stg_orders", "--indirect-selection", "cautious"],
    LS + ["-s", "+stg_orders", "--indirect-selection", "buildable"],
    LS + ["-s", "does_not_exist"],
    LS + ["-s", "config.materialized:ephemeral", "--output", "json",
          "--output-keys", "name alias"],
]

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
TIMESTAMP = re.compile(r"^\d\d:\d\d:\d\d  ", re.M)
DURATION_S = re.compile(r"\bin \d+(\.\d+)?s\b")
DURATION_SECONDS = re.compile(r"\bin \d+(\.\d+)? seconds\b")


def dbt_env(home):
    env = {k: v for k, v in os.environ.items()
           if not (k.startswith("DBT_") or k.startswith("SHOP_"))}
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    env["HOME"] = home
    env["TZ"] = "UTC"
    return env


def run_dbt(args, cwd, env):
    argv = [DBT] + args + ["--profiles-dir", cwd]
    proc = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))


def elide_tracebacks(text):
    out, in_tb = [], False
    for line in text.split("\n"):
        if line.startswith("Traceback (most recent call last):"):
            out.append(line)
            out.append("  <frames elided>")
            in_tb = True
            continue
        if in_tb:
            if line.startswith(" ") or line == "":
                continue
            in_tb = False
        out.append(line)
    return "\n".join(out)


def normalize_log(text, project_dir):
    text = ANSI.sub("", text)
    text = TIMESTAMP.sub("", text)
    text = text.replace(os.path.realpath(project_dir), "$PROJECT").replace(project_dir,
                                                                           "$PROJECT")
    text = elide_tracebacks(text)
    text = DURATION_S.sub("in <t>s", text)
    text = DURATION_SECONDS.sub("in <t> seconds", text)
    return text


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def log_text(code, out, err, work):
    text = normalize_log(out, work)
    if err:
        text += "--- stderr ---\n" + normalize_log(err, work)
    return text


def copy_project(src, tmp):
    work = os.path.join(tmp, os.path.basename(os.path.normpath(src)))
    ignore = shutil.ignore_patterns("target", "logs", "*.duckdb", "*.duckdb.wal",
                                    "package-lock.yml", "__pycache__")
    shutil.copytree(src, work, ignore=ignore, symlinks=False)
    return work


def sample_cases(cases, n):
    if not n or n >= len(cases):
        return list(enumerate(cases, 1))
    step = len(cases) / float(n)
    picks = sorted({int(i * step) for i in range(n)})
    return [(i + 1, cases[i]) for i in picks]


def record_project(src, out_dir, tmp, env, sample):
    name = os.path.basename(os.path.normpath(src))
    if name.startswith("bad_"):
        for cmd in ("parse", "compile"):
            # a fresh copy for each command: no partial-parse state carried over
            work = copy_project(src, tempfile.mkdtemp(prefix=cmd + "-", dir=tmp))
            code, out, err = run_dbt([cmd], work, env)
            write(os.path.join(out_dir, cmd, "args"), cmd + "\n")
            write(os.path.join(out_dir, cmd, "out"), log_text(code, out, err, work))
            write(os.path.join(out_dir, cmd, "exit_code"), "%d\n" % code)
        return

    work = copy_project(src, tempfile.mkdtemp(prefix="parse-", dir=tmp))
    code, out, err = run_dbt(["parse"], work, env)
    if code != 0:
        raise SystemExit("dbt parse failed for %s:\n%s%s" % (src, out, err))
    with open(os.path.join(work, "target", "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    write(os.path.join(out_dir, "manifest_subset.json"), manifest_subset.render(manifest))

    cases = SHOP_LS_CASES if name == "shop" else [LS]
    for number, args in sample_cases(cases, sample):
        code, out, err = run_dbt(args, work, env)
        stem = os.path.join(out_dir, "ls", "%02d" % number)
        write(stem + ".args", "".join(a + "\n" for a in args))
        write(stem + ".out", out)
        write(stem + ".exit_code", "%d\n" % code)
        if err:
            raise SystemExit("dbt %s wrote to stderr:\n%s" % (" ".join(args), err))

    # compile in a fresh copy too, so its log does not depend on the runs above
    work = copy_project(src, tempfile.mkdtemp(prefix="compile-", dir=tmp))
    code, out, err = run_dbt(["compile"], work, env)
    write(os.path.join(out_dir, "compile", "out"), log_text(code, out, err, work))
    write(os.path.join(out_dir, "compile", "exit_code"), "%d\n" % code)
    if code != 0:
        raise SystemExit("dbt compile failed for %s:\n%s%s" % (src, out, err))
    compiled = os.path.join(work, "target", "compiled")
    for root, dirs, files in os.walk(compiled):
        dirs.sort()
        for fn in sorted(files):
            path = os.path.join(root, fn)
            rel = os.path.relpath(path, compiled)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            write(os.path.join(out_dir, "compiled", rel), text)


def list_files(top):
    found = set()
    for root, _dirs, files in os.walk(top):
        for fn in files:
            found.add(os.path.relpath(os.path.join(root, fn), top))
    return found


def compare(got_dir, want_dir, sampled):
    problems = []
    got, want = list_files(got_dir), list_files(want_dir)
    for rel in sorted(got | want):
        if rel not in want:
            problems.append("extra (not in golden): %s" % rel)
        elif rel not in got:
            if sampled and rel.split(os.sep)[0] == "ls":
                continue
            problems.append("missing (golden not produced): %s" % rel)
        else:
            with open(os.path.join(got_dir, rel), encoding="utf-8") as f:
                a = f.read()
            with open(os.path.join(want_dir, rel), encoding="utf-8") as f:
                b = f.read()
            if a != b:
                diff = difflib.unified_diff(b.splitlines(True), a.splitlines(True),
                                            "golden/" + rel, "now/" + rel, n=2)
                problems.append("differs: %s\n%s" % (rel, "".join(list(diff)[:40])))
    return problems


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("projects", nargs="*", help="project directories (default: all)")
    ap.add_argument("--check", action="store_true", help="compare with the goldens only")
    ap.add_argument("--sample", type=int, default=0, help="record only N ls cases")
    opts = ap.parse_args(argv[1:])
    if not os.path.exists(DBT):
        print("dbt not found next to %s; run with ~/.cache/lakedev/venv/bin/python"
              % sys.executable)
        return 2
    projects = opts.projects or sorted(
        os.path.join(PROJECTS, d) for d in os.listdir(PROJECTS)
        if os.path.isfile(os.path.join(PROJECTS, d, "dbt_project.yml")))

    failed = []
    with tempfile.TemporaryDirectory(prefix="lakedev-dbt-record-") as tmp:
        home = os.path.join(tmp, "home")
        os.makedirs(home)
        env = dbt_env(home)
        for src in projects:
            src = os.path.abspath(src)
            name = os.path.basename(os.path.normpath(src))
            golden = os.path.join(EXPECTED, name)
            if opts.check:
                out_dir = os.path.join(tmp, "expected", name)
            else:
                if opts.sample:
                    print("--sample only with --check: a partial record would drop goldens")
                    return 2
                shutil.rmtree(golden, ignore_errors=True)
                out_dir = golden
            run_tmp = tempfile.mkdtemp(prefix="run-", dir=tmp)
            record_project(src, out_dir, run_tmp, env, opts.sample)
            if opts.check:
                problems = compare(out_dir, golden, bool(opts.sample))
                if problems:
                    failed.append(name)
                    print("%s: %d difference(s)" % (name, len(problems)))
                    for p in problems:
                        print("  " + p)
                else:
                    print("%s: matches" % name)
            else:
                print("%s: recorded into %s" % (name, os.path.relpath(golden)))
    if failed:
        print("golden files differ from dbt for: %s (re-record with "
              "~/.cache/lakedev/venv/bin/python tests/dbt/record.py and review)"
              % ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
