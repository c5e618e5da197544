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

{% macro default__persist_docs(relation, model, for_relation, for_columns) -%}
  {% if for_relation and config.persist_relation_docs() and model.description %}
    {% call statement('persist_relation_docs', auto_begin=false) -%}
      comment on {{ relation.type }} {{ relation }} is '{{ model.description | replace("'", "''") }}'
    {%- endcall %}
  {% endif %}
{%- endmacro %}
