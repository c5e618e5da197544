-- an order can be free (coupons) but never negative
select order_id, order_total
from "shop"."main"."fct_orders"
where order_total < 0