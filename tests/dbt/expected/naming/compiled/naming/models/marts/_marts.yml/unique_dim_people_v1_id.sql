
    
    

select
    id as unique_field,
    count(*) as n_records

from "my"."analytics_marts"."dim_people_v1"
where id is not null
group by id
having count(*) > 1


