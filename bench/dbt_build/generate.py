#!/usr/bin/env python3
"""Writes a synthetic dbt project for bench/dbt_build, runnable unchanged by dbt-duckdb and
lakedev (profile type duckdb, database file bench.duckdb in the project, threads 1).

    generate.py DIR --kind trivial [MODELS]   (default 1000)
    generate.py DIR --kind data [MODELS]      (default 200)

trivial: MODELS models in a DAG, each selecting from 1-3 of the 50 models before it (the
first ones from constant VALUES rows; 3 rows everywhere), about half views, 45% tables and
5% ephemeral, and unique + not_null tests on every 50th model. A view (or ephemeral
model) whose expansion would scan more than 8 tables is made a table instead, so DuckDB's
own work stays small and about constant per node: what is measured is the runner.

data: about MODELS models over ~1M generated rows, no seeds: ten base tables of 100,000
events each from DuckDB's range(), customer and product dimensions, staging views, then
enrichment joins, filters, unions, per-customer / per-day / per-product aggregations,
joins of aggregates, moving windows, some incremental models (delete+insert on a unique
key, filtered with is_incremental()) and unique / not_null tests on some aggregates.
"""
import argparse
import os
import random


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def common(root):
    write(os.path.join(root, "dbt_project.yml"), """name: bench_build
version: "1.0.0"
config-version: 2
profile: bench_build
models:
  bench_build:
    +materialized: view
""")
    write(os.path.join(root, "profiles.yml"), """bench_build:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: bench.duckdb
      threads: 1
""")


def tests_yml(path, models, column):
    out = ["version: 2", "models:"]
    for m in models:
        out += ["  - name: %s" % m, "    columns:", "      - name: %s" % column,
                "        data_tests: [unique, not_null]"]
    write(path, "\n".join(out) + "\n")


