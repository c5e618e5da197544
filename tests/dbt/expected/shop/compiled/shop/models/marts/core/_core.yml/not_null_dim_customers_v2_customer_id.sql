
    
    



select customer_id
from "shop"."main"."dim_customers"
where customer_id is null


