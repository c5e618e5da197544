{{ config(store_failures=true, severity='warn') }}
select grp, sum(n) as total from {{ ref('numbers_model') }} group by grp having sum(n) < 0
