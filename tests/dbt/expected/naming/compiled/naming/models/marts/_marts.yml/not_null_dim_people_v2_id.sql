
    
    



select id
from "my"."analytics_marts"."dim_people"
where id is null