def trivial(root, n):
    rnd = random.Random(42)
    names, mat, cost = [], {}, {}   # cost: tables a view/ephemeral expands to
    tested = {}
    for i in range(n):
        name = "m_%04d" % i
        sub = "g%02d" % (i // 100)
        if i < 5 or i % 100 == 0:
            parents = []
            body = ("select * from (values (1, 'a', %d), (2, 'b', %d), (3, 'c', %d))"
                    " as t(id, label, amount)\n" % (i, i + 1, i + 2))
        else:
            window = names[-50:]
            parents = rnd.sample(window, min(len(window), rnd.randint(1, 3)))
            cols = " + ".join("p%d.amount" % k for k in range(len(parents)))
            joins = "".join("\njoin {{ ref('%s') }} as p%d on p%d.id = p0.id" % (p, k, k)
                            for k, p in enumerate(parents[1:], 1))
            body = ("select p0.id, p0.label, (%s + %d) %% 1000 as amount\n"
                    "from {{ ref('%s') }} as p0%s\n" % (cols, i % 7, parents[0], joins))
        r = rnd.random()
        m = "view" if r < 0.50 else "table" if r < 0.95 else "ephemeral"
        c = sum(cost[p] for p in parents) if parents else 1
        if m != "table" and c > 8:
            m = "table"
        mat[name] = m
        cost[name] = 1 if m == "table" else c
        write(os.path.join(root, "models", sub, name + ".sql"),
              "{{ config(materialized='%s') }}\n%s" % (m, body))
        names.append(name)
        if i % 50 == 25 and m != "ephemeral":
            tested.setdefault(sub, []).append(name)
    for sub, models in tested.items():
        tests_yml(os.path.join(root, "models", sub, "_tests.yml"), models, "id")


EVENT_COLS = "event_id, customer_id, product_id, amount, status, order_date"


def data(root, n):
    rnd = random.Random(7)
    models = {}   # name -> (shape, materialization, expansion cost)
    tested = []   # (name, key column)

    def model(layer, name, shape, mat, sql, parents=(), config=""):
        cost = sum(models[p][2] for p in parents) if mat in ("view", "ephemeral") else 1
        if mat in ("view", "ephemeral") and cost > 8:
            mat, cost = "table", 1
        models[name] = (shape, mat, cost)
        cfg = "materialized='%s'%s" % (mat, config)
        write(os.path.join(root, "models", layer, name + ".sql"),
              "{{ config(%s) }}\n%s" % (cfg, sql))

    for k in range(10):
        model("base", "base_events_%d" % k, "raw", "table", """select
    i as event_id,
    (i * 31) %% 5000 as customer_id,
    (i * 17) %% 200 as product_id,
    ((i * 7919) %% 10007) / 100.0 as amount,
    ['placed', 'shipped', 'returned', 'cancelled'][(i %% 4) + 1] as status,
    date '2024-01-01' + ((i // 7) %% 366)::integer as order_date
from range(%d, %d) as t(i)
""" % (k * 100000, (k + 1) * 100000))
    model("base", "dim_customers", "dim", "table", """select
    i as customer_id,
    ['north', 'south', 'east', 'west', 'central'][(i % 5) + 1] as region,
    ['consumer', 'business', 'public'][(i % 3) + 1] as segment
from range(5000) as t(i)
""")
    model("base", "dim_products", "dim", "table", """select
    i as product_id,
    'category_' || (i % 12) as category,
    round(5 + (i * 37) % 500 / 3.0, 2) as list_price
from range(200) as t(i)
""")
    for k in range(10):
        model("staging", "stg_events_%d" % k, "event", "view",
              "select %s\nfrom {{ ref('base_events_%d') }}\nwhere status <> 'cancelled'\n"
              % (EVENT_COLS, k), ["base_events_%d" % k])

    def pick(*shapes):
        cands = [m for m, v in models.items() if v[0] in shapes]
        return rnd.choice(cands) if cands else None

    def soft_mat(table_share=0.4):
        r = rnd.random()
        return "table" if r < table_share else "view" if r < 0.8 else "ephemeral"

    i = 0
    while len(models) < n:
        i += 1
        kind = rnd.choices(["enrich", "filter", "union", "customer", "daily", "product",
                            "customer_join", "daily_join", "window", "incremental"],
                           [8, 6, 4, 12, 10, 6, 10, 8, 6, 5])[0]
        layer = "intermediate" if kind in ("enrich", "filter", "union") else "marts"
        name = "%s_%03d" % (kind, i)
        if kind == "enrich":
            p = pick("event")
            model(layer, name, "enriched", soft_mat(), """select
    e.*,
    c.region,
    c.segment,
    p.category,
    p.list_price
from {{ ref('%s') }} as e
join {{ ref('dim_customers') }} as c on c.customer_id = e.customer_id
join {{ ref('dim_products') }} as p on p.product_id = e.product_id
""" % p, [p, "dim_customers", "dim_products"])
        elif kind == "filter":
            p = pick("event", "enriched")
            model(layer, name, models[p][0], soft_mat(0.3),
                  "select *\nfrom {{ ref('%s') }}\nwhere amount > %d and status = '%s'\n"
                  % (p, rnd.randint(0, 60), rnd.choice(["placed", "shipped", "returned"])), [p])
        elif kind == "union":
            a, b = rnd.sample([m for m, v in models.items() if v[0] == "event"], 2)
            model(layer, name, "event", soft_mat(0.5),
                  "select %s from {{ ref('%s') }}\nunion all\nselect %s from {{ ref('%s') }}\n"
                  % (EVENT_COLS, a, EVENT_COLS, b), [a, b])
        elif kind == "customer":
            p = pick("event", "enriched")
            model(layer, name, "customer", "table" if rnd.random() < 0.8 else "view", """select
    customer_id,
    count(*) as orders,
    sum(amount) as revenue,
    max(order_date) as last_order
from {{ ref('%s') }}
group by customer_id
""" % p, [p])
            if rnd.random() < 0.3:
                tested.append((name, "customer_id"))
        elif kind == "daily":
            p = pick("event", "enriched")
            model(layer, name, "daily", "table" if rnd.random() < 0.8 else "view", """select
    order_date,
    count(*) as orders,
    sum(amount) as revenue,
    count(distinct customer_id) as customers
from {{ ref('%s') }}
group by order_date
""" % p, [p])
            if rnd.random() < 0.3:
                tested.append((name, "order_date"))
        elif kind == "product":
            p = pick("enriched")
            if not p:
                continue
            model(layer, name, "product", "table", """select
    product_id,
    category,
    count(*) as orders,
    sum(amount) as revenue,
    avg(amount - list_price) as avg_margin,
    count(distinct region) as regions
from {{ ref('%s') }}
group by product_id, category
""" % p, [p])
        elif kind == "customer_join":
            cands = [m for m, v in models.items() if v[0] == "customer"]
            if len(cands) < 2:
                continue
            a, b = rnd.sample(cands, 2)
            model(layer, name, "customer", "table", """select
    a.customer_id,
    a.orders + coalesce(b.orders, 0) as orders,
    a.revenue + coalesce(b.revenue, 0) as revenue,
    greatest(a.last_order, coalesce(b.last_order, a.last_order)) as last_order
from {{ ref('%s') }} as a
left join {{ ref('%s') }} as b on b.customer_id = a.customer_id
""" % (a, b), [a, b])
            if rnd.random() < 0.3:
                tested.append((name, "customer_id"))
        elif kind == "daily_join":
            cands = [m for m, v in models.items() if v[0] == "daily"]
            if len(cands) < 2:
                continue
            a, b = rnd.sample(cands, 2)
            model(layer, name, "daily", rnd.choice(["table", "view"]), """select
    a.order_date,
    a.orders + coalesce(b.orders, 0) as orders,
    a.revenue + coalesce(b.revenue, 0) as revenue,
    a.customers + coalesce(b.customers, 0) as customers
from {{ ref('%s') }} as a
full outer join {{ ref('%s') }} as b on b.order_date = a.order_date
where a.order_date is not null
""" % (a, b), [a, b])
        elif kind == "window":
            p = pick("daily")
            if not p:
                continue
            model(layer, name, "daily", "table", """select
    order_date,
    orders,
    sum(revenue) over (order by order_date rows between 6 preceding and current row) as revenue,
    customers
from {{ ref('%s') }}
""" % p, [p])
        else:   # incremental
            p = pick("event", "enriched")
            model(layer, name, "daily", "incremental", """select
    order_date,
    count(*) as orders,
    sum(amount) as revenue,
    count(distinct customer_id) as customers
from {{ ref('%s') }}
{%% if is_incremental() %%}
where order_date >= (select max(order_date) from {{ this }})
{%% endif %%}
group by order_date
""" % p, [p], config=", unique_key='order_date', incremental_strategy='delete+insert'")
            if rnd.random() < 0.3:
                tested.append((name, "order_date"))
    by_key = {}
    for name, col in tested:
        by_key.setdefault(col, []).append(name)
    out = ["version: 2", "models:"]
    for col, names in sorted(by_key.items()):
        for m in names:
            out += ["  - name: %s" % m, "    columns:", "      - name: %s" % col,
                    "        data_tests: [unique, not_null]"]
    write(os.path.join(root, "models", "marts", "_tests.yml"), "\n".join(out) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--kind", choices=["trivial", "data"], required=True)
    ap.add_argument("models", nargs="?", type=int)
    a = ap.parse_intermixed_args()
    common(a.dir)
    if a.kind == "trivial":
        trivial(a.dir, a.models or 1000)
    else:
        data(a.dir, a.models or 200)


if __name__ == "__main__":
    main()
