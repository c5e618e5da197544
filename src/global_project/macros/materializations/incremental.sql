{#- incremental, as dbt-duckdb runs it. First run (or --full-refresh, or replacing a view):
    the whole table is built (swapped in like `table`). Later runs: the model's rows go
    into a temporary table, the target's columns follow on_schema_change, and the
    strategy's SQL (append, delete+insert, merge) moves them in, in one transaction. -#}

{% materialization incremental, adapter='duckdb' %}
  {%- set existing = load_cached_relation(this) -%}
  {%- set target = this.incorporate(type='table') -%}
  {%- set intermediate = make_intermediate_relation(target) -%}
  {%- set backup = make_backup_relation(target, 'table' if existing is none else existing.type) -%}
  {%- set full_refresh_mode = should_full_refresh() or (existing is not none and existing.is_view) -%}
  {%- set on_schema_change = incremental_validate_on_schema_change(config.get('on_schema_change'), default='ignore') -%}

  {{ drop_relation_if_exists(load_cached_relation(intermediate)) }}
  {{ drop_relation_if_exists(load_cached_relation(backup)) }}
  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}

  {% set to_drop = [] %}
  {% set swap = existing is not none and full_refresh_mode %}
  {% if existing is none %}
    {% set build_sql = get_create_table_as_sql(False, target, sql) %}
  {% elif full_refresh_mode %}
    {% set build_sql = get_create_table_as_sql(False, intermediate, sql) %}
  {% else %}
    {%- set temp = make_temp_relation(target) -%}
    {% do run_query(get_create_table_as_sql(True, temp, sql)) %}
    {% do adapter.expand_target_column_types(from_relation=temp, to_relation=target) %}
    {% set dest_columns = process_schema_changes(on_schema_change, temp, existing) %}
    {% if not dest_columns %}
      {% set dest_columns = adapter.get_columns_in_relation(existing) %}
    {% endif %}
    {% set strategy = config.get('incremental_strategy') or 'default' %}
    {% set strategy_sql_macro = adapter.get_incremental_strategy_macro(context, strategy) %}
    {% set build_sql = strategy_sql_macro({
         'target_relation': target, 'temp_relation': temp,
         'unique_key': config.get('unique_key'), 'dest_columns': dest_columns,
         'incremental_predicates': config.get('incremental_predicates')}) %}
  {% endif %}

  {% call statement('main') %}
    {{ build_sql }}
  {% endcall %}

  {% if swap %}
    {{ adapter.rename_relation(existing, backup) }}
    {{ adapter.rename_relation(intermediate, target) }}
    {% do to_drop.append(backup) %}
  {% endif %}

  {% do persist_docs(target, model) %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {{ adapter.commit() }}
  {% for rel in to_drop %}
    {{ drop_relation_if_exists(rel) }}
  {% endfor %}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {{ return({'relations': [target]}) }}
{%- endmaterialization %}

{#- The strategies: each takes {target_relation, temp_relation, unique_key, dest_columns,
    incremental_predicates} and returns the SQL that moves the new rows in. -#}

{% macro get_incremental_append_sql(arg_dict) %}
  {{ return(adapter.dispatch('get_incremental_append_sql', 'dbt')(arg_dict)) }}
{% endmacro %}

{% macro default__get_incremental_append_sql(arg_dict) %}
  {% do return(get_insert_into_sql(arg_dict["target_relation"], arg_dict["temp_relation"], arg_dict["dest_columns"])) %}
{% endmacro %}

{% macro get_incremental_delete_insert_sql(arg_dict) %}
  {{ return(adapter.dispatch('get_incremental_delete_insert_sql', 'dbt')(arg_dict)) }}
{% endmacro %}

{% macro default__get_incremental_delete_insert_sql(arg_dict) %}
  {% do return(get_delete_insert_merge_sql(arg_dict["target_relation"], arg_dict["temp_relation"], arg_dict["unique_key"], arg_dict["dest_columns"], arg_dict["incremental_predicates"])) %}
{% endmacro %}

{% macro get_incremental_merge_sql(arg_dict) %}
  {{ return(adapter.dispatch('get_incremental_merge_sql', 'dbt')(arg_dict)) }}
{% endmacro %}

{% macro default__get_incremental_merge_sql(arg_dict) %}
  {% do return(get_merge_sql(arg_dict["target_relation"], arg_dict["temp_relation"], arg_dict["unique_key"], arg_dict["dest_columns"], arg_dict["incremental_predicates"])) %}
{% endmacro %}

{#- On DuckDB the default strategy is delete+insert (a plain insert without a unique_key). -#}
{% macro get_incremental_default_sql(arg_dict) %}
  {{ return(adapter.dispatch('get_incremental_default_sql', 'dbt')(arg_dict)) }}
{% endmacro %}

{% macro default__get_incremental_default_sql(arg_dict) %}
  {% do return(get_incremental_delete_insert_sql(arg_dict)) %}
{% endmacro %}

{#- microbatch: the batch's time range of the target replaced by the batch's rows. -#}
{% macro get_incremental_microbatch_sql(arg_dict) %}
  {{ return(adapter.dispatch('get_incremental_microbatch_sql', 'dbt')(arg_dict)) }}
{% endmacro %}

{% macro default__get_incremental_microbatch_sql(arg_dict) %}
  {%- set event_time = config.get('event_time') -%}
  {%- if not event_time -%}
    {{ exceptions.raise_compiler_error("microbatch incremental strategy requires an 'event_time' model config") }}
  {%- endif -%}
  {%- if config.get('unique_key') -%}
    {{ exceptions.raise_compiler_error("microbatch incremental strategy does not support 'unique_key'. Microbatch runs delete+insert per batch based on 'event_time' and does not do key-based upserts. Remove 'unique_key' or use incremental_strategy='merge'.") }}
  {%- endif -%}
  {%- set batch = model.batch -%}
  {%- if not batch -%}
    {{ exceptions.raise_compiler_error("microbatch incremental strategy requires 'batch.event_time_start' and 'batch.event_time_end' to be set in the context") }}
  {%- endif -%}
  {%- set predicates = arg_dict.get('incremental_predicates') -%}
  {%- set predicates = [] if predicates is none else ([predicates] if predicates is string else predicates) -%}
  {%- set columns = get_quoted_csv(arg_dict["dest_columns"] | map(attribute="name")) -%}
  {%- set in_batch -%}
    {{ event_time }} >= '{{ batch.event_time_start }}' and {{ event_time }} < '{{ batch.event_time_end }}'
  {%- endset -%}
  delete from {{ arg_dict["target_relation"] }}
  where {{ in_batch }}
  {%- for p in predicates %} and ({{ p }}){% endfor %};

  insert into {{ arg_dict["target_relation"] }} ({{ columns }})
  select {{ columns }}
  from {{ arg_dict["temp_relation"] }}
  where {{ in_batch }};
{% endmacro %}

{% macro get_quoted_csv(column_names) %}
  {% set quoted = [] %}
  {% for col in column_names -%}
    {%- do quoted.append(adapter.quote(col)) -%}
  {%- endfor %}
  {{ return(quoted | join(', ')) }}
{% endmacro %}

{% macro get_insert_into_sql(target_relation, temp_relation, dest_columns) %}
  {%- set columns = get_quoted_csv(dest_columns | map(attribute="name")) -%}
  insert into {{ target_relation }} ({{ columns }})
  (
    select {{ columns }}
    from {{ temp_relation }}
  )
{% endmacro %}

{% macro get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) -%}
  {{ adapter.dispatch('get_delete_insert_merge_sql', 'dbt')(target, source, unique_key, dest_columns, incremental_predicates) }}
{%- endmacro %}

{#- Rows of the target whose key is among the new rows are deleted, then the new rows
    inserted. A list of keys matches on all of them. -#}
{% macro default__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) -%}
  {%- set columns = get_quoted_csv(dest_columns | map(attribute="name")) -%}
  {%- set predicates = [] if incremental_predicates is none else ([incremental_predicates] if incremental_predicates is string else incremental_predicates) -%}
  {% if unique_key %}
    {% if unique_key is sequence and unique_key is not string %}
      delete from {{ target }} as DBT_INCREMENTAL_TARGET
      using {{ source }}
      where (
        {% for key in unique_key %}
          {{ source }}.{{ key }} = DBT_INCREMENTAL_TARGET.{{ key }}
          {{ "and " if not loop.last }}
        {% endfor %}
        {% for p in predicates %} and {{ p }} {% endfor %}
      );
    {% else %}
      delete from {{ target }}
      where (
        {{ unique_key }}) in (
        select ({{ unique_key }})
        from {{ source }}
      )
      {% for p in predicates %} and {{ p }} {% endfor %};
    {% endif %}
  {% endif %}
  insert into {{ target }} ({{ columns }})
  (
    select {{ columns }}
    from {{ source }}
  )
{%- endmacro %}

{% macro get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
  {{ adapter.dispatch('get_merge_sql', 'dbt')(target, source, unique_key, dest_columns, incremental_predicates) }}
{%- endmacro %}

{#- DuckDB's MERGE: matched rows updated by name (or only the configured columns), new
    rows inserted by name. -#}
{% macro default__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
  {%- for unsupported in ['merge_clauses', 'merge_on_using_columns', 'merge_update_set_expressions', 'merge_returning_columns'] -%}
    {%- if config.get(unsupported) -%}
      {{ exceptions.raise_compiler_error("the merge option `" ~ unsupported ~ "` is not supported by lakedev yet") }}
    {%- endif -%}
  {%- endfor -%}
  {%- set predicates = [] if incremental_predicates is none else ([incremental_predicates] if incremental_predicates is string else incremental_predicates) | list -%}
  {%- set conditions = [] -%}
  {%- if unique_key -%}
    {%- set keys = [unique_key] if unique_key is string else unique_key -%}
    {%- for key in keys -%}
      {%- do conditions.append("DBT_INTERNAL_SOURCE." ~ key ~ " = DBT_INTERNAL_DEST." ~ key) -%}
    {%- endfor -%}
  {%- else -%}
    {%- do conditions.append("FALSE") -%}
  {%- endif -%}
  {%- set update_columns = config.get('merge_update_columns', []) -%}
  {%- set exclude_columns = config.get('merge_exclude_columns', []) -%}
  {%- set sql_header = config.get('sql_header', none) -%}
  {{ sql_header if sql_header is not none }}
  MERGE INTO {{ target }} AS DBT_INTERNAL_DEST
    USING {{ source }} AS DBT_INTERNAL_SOURCE
    ON ({{ (conditions + predicates) | join(') AND (') }})
  WHEN MATCHED
  THEN
  {%- if update_columns or exclude_columns %}
    {%- set names = [] -%}
    {%- for col in dest_columns -%}
      {%- if (not update_columns or col.name in update_columns) and col.name not in exclude_columns -%}
        {%- do names.append(adapter.quote(col.name)) -%}
      {%- endif -%}
    {%- endfor %}
    UPDATE SET
    {% for name in names -%}
      {{ name }} = DBT_INTERNAL_SOURCE.{{ name }}{{ "," if not loop.last }}
    {% endfor %}
  {%- else %}
    UPDATE BY NAME
  {%- endif %}
  WHEN NOT MATCHED
  THEN
    INSERT BY NAME
{%- endmacro %}

{% macro incremental_validate_on_schema_change(on_schema_change, default='ignore') %}
  {% if on_schema_change not in ['sync_all_columns', 'append_new_columns', 'fail', 'ignore'] %}
    {% do log("Invalid value for on_schema_change (" ~ on_schema_change ~ ") specified. Setting default value of " ~ default ~ ".", info=true) %}
    {{ return(default) }}
  {% else %}
    {{ return(on_schema_change) }}
  {% endif %}
{% endmacro %}

{#- Columns of the new rows against the target's: which are new, which are gone, which
    changed type. -#}
{% macro check_for_schema_changes(source_relation, target_relation) %}
  {%- set source_columns = adapter.get_columns_in_relation(source_relation) -%}
  {%- set target_columns = adapter.get_columns_in_relation(target_relation) -%}
  {%- set source_not_in_target = diff_columns(source_columns, target_columns) -%}
  {%- set target_not_in_source = diff_columns(target_columns, source_columns) -%}
  {%- set new_target_types = diff_column_data_types(source_columns, target_columns) -%}
  {%- set changed = source_not_in_target != [] or target_not_in_source != [] or new_target_types != [] -%}
  {{ return({
      'schema_changed': changed,
      'source_not_in_target': source_not_in_target,
      'target_not_in_source': target_not_in_source,
      'source_columns': source_columns,
      'target_columns': target_columns,
      'new_target_types': new_target_types}) }}
{% endmacro %}

{% macro diff_columns(source_columns, target_columns) %}
  {% set result = [] %}
  {% set target_names = target_columns | map(attribute='column') | list %}
  {% for sc in source_columns %}
    {% if sc.name not in target_names %}
      {% do result.append(sc) %}
    {% endif %}
  {% endfor %}
  {{ return(result) }}
{% endmacro %}

{% macro diff_column_data_types(source_columns, target_columns) %}
  {% set result = [] %}
  {% for sc in source_columns %}
    {% set tc = target_columns | selectattr("name", "equalto", sc.name) | list | first %}
    {% if tc %}
      {% if sc.data_type != tc.data_type and not sc.can_expand_to(other_column=tc) %}
        {% do result.append({'column_name': tc.name, 'new_type': sc.data_type}) %}
      {% endif %}
    {% endif %}
  {% endfor %}
  {{ return(result) }}
{% endmacro %}

{% macro process_schema_changes(on_schema_change, source_relation, target_relation) %}
  {% if on_schema_change == 'ignore' %}
    {{ return({}) }}
  {% endif %}
  {% set changes = check_for_schema_changes(source_relation, target_relation) %}
  {% if changes['schema_changed'] %}
    {% if on_schema_change == 'fail' %}
      {{ exceptions.raise_compiler_error("The source and target schemas on this incremental model are out of sync!\n  They can be reconciled in several ways:\n    - set the `on_schema_change` config to either append_new_columns or sync_all_columns, depending on your situation.\n    - Re-run the incremental model with `full_refresh: True` to update the target schema.\n    - update the schema manually and re-run the process.\n\n  Additional troubleshooting context:\n     Source columns not in target: " ~ changes['source_not_in_target'] ~ "\n     Target columns not in source: " ~ changes['target_not_in_source'] ~ "\n     New column types: " ~ changes['new_target_types']) }}
    {% endif %}
    {% do sync_column_schemas(on_schema_change, target_relation, changes) %}
  {% endif %}
  {{ return(changes['source_columns']) }}
{% endmacro %}

{% macro sync_column_schemas(on_schema_change, target_relation, changes) %}
  {%- set add = changes['source_not_in_target'] -%}
  {%- if on_schema_change == 'append_new_columns' -%}
    {%- if add | length > 0 -%}
      {%- do alter_relation_add_remove_columns(target_relation, add, none) -%}
    {%- endif -%}
  {%- elif on_schema_change == 'sync_all_columns' -%}
    {%- set remove = changes['target_not_in_source'] -%}
    {%- if add | length > 0 or remove | length > 0 -%}
      {%- do alter_relation_add_remove_columns(target_relation, add, remove) -%}
    {%- endif -%}
    {%- for change in changes['new_target_types'] -%}
      {%- do alter_column_type(target_relation, change['column_name'], change['new_type']) -%}
    {%- endfor -%}
  {%- endif -%}
{% endmacro %}

{% macro alter_relation_add_remove_columns(relation, add_columns=none, remove_columns=none) -%}
  {{ return(adapter.dispatch('alter_relation_add_remove_columns', 'dbt')(relation, add_columns, remove_columns)) }}
{%- endmacro %}

{% macro default__alter_relation_add_remove_columns(relation, add_columns, remove_columns) %}
  {% for column in (add_columns or []) %}
    {% do run_query("alter " ~ relation.type ~ " " ~ relation ~ " add column " ~ adapter.quote(column.name) ~ " " ~ column.data_type) %}
  {% endfor %}
  {% for column in (remove_columns or []) %}
    {% do run_query("alter " ~ relation.type ~ " " ~ relation ~ " drop column " ~ adapter.quote(column.name)) %}
  {% endfor %}
{% endmacro %}

{% macro alter_column_type(relation, column_name, new_column_type) -%}
  {{ return(adapter.dispatch('alter_column_type', 'dbt')(relation, column_name, new_column_type)) }}
{%- endmacro %}

{#- A column changes type by way of a new column: added, filled, the old one dropped, the
    new one renamed (it moves to the end, as in dbt). -#}
{% macro default__alter_column_type(relation, column_name, new_column_type) -%}
  {%- set tmp_column = column_name ~ "__dbt_alter" -%}
  {% call statement('alter_column_type') %}
    alter table {{ relation }} add column {{ adapter.quote(tmp_column) }} {{ new_column_type }};
    update {{ relation }} set {{ adapter.quote(tmp_column) }} = {{ adapter.quote(column_name) }};
    alter table {{ relation }} drop column {{ adapter.quote(column_name) }} cascade;
    alter table {{ relation }} rename column {{ adapter.quote(tmp_column) }} to {{ adapter.quote(column_name) }}
  {% endcall %}
{%- endmacro %}
