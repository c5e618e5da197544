

select amount
from "shop"."main__staging"."stg_payments"
where amount < 0

