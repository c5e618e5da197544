
    
    

with all_values as (

    select
        currency as value_field,
        count(*) as n_records

    from "shop"."main__seeds"."exchange_rates"
    group by currency

)

select *
from all_values
where value_field not in (
    'USD','GBP','EUR'
)


