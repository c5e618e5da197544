select
    id as order_id,
    user_id as customer_id,
    cast(order_date as date) as order_date,
    status,
    'web' as order_channel
from "shop"."raw_shop".orders
where cast(order_date as date) >= cast('2023-01-01' as date)
limit 1000