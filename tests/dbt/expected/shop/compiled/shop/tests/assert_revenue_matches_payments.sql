

with revenue as (
    select sum(revenue) as total from "shop"."main__finance"."fct_revenue"
),

payments as (
    select sum(amount) as total from "shop"."main__finance"."fct_payments_daily"
)

select *
from revenue cross join payments
where abs(revenue.total - payments.total) > 0.01