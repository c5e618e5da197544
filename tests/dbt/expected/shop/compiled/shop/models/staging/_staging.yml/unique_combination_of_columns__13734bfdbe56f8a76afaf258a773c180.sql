

select
    rate_date, currency,
    count(*) as occurrences
from "shop"."main__staging"."stg_fx_rates"
group by rate_date, currency
having count(*) > 1

