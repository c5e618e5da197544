{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='occurred_at',
          batch_size='year', begin='2024-01-01', lookback=2) }}
select id, occurred_at, amount * 2 as doubled from {{ ref('events') }}
