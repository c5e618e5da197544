{#- Relations a materialization works with: the cached lookup, the names of the
    intermediate/backup relations it builds beside the target, and the DDL that creates,
    renames and drops them (dispatched, so an adapter or project can replace any). -#}

{% macro load_cached_relation(relation) %}
  {% do return(adapter.get_relation(database=relation.database, schema=relation.schema,
                                    identifier=relation.identifier)) %}
{% endmacro %}

{% macro load_relation(relation) %}
  {% do return(load_cached_relation(relation)) %}
{% endmacro %}

{#- Beside the target: <name>__dbt_tmp is built first, the old relation steps aside as
    <name>__dbt_backup, so the target is replaced in one transaction. -#}
{% macro make_intermediate_relation(base_relation, suffix='__dbt_tmp') %}
  {% do return(adapter.dispatch('make_intermediate_relation', 'dbt')(base_relation, suffix)) %}
{% endmacro %}

{% macro default__make_intermediate_relation(base_relation, suffix) %}
  {% do return(base_relation.incorporate(path={"identifier": base_relation.identifier ~ suffix})) %}
{% endmacro %}

{% macro make_temp_relation(base_relation, suffix='__dbt_tmp') %}
  {#- a microbatch batch's temporary table carries the batch id -#}
  {% if model.batch %}{% set suffix = suffix ~ '_' ~ model.batch.id %}{% endif %}
  {% do return(adapter.dispatch('make_temp_relation', 'dbt')(base_relation, suffix)) %}
{% endmacro %}

{#- A DuckDB temporary table: no database or schema, a name unique to this moment. -#}
{% macro default__make_temp_relation(base_relation, suffix) %}
  {%- set stamp = modules.datetime.datetime.utcnow().strftime('%Y%m%d%H%M%S%f') -%}
  {% do return(base_relation.incorporate(path={"identifier": base_relation.identifier ~ suffix ~ stamp,
                                               "database": none, "schema": none})) %}
{% endmacro %}

{% macro make_backup_relation(base_relation, backup_relation_type, suffix='__dbt_backup') %}
  {% do return(adapter.dispatch('make_backup_relation', 'dbt')(base_relation, backup_relation_type, suffix)) %}
{% endmacro %}

{% macro default__make_backup_relation(base_relation, backup_relation_type, suffix) %}
  {% do return(base_relation.incorporate(path={"identifier": base_relation.identifier ~ suffix},
                                         type=backup_relation_type)) %}
{% endmacro %}

{% macro drop_relation_if_exists(relation) %}
  {% if relation is not none %}
    {{ adapter.drop_relation(relation) }}
  {% endif %}
{% endmacro %}

{% macro drop_relation(relation) -%}
  {{ return(adapter.dispatch('drop_relation', 'dbt')(relation)) }}
{%- endmacro %}

{% macro default__drop_relation(relation) -%}
  {{ adapter.drop_relation(relation) }}
{%- endmacro %}

{% macro rename_relation(from_relation, to_relation) -%}
  {{ adapter.rename_relation(from_relation, to_relation) }}
{%- endmacro %}

{% macro truncate_relation(relation) -%}
  {{ adapter.truncate_relation(relation) }}
{%- endmacro %}

{% macro create_schema(relation) -%}
  {{ adapter.create_schema(relation) }}
{%- endmacro %}

{% macro drop_schema(relation) -%}
  {{ adapter.drop_schema(relation) }}
{%- endmacro %}

{% macro get_columns_in_relation(relation) -%}
  {{ return(adapter.get_columns_in_relation(relation)) }}
{%- endmacro %}

{#- The statement that creates `relation` as a table of `sql`'s rows. -#}
{% macro get_create_table_as_sql(temporary, relation, sql) -%}
  {{ adapter.dispatch('get_create_table_as_sql', 'dbt')(temporary, relation, sql) }}
{%- endmacro %}

{% macro default__get_create_table_as_sql(temporary, relation, sql) -%}
  {{ return(create_table_as(temporary, relation, sql)) }}
{%- endmacro %}

{% macro create_table_as(temporary, relation, compiled_code, language='sql') -%}
  {{ adapter.dispatch('create_table_as', 'dbt')(temporary, relation, compiled_code, language) }}
{%- endmacro %}

{#- With an enforced contract the columns are checked first, and the table is created
    with its declared columns and constraints, then filled (DuckDB has no constraints on
    temporary tables, so those are created from the query as usual). -#}
{% macro default__create_table_as(temporary, relation, compiled_code, language='sql') -%}
  {%- set contract = config.get('contract') -%}
  {%- set enforced = contract and contract.enforced -%}
  {%- if enforced -%}
    {{ get_assert_columns_equivalent(compiled_code) }}
  {%- endif -%}
  {%- set sql_header = config.get('sql_header', none) -%}
  {{ sql_header if sql_header is not none }}
  create {% if temporary %}temporary {% endif %}table
    {{ relation.include(database=(not temporary), schema=(not temporary)) }}
  {% if enforced and not temporary -%}
    {{ get_table_columns_and_constraints() }};
    insert into {{ relation }} {{ get_column_names() }} (
      {{ get_select_subquery(compiled_code) }}
    );
  {%- else -%}
  as (
    {{ compiled_code }}
  );
  {%- endif %}
{%- endmacro %}

{% macro get_create_view_as_sql(relation, sql) -%}
  {{ adapter.dispatch('get_create_view_as_sql', 'dbt')(relation, sql) }}
{%- endmacro %}

{% macro default__get_create_view_as_sql(relation, sql) -%}
  {{ return(create_view_as(relation, sql)) }}
{%- endmacro %}

{% macro create_view_as(relation, sql) -%}
  {{ adapter.dispatch('create_view_as', 'dbt')(relation, sql) }}
{%- endmacro %}

{% macro default__create_view_as(relation, sql) -%}
  {%- set contract = config.get('contract') -%}
  {%- if contract and contract.enforced -%}
    {{ get_assert_columns_equivalent(sql) }}
  {%- endif -%}
  {%- set sql_header = config.get('sql_header', none) -%}
  {{ sql_header if sql_header is not none }}
  create view {{ relation }} as (
    {{ sql }}
  );
{%- endmacro %}
