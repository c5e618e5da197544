{{
    config(
        tags=["orders"],
        meta={"sla": "4h"}
    )
}}

{%- set order_channel = env_var('SHOP_ORDER_CHANNEL', 'web') -%}

select
    id as order_id,
    user_id as customer_id,
    cast(order_date as date) as order_date,
    status,
    '{{ order_channel }}' as order_channel
from {{ source('raw', 'orders') }}
where cast(order_date as date) >= cast('{{ var("start_date") }}' as date)
{{ limit_in_dev(1000) }}
