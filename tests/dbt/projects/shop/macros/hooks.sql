{% macro audit_event(event_name) -%}
    select '{{ event_name }}' as audit_event, '{{ target.name }}' as target_name
{%- endmacro %}

{% macro grant_reporting_access(schema_list) -%}
    {%- if schema_list -%}
        {%- for schema in schema_list %}
    -- would grant usage on {{ schema }} to the reporting role
        {%- endfor %}
    {%- endif %}
    select 1 as grants_done
{%- endmacro %}

{% macro grant_select(relation, role) -%}
    {%- if target.name == 'prod' -%}
        grant select on {{ relation }} to {{ role }}
    {%- else -%}
        select '{{ relation.identifier }}' as would_grant_to_{{ role }}
    {%- endif -%}
{%- endmacro %}
