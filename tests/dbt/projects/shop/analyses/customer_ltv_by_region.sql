-- ad-hoc: how lifetime value spreads across regions
select
    region,
    count(*) as customers,
    avg(lifetime_value) as avg_ltv,
    {{ shop_utils.safe_divide('sum(lifetime_value)', 'count(*)') }} as ltv_per_customer
from {{ ref('dim_customers') }}
group by region
order by avg_ltv desc
