-- ephemeral: payments joined to their orders
select
    p.payment_id,
    p.order_id,
    o.customer_id,
    o.order_date,
    p.payment_method,
    p.amount
from {{ ref('stg_payments') }} as p
join {{ ref('stg_orders') }} as o
    on p.order_id = o.order_id
