

select
    order_date, currency,
    count(*) as occurrences
from "shop"."main__finance"."fct_revenue"
group by order_date, currency
having count(*) > 1

