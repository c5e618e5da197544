{#- Running SQL from templates. A statement block runs its body on the node's connection
    (starting a transaction unless auto_begin is false), keeps the result under its name
    for load_result(), and the one named 'main' is the SQL written to target/run/. While
    parsing (execute is false) nothing runs. -#}

{% macro statement(name=None, fetch_result=False, auto_begin=True, language='sql') -%}
  {%- if execute -%}
    {%- set body = caller() -%}
    {%- if name == 'main' -%}
      {{ write(body) }}
    {%- endif -%}
    {%- set response, table = adapter.execute(body, auto_begin=auto_begin, fetch=fetch_result) -%}
    {%- if name is not none -%}
      {{ store_result(name, response=response, agate_table=table) }}
    {%- endif -%}
  {%- endif -%}
{%- endmacro %}

{#- A result recorded without running anything (a seed's "INSERT 3"). -#}
{% macro noop_statement(name=None, message=None, code=None, rows_affected=None, res=None) -%}
  {%- set body = caller() -%}
  {%- if name == 'main' -%}
    {{ write(body) }}
  {%- endif -%}
  {%- if name is not none -%}
    {{ store_raw_result(name, message=message, code=code, rows_affected=rows_affected, agate_table=res) }}
  {%- endif -%}
{%- endmacro %}

{% macro run_query(sql) %}
  {% call statement("run_query_statement", fetch_result=true, auto_begin=false) %}
    {{ sql }}
  {% endcall %}
  {% do return(load_result("run_query_statement").table) %}
{% endmacro %}
