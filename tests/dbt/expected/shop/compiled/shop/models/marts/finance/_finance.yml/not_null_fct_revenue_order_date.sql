
    
    



select *
from "shop"."main__finance"."fct_revenue"
where order_date is null


