select
    customer_id,
    min(order_date) as first_order_date,
    max(order_date) as most_recent_order_date,
    count(*) as number_of_orders,
    sum(order_total) as lifetime_value,
    sum(case when is_high_value then 1 else 0 end) as high_value_orders
from {{ ref('int_order_totals') }}
group by customer_id
