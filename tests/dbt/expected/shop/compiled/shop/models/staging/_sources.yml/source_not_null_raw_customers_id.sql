
    
    



select id
from "shop"."raw_shop".customers_v2
where id is null


