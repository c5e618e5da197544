select
    c.customer_id,
    c.region,
    o.order_channel,
    count(*) as orders_in_window,
    30 as attribution_window_days
from "shop"."main"."dim_customers" as c
join "shop"."main__staging"."stg_orders" as o
    on c.customer_id = o.customer_id
where o.order_date >= current_date - interval '30 days'
group by 1, 2, 3