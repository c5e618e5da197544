
    
    

select
    status as unique_field,
    count(*) as n_records

from "shop"."main__seeds"."order_status_map"
where status is not null
group by status
having count(*) > 1


