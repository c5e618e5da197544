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
),  __dbt__cte__int_order_totals as (


select
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
),  __dbt__cte__int_customer_orders as (
select
    customer_id,
    min(order_date) as first_order_date,
    max(order_date) as most_recent_order_date,
    count(*) as number_of_orders,
    sum(order_total) as lifetime_value,
    sum(case when is_high_value then 1 else 0 end) as high_value_orders
from __dbt__cte__int_order_totals
group by customer_id
) select
    c.customer_id,
    c.first_name || ' ' || c.last_name as full_name,
    c.email,
    c.country_code,
    cc.region,
    co.first_order_date,
    co.most_recent_order_date,
    coalesce(co.number_of_orders, 0) as number_of_orders,
    coalesce(co.lifetime_value, 0) as lifetime_value,
    coalesce(co.high_value_orders, 0) > 0 as is_high_value_customer
from "shop"."main__staging"."stg_customers" as c
left join __dbt__cte__int_customer_orders as co
    on c.customer_id = co.customer_id
left join "shop"."main__staging"."stg_country_codes" as cc
    on c.country_code = cc.country_code