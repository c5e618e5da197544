#!/usr/bin/env python3
"""Parity harness over public dbt projects: dbt-core versus lakedev, side by side.

NOT run by CI (no ctest entry, nothing under tests/ calls it): it needs repositories
fetched from GitHub, which are never committed. Run it by hand:

    # 1. get the repositories as bare git directories, e.g. (any clone works)
    #      git clone --bare https://github.com/dbt-labs/jaffle-shop /tmp/git/dbt-labs+jaffle-shop/repo
    #    for every OWNER/NAME in PINS below, then write the pinned trees into SRC:
    ~/.cache/lakedev/venv/bin/python tests/dbt/public/run.py extract /tmp/public \
        --git-dirs '/tmp/git/{owner}+{name}/repo'
    # 2. compare (takes a few minutes; --keep DIR leaves the work trees for inspection)
    ~/.cache/lakedev/venv/bin/python tests/dbt/public/run.py compare /tmp/public \
        --lakedev build/lakedev [--project calitp_warehouse] [--keep /tmp/pubwork]

    # 3. build: seed + build in both trees, compare results and every relation
    ~/.cache/lakedev/venv/bin/python tests/dbt/public/run.py build /tmp/public \
        --lakedev build/lakedev [--project jaffle_shop] [--keep /tmp/pubbuild]

`extract` skips blobs missing from the git directory (large seed CSVs in some
snapshots) and says which.

Pinned sources (SRC/<dir> holds <subdir> of OWNER/NAME at COMMIT):

    jaffle-shop       dbt-labs/jaffle-shop            7be2c5838dbdeca8e915d4e46db70e910753d7f6
    data-infra        cal-itp/data-infra (warehouse/) f20856f3f4cfe37f9e36f42bfe3ea22f6d4a2cfa
    dbt-utils         dbt-labs/dbt-utils   (1.3.3)    ef562bac8583a3dd041437d1a0ed926d356da4fd
    dbt-expectations  metaplane/dbt-expectations      77d385655ce3318685cf6930b46d077f61de5f55
    dbt-date          godatadriven/dbt-date (0.17.2)  2e4bddaafa60122ca5d608c13d2225a59ef439fd
    dbt-audit-helper  dbt-labs/dbt-audit-helper       3bd0ca4e9d79b7d740ad7e77384b3d03a16cf242

The packages are those the projects' packages.yml ask for, but one version each:
jaffle-shop pins dbt_date 0.17.1 and data-infra metaplane/dbt_expectations 0.10.10;
the harness uses dbt_date 0.17.2 and dbt_expectations 0.10.9 (+ a README commit).

Projects: jaffle_shop (jaffle-shop; dbt_utils, dbt_date, audit_helper), calitp_warehouse
(data-infra/warehouse, ~600 models; dbt_utils, dbt_expectations, dbt_date) and
dbt_expectations_integration_tests (dbt-expectations/integration_tests: every
dbt_expectations test; dbt_expectations, dbt_date).

For each project `compare` builds a work tree in a temporary directory: the project,
its packages copied into dbt_packages/<name> and packages.yml rewritten to `local:`
entries pointing there (so neither tool needs the network or `dbt deps`), and a
duckdb profiles.yml (path <project>.duckdb, schema main). It makes one copy for dbt
and one for lakedev and runs, in each: parse, compile, and the LS cases. Compared:

  manifest  tests/dbt/manifest_subset.py of both target/manifest.json (from parse),
            entry by entry and field by field
  compiled  every file under target/compiled/, byte for byte
  ls        stdout and exit code of each `ls --quiet` case

lakedev stops at its first error, so to compare the rest the harness steps around:
  * parse: a project .sql file that stops `lakedev parse` (found by bisection) is
    replaced, in both trees, by a stub with the same ref()/source() calls; a YAML error
    in a project .yml is stepped over by rewriting the file through PyYAML. Each is
    listed as "lakedev parse stopped by: <error>".
  * compile: when `lakedev compile` fails, it compiles by batches of node names,
    halving failing batches; the failing nodes are counted by error message.
  * dbt compile itself stops at the first node whose introspective query fails (the
    duckdb file is empty): that node is --exclude'd and dbt compile rerun.

It prints per project: node counts, differing fields per (section, field), compiled
files identical / differing / missing, ls cases differing, and the first few concrete
differences per category. Exit status is 0 even when things differ.

`build` runs the projects (those with a "build" entry below: jaffle_shop and
dbt_expectations_integration_tests; calitp_warehouse reads BigQuery sources) on the same
two work trees, without quarantine: in each, the steps `seed` then `build` (jaffle_shop
with --vars '{load_source_data: true}', which enables its seeds/jaffle-data, then a last
`seed` without it, which dbt finds nothing to do for). After each step it compares, as
tests/dbt/run_compare.py does (its results() and snapshot()):

  exit      the exit codes
  results   per unique_id of target/run_results.json: the status, and for results that
            are not errors the message and failures
  relations every relation of the DuckDB file: kind, columns and types, row count and
            an order-independent checksum of the rows (less the "volatile" columns of the
            build spec, filled by random()); where only the rows differ, the columns
            whose own checksums differ are named

and prints the counts of identical results and relations, then each difference (with
the error message of each side for results that differ, and the tail of the output of
a tool that exits non-zero). Seed CSVs that the git directory lacks (jaffle-shop's
raw_orders.csv and raw_items.csv are over the snapshot size limit) are replaced in both
trees by deterministic synthetic rows consistent with the other seeds (see
synthesize_jaffle_orders); the report says so.
"""
import argparse
import difflib
import json
import re
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import manifest_subset  # noqa: E402

