

with __dbt__cte__int_order_payments as (
-- ephemeral: payments joined to their orders
select
    p.payment_id,
    p.order_id,
    o.customer_id,
    o.order_date,
    p.payment_method,
    p.amount
from "shop"."main__staging"."stg_payments" as p
join "shop"."main__staging"."stg_orders" as o
    on p.order_id = o.order_id
) select
    p.order_date,
    p.payment_method,
    count(*) as payment_count,
    sum(p.amount) as amount
from __dbt__cte__int_order_payments as p
group by 1, 2