
    
    



select *
from "other_db"."analytics_marts"."empty_alias"
where id is null


