{{ config(incremental_strategy='delete+insert', unique_key=['id', 'kind']) }}
select id, kind, amount, updated_at from {{ ref('events') }}
{% if is_incremental() %}
where updated_at >= (select max(updated_at) from {{ this }})
{% endif %}
