

select count(*) as row_count
from "shop"."main"."fct_orders"
having count(*) < 1

