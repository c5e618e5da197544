#!/usr/bin/env python3
"""Writes a synthetic dbt project for bench/dbt_parse: MODELS models in staging /
intermediate / marts layers (refs to earlier models, sources, macros, vars, config()),
about three generic tests per model in properties files, sources, a macro library and a
duckdb profile.

    generate.py DIR MODELS
"""
import os
import random
import sys


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    root, n = sys.argv[1], int(sys.argv[2])
    rnd = random.Random(42)
    write(os.path.join(root, "dbt_project.yml"), """name: bench
version: "1.0.0"
config-version: 2
profile: bench
vars:
  start_date: "2024-01-01"
  statuses: ["placed", "shipped", "returned"]
models:
  bench:
    +materialized: view
    staging:
      +schema: staging
      +tags: ["staging"]
    intermediate:
      +materialized: ephemeral
    marts:
      +materialized: table
      +tags: ["marts"]
""")
    write(os.path.join(root, "profiles.yml"), """bench:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: bench.duckdb
      threads: 4
""")
    write(os.path.join(root, "macros", "library.sql"), """
{% macro cents_to_dollars(column, scale=2) -%}
    round({{ column }} / 100.0, {{ scale }})
{%- endmacro %}

{% macro status_group(column) -%}
    case {% for s in var('statuses') -%}
    when {{ column }} = '{{ s }}' then '{{ s | upper }}'
    {% endfor -%} else 'OTHER' end
{%- endmacro %}

{% macro limit_in_dev(n=100) -%}
    {{ return(adapter.dispatch('limit_in_dev')(n)) }}
{%- endmacro %}

{% macro default__limit_in_dev(n) -%}
    {% if target.name == 'dev' %}limit {{ n }}{% endif %}
{%- endmacro %}
""")
    sources = ["orders", "customers", "payments", "events", "products"]
    write(os.path.join(root, "models", "staging", "_sources.yml"),
          "version: 2\nsources:\n  - name: raw\n    schema: raw\n    tables:\n"
          + "".join("      - name: %s\n        columns:\n          - name: id\n"
                    "            data_tests: [not_null]\n" % s for s in sources))
    layers = [("staging", 0.4), ("intermediate", 0.3), ("marts", 0.3)]
    names = []
    per_dir = {}
    for i in range(n):
        frac = i / max(n, 1)
        layer = "staging" if frac < 0.4 else "intermediate" if frac < 0.7 else "marts"
        sub = "%s/group_%d" % (layer, (i // 50) % 20)
        name = "%s_model_%d" % (layer[:3], i)
        if layer == "staging" or not names:
            body = ("select id, amount, status, created_at\n"
                    "from {{ source('raw', '%s') }}\n"
                    "where created_at >= '{{ var(\"start_date\") }}'\n" % rnd.choice(sources))
        else:
            parents = rnd.sample(names[-200:], min(len(names[-200:]), rnd.randint(1, 3)))
            joins = "\n".join("left join {{ ref('%s') }} as p%d on p%d.id = base.id" % (p, k, k)
                              for k, p in enumerate(parents[1:]))
            body = ("{{ config(tags=['generated']) }}\n"
                    "with base as (\n    select * from {{ ref('%s') }}\n)\n"
                    "select\n    base.id,\n    {{ cents_to_dollars('base.amount') }} as amount,\n"
                    "    {{ status_group('base.status') }} as status_group\n"
                    "from base\n%s\n{{ limit_in_dev() }}\n" % (parents[0], joins))
        write(os.path.join(root, "models", sub, name + ".sql"), body)
        names.append(name)
        per_dir.setdefault(sub, []).append(name)
    for sub, models in per_dir.items():
        out = ["version: 2", "models:"]
        for m in models:
            out += ["  - name: %s" % m,
                    "    description: Model %s." % m,
                    "    columns:",
                    "      - name: id",
                    "        data_tests: [unique, not_null]",
                    "      - name: status" if m.startswith("sta") else "      - name: status_group",
                    "        data_tests:",
                    "          - accepted_values:",
                    "              arguments:",
                    "                values: ['placed', 'shipped', 'returned']" if m.startswith("sta")
                    else "                values: ['PLACED', 'SHIPPED', 'RETURNED', 'OTHER']"]
        write(os.path.join(root, "models", sub, "_models.yml"), "\n".join(out) + "\n")


if __name__ == "__main__":
    main()
