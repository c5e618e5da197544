{{ config(enabled=false) }}

-- switched off until the refunds feed is trustworthy
select * from {{ source('stripe', 'refunds') }}
