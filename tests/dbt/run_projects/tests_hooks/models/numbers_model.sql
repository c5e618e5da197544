{{ config(materialized='table') }}
select n, label, grp from {{ ref('numbers') }}
