{%- set attribution_window = env_var('SHOP_ATTRIBUTION_DAYS', '30') | int -%}

select
    c.customer_id,
    c.region,
    o.order_channel,
    count(*) as orders_in_window,
    {{ attribution_window }} as attribution_window_days
from {{ ref('dim_customers') }} as c
join {{ ref('stg_orders') }} as o
    on c.customer_id = o.customer_id
where o.order_date >= current_date - interval '{{ attribution_window }} days'
group by 1, 2, 3