# dir in SRC -> (owner/name, commit, subdirectory to take)
PINS = {
    "jaffle-shop": ("dbt-labs/jaffle-shop", "7be2c5838dbdeca8e915d4e46db70e910753d7f6", ""),
    "data-infra": ("cal-itp/data-infra", "f20856f3f4cfe37f9e36f42bfe3ea22f6d4a2cfa", "warehouse"),
    "dbt-utils": ("dbt-labs/dbt-utils", "ef562bac8583a3dd041437d1a0ed926d356da4fd", ""),
    "dbt-expectations": ("metaplane/dbt-expectations", "77d385655ce3318685cf6930b46d077f61de5f55", ""),
    "dbt-date": ("godatadriven/dbt-date", "2e4bddaafa60122ca5d608c13d2225a59ef439fd", ""),
    "dbt-audit-helper": ("dbt-labs/dbt-audit-helper", "3bd0ca4e9d79b7d740ad7e77384b3d03a16cf242", ""),
}

LS_COMMON = [
    [],
    ["--resource-type", "model"],
    ["--resource-type", "test", "--output", "name"],
    ["-s", "config.materialized:table", "--output", "path"],
    ["-s", "test_type:generic", "--exclude", "test_name:not_null"],
    ["--resource-type", "source"],
]
PROJECTS = {
    "jaffle_shop": {
        "src": "jaffle-shop", "profile": "default",
        "packages": {"dbt_utils": "dbt-utils", "dbt_date": "dbt-date",
                     "audit_helper": "dbt-audit-helper"},
        # seeds/jaffle-data is enabled by var('load_source_data'); the last step, without
        # it, checks that the seeds are disabled again (dbt: nothing to do)
        "build": {"steps": [["seed", "--vars", '{"load_source_data": true}'],
                            ["build", "--vars", '{"load_source_data": true}'],
                            ["seed"]],
                  "synthesize": "synthesize_jaffle_orders"},
        "ls": LS_COMMON + [
            ["-s", "+orders+"],
            ["-s", "path:models/staging", "--exclude", "stg_products"],
            ["-s", "orders", "--output", "json",
             "--output-keys", "name,resource_type,config,depends_on"],
        ],
    },
    "calitp_warehouse": {
        "src": "data-infra", "profile": "calitp_warehouse",
        "packages": {"dbt_utils": "dbt-utils", "dbt_expectations": "dbt-expectations",
                     "dbt_date": "dbt-date"},
        "ls": LS_COMMON + [
            ["-s", "test_name:unique_combination_of_columns", "--output", "path"],
            ["-s", "staging.transit_database"],
            ["-s", "@dim_schedule_feeds", "--output", "name"],
            ["-s", "path:models/mart/gtfs", "--indirect-selection", "cautious"],
            ["-s", "config.materialized:incremental", "--output", "json",
             "--output-keys", "name,config"],
        ],
    },
    # dbt_expectations' own integration project: every one of its tests, on few models
    "dbt_expectations_integration_tests": {
        "src": "dbt-expectations/integration_tests", "profile": "integration_tests",
        "packages": {"dbt_expectations": "dbt-expectations", "dbt_date": "dbt-date"},
        # these models fill row_value with dbt_expectations.rand(): left out of the checksum
        "build": {"steps": [["seed"], ["build"]], "volatile": {
            "dbt_expectations_integration_tests." + m: ["row_value", "row_value_log"]
            for m in ("timeseries_data", "timeseries_data_extended", "timeseries_data_grouped",
                      "timeseries_hourly_data_extended")}},
        "ls": LS_COMMON + [
            ["-s", "test_name:expect_column_values_to_be_between"],
            ["--resource-type", "test", "-s", "timeseries_data_extended", "--output", "name"],
            ["-s", "timeseries_data+", "--indirect-selection", "cautious"],
        ],
    },
}
EXAMPLES = 3


