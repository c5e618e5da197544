{{ config(alias='', database='other_db') }}
select 1 as id
