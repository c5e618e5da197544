
    
    



select country_code
from "shop"."main__seeds"."country_codes"
where country_code is null


