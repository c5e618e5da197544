{% snapshot snap_check_all %}
{{ config(strategy='check', unique_key='id', check_cols='all') }}
select id, region, name from {{ ref('customers') }}
{% endsnapshot %}
