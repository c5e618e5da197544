
    
    

with all_values as (

    select
        segment as value_field,
        count(*) as n_records

    from "shop"."main"."customer_segments"
    group by segment

)

select *
from all_values
where value_field not in (
    'whale','regular','casual','unknown'
)


