{{ config(incremental_strategy='append') }}
select id, kind, amount from {{ ref('events') }}
{% if is_incremental() %}
where updated_at > (select max(updated_at) from {{ ref('events') }} e where e.id in (select id from {{ this }})) - interval 1 day
{% endif %}
