
    
    



select order_id
from "shop"."main__staging"."stg_orders"
where order_id is null


