select
    id as payment_id,
    order_id,
    payment_method,
    {{ shop_utils.cents_to_currency('amount') }} as amount,
    {{ shop_utils.safe_divide('amount', 100) }} as amount_unrounded
from {{ source('raw', 'payments') }}
where payment_method in (
    {%- for method in get_payment_methods() %}
    '{{ method }}'{% if not loop.last %},{% endif %}
    {%- endfor %}
)
