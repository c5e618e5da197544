select *
from orders
where order_date >= '{{ var("start_date") }}'
