{%- set segments = [
    ('whale', 5000),
    ('regular', 500),
    ('casual', 0),
] -%}

select
    customer_id,
    case
        {%- for name, floor in segments %}
        when lifetime_value >= {{ floor }} then '{{ name }}'
        {%- endfor %}
        else 'unknown'
    end as segment
from {{ ref('dim_customers', v=1) }}
