{{ config(incremental_strategy='delete+insert', unique_key='id',
          incremental_predicates=["kind = 'a'"]) }}
select id, kind, amount from {{ ref('events') }}
