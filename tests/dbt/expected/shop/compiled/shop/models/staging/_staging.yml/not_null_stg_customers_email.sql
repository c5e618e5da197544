
    
    



select email
from (select * from "shop"."main__staging"."stg_customers" where created_at >= '2020-01-01') dbt_subquery
where email is null


