{% snapshot snap_check %}
{{ config(strategy='check', unique_key='id', check_cols=['name', 'region']) }}
select id, region, name from {{ ref('customers') }}
{% endsnapshot %}
