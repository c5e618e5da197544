select
    country_code,
    country_name,
    region,
    eu_member
from "shop"."main__seeds"."country_codes"