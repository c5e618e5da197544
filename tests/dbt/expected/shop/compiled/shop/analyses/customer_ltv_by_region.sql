-- ad-hoc: how lifetime value spreads across regions
select
    region,
    count(*) as customers,
    avg(lifetime_value) as avg_ltv,
    (sum(lifetime_value)) / nullif(count(*), 0) as ltv_per_customer
from "shop"."main"."dim_customers"
group by region
order by avg_ltv desc