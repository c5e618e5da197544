select order_id, customer_id, status, amount,
       status = 'returned' as is_returned,
       upper(status) as status_code
from {{ ref('raw_orders') }}
