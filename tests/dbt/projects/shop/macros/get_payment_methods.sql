{% macro get_payment_methods() %}
    {%- set methods = var('payment_methods', ['credit_card']) -%}
    {{ return(methods | sort) }}
{% endmacro %}
