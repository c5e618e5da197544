
    
    



select id
from "shop"."raw_shop".payments
where id is null


