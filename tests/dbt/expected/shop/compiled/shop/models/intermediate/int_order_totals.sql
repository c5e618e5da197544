

with __dbt__cte__int_order_payments as (
-- ephemeral: payments joined to their orders
select
    p.payment_id,
    p.order_id,
    o.customer_id,
    o.order_date,
    p.payment_method,
    p.amount
from "shop"."main__staging"."stg_payments" as p
join "shop"."main__staging"."stg_orders" as o
    on p.order_id = o.order_id
),  __dbt__cte__int_payments_pivoted as (
select
    order_id,
    sum(case when payment_method = 'bank_transfer' then amount else 0 end) as bank_transfer_amount,
    sum(case when payment_method = 'coupon' then amount else 0 end) as coupon_amount,
    sum(case when payment_method = 'credit_card' then amount else 0 end) as credit_card_amount,
    sum(case when payment_method = 'gift_card' then amount else 0 end) as gift_card_amount,
    sum(amount) as total_amount
from __dbt__cte__int_order_payments
group by order_id
-- pivoted columns: bank_transfer_amount, coupon_amount, credit_card_amount, gift_card_amount
) select
    o.order_id,
    o.customer_id,
    o.order_date,
    o.status,
    s.status_group,
    coalesce(p.total_amount, 0) as order_total,
    coalesce(p.total_amount, 0) >= 500 as is_high_value
from "shop"."main__staging"."stg_orders" as o
left join __dbt__cte__int_payments_pivoted as p
    on o.order_id = p.order_id
left join "shop"."main__staging"."stg_order_statuses" as s
    on o.status = s.status