{{ config(materialized='table') }}
select n::integer as n, label from {{ ref('numbers') }} where n > 0
