{% macro cents_to_currency(column_name, scale=2) -%}
    {{ return(adapter.dispatch('cents_to_currency', 'shop_utils')(column_name, scale)) }}
{%- endmacro %}

{% macro default__cents_to_currency(column_name, scale=2) -%}
    round(({{ column_name }}) / 100.0, {{ scale }})
{%- endmacro %}
