select
    country_code,
    country_name,
    region,
    eu_member
from {{ ref('country_codes') }}
