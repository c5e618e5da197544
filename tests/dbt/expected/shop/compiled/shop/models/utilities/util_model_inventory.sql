
select 'dim_customers' as model_name, 1 as position
union all

select 'fct_orders' as model_name, 2 as position
union all

select 'fct_revenue' as model_name, 3 as position
union all

select 'finance_kpis' as model_name, 4 as position

