{# overrides shop_utils' implementation for duckdb, picked through the dispatch config #}
{% macro duckdb__cents_to_currency(column_name, scale=2) -%}
    round(cast({{ column_name }} as decimal(18, 4)) / 100, {{ scale }})
{%- endmacro %}
