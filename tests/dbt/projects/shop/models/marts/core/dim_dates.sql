{{ config(materialized='table', tags=["calendar"]) }}

{%- set quarters = {1: 'Q1', 2: 'Q1', 3: 'Q1', 4: 'Q2', 5: 'Q2', 6: 'Q2',
                    7: 'Q3', 8: 'Q3', 9: 'Q3', 10: 'Q4', 11: 'Q4', 12: 'Q4'} -%}

select
    date_day,
    extract(year from date_day) as year_number,
    extract(month from date_day) as month_number,
    case extract(month from date_day)
        {%- for month, quarter in quarters.items() %}
        when {{ month }} then '{{ quarter }}'
        {%- endfor %}
    end as quarter_name
from {{ ref('shop_utils', 'util_calendar') }}
