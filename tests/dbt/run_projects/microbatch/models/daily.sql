{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='occurred_at',
          batch_size='day', begin='2024-01-01', lookback=1) }}
select id, occurred_at, amount, '{{ model.batch.id if model.batch else "none" }}' as batch_id from {{ ref('events') }}
