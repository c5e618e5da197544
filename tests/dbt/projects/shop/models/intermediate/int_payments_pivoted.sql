{%- set methods = get_payment_methods() -%}
{%- set amount_columns = [] -%}

select
    order_id,
    {%- for method in methods %}
    {%- set column_name = method ~ '_amount' %}
    {%- do amount_columns.append(column_name) %}
    sum(case when payment_method = '{{ method }}' then amount else 0 end) as {{ column_name }},
    {%- endfor %}
    sum(amount) as total_amount
from {{ ref('int_order_payments') }}
group by order_id
-- pivoted columns: {{ amount_columns | join(', ') }}
