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