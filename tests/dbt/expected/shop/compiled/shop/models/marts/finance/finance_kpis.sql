

select
    d.year_number,
    d.quarter_name,
    sum(r.revenue) as revenue,
    (sum(r.revenue)) / nullif(count(distinct r.order_date), 0) as revenue_per_day,
    'main__finance_reporting' as published_schema
from "shop"."main__finance"."fct_revenue" as r
join "shop"."main"."dim_dates" as d
    on r.order_date = d.date_day
group by 1, 2