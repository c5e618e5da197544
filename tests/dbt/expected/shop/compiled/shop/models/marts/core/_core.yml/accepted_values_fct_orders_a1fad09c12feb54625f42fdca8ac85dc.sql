
    
    

with all_values as (

    select
        status_group as value_field,
        count(*) as n_records

    from (select * from "shop"."main"."fct_orders" where order_date >= '2023-01-01' and status_group is not null) dbt_subquery
    group by status_group

)

select *
from all_values
where value_field not in (
    'open','closed','returns','unknown_status_group_for_reconciliation_purposes'
)


