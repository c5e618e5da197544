{#- Whether the model being built adds to an existing table: execute mode, materialized
    incremental, the relation exists as a table and no full refresh was asked for. -#}

{% macro is_incremental() %}
  {%- if not execute -%}
    {{ return(False) }}
  {%- else -%}
    {%- set relation = adapter.get_relation(this.database, this.schema, this.table) -%}
    {{ return(relation is not none
              and relation.type == 'table'
              and model.config.materialized == 'incremental'
              and not should_full_refresh()) }}
  {%- endif -%}
{% endmacro %}

{% macro should_full_refresh() %}
  {%- set config_full_refresh = config.get('full_refresh') -%}
  {%- if config_full_refresh is none -%}
    {%- set config_full_refresh = flags.FULL_REFRESH -%}
  {%- endif -%}
  {{ return(config_full_refresh) }}
{% endmacro %}

{% macro should_store_failures() %}
  {%- set config_store_failures = config.get('store_failures') -%}
  {%- if config_store_failures is none -%}
    {%- set config_store_failures = flags.STORE_FAILURES -%}
  {%- endif -%}
  {{ return(config_store_failures) }}
{% endmacro %}
