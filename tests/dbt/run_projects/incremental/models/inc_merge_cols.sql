{{ config(incremental_strategy='merge', unique_key=['id', 'kind'], merge_update_columns=['amount']) }}
select id, kind, amount, updated_at, 'v' || {{ var('batch', 1) }} as version from {{ ref('events') }}
