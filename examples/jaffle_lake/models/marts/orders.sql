{% set methods = ['credit_card', 'coupon', 'bank_transfer', 'gift_card'] %}
select
    o.order_id,
    o.customer_id,
    o.order_date,
    o.status,
    {% for m in methods %}
    coalesce(sum(case when p.payment_method = '{{ m }}' then p.amount end), 0) as {{ m }}_amount,
    {% endfor %}
    coalesce(sum(p.amount), 0) as amount
from {{ ref('stg_orders') }} o
left join {{ ref('stg_payments') }} p using (order_id)
group by all
