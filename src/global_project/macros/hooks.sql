{#- Pre- and post-hooks. Each hook is {sql, transaction, index}; those marked
    transaction=false run outside the node's transaction (committing it first). -#}

{% macro run_hooks(hooks, inside_transaction=True) %}
  {% for hook in hooks | selectattr('transaction', 'equalto', inside_transaction) %}
    {% if not inside_transaction and loop.first %}
      {% do adapter.commit() %}
    {% endif %}
    {% set rendered = render(hook.get('sql')) | trim %}
    {% if (rendered | length) > 0 %}
      {% call statement(auto_begin=inside_transaction) %}
        {{ rendered }}
      {% endcall %}
    {% endif %}
  {% endfor %}
{% endmacro %}

{% macro in_transaction(sql) %}
  {{ return({"sql": sql, "transaction": true}) }}
{% endmacro %}

{% macro before_begin(sql) %}
  {{ return({"sql": sql, "transaction": false}) }}
{% endmacro %}

{% macro after_commit(sql) %}
  {{ return({"sql": sql, "transaction": false}) }}
{% endmacro %}

{#- Grants: DuckDB has no GRANT; dbt-duckdb leaves them alone, and so does lakedev. -#}
{% macro apply_grants(relation, grant_config, should_revoke=True) %}
  {% if grant_config %}
    {{ log("grants are not supported on DuckDB; skipping them for " ~ relation) }}
  {% endif %}
{% endmacro %}

{% macro should_revoke(existing_relation, full_refresh_mode=True) %}
  {{ return(existing_relation is not none and not full_refresh_mode) }}
{% endmacro %}

{% macro persist_docs(relation, model, for_relation=true, for_columns=true) -%}
  {{ return(adapter.dispatch('persist_docs', 'dbt')(relation, model, for_relation, for_columns)) }}
{%- endmacro %}

{#- persist_docs: the model's description on the relation, and each documented column's
    description (even an empty one) on the columns that exist, as DuckDB comments. -#}
{% macro default__persist_docs(relation, model, for_relation, for_columns) -%}
  {% if for_relation and config.persist_relation_docs() and model.description %}
    {% do run_query(alter_relation_comment(relation, model.description)) %}
  {% endif %}
  {% if for_columns and config.persist_column_docs() and model.columns %}
    {% do run_query(alter_column_comment(relation, model.columns)) %}
  {% endif %}
{%- endmacro %}

{% macro comment_literal(text) -%}
  $dbt_comment_literal_block${{ text }}$dbt_comment_literal_block$
{%- endmacro %}

{% macro alter_relation_comment(relation, relation_comment) -%}
  {{ return(adapter.dispatch('alter_relation_comment', 'dbt')(relation, relation_comment)) }}
{%- endmacro %}

{% macro default__alter_relation_comment(relation, relation_comment) -%}
  comment on {{ relation.type }} {{ relation }} is {{ comment_literal(relation_comment) }};
{%- endmacro %}

{% macro alter_column_comment(relation, column_dict) -%}
  {{ return(adapter.dispatch('alter_column_comment', 'dbt')(relation, column_dict)) }}
{%- endmacro %}

{% macro default__alter_column_comment(relation, column_dict) -%}
  {% set existing_columns = adapter.get_columns_in_relation(relation) | map(attribute="name") | list %}
  {% for column_name in column_dict if (column_name in existing_columns) %}
    comment on column {{ relation }}.{{ adapter.quote(column_name) if column_dict[column_name]['quote'] else column_name }} is {{ comment_literal(column_dict[column_name]['description']) }};
  {% endfor %}
{%- endmacro %}
