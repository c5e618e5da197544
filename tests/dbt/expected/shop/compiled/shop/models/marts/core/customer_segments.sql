select
    customer_id,
    case
        when lifetime_value >= 5000 then 'whale'
        when lifetime_value >= 500 then 'regular'
        when lifetime_value >= 0 then 'casual'
        else 'unknown'
    end as segment
from "shop"."main"."dim_customers_v1"