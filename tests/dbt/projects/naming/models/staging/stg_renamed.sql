{{ config(alias='  people_renamed ', schema='other') }}
select * from {{ ref('stg_people') }}
