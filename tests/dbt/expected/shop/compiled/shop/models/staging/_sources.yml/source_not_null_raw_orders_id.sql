
    
    



select id
from "shop"."raw_shop".orders
where id is null


