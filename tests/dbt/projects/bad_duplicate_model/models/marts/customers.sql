select 2 as customer_id
