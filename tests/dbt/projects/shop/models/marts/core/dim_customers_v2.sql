select
    c.customer_id,
    c.first_name || ' ' || c.last_name as full_name,
    c.email,
    c.country_code,
    cc.region,
    co.first_order_date,
    co.most_recent_order_date,
    coalesce(co.number_of_orders, 0) as number_of_orders,
    coalesce(co.lifetime_value, 0) as lifetime_value,
    coalesce(co.high_value_orders, 0) > 0 as is_high_value_customer
from {{ ref('stg_customers') }} as c
left join {{ ref('int_customer_orders') }} as co
    on c.customer_id = co.customer_id
left join {{ ref('stg_country_codes') }} as cc
    on c.country_code = cc.country_code
