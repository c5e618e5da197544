select c.customer_id, c.name,
       coalesce(sum(o.amount) filter (where not o.is_returned), 0) as net_amount,
       count(o.order_id) as orders
from {{ source('raw', 'raw_customers') }} c
left join {{ ref('orders') }} o using (customer_id)
group by all
