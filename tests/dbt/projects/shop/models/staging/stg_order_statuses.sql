select status, status_group, is_final
from {{ ref('order_status_map') }}
