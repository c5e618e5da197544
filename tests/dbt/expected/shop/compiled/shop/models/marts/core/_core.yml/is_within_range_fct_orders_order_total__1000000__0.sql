

select order_total
from "shop"."main"."fct_orders"
where order_total < 0
   or order_total > 1000000

