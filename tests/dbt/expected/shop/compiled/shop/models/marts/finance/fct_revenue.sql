

select
    o.order_date,
    'EUR' as currency,
    sum(o.order_total * coalesce(fx.rate_to_eur, 1)) as revenue
from "shop"."main"."fct_orders" as o
left join "shop"."main__staging"."stg_fx_rates" as fx
    on fx.rate_date = o.order_date
   and fx.currency = 'EUR'
where o.status_group != 'returns'
group by 1, 2