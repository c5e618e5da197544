{{
    config(
        materialized='incremental',
        unique_key='order_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        tags=["orders", "hourly"]
    )
}}

select
    order_id,
    customer_id,
    order_date,
    status,
    status_group,
    order_total,
    is_high_value,
    '{{ target.name }}' as built_for_target
from {{ ref('int_order_totals') }}

{% if is_incremental() %}
where order_date >= (select coalesce(max(order_date), date '1900-01-01') from {{ this }})
{% endif %}
