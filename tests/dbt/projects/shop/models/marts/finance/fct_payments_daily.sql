{{
    config(
        materialized='table',
        pre_hook="delete from {{ target.schema }}_audit.load_log where model = '{{ this.name }}'",
        post_hook=[
            "insert into {{ target.schema }}_audit.load_log select '{{ this.name }}', current_timestamp",
            "{{ grant_select(this, 'reporter') }}"
        ],
        tags=["payments"]
    )
}}

select
    p.order_date,
    p.payment_method,
    count(*) as payment_count,
    sum(p.amount) as amount
from {{ ref('int_order_payments') }} as p
group by 1, 2
