{{ config(on_schema_change='sync_all_columns', incremental_strategy='append') }}
select id
{% if var('schema_v2', false) %}, cast(amount as double) as amount, kind || '!' as note{% else %}, kind, amount{% endif %}
from {{ ref('events') }}
