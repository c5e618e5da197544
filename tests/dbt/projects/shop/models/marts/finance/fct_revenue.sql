{{ config(unique_key=['order_date', 'currency']) }}

{%- set reporting_currency = var('reporting_currency', 'USD') %}

select
    o.order_date,
    '{{ reporting_currency }}' as currency,
    sum(o.order_total * coalesce(fx.rate_to_eur, 1)) as revenue
from {{ ref('fct_orders') }} as o
left join {{ ref('stg_exchange_rates') }} as fx
    on fx.rate_date = o.order_date
   and fx.currency = '{{ reporting_currency }}'
where o.status_group != 'returns'
group by 1, 2
