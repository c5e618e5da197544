{#- Running SQL from templates: statement blocks, run_query. While parsing they do nothing
    (dbt's behaviour: execute is false); running queries while compiling needs a database
    connection, which lakedev's compile does not open yet. -#}

{% macro statement(name=None, fetch_result=False, auto_begin=True, language='sql') -%}
  {%- if execute -%}
    {%- set sql = caller() -%}
    {{ exceptions.raise_compiler_error("lakedev cannot run queries while compiling yet: the statement '" ~ name ~ "' needs a database connection") }}
  {%- endif -%}
{%- endmacro %}

{% macro run_query(sql) %}
  {% call statement("run_query_statement", fetch_result=true, auto_begin=false) %}
    {{ sql }}
  {% endcall %}
  {% do return(load_result("run_query_statement").table) %}
{% endmacro %}
