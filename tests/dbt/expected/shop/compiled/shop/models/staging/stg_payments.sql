select
    id as payment_id,
    order_id,
    payment_method,
    round(cast(amount as decimal(18, 4)) / 100, 2) as amount,
    (amount) / nullif(100, 0) as amount_unrounded
from "shop"."raw_shop".payments
where payment_method in (
    'bank_transfer',
    'coupon',
    'credit_card',
    'gift_card'
)