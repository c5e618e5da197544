{{ config(materialized='table', alias='stg_fx_rates') }}

select
    rate_date,
    currency,
    rate_to_eur
from {{ ref('exchange_rates') }}
