"""Writes a dbt-like template set: macros.jinja and model_NNNN.jinja files."""
import os
import sys

MACROS = r"""
{%- macro star(cols, except=[], prefix='', alias=none) -%}
{%- for col in cols if col not in except -%}
  {%- if alias %}{{ alias }}.{% endif -%}{{ prefix }}{{ col }}{%- if not loop.last %},
  {% endif -%}
{%- endfor -%}
{%- endmacro -%}
{%- macro surrogate_key(field_list) -%}
{%- set fields = [] -%}
{%- for field in field_list -%}
  {%- do fields.append("coalesce(cast(" ~ field ~ " as varchar), '_null_')") -%}
  {%- if not loop.last %}{%- do fields.append("'-'") -%}{%- endif -%}
{%- endfor -%}
md5(concat({{ fields|join(', ') }}))
{%- endmacro -%}
{%- macro pivot(column, values, agg='sum', prefix='') -%}
{%- for value in values -%}
  {{ agg }}(case when {{ column }} = '{{ value|replace("'", "''") }}' then 1 else 0 end) as "{{ prefix ~ value }}"
  {%- if not loop.last %},
  {% endif -%}
{%- endfor -%}
{%- endmacro -%}
{%- macro union(relations) -%}
{%- set ns = namespace(first=true) -%}
{%- for rel in relations %}
{% if not ns.first %}union all
{% endif -%}
select '{{ rel }}' as _source, * from {{ rel }}
{%- set ns.first = false -%}
{%- endfor %}
{%- endmacro -%}
{%- macro accepted_values(model, column, values, quote=true) -%}
select {{ column }}, count(*) from {{ model }} where {{ column }} not in (
  {%- for v in values -%}{% if quote %}'{{ v }}'{% else %}{{ v }}{% endif %}{{ ', ' if not loop.last }}{%- endfor -%}
) group by 1
{%- endmacro -%}
"""

MODEL = r"""{%- from 'macros.jinja' import star, surrogate_key, pivot, union, accepted_values -%}
{%- set cols = ['id', 'customer_id', 'order_date', 'status', 'amount', 'c_{{n}}'] -%}
{%- set renames = {'ID': 'order_id', 'USER_ID': 'customer_id', 'DT': 'ordered_at', 'AMT_{{n}}': 'amount'} -%}
with source as (
  select {{ star(cols, except=['status'], alias='s') }}
  from {{ target }}.raw_{{n}} as s
),
renamed as (
  select
    {%- for old, new in renames.items() %}
    {{ old|lower }} as {{ new }}{{ ',' if not loop.last }}
    {%- endfor %},
    {{ surrogate_key(['id', 'customer_id', 'order_date']) }} as sk
  from source
),
pivoted as (
  select customer_id, {{ pivot('status', ['placed', 'shipped', "o'hara", 'returned'], prefix='n_') }}
  from renamed group by 1
)
{{ union(['a_{{n}}', 'b_{{n}}', 'c_{{n}}']) }}
-- {{ accepted_values('renamed', 'status', ['placed', 'shipped']) }}
-- {{ "%s rows, %.1f%%"|format(n_{{n}}|default(10), 12.5) }} {{ '{:>8}'.format('x') }}
{%- if target == 'dev' %} limit {{ range(1, 5)|sum }}{% endif %}
"""

out, n = sys.argv[1], int(sys.argv[2])
with open(os.path.join(out, "macros.jinja"), "w") as f:
    f.write(MACROS)
for i in range(n):
    with open(os.path.join(out, "model_%04d.jinja" % i), "w") as f:
        f.write(MODEL.replace("{{n}}", str(i)))
