{#- view: the new view is created beside the target as <name>__dbt_tmp, the old relation
    (a view or a table) steps aside as <name>__dbt_backup, the new one takes the name, and
    the transaction commits before the backup is dropped: a failure leaves the old one. -#}

{%- materialization view, default -%}
  {%- set existing = load_cached_relation(this) -%}
  {%- set target = this.incorporate(type='view') -%}
  {%- set intermediate = make_intermediate_relation(target) -%}
  {%- set backup = make_backup_relation(target, 'view' if existing is none else existing.type) -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ drop_relation_if_exists(load_cached_relation(intermediate)) }}
  {{ drop_relation_if_exists(load_cached_relation(backup)) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}

  {% call statement('main') -%}
    {{ get_create_view_as_sql(intermediate, sql) }}
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
