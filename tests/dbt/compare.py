#!/usr/bin/env python3
"""Compares lakedev with the dbt-core goldens of a corpus project (tests/dbt/expected/).

    python3 tests/dbt/compare.py LAKEDEV_BINARY [PROJECT] [--report] [--area manifest|ls|compile]

Copies tests/dbt/projects/PROJECT (default shop) to a temporary directory, runs
`lakedev parse`, `compile` and every recorded `ls` case there, and compares:

  manifest  tests/dbt/manifest_subset.py over lakedev's target/manifest.json against
            expected/PROJECT/manifest_subset.json, entry by entry and field by field
  ls        stdout and exit code of each expected/PROJECT/ls/NN case
  compile   every file of expected/PROJECT/compiled/ against target/compiled/

Exit 0 when everything matches. --report prints, instead of stopping at differences, a
count of differing fields per area so progress can be measured.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import manifest_subset  # noqa: E402


def run(binary, args, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DBT_") and not k.startswith("SHOP_")}
    env["TZ"] = "UTC"
    p = subprocess.run([binary] + args + ["--profiles-dir", cwd], cwd=cwd, env=env,
                       capture_output=True, text=True)
    return p


def compare_manifest(work, expected_dir, problems, report):
    with open(os.path.join(work, "target", "manifest.json"), encoding="utf-8") as f:
        ours = manifest_subset.subset(json.load(f))
    with open(os.path.join(expected_dir, "manifest_subset.json"), encoding="utf-8") as f:
        theirs = json.load(f)
    fields = {}
    for section in ("nodes", "sources", "macros", "docs", "exposures", "disabled",
                    "parent_map", "child_map"):
        a, b = ours.get(section, {}), theirs.get(section, {})
        for uid in sorted(set(a) | set(b)):
            if uid not in a:
                problems.append("%s: missing %s" % (section, uid))
                fields[(section, "<missing>")] = fields.get((section, "<missing>"), 0) + 1
                continue
            if uid not in b:
                problems.append("%s: unexpected %s" % (section, uid))
                fields[(section, "<unexpected>")] = fields.get((section, "<unexpected>"), 0) + 1
                continue
            x, y = a[uid], b[uid]
            if not isinstance(x, dict) or not isinstance(y, dict):
                if x != y:
                    problems.append("%s %s: %r != %r" % (section, uid, x, y))
                    fields[(section, "")] = fields.get((section, ""), 0) + 1
                continue
            for k in sorted(set(x) | set(y)):
                if x.get(k, "<absent>") != y.get(k, "<absent>"):
                    problems.append("%s %s .%s:\n   lakedev: %s\n   dbt:     %s" % (
                        section, uid, k, json.dumps(x.get(k, "<absent>"), sort_keys=True),
                        json.dumps(y.get(k, "<absent>"), sort_keys=True)))
                    fields[(section, k)] = fields.get((section, k), 0) + 1
    if report:
        for (section, k), n in sorted(fields.items()):
            print("manifest %-10s %-22s %d differ" % (section, k, n))


def compare_ls(binary, work, expected_dir, problems, report):
    ls_dir = os.path.join(expected_dir, "ls")
    bad = 0
    cases = sorted(f[:-5] for f in os.listdir(ls_dir) if f.endswith(".args"))
    for case in cases:
        with open(os.path.join(ls_dir, case + ".args")) as f:
            args = [line for line in f.read().split("\n") if line]
        with open(os.path.join(ls_dir, case + ".out")) as f:
            want = f.read()
        with open(os.path.join(ls_dir, case + ".exit_code")) as f:
            want_code = int(f.read().strip())
        p = run(binary, args, work)
        if p.stdout != want or p.returncode != want_code:
            bad += 1
            problems.append("ls %s (%s): exit %d (want %d)\n%s" % (
                case, " ".join(args), p.returncode, want_code,
                "".join("   " + l for l in __import__("difflib").unified_diff(
                    want.splitlines(True), p.stdout.splitlines(True), "dbt", "lakedev", n=0))
                + p.stderr[-500:]))
    if report:
        print("ls: %d of %d cases differ" % (bad, len(cases)))


def compare_compiled(work, expected_dir, problems, report):
    want_root = os.path.join(expected_dir, "compiled")
    got_root = os.path.join(work, "target", "compiled")
    bad = total = 0
    seen = set()
    for dirpath, _, files in os.walk(want_root):
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), want_root)
            seen.add(rel)
            total += 1
            with open(os.path.join(want_root, rel), encoding="utf-8") as f:
                want = f.read()
            got_path = os.path.join(got_root, rel)
            if not os.path.exists(got_path):
                bad += 1
                problems.append("compiled %s: missing" % rel)
                continue
            with open(got_path, encoding="utf-8") as f:
                got = f.read()
            if got != want:
                bad += 1
                problems.append("compiled %s differs:\n   lakedev: %r\n   dbt:     %r" % (rel, got, want))
    if os.path.isdir(got_root):
        for dirpath, _, files in os.walk(got_root):
            for name in files:
                rel = os.path.relpath(os.path.join(dirpath, name), got_root)
                if rel not in seen:
                    bad += 1
                    problems.append("compiled %s: unexpected" % rel)
    if report:
        print("compiled: %d of %d files differ" % (bad, total))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("project", nargs="?", default="shop")
    ap.add_argument("--report", action="store_true")
    ap.add_argument("--area", action="append")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    areas = a.area or ["manifest", "ls", "compile"]
    binary = os.path.abspath(a.binary)
    expected_dir = os.path.join(HERE, "expected", a.project)
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        work = os.path.join(tmp, a.project)
        shutil.copytree(os.path.join(HERE, "projects", a.project), work)
        # The manifest golden is dbt parse's; the compiled files come from dbt compile.
        for command, area in (("parse", "manifest"), ("compile", "compile")):
            if area not in areas:
                continue
            p = run(binary, [command], work)
            if p.returncode != 0:
                print("lakedev %s failed (%d):\n%s%s" % (command, p.returncode, p.stdout, p.stderr))
                return 1
            if area == "manifest":
                compare_manifest(work, expected_dir, problems, a.report)
            else:
                compare_compiled(work, expected_dir, problems, a.report)
        if "ls" in areas:
            compare_ls(binary, work, expected_dir, problems, a.report)
    if problems and (a.verbose or not a.report):
        print("\n".join(problems))
    print("%d differences" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
