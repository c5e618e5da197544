{{ config(schema='finance_reporting', tags=["kpi"]) }}

select
    d.year_number,
    d.quarter_name,
    sum(r.revenue) as revenue,
    {{ shop_utils.safe_divide('sum(r.revenue)', 'count(distinct r.order_date)') }} as revenue_per_day,
    '{{ this.schema }}' as published_schema
from {{ ref('fct_revenue') }} as r
join {{ ref('dim_dates') }} as d
    on r.order_date = d.date_day
group by 1, 2
