
    
    



select date_day
from "shop"."main__utils"."util_calendar"
where date_day is null


