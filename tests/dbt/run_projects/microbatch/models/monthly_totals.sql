{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='month_start',
          batch_size='month', begin='2024-01-01') }}
select date_trunc('month', occurred_at) as month_start, sum(amount) as total, count(*) as n
from {{ ref('daily') }}
group by 1
