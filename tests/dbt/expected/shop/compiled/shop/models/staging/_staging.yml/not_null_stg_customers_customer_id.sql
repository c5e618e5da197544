
    
    



select customer_id
from "shop"."main__staging"."stg_customers"
where customer_id is null


