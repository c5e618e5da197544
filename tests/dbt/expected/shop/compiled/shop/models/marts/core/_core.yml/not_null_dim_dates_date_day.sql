
    
    



select date_day
from "shop"."main"."dim_dates"
where date_day is null


