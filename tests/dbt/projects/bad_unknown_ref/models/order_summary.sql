select *
from {{ ref('orderz') }}