def extract(src, pattern):
    for d, (repo, commit, sub) in PINS.items():
        owner, name = repo.split("/")
        git = ["git", "--git-dir", pattern.format(owner=owner, name=name)]
        dest = os.path.join(src, d)
        shutil.rmtree(dest, ignore_errors=True)
        listing = subprocess.run(git + ["ls-tree", "-r", "-z", commit] + ([sub] if sub else []),
                                 check=True, capture_output=True, text=True).stdout
        missing = 0
        for line in filter(None, listing.split("\0")):
            meta, path = line.split("\t", 1)
            mode, kind, sha = meta.split()
            if kind != "blob":
                continue
            p = subprocess.run(git + ["cat-file", "blob", sha], capture_output=True)
            if p.returncode != 0:
                missing += 1
                print("  %s: %s is missing from the git directory, skipped" % (d, path))
                continue
            out = os.path.join(dest, os.path.relpath(path, sub) if sub else path)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            if mode == "120000":
                os.symlink(p.stdout.decode(), out)
            else:
                with open(out, "wb") as f:
                    f.write(p.stdout)
        print("%-18s %s@%s%s" % (d, repo, commit[:12], " (%d missing)" % missing if missing else ""))


def assemble(src, spec, dest):
    shutil.copytree(os.path.join(src, spec["src"]), dest, symlinks=True)
    if os.path.exists(os.path.join(dest, "package-lock.yml")):
        os.remove(os.path.join(dest, "package-lock.yml"))
    shutil.rmtree(os.path.join(dest, "dbt_packages"), ignore_errors=True)
    lines = ["packages:"]
    for pkg, d in spec["packages"].items():
        shutil.copytree(os.path.join(src, d), os.path.join(dest, "dbt_packages", pkg), symlinks=True)
        lines.append("  - local: dbt_packages/%s" % pkg)
    with open(os.path.join(dest, "packages.yml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    project = os.path.basename(dest)
    with open(os.path.join(dest, "profiles.yml"), "w") as f:
        f.write("%s:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
                "      path: %s.duckdb\n      schema: main\n" % (spec["profile"], project))


def run(argv, cwd, home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DBT_")}
    env.update(DBT_SEND_ANONYMOUS_USAGE_STATS="false", HOME=home, TZ="UTC")
    p = subprocess.run(argv + ["--profiles-dir", cwd], cwd=cwd, env=env,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True)
    return p


def tail(p, n=1500):
    return (p.stdout + p.stderr)[-n:]


def short(v, n=300):
    s = json.dumps(v, sort_keys=True, ensure_ascii=False)
    return s if len(s) <= n else s[:n] + "..."


def compare_manifests(ours, theirs, out):
    """out: dict category -> [count, examples]"""
    for section in ("nodes", "sources", "macros", "docs", "exposures", "disabled",
                    "selectors", "parent_map", "child_map"):
        a, b = ours.get(section, {}), theirs.get(section, {})
        for uid in sorted(set(a) | set(b)):
            if uid not in a or uid not in b:
                key = "%s <%s>" % (section, "missing in lakedev" if uid not in a else "only in lakedev")
                add(out, key, uid)
                continue
            x, y = a[uid], b[uid]
            if not (isinstance(x, dict) and isinstance(y, dict)):
                if x != y:
                    add(out, section, "%s\n      lakedev: %s\n      dbt:     %s" % (uid, short(x), short(y)))
                continue
            for k in sorted(set(x) | set(y)):
                vx, vy = x.get(k, "<absent>"), y.get(k, "<absent>")
                if vx != vy:
                    if isinstance(vx, dict) and isinstance(vy, dict):  # show only differing keys
                        ks = [j for j in sorted(set(vx) | set(vy)) if vx.get(j, "<absent>") != vy.get(j, "<absent>")]
                        vx = {j: vx.get(j, "<absent>") for j in ks}
                        vy = {j: vy.get(j, "<absent>") for j in ks}
                    add(out, "%s .%s" % (section, k),
                        "%s\n      lakedev: %s\n      dbt:     %s" % (uid, short(vx), short(vy)))


def add(out, key, example):
    entry = out.setdefault(key, [0, []])
    entry[0] += 1
    if len(entry[1]) < EXAMPLES:
        entry[1].append(example)


def files_under(root):
    found = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            found[os.path.relpath(path, root)] = path
    return found


def first_diff(got, want):
    d = list(difflib.unified_diff(want.splitlines(), got.splitlines(), "dbt", "lakedev", n=1, lineterm=""))
    return "\n".join("      " + line[:200] for line in d[2:14])


def first_error(lakedev, command, work, home):
    p = run([lakedev, command], work, home)
    if p.returncode == 0:
        return None
    return (p.stdout + p.stderr).strip().split("\n")[0][:400] or "exit %d" % p.returncode


def stub(node):
    """A stand-in for a file lakedev cannot handle: same refs and sources, trivial SQL."""
    lines = ["-- quarantined by tests/dbt/public/run.py"]
    for r in node.get("refs", []):
        v = ", v=%r" % r["version"] if r.get("version") is not None else ""
        lines.append("-- {{ ref(%r%s) }}" % (r["name"], v))
    for src, table in node.get("sources", []):
        lines.append("-- {{ source(%r, %r) }}" % (src, table))
    return "\n".join(lines + ["select 1 as quarantined", ""])


def quarantine(lakedev, work, home, manifest, stubs):
    """While `lakedev parse` stops with an error, finds the project .sql file whose
    replacement by stub() makes that error go away (bisecting over prefixes of the
    candidate list) and replaces it for good; a YAML error in a project .yml file is
    stepped over by rewriting that file through PyYAML (same data, dbt's own reader).
    Fills stubs: path -> (error, new text); returns the error left, if any."""
    root = manifest["metadata"]["project_name"]
    nodes = {n["original_file_path"]: n for n in manifest["nodes"].values()
             if n["package_name"] == root and n["original_file_path"].endswith(".sql")
             and n["resource_type"] in ("model", "analysis", "test")}
    originals = {}
    for path in nodes:
        with open(os.path.join(work, path), encoding="utf-8") as f:
            originals[path] = f.read()

    def apply(paths):
        for path in set(nodes) | set(stubs):
            text = stubs[path][1] if path in stubs else stub(nodes[path]) if path in paths else originals[path]
            with open(os.path.join(work, path), "w", encoding="utf-8") as f:
                f.write(text)
    err = first_error(lakedev, "parse", work, home)
    while err and len(stubs) < 200:
        yml = re.match(r"Error: (\S+\.ya?ml):\d+:\d+: YAML", err)
        if yml and os.path.exists(os.path.join(work, yml.group(1))) and yml.group(1) not in stubs:
            import yaml  # PyYAML, as dbt reads it
            with open(os.path.join(work, yml.group(1)), encoding="utf-8") as f:
                data = yaml.safe_load(f)
            stubs[yml.group(1)] = (err, yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000))
        else:
            cands = sorted(set(nodes) - set(stubs))
            apply(cands)
            if first_error(lakedev, "parse", work, home) == err:
                break  # not caused by a project .sql file
            lo, hi = 0, len(cands)  # smallest k such that stubbing cands[:k] clears err
            while lo + 1 < hi:
                mid = (lo + hi) // 2
                apply(cands[:mid])
                if first_error(lakedev, "parse", work, home) == err:
                    lo = mid
                else:
                    hi = mid
            stubs[cands[hi - 1]] = (err, stub(nodes[cands[hi - 1]]))
        apply([])
        err = first_error(lakedev, "parse", work, home)
    apply([])
    return err


def compile_batches(lakedev, work, home, names, diffs):
    """lakedev compile stops at the first error: compile by selection, halving a failing
    batch until the nodes that fail are alone, and count those by error message."""
    p = run([lakedev, "compile", "--indirect-selection", "empty", "-s"] + names, work, home)
    if p.returncode == 0:
        return
    if len(names) > 1:
        compile_batches(lakedev, work, home, names[:len(names) // 2], diffs)
        compile_batches(lakedev, work, home, names[len(names) // 2:], diffs)
        return
    err = (p.stdout + p.stderr).strip().split("\n")[0]
    add(diffs, "lakedev compile error: %s" % error_key(err), "%s: %s" % (names[0], err[:300]))


def error_key(err):
    """An error message without its location and quoted names, to count alike errors."""
    message = re.sub(r"^Error: \S+:\d+:\d+: ", "", err)
    return re.sub(r'"[^"]*"(\."[^"]*")*', '"..."', message)[:140]


def write_stubs(work, stubs):
    for path, (_, text) in stubs.items():
        with open(os.path.join(work, path), "w", encoding="utf-8") as f:
            f.write(text)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def compare_project(name, spec, src, lakedev, work_root):
    print("=" * 78)
    print("project %s (%s)" % (name, spec["src"]))
    home = os.path.join(work_root, "home")
    os.makedirs(home, exist_ok=True)
    dbt = os.path.join(os.path.dirname(sys.executable), "dbt")
    tools = {"dbt": [dbt], "lakedev": [lakedev]}
    works = {}
    for tool in tools:
        works[tool] = os.path.join(work_root, tool, name)
        assemble(src, spec, works[tool])
    diffs = {}
    manifest = {t: os.path.join(works[t], "target", "manifest.json") for t in tools}
    p = run([dbt, "parse"], works["dbt"], home)
    if p.returncode != 0:
        print("dbt parse FAILED (exit %d), nothing to compare:\n%s" % (p.returncode, tail(p)))
        return
    # Files that stop lakedev are replaced by stubs, in both trees, so the rest compares.
    stubs = {}
    left = quarantine(lakedev, works["lakedev"], home, load(manifest["dbt"]), stubs)
    parsed = {}
    if stubs:
        write_stubs(works["dbt"], stubs)
        os.remove(os.path.join(works["dbt"], "target", "partial_parse.msgpack"))
        run([dbt, "parse"], works["dbt"], home)
    for tool, argv in tools.items():
        p = run(argv + ["parse"], works[tool], home)
        if p.returncode != 0:
            print("%s parse FAILED (exit %d):\n%s" % (tool, p.returncode, tail(p)))
            continue
        parsed[tool] = manifest_subset.subset(load(manifest[tool]))
    if len(parsed) == 2:
        n = {t: len(s["nodes"]) for t, s in parsed.items()}
        print("nodes: dbt %d, lakedev %d; sources: dbt %d; macros (project+packages): dbt %d"
              % (n["dbt"], n["lakedev"], len(parsed["dbt"]["sources"]), len(parsed["dbt"]["macros"])))
        compare_manifests(parsed["lakedev"], parsed["dbt"], diffs)
    for path, (err, _) in stubs.items():
        add(diffs, "lakedev parse stopped by: %s" % error_key(err), "%s: %s" % (path, err))
    if left:
        print("lakedev parse still fails after quarantining %d files: %s" % (len(stubs), left))
    # compile -> target/compiled, byte for byte
    compiled = {}
    # dbt compile stops at the first node whose introspection fails (the tables do not
    # exist in the empty duckdb file): exclude that node and go on.
    excluded = []
    while len(excluded) < 50:
        p = run([dbt, "compile"] + (["--exclude"] + excluded if excluded else []), works["dbt"], home)
        m = re.search(r"Error in (model|test|snapshot|analysis) (\S+) \(", p.stdout + p.stderr)
        if p.returncode == 0 or not m or m.group(2) in excluded:
            break
        excluded.append(m.group(2))
        msg = (p.stdout + p.stderr)[m.end():].split("\n")[1].strip()
        add(diffs, "dbt compile error (node excluded): %s" % error_key(msg), "%s: %s" % (m.group(2), msg[:300]))
    if p.returncode != 0:
        print("dbt compile exit %d after excluding %d nodes:\n%s" % (p.returncode, len(excluded), tail(p, 600)))
    compiled["dbt"] = files_under(os.path.join(works["dbt"], "target", "compiled"))
    # lakedev compile stops at its first error: then compile by batches of node names
    p = run([lakedev, "compile"], works["lakedev"], home)
    if p.returncode != 0 and "lakedev" in parsed:
        print("lakedev compile exit %d:\n%s" % (p.returncode, tail(p, 600)))
        names = sorted({n["name"] for n in parsed["lakedev"]["nodes"].values()
                        if n["resource_type"] in ("model", "test", "analysis", "snapshot")})
        print("lakedev compile: compiling %d node names in batches" % len(names))
        shutil.rmtree(os.path.join(works["lakedev"], "target", "compiled"), ignore_errors=True)
        compile_batches(lakedev, works["lakedev"], home, names, diffs)
    compiled["lakedev"] = files_under(os.path.join(works["lakedev"], "target", "compiled"))
    same = stubbed = 0
    for rel, path in sorted(compiled["dbt"].items()):
        if rel not in compiled["lakedev"]:
            add(diffs, "compiled <missing in lakedev>", rel)
            continue
        with open(path, encoding="utf-8") as f:
            want = f.read()
        with open(compiled["lakedev"][rel], encoding="utf-8") as f:
            got = f.read()
        if got == want:
            same += 1
            stubbed += rel.split("/", 1)[1] in stubs
        else:
            add(diffs, "compiled <differs>", "%s\n%s" % (rel, first_diff(got, want)))
    for rel in sorted(set(compiled["lakedev"]) - set(compiled["dbt"])):
        dbt_failed = os.path.splitext(os.path.basename(rel))[0] in excluded
        add(diffs, "compiled <only in lakedev%s>" % (", dbt failed on it" if dbt_failed else ""), rel)
    total = len(compiled["dbt"])
    print("compiled: %d of %d dbt files identical (%.1f%%), lakedev wrote %d; "
          "without the %d quarantine stubs: %d of %d (%.1f%%)"
          % (same, total, 100.0 * same / total if total else 0, len(compiled["lakedev"]),
             stubbed, same - stubbed, total - stubbed,
             100.0 * (same - stubbed) / (total - stubbed) if total > stubbed else 0))
    # ls cases, on the compiled trees
    bad = 0
    for args in spec["ls"]:
        res = {t: run(argv + ["ls", "--quiet"] + args, works[t], home) for t, argv in tools.items()}
        d, l = res["dbt"], res["lakedev"]
        if d.stdout != l.stdout or d.returncode != l.returncode:
            bad += 1
            add(diffs, "ls <differs>", "ls %s: exit lakedev %d dbt %d (dbt %d lines, lakedev %d)\n%s%s" % (
                " ".join(args), l.returncode, d.returncode, len(d.stdout.splitlines()),
                len(l.stdout.splitlines()), first_diff(l.stdout, d.stdout),
                ("\n      stderr: " + l.stderr[-300:]) if l.returncode else ""))
    print("ls: %d of %d cases differ" % (bad, len(spec["ls"])))
    print("-- differences per category (count, then first %d)" % EXAMPLES)
    for key, (count, examples) in sorted(diffs.items(), key=lambda kv: -kv[1][0]):
        print("%6d  %s" % (count, key))
    for key, (count, examples) in sorted(diffs.items(), key=lambda kv: -kv[1][0]):
        print("\n## %s (%d)" % (key, count))
        for e in examples:
            print("   " + e)


# ---------------------------------------------------------------------------- build


def synthesize_jaffle_orders(work):
    """jaffle-shop's seeds/jaffle-data/raw_orders.csv and raw_items.csv are larger than
    the snapshots keep. When they are missing, writes stand-ins of the same columns,
    deterministic (fixed seed) and consistent with the seeds that are there: orders of
    the customers of raw_customers at the stores of raw_stores (after their opening),
    items of the products of raw_products, subtotal = the sum of the item prices,
    tax_paid = int(subtotal * tax_rate), order_total = subtotal + tax_paid, as the
    project's tests expect; a few orders have no items (as in the real data: 0,0,0).
    Returns the files written."""
    import csv
    import datetime
    import random
    import uuid
    d = os.path.join(work, "seeds", "jaffle-data")
    orders_csv, items_csv = os.path.join(d, "raw_orders.csv"), os.path.join(d, "raw_items.csv")
    if os.path.exists(orders_csv) and os.path.exists(items_csv):
        return []

    def rows(name):
        with open(os.path.join(d, name), newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    customers = [r["id"] for r in rows("raw_customers.csv")]
    stores = rows("raw_stores.csv")
    products = [(r["sku"], int(r["price"])) for r in rows("raw_products.csv")]
    rng = random.Random(20240901)

    def uid():
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    start = datetime.datetime(2024, 9, 1)
    orders, items = [], []
    for day in range(365):
        date = start + datetime.timedelta(days=day)
        for store in stores:
            if datetime.datetime.fromisoformat(store["opened_at"]) > date:
                continue
            for _ in range(rng.randint(2, 8)):
                order_id = uid()
                skus = [] if rng.random() < 0.01 else \
                    [rng.choice(products) for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4)))]
                subtotal = sum(price for _, price in skus)
                tax = int(subtotal * float(store["tax_rate"]))
                at = date + datetime.timedelta(minutes=rng.randint(7 * 60, 19 * 60))
                orders.append([order_id, rng.choice(customers), at.strftime("%Y-%m-%dT%H:%M:%S"),
                               store["id"], subtotal, tax, subtotal + tax])
                items += [[uid(), order_id, sku] for sku, _ in skus]
    for path, header, data in ((orders_csv, "id,customer,ordered_at,store_id,subtotal,tax_paid,order_total", orders),
                               (items_csv, "id,order_id,sku", items)):
        with open(path, "w", newline="", encoding="utf-8") as f:
            f.write(header + "\n")
            csv.writer(f, lineterminator="\n").writerows(data)
    return ["%s (%d rows)" % (os.path.relpath(orders_csv, work), len(orders)),
            "%s (%d rows)" % (os.path.relpath(items_csv, work), len(items))]


def run_results_raw(work):
    path = os.path.join(work, "target", "run_results.json")
    if not os.path.exists(path):
        return {}
    return {r["unique_id"]: r for r in load(path)["results"]}


def column_checksums(db, relation, skip=()):
    """relation "schema.name" -> {column: order-independent checksum of its values}, for
    the columns not in skip."""
    import duckdb
    import run_compare
    schema, name = relation.split(".", 1)
    catalog = os.path.splitext(os.path.basename(db))[0]
    con = duckdb.connect(db, read_only=True)
    try:
        cols = [c for (c,) in con.execute(
            "select column_name from information_schema.columns where table_catalog = ? "
            "and table_schema = ? and table_name = ? order by ordinal_position",
            [catalog, schema, name]).fetchall() if c not in skip]
        q = run_compare.quote
        exprs = ", ".join("coalesce(sum(hash(%s)::hugeint), 0)::varchar" % q(c) for c in cols)
        values = con.execute("select %s from %s.%s.%s" % (
            exprs, q(catalog), q(schema), q(name))).fetchone() if cols else []
        return dict(zip(cols, values))
    finally:
        con.close()


def explain_result(uid, dbt_result, lakedev_result, works, name):
    """For a result that differs: (category, lines). Whether the two compiled SQL texts
    are the same (else their first difference); for a test with the same SQL, how many
    rows that SQL returns on each database (other counts: the data differs, not the test)."""
    a, b = dbt_result.get("compiled_code"), lakedev_result.get("compiled_code")
    if a is None or b is None:
        return "no compiled SQL on one side", []
    if a != b:
        return "compiled SQL differs", ["      compiled SQL differs (- dbt, + lakedev):", first_diff(b, a)]
    if not uid.startswith("test."):
        return "compiled SQL identical", ["      compiled SQL identical"]
    import duckdb
    counts = []
    for tool in ("dbt", "lakedev"):
        con = duckdb.connect(os.path.join(works[tool], "%s.duckdb" % name), read_only=True)
        try:
            counts.append(str(con.execute("select count(*) from (%s\n) t" % a).fetchone()[0]))
        except duckdb.Error as e:
            counts.append("error: " + one_line(str(e), 120))
        finally:
            con.close()
    category = ("compiled SQL identical, same rows on both databases" if counts[0] == counts[1]
                else "compiled SQL identical, other rows on the two databases (data differs)")
    return category, ["      compiled SQL identical; its rows on dbt's database: %s, on lakedev's: %s"
                      % tuple(counts)]


def one_line(text, n=300):
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n] + "..."


def build_project(name, spec, src, lakedev, work_root):
    """Runs spec["build"]["steps"] in a dbt tree and a lakedev tree; compares each step."""
    from pathlib import Path
    import run_compare
    print("=" * 78)
    print("project %s (%s): build" % (name, spec["src"]))
    bspec = spec["build"]
    home = os.path.join(work_root, "home")
    os.makedirs(home, exist_ok=True)
    dbt = os.path.join(os.path.dirname(sys.executable), "dbt")
    tools = {"dbt": [dbt], "lakedev": [lakedev]}
    works = {}
    for tool in tools:
        works[tool] = os.path.join(work_root, tool, name)
        assemble(src, spec, works[tool])
        if bspec.get("synthesize"):
            written = globals()[bspec["synthesize"]](works[tool])
            if written and tool == "dbt":
                print("synthetic seed data (missing from the git directory), in both trees: "
                      + ", ".join(written))
    totals = {"results": [0, 0], "relations": [0, 0]}  # [identical, compared]
    for step in bspec["steps"]:
        args = step
        print("-" * 78)
        print("step: %s" % " ".join(args))
        rec = {}
        for tool, argv in tools.items():
            rr = os.path.join(works[tool], "target", "run_results.json")
            if os.path.exists(rr):
                os.remove(rr)
            t0 = time.time()
            p = run(argv + args, works[tool], home)
            rec[tool] = {
                "exit": p.returncode, "seconds": time.time() - t0, "proc": p,
                "results": run_compare.results(Path(works[tool])) or {},
                "raw": run_results_raw(works[tool]),
                "relations": run_compare.snapshot(
                    Path(works[tool]) / ("%s.duckdb" % name), bspec.get("volatile", {})),
            }
        d, l = rec["dbt"], rec["lakedev"]
        print("exit: dbt %d, lakedev %d%s   (dbt %.1fs, lakedev %.1fs)" % (
            d["exit"], l["exit"], "" if d["exit"] == l["exit"] else "   <-- DIFFERS",
            d["seconds"], l["seconds"]))
        for tool in tools:
            counts = {}
            for r in rec[tool]["results"].values():
                counts[r["status"]] = counts.get(r["status"], 0) + 1
            print("  %-7s results: %s" % (tool, ", ".join(
                "%d %s" % (n, s) for s, n in sorted(counts.items())) or "none"))
        # results per unique_id
        diffs = {}  # category -> [text]
        same = 0
        uids = sorted(set(d["results"]) | set(l["results"]))
        for uid in uids:
            a, b = d["results"].get(uid), l["results"].get(uid)
            if a == b:
                same += 1
                continue
            if a is None or b is None:
                raw = (l if a is None else d)["raw"].get(uid, {})
                who = "lakedev" if a is None else "dbt"
                kind = uid.split(".")[0]
                diffs.setdefault("%s only in %s" % (kind, who), []).append(
                    "%s (status %s: %s)" % (uid, (a or b)["status"], one_line(raw.get("message"))))
                continue
            fields = [k for k in sorted(set(a) | set(b)) if a.get(k, "<absent>") != b.get(k, "<absent>")]
            lines = ["%s: %s differ" % (uid, "/".join(fields))]
            for tool, rr in (("dbt", d), ("lakedev", l)):
                raw = rr["raw"].get(uid, {})
                lines.append("      %-7s status=%s failures=%s message=%s" % (
                    tool, raw.get("status"), raw.get("failures"), one_line(raw.get("message"))))
            category, more = explain_result(uid, d["raw"].get(uid, {}), l["raw"].get(uid, {}), works, name)
            if fields == ["failures"]:
                category = "only failures differ (%s vs %s), %s" % (
                    d["raw"][uid].get("status"), l["raw"][uid].get("status"), category)
            diffs.setdefault(category, []).append("\n".join(lines + more))
        totals["results"][0] += same
        totals["results"][1] += len(uids)
        print("results: %d of %d unique_ids identical (status, message, failures)%s" % (
            same, len(uids), "; the others by kind:" if diffs else ""))
        for category, items in sorted(diffs.items(), key=lambda kv: -len(kv[1])):
            print("%6d  %s" % (len(items), category))
        for category, items in sorted(diffs.items(), key=lambda kv: -len(kv[1])):
            print("\n## %s (%d)" % (category, len(items)))
            for text in items:
                print("   " + text)
        # relations
        rdiffs = []
        rsame = 0
        rels = sorted(set(d["relations"]) | set(l["relations"]))
        for rel in rels:
            a, b = d["relations"].get(rel), l["relations"].get(rel)
            if a == b:
                rsame += 1
                continue
            if a is None or b is None:
                r = a or b
                rdiffs.append("%s: only in %s (%s, %d rows, %d columns)" % (
                    rel, "dbt" if b is None else "lakedev", r["kind"], r["rows"], len(r["columns"])))
                continue
            lines = ["%s: %s differ" % (rel, "/".join(
                k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)))]
            for k in sorted(set(a) | set(b)):
                if k in ("checksum",) or a.get(k) == b.get(k):
                    continue
                if k == "columns":
                    ca, cb = a[k], b[k]
                    lines.append("      columns, dbt only: %s" % [c for c in ca if c not in cb])
                    lines.append("      columns, lakedev only: %s" % [c for c in cb if c not in ca])
                    if sorted(ca) == sorted(cb):
                        lines.append("      (same columns, other order)")
                else:
                    lines.append("      %s: dbt %s, lakedev %s" % (k, short(a.get(k), 200), short(b.get(k), 200)))
            if a.get("checksum") != b.get("checksum") and a.get("columns") == b.get("columns"):
                skip = bspec.get("volatile", {}).get(rel, [])
                ka = column_checksums(str(Path(works["dbt"]) / ("%s.duckdb" % name)), rel, skip)
                kb = column_checksums(str(Path(works["lakedev"]) / ("%s.duckdb" % name)), rel, skip)
                cols = [c for c in ka if ka[c] != kb.get(c)]
                lines.append("      rows differ in column(s): %s" % (", ".join(cols) or "(none: row pairing)"))
            rdiffs.append("\n".join(lines))
        totals["relations"][0] += rsame
        totals["relations"][1] += len(rels)
        print("relations: %d of %d identical (kind, columns+types, rows, checksum)" % (rsame, len(rels)))
        for line in rdiffs:
            print("   " + line)
        for tool in tools:
            if rec[tool]["exit"] != 0 and rec[tool]["exit"] != rec["dbt" if tool == "lakedev" else "lakedev"]["exit"]:
                print("-- %s output (exit %d), tail:\n%s" % (tool, rec[tool]["exit"], tail(rec[tool]["proc"], 2500)))
    print("-" * 78)
    print("%s total: results %d of %d identical, relations %d of %d identical (over %d steps)" % (
        name, totals["results"][0], totals["results"][1], totals["relations"][0],
        totals["relations"][1], len(bspec["steps"])))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("extract")
    e.add_argument("src")
    e.add_argument("--git-dirs", default="/work/.mirror/{owner}+{name}/repo")
    c = sub.add_parser("compare")
    c.add_argument("src")
    c.add_argument("--lakedev", required=True)
    c.add_argument("--project", action="append", choices=sorted(PROJECTS))
    c.add_argument("--keep", help="work in this directory and leave it behind")
    b = sub.add_parser("build")
    b.add_argument("src")
    b.add_argument("--lakedev", required=True)
    b.add_argument("--project", action="append",
                   choices=sorted(n for n, p in PROJECTS.items() if "build" in p))
    b.add_argument("--keep", help="work in this directory and leave it behind")
    a = ap.parse_args()
    if a.cmd == "extract":
        extract(a.src, a.git_dirs)
        return 0
    src, lakedev = os.path.abspath(a.src), os.path.abspath(a.lakedev)
    work_root = os.path.abspath(a.keep) if a.keep else tempfile.mkdtemp(prefix="lakedev-public-")
    if a.keep:
        shutil.rmtree(work_root, ignore_errors=True)
    try:
        if a.cmd == "build":
            for name in a.project or sorted(n for n, p in PROJECTS.items() if "build" in p):
                build_project(name, PROJECTS[name], src, lakedev, work_root)
        else:
            for name in a.project or sorted(PROJECTS):
                compare_project(name, PROJECTS[name], src, lakedev, work_root)
    finally:
        if not a.keep:
            shutil.rmtree(work_root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
