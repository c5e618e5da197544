{{ config(on_schema_change='append_new_columns', unique_key='id', incremental_strategy='delete+insert') }}
select id, kind
{% if var('schema_v2', false) %}, amount * 2 as doubled, 'new' as label{% else %}, amount{% endif %}
from {{ ref('events') }} where kind = 'a'
