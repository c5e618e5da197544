{{ config(tags=["orders"]) }}

select
    o.order_id,
    o.customer_id,
    o.order_date,
    o.status,
    s.status_group,
    coalesce(p.total_amount, 0) as order_total,
    coalesce(p.total_amount, 0) >= {{ var('high_value_threshold') }} as is_high_value
from {{ ref('stg_orders') }} as o
left join {{ ref('int_payments_pivoted') }} as p
    on o.order_id = p.order_id
left join {{ ref('stg_order_statuses') }} as s
    on o.status = s.status
