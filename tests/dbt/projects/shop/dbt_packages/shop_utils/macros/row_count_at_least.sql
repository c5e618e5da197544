{% test row_count_at_least(model, minimum=1) %}

select count(*) as row_count
from {{ model }}
having count(*) < {{ minimum }}

{% endtest %}
