

select
    rate_date,
    currency,
    rate_to_eur
from "shop"."main__seeds"."exchange_rates"