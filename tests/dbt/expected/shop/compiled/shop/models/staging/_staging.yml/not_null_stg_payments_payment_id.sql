
    
    



select payment_id
from "shop"."main__staging"."stg_payments"
where payment_id is null


