{{ config(on_schema_change='fail') }}
select id{% if var('schema_v2', false) %}, kind{% endif %} from {{ ref('events') }}
