{{ config(severity='warn', tags=["reconciliation"]) }}

with revenue as (
    select sum(revenue) as total from {{ ref('fct_revenue') }}
),

payments as (
    select sum(amount) as total from {{ ref('fct_payments_daily') }}
)

select *
from revenue cross join payments
where abs(revenue.total - payments.total) > {{ var('reconciliation_tolerance', 0.01) }}
