
    
    



select id
from "shop"."snapshots"."orders_snapshot"
where id is null


