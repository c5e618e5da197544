#!/usr/bin/env python3
"""Bad input: lakedev fails where dbt-core fails, with dbt's exit code and its wording.

    python3 tests/dbt/errors_test.py LAKEDEV_BINARY

For each tests/dbt/projects/bad_<case> and each command (parse, compile), runs lakedev in a
copy of the project and checks against tests/dbt/expected/bad_<case>/<command>/ (what
dbt-core 1.11.16 printed, recorded by record.py):
  * the exit code is dbt's;
  * when dbt failed, lakedev's message contains the phrase below, and that phrase is in
    dbt's own output too (so the wording is dbt's, not ours);
  * when the mistake is in a file, lakedev names it as file:line:column.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# case -> (phrase of dbt's message, the file:line:column lakedev must point at or None)
CASES = {
    "bad_syntax": ("unexpected '}'", "models/broken.sql:2:"),
    "bad_unknown_ref": ("depends on a node named 'orderz' which was not found",
                        "models/order_summary.sql:2:9"),
    "bad_ref_cycle": ("Found a cycle: ", None),
    "bad_duplicate_model": ('dbt found two models with the name "customers"', None),
    "bad_yaml_indent": ("schema.yml", "models/schema.yml:"),
    "bad_unknown_macro": ("'cents_to_dollars' is undefined", "models/orders.sql:3:"),
    "bad_missing_var": ("Required var 'start_date' not found in config:",
                        "models/recent_orders.sql:3:"),
}


def main():
    binary = os.path.abspath(sys.argv[1])
    failures = []
    for case, (phrase, location) in sorted(CASES.items()):
        for command in ("parse", "compile"):
            expected = os.path.join(HERE, "expected", case, command)
            with open(os.path.join(expected, "exit_code")) as f:
                want_code = int(f.read().strip())
            with open(os.path.join(expected, "out"), encoding="utf-8") as f:
                dbt_out = f.read()
            with tempfile.TemporaryDirectory() as tmp:
                work = os.path.join(tmp, case)
                shutil.copytree(os.path.join(HERE, "projects", case), work)
                p = subprocess.run([binary, command, "--profiles-dir", work], cwd=work,
                                   capture_output=True, text=True)
            out = p.stdout + p.stderr
            label = "%s %s" % (case, command)
            if p.returncode != want_code:
                failures.append("%s: exit %d, dbt exits %d\n%s" % (label, p.returncode, want_code, out))
                continue
            if want_code == 0:
                continue
            if phrase not in dbt_out:
                failures.append("%s: the phrase %r is not in dbt's output" % (label, phrase))
            if phrase not in out:
                failures.append("%s: lakedev's message lacks %r:\n%s" % (label, phrase, out))
            if location and not re.search(re.escape(location) + r"\d*", out):
                failures.append("%s: lakedev does not point at %s:\n%s" % (label, location, out))
    for f in failures:
        print(f)
    print("%d of %d checks failed" % (len(failures), 2 * len(CASES)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
