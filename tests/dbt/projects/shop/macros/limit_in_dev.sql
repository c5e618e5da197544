{% macro limit_in_dev(row_count=100) -%}
    {{ return(adapter.dispatch('limit_in_dev')(row_count)) }}
{%- endmacro %}

{% macro default__limit_in_dev(row_count) -%}
    {%- if target.name == 'dev' -%}
    fetch first {{ row_count }} rows only
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__limit_in_dev(row_count) -%}
    {%- if target.name == 'dev' -%}
    limit {{ row_count }}
    {%- endif -%}
{%- endmacro %}
