
    
    

with all_values as (

    select
        currency as value_field,
        count(*) as n_records

    from shop.stripe_data."StripeCharges"
    group by currency

)

select *
from all_values
where value_field not in (
    'usd','eur','gbp'
)


