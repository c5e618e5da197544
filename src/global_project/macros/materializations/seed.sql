{#- seed: the CSV's column types inferred as dbt does (agate), the table created (or, when
    it exists, emptied inside the transaction so a failed load keeps the old rows), then
    DuckDB loads the file itself. --full-refresh drops and re-creates it. -#}

{% materialization seed, default %}
  {%- set identifier = model['alias'] -%}
  {%- set full_refresh_mode = should_full_refresh() -%}
  {%- set old_relation = adapter.get_relation(database=database, schema=schema, identifier=identifier) -%}
  {%- set exists_as_table = old_relation is not none and old_relation.is_table -%}
  {%- set exists_as_view = old_relation is not none and old_relation.is_view -%}
  {%- set agate_table = load_agate_table() -%}
  {%- do store_result('agate_table', response='OK', agate_table=agate_table) -%}
  {%- set target = this.incorporate(type='table') -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}

  {% if exists_as_view %}
    {{ exceptions.raise_compiler_error("Cannot seed to '{}', it is a view".format(old_relation)) }}
  {% endif %}

  {% if full_refresh_mode or not exists_as_table %}
    {% if old_relation is not none %}
      {{ adapter.drop_relation(old_relation) }}
    {% endif %}
    {% set prepare_sql = create_csv_table(model, agate_table) %}
  {% else %}
    {% set prepare_sql = reset_csv_table(model, full_refresh_mode, old_relation, agate_table) %}
  {% endif %}
  {% set code = 'CREATE' if full_refresh_mode else 'INSERT' %}
  {% set rows_affected = (agate_table.rows | length) %}
  {% set load_sql = load_csv_rows(model, agate_table) %}

  {% call noop_statement('main', code ~ ' ' ~ rows_affected, code, rows_affected) %}
    {{ get_csv_sql(prepare_sql, load_sql) }};
  {% endcall %}

  {% do persist_docs(target, model) %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {{ adapter.commit() }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {{ return({'relations': [target]}) }}
{% endmaterialization %}

{% macro get_csv_sql(create_or_truncate_sql, insert_sql) %}
  {{ create_or_truncate_sql }};
  -- dbt seed --
  {{ insert_sql }}
{% endmacro %}

{% macro create_csv_table(model, agate_table) -%}
  {{ adapter.dispatch('create_csv_table', 'dbt')(model, agate_table) }}
{%- endmacro %}

{% macro default__create_csv_table(model, agate_table) %}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}
  {% set sql %}
    create table {{ this.render() }} (
      {%- for col_name in agate_table.column_names -%}
        {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
        {%- set type = column_override.get(col_name, inferred_type) -%}
        {{ adapter.quote_seed_column(col_name, quote_seed_column) }} {{ type }}
        {%- if not loop.last -%},{%- endif -%}
      {%- endfor -%}
    )
  {% endset %}
  {% call statement('_') -%}
    {{ sql }}
  {%- endcall %}
  {{ return(sql) }}
{% endmacro %}

{% macro reset_csv_table(model, full_refresh, old_relation, agate_table) -%}
  {{ adapter.dispatch('reset_csv_table', 'dbt')(model, full_refresh, old_relation, agate_table) }}
{%- endmacro %}

{% macro default__reset_csv_table(model, full_refresh, old_relation, agate_table) %}
  {% set sql = "" %}
  {% if full_refresh %}
    {{ adapter.drop_relation(old_relation) }}
    {% set sql = create_csv_table(model, agate_table) %}
  {% else %}
    {% set sql = "truncate table " ~ old_relation.render() %}
    {#- inside the load's transaction: a failed load keeps the old rows -#}
    {% call statement('_') -%}
      {{ sql }}
    {%- endcall %}
  {% endif %}
  {{ return(sql) }}
{% endmacro %}

{#- Loads the rows: DuckDB reads the CSV file itself (dbt-duckdb's default, `fast`). -#}
{% macro load_csv_rows(model, agate_table) %}
  {{ return(adapter.dispatch('load_csv_rows', 'dbt')(model, agate_table)) }}
{% endmacro %}

{% macro default__load_csv_rows(model, agate_table) %}
  {% if model['config'].get('fast', true) is false %}
    {{ exceptions.raise_compiler_error("seed " ~ model['name'] ~ ": `fast: false` (row-by-row inserts) is not supported by lakedev yet; remove it to let DuckDB load the file (dbt-duckdb's default)") }}
  {% endif %}
  {% if (agate_table.rows | length) == 0 %}
    {{ return('') }}
  {% endif %}
  {%- set delimiter = model['config'].get('delimiter', ',') -%}
  {% set sql %}
    copy {{ this.render() }} from '{{ seed_file_path() | replace("'", "''") }}' (FORMAT CSV, HEADER TRUE, DELIMITER '{{ delimiter }}')
  {% endset %}
  {% call statement('_') -%}
    {{ sql }}
  {%- endcall %}
  {{ return(sql) }}
{% endmacro %}
