{{ config(
    pre_hook="create table if not exists {{ target.schema }}.hook_log (model varchar, phase varchar)",
    post_hook=["insert into {{ target.schema }}.hook_log values ('{{ this.name }}', 'post')"]
) }}
select
    c.customer_id,
    c.full_name,
    count(p.payment_id) as payments,
    coalesce(sum(p.amount), 0) as revenue
from {{ ref('stg_customers') }} c
left join {{ ref('stg_payments') }} p using (customer_id)
group by all
