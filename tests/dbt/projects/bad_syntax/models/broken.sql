select id
from {{ ref('base' }}
where id > 0
