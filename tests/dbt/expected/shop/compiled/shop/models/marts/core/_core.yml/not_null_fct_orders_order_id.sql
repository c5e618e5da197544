
    
    



select order_id
from "shop"."main"."fct_orders"
where order_id is null


