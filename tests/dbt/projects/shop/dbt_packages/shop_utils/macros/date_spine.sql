{% macro calendar_spine(start_date, day_count) -%}
    select cast('{{ start_date }}' as date) + cast(i as integer) as date_day
    from range({{ day_count }}) as t(i)
{%- endmacro %}
