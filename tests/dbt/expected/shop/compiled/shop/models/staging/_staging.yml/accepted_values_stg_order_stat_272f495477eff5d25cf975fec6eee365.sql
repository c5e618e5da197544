
    
    

with all_values as (

    select
        status_group as value_field,
        count(*) as n_records

    from "shop"."main__staging"."stg_order_statuses"
    group by status_group

)

select *
from all_values
where value_field not in (
    'open','closed','returns'
)


