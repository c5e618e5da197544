{{ config(materialized=var('view_then_inc', 'view')) }}
select id, amount from {{ ref('events') }}
