
    
    

with all_values as (

    select
        order_channel as value_field,
        count(*) as n_records

    from (select * from "shop"."main__marketing"."mkt_customer_channels" where orders_in_window > 0) dbt_subquery
    group by order_channel

)

select *
from all_values
where value_field not in (
    'web','app','marketplace'
)


