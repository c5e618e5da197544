
    
    

with child as (
    select order_id as from_field
    from (select * from "shop"."main__staging"."stg_charges" where charged_at > '2023-01-01') dbt_subquery
    where order_id is not null
),

parent as (
    select id as to_field
    from "shop"."raw_shop".orders
)

select
    from_field

from child
left join parent
    on child.from_field = parent.to_field

where parent.to_field is null


