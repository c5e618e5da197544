{{ config(tags=["inventory"]) }}

{#- a static list of the marts, so the query does not depend on the graph walk order -#}
{%- set marts = ['dim_customers', 'fct_orders', 'fct_revenue', 'finance_kpis'] -%}

{% for mart in marts %}
select '{{ mart }}' as model_name, {{ loop.index }} as position
{% if not loop.last %}union all{% endif %}
{% endfor %}
