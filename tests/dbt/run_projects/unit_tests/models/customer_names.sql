select customer_id, upper(name) as name from {{ ref('raw_customers') }}
