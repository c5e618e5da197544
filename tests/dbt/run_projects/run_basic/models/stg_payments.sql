{{ config(materialized='ephemeral') }}
select
    payment_id,
    customer_id,
    amount_cents / 100.0 as amount,
    paid_at,
    method
from {{ ref('raw_payments') }}
