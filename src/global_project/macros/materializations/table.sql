{#- table: built as <name>__dbt_tmp, swapped in by renames inside one transaction (the old
    relation kept as <name>__dbt_backup until the commit), so a failed build leaves the
    previous table in place. -#}

{%- materialization table, adapter="duckdb" -%}
  {%- set existing = load_cached_relation(this) -%}
  {%- set target = this.incorporate(type='table') -%}
  {%- set intermediate = make_intermediate_relation(target) -%}
  {%- set backup = make_backup_relation(target, 'table' if existing is none else existing.type) -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ drop_relation_if_exists(load_cached_relation(intermediate)) }}
  {{ drop_relation_if_exists(load_cached_relation(backup)) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}

  {% call statement('main') -%}
    {{ get_create_table_as_sql(False, intermediate, sql) }}
  {%- endcall %}

  {% if existing is not none %}
    {{ adapter.rename_relation(existing, backup) }}
  {% endif %}
  {{ adapter.rename_relation(intermediate, target) }}

  {% do persist_docs(target, model) %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {{ adapter.commit() }}
  {{ drop_relation_if_exists(backup) }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {{ return({'relations': [target]}) }}
{%- endmaterialization -%}
