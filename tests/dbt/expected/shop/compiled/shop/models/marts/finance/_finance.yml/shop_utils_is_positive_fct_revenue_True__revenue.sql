

select revenue
from "shop"."main__finance"."fct_revenue"
where revenue < 0

