-- kept for the old BI dashboards; aliased by the folder config in dbt_project.yml
select
    order_date,
    revenue
from {{ ref('fct_revenue') }}
