
    
    

with all_values as (

    select
        eu_member as value_field,
        count(*) as n_records

    from "shop"."main__staging"."stg_country_codes"
    group by eu_member

)

select *
from all_values
where value_field not in (
    True,False
)


