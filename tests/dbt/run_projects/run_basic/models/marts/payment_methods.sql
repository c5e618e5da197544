{% set methods = [] %}
{% if execute %}
  {% set methods = run_query("select distinct method from " ~ ref('raw_payments') ~ " order by 1").columns[0].values() %}
{% endif %}
select
    customer_id
    {% for m in methods %}
    , sum(case when method = '{{ m }}' then amount_cents else 0 end) as {{ m }}_cents
    {% endfor %}
from {{ ref('raw_payments') }}
group by customer_id
