{{ config(on_schema_change='ignore', incremental_strategy='append') }}
select id, amount{% if var('schema_v2', false) %}, kind{% endif %} from {{ ref('events') }}
