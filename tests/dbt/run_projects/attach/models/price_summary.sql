{{ config(materialized='table') }}
select count(*) as skus, sum(price) as total, '{{ ref("prices").database }}' as from_db
from {{ ref('prices') }}
