
    
    

select
    id as unique_field,
    count(*) as n_records

from "shop"."raw_shop".customers_v2
where id is not null
group by id
having count(*) > 1


