
    
    



select id
from "my"."analytics_marts"."dim_people_v1"
where id is null


