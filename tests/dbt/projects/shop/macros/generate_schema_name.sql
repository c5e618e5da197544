{#-
    Our schema naming: in prod a custom schema is used as is; everywhere else every
    custom schema is nested under the developer's schema with a double underscore,
    so that `staging` becomes `<target.schema>__staging`.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set default_schema = target.schema -%}
    {%- if custom_schema_name is none -%}
        {{ default_schema }}
    {%- elif target.name == 'prod' -%}
        {{ custom_schema_name | trim }}
    {%- else -%}
        {{ default_schema }}__{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
