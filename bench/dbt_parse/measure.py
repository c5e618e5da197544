#!/usr/bin/env python3
"""Times lakedev and dbt-core on one project (see run): best wall time of REPS runs and
the peak RSS of each process (from wait4's rusage)."""
import os
import shutil
import subprocess
import sys
import time


def run_once(argv, cwd):
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - t0
    err = p.stderr.read().decode()
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("%s failed:\n%s" % (" ".join(argv), err[-2000:]))
    return elapsed, usage.ru_maxrss * 1024


def best(argv, cwd, reps, before=None):
    times, rss = [], 0
    for _ in range(reps):
        if before:
            before()
        t, m = run_once(argv, cwd)
        times.append(t)
        rss = max(rss, m)
    return min(times), rss


def main():
    project, lakedev, dbt, reps, models = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    ours_dir, dbt_dir = project + "_lakedev", project + "_dbt"
    shutil.copytree(project, ours_dir)
    shutil.copytree(project, dbt_dir)
    prof = ["--profiles-dir", "."]
    target = lambda d: lambda: shutil.rmtree(os.path.join(d, "target"), ignore_errors=True)
    changed = os.path.join("models", "marts", "group_0")
    results = []

    def row(what, ours, theirs):
        results.append((what, ours, theirs))

    row("cold parse",
        best([lakedev, "parse"] + prof, ours_dir, reps, target(ours_dir)),
        best([dbt, "parse", "--no-partial-parse"] + prof, dbt_dir, reps, target(dbt_dir)))

    # One model edited, then parse again: dbt re-parses from its partial-parse file.
    def touch(d):
        def edit():
            for dirpath, _, files in os.walk(os.path.join(d, "models")):
                for f in sorted(files):
                    if f.endswith(".sql"):
                        path = os.path.join(dirpath, f)
                        with open(path, "a") as out:
                            out.write("\n-- edited %f\n" % time.time())
                        return
        return edit
    run_once([dbt, "parse"] + prof, dbt_dir)
    row("re-parse, one model changed",
        best([lakedev, "parse"] + prof, ours_dir, reps, touch(ours_dir)),
        best([dbt, "parse"] + prof, dbt_dir, reps, touch(dbt_dir)))
    row("compile (all nodes)",
        best([lakedev, "compile"] + prof, ours_dir, reps),
        best([dbt, "compile"] + prof, dbt_dir, reps))
    row("ls",
        best([lakedev, "ls", "--quiet"] + prof, ours_dir, reps),
        best([dbt, "ls", "--quiet"] + prof, dbt_dir, reps))

    print("dbt_parse: %s models (~3 tests each), best of %d" % (models, reps))
    print("  %-28s %10s %10s %8s   %9s %9s %6s" % ("", "lakedev", "dbt-core", "ratio",
                                                  "RSS ours", "RSS dbt", "ratio"))
    for what, (t1, m1), (t2, m2) in results:
        print("  %-28s %9.3fs %9.3fs %7.1fx   %7.0fMB %7.0fMB %5.1fx" % (
            what, t1, t2, t2 / t1, m1 / 2**20, m2 / 2**20, m2 / m1))


if __name__ == "__main__":
    main()
