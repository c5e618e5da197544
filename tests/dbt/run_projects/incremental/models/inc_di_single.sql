{{ config(incremental_strategy='delete+insert', unique_key='id') }}
select id, max(kind) as kind, sum(amount) as amount, max(updated_at) as updated_at
from {{ ref('events') }}
{% if is_incremental() %}
where updated_at >= (select max(updated_at) from {{ this }})
{% endif %}
group by id
