

select
    customer_id,
    full_name,
    lifetime_value
from "shop"."main"."dim_customers"
where lifetime_value >= 5000