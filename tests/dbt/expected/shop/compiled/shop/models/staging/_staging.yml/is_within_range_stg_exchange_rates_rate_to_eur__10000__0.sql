

select rate_to_eur
from "shop"."main__staging"."stg_fx_rates"
where rate_to_eur < 0
   or rate_to_eur > 10000

