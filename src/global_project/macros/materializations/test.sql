{#- test: the test's query wrapped so that one row says how many failures it found and
    whether that crosses warn_if / error_if; with store_failures, its rows are kept in a
    table of the test's name (in the audit schema). -#}

{%- materialization test, default -%}
  {% set relations = [] %}
  {% set limit = config.get('limit') %}
  {% if should_store_failures() %}
    {%- set identifier = model['alias'] -%}
    {%- set existing = adapter.get_relation(database=database, schema=schema, identifier=identifier) -%}
    {%- set store_as_view = config.get('store_failures_as') == 'view' -%}
    {%- set target = api.Relation.create(identifier=identifier, schema=schema, database=database,
                                         type='view' if store_as_view else 'table') -%}
    {% if existing is not none %}
      {{ adapter.drop_relation(existing) }}
    {% endif %}
    {% call statement(auto_begin=True) -%}
      {% if store_as_view %}
        {{ get_create_view_as_sql(target, sql) }}
      {% else %}
        {{ get_create_table_as_sql(False, target, sql) }}
      {% endif %}
    {%- endcall %}
    {% do relations.append(target) %}
    {% set main_sql %}
      select * from {{ target }}
    {% endset %}
    {{ adapter.commit() }}
  {% else %}
    {% set main_sql = sql %}
  {% endif %}

  {% call statement('main', fetch_result=True) -%}
    {{ get_test_sql(main_sql, config.get('fail_calc'), config.get('warn_if'), config.get('error_if'), limit) }}
  {%- endcall %}
  {{ return({'relations': relations}) }}
{%- endmaterialization -%}

{% macro get_test_sql(main_sql, fail_calc, warn_if, error_if, limit) -%}
  {{ adapter.dispatch('get_test_sql', 'dbt')(main_sql, fail_calc, warn_if, error_if, limit) }}
{%- endmacro %}

{% macro default__get_test_sql(main_sql, fail_calc, warn_if, error_if, limit) -%}
    select
      {{ fail_calc }} as failures,
      {{ fail_calc }} {{ warn_if }} as should_warn,
      {{ fail_calc }} {{ error_if }} as should_error
    from (
      {{ main_sql }}
      {{ "limit " ~ limit if limit != none }}
    ) dbt_internal_test
{%- endmacro %}
