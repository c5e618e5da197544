select
    charge_id,
    order_id,
    lower(currency) as currency,
    amount / 100.0 as amount,
    created as charged_at
from shop.stripe_data."StripeCharges"