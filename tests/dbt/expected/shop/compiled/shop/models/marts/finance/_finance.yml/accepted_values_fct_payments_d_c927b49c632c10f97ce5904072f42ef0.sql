
    
    

with all_values as (

    select
        payment_method as value_field,
        count(*) as n_records

    from "shop"."main__finance"."fct_payments_daily"
    group by payment_method

)

select *
from all_values
where value_field not in (
    'credit_card','coupon','bank_transfer','gift_card'
)


