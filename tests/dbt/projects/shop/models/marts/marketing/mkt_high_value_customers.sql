{{ config(materialized='table', schema='marketing_restricted', alias='vip_customers') }}

select
    customer_id,
    full_name,
    lifetime_value
from {{ ref('dim_customers', version=2) }}
where lifetime_value >= {{ var('high_value_threshold') * 10 }}
